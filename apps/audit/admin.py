from django.contrib import admin
from django.core.paginator import Paginator
from django.utils.functional import cached_property

from .models import AuditEvent


class CappedCountPaginator(Paginator):
    """Counts at most CAP rows, so that the changelist never counts tens of millions of events;
    beyond that, filter (or use the audit log page, which pages by keyset)."""

    CAP = 10_000

    @cached_property
    def count(self):
        return self.object_list[: self.CAP].count()


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the database refuses any change anyway (migration 0003)."""

    list_display = [
        "at",
        "actor",
        "agency",
        "action",
        "object_type",
        "object_id",
        "ip_address",
        "request_id",
    ]
    # Only filters whose options come from the code: a filter on object type or actor would list
    # its options with a DISTINCT over the whole table; no date hierarchy for the same reason.
    list_filter = ["action"]
    list_select_related = ["actor", "agency"]
    paginator = CappedCountPaginator
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
