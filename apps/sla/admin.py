"""Read-only: clocks change only through the services (workflows and the sweep), escalations
are a record, and calendars change through the agency administrators' pages, which audit."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from apps.audit.admin import CappedCountPaginator

from . import handlers
from .models import AgencyCalendar, Clock, Escalation, HolidayOverride

LEVELS = [(str(level), str(level)) for level in range(Clock.MAX_LEVEL + 1)]


class ReadOnlyAdmin(admin.ModelAdmin):
    # Tables of millions of rows: count at most a cap, never the whole table.
    paginator = CappedCountPaginator
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class KindFilter(admin.SimpleListFilter):
    """Options from the registered handlers, not a DISTINCT over the table."""

    title = _("kind")
    parameter_name = "kind"
    field = "kind"

    def lookups(self, request, model_admin):
        return [(kind, kind) for kind in sorted(handlers._registry)]

    def queryset(self, request, queryset):
        return queryset.filter(**{self.field: self.value()}) if self.value() else queryset


class EscalationKindFilter(KindFilter):
    field = "clock__kind"


class LevelFilter(admin.SimpleListFilter):
    title = _("escalation level")
    parameter_name = "level"
    field = "escalation_level"

    def lookups(self, request, model_admin):
        return LEVELS

    def queryset(self, request, queryset):
        return queryset.filter(**{self.field: self.value()}) if self.value() else queryset


class EscalationLevelFilter(LevelFilter):
    field = "level"

    def lookups(self, request, model_admin):
        return LEVELS[1:]


class StateFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [
            ("running", _("Running")),
            ("paused", _("Paused")),
            ("stopped", _("Stopped")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "running":
            return queryset.filter(stopped_at__isnull=True, paused_at__isnull=True)
        if self.value() == "paused":
            return queryset.filter(stopped_at__isnull=True, paused_at__isnull=False)
        if self.value() == "stopped":
            return queryset.filter(stopped_at__isnull=False)
        return queryset


@admin.register(Clock)
class ClockAdmin(ReadOnlyAdmin):
    list_display = [
        "kind",
        "subject_id",
        "purpose",
        "agency",
        "office",
        "started_at",
        "due_at",
        "escalation_level",
        "next_escalation_at",
        "paused_at",
        "stopped_at",
    ]
    list_filter = [StateFilter, KindFilter, LevelFilter, "agency"]
    list_select_related = ["agency", "office"]
    search_fields = ["=subject_id"]


@admin.register(Escalation)
class EscalationAdmin(ReadOnlyAdmin):
    list_display = ["at", "clock", "level", "notified"]
    list_filter = [EscalationLevelFilter, EscalationKindFilter, ("at", admin.DateFieldListFilter)]
    list_select_related = ["clock"]
    search_fields = ["=clock__subject_id"]


@admin.register(AgencyCalendar)
class AgencyCalendarAdmin(ReadOnlyAdmin):
    list_display = ["agency", "day_start", "day_end", "updated_at", "updated_by"]
    list_select_related = ["agency", "updated_by"]


@admin.register(HolidayOverride)
class HolidayOverrideAdmin(ReadOnlyAdmin):
    list_display = ["date", "agency", "kind", "name_ar", "name_en", "created_by"]
    list_filter = ["kind", "agency"]
    list_select_related = ["agency", "created_by"]
