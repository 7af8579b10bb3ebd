from django.contrib import admin

from .models import Complaint, ComplaintCategory


@admin.register(ComplaintCategory)
class ComplaintCategoryAdmin(admin.ModelAdmin):
    list_display = ["name_ar", "name_en", "agency", "acknowledge_hours", "resolve_days", "office"]
    list_filter = ["agency", "is_active"]
    list_select_related = ["agency", "office"]
    raw_id_fields = ["office"]


@admin.register(Complaint)
class ComplaintAdmin(admin.ModelAdmin):
    """Read-only: complaints change through their services (audit, deadlines, messages)."""

    list_display = ["reference", "kind", "agency", "status", "created_at"]
    list_filter = ["status", "kind", "channel"]
    search_fields = ["=reference"]
    show_full_result_count = False
    list_select_related = ["agency"]
    readonly_fields = [f.name for f in Complaint._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
