from django.contrib import admin

from .models import LifeEvent, LifeEventService, RequiredDocument, Service, ServiceChange
from .search import searchable


class ReadOnlyAdmin(admin.ModelAdmin):
    """Cards are written through services.py only (history, search columns, permissions): the
    admin site shows them, and the agency administrators' pages change them."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class RequiredDocumentInline(admin.TabularInline):
    model = RequiredDocument
    extra = 0
    fields = ["position", "name_ar", "name_en"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Service)
class ServiceAdmin(ReadOnlyAdmin):
    list_display = ["slug", "name_ar", "name_en", "agency", "pillar", "status", "updated_at"]
    list_filter = ["status", "pillar", "agency"]
    list_select_related = ["agency"]
    ordering = ["agency__code", "slug"]
    search_fields = ["slug", "search_name"]
    exclude = ["search_vector"]
    inlines = [RequiredDocumentInline]
    show_full_result_count = False

    def get_search_results(self, request, queryset, search_term):
        # The names in the form search_name holds (trigram index), or the exact web address.
        if not search_term.strip():
            return queryset, False
        term = searchable(search_term)
        return queryset.filter(search_name__contains=term) | queryset.filter(
            slug=search_term.strip()
        ), False


@admin.register(ServiceChange)
class ServiceChangeAdmin(ReadOnlyAdmin):
    list_display = ["service", "action", "actor", "at"]
    list_filter = ["action"]
    list_select_related = ["service", "actor"]
    search_fields = ["service__slug__exact"]
    show_full_result_count = False


class LifeEventServiceInline(admin.TabularInline):
    model = LifeEventService
    extra = 1
    autocomplete_fields = ["service"]
    fields = ["position", "service"]


@admin.register(LifeEvent)
class LifeEventAdmin(admin.ModelAdmin):
    """Life events span agencies: reference data kept by the site's administrators."""

    list_display = ["code", "name_ar", "name_en", "position"]
    search_fields = ["code", "name_ar", "name_en"]
    inlines = [LifeEventServiceInline]
