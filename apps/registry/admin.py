from django.contrib import admin
from django.db.models import Q

from apps.core.text import normalise_name

from .models import Consent, Household, HouseholdMember, Person
from .services import normalise_id_number


class MembershipInline(admin.TabularInline):
    model = HouseholdMember
    extra = 0
    raw_id_fields = ["person", "household"]
    readonly_fields = ["joined_at"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["full_name_ar", "name_en", "id_type", "id_number", "birth_date", "governorate"]
    list_filter = ["governorate", "sex"]
    list_select_related = ["governorate"]
    search_fields = ["id_number", "search_name"]
    # A national registry: never count every row to draw the changelist.
    show_full_result_count = False
    autocomplete_fields = ["agencies"]
    readonly_fields = ["created_by", "created_at", "updated_at"]
    inlines = [MembershipInline]

    def get_search_results(self, request, queryset, search_term):
        # An exact ID number, or part of the name in the spelling-insensitive form search_name
        # holds; both served by an index (btree, and the trigram GIN index for LIKE).
        if not search_term.strip():
            return queryset, False
        matches = Q(id_number=normalise_id_number(search_term)) | Q(
            search_name__contains=normalise_name(search_term)
        )
        return queryset.filter(matches), False


@admin.register(Household)
class HouseholdAdmin(admin.ModelAdmin):
    list_display = ["reference", "governorate", "created_at"]
    list_filter = ["governorate"]
    list_select_related = ["governorate"]
    search_fields = ["reference__exact"]
    show_full_result_count = False
    readonly_fields = ["reference", "created_by", "created_at", "updated_at"]
    inlines = [MembershipInline]


@admin.register(HouseholdMember)
class HouseholdMemberAdmin(admin.ModelAdmin):
    list_display = ["household", "person", "relationship", "joined_at", "left_at"]
    list_filter = ["relationship"]
    list_select_related = ["household", "person"]
    search_fields = ["household__reference__exact", "person__id_number__exact"]
    raw_id_fields = ["household", "person"]
    show_full_result_count = False


@admin.register(Consent)
class ConsentAdmin(admin.ModelAdmin):
    list_display = ["person", "purpose", "given_at", "recorded_by", "withdrawn_at"]
    list_filter = ["purpose"]
    list_select_related = ["person", "recorded_by"]
    search_fields = ["person__id_number__exact"]
    raw_id_fields = ["person"]
    autocomplete_fields = ["agencies"]
    readonly_fields = ["given_at", "recorded_by", "withdrawn_at", "withdrawn_by"]
    show_full_result_count = False
