"""An agency administrator's changes to the agency's calendar: working hours, and holidays
added, cancelled or moved. Each runs in one transaction with its audit event.

After a holiday change, the agency's running clocks whose span includes the date are
recomputed by a task (tasks.recalculate), queued when the change commits. A change of working
hours applies to clocks started or resumed from then on: recomputing running clocks with the
new hours would also rewrite the part of their time already spent under the old ones.
"""

from datetime import date, time
from functools import partial

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from apps.audit.services import Action as AuditAction
from apps.audit.services import audit_record
from apps.organisations.models import Agency, User

from .. import calendar
from ..models import AgencyCalendar, HolidayOverride

Kind = HolidayOverride.Kind


def _touch(agency: Agency, actor: User | None) -> AgencyCalendar:
    """The agency's calendar row, locked (so two admins' changes queue up) and marked changed:
    its updated_at is what the calendar cache is keyed by."""
    row, _created = AgencyCalendar.objects.select_for_update().get_or_create(agency=agency)
    row.updated_by = actor if actor is not None and actor.is_authenticated else None
    row.save(update_fields=["updated_at", "updated_by"])
    return row


def _changed(agency: Agency, days: list[date]) -> None:
    # This process sees the change at once (the admin's next page); the others within
    # calendar.REFRESH_SECONDS, and the recalculation task reads it fresh.
    calendar.refresh()
    transaction.on_commit(calendar.refresh)
    for day in days:
        transaction.on_commit(partial(_enqueue_recalculation, agency.pk, day))


def _enqueue_recalculation(agency_id: int, day: date) -> None:
    from ..tasks import recalculate  # tasks import the services

    recalculate.delay(agency_id, day.isoformat())


def _shown(day: date) -> str:
    return date_format(day, "DATE_FORMAT")


def _public(day: date) -> calendar.PublicHoliday | None:
    return next((h for h in calendar.public_holidays(day.year) if h.date == day), None)


def _add(agency: Agency, day: date, name_ar: str, name_en: str, actor: User | None) -> None:
    override = HolidayOverride.objects.filter(agency=agency, date=day).first()
    if override is not None and override.kind == Kind.REMOVE:
        override.delete()  # the public holiday is observed again
        return
    if override is not None or _public(day) is not None:
        raise ValidationError(_("%(date)s is already a holiday.") % {"date": _shown(day)})
    if day.weekday() not in calendar.WORKING_WEEKDAYS:
        raise ValidationError(
            _("%(date)s is a Friday or a Saturday, already a day off.") % {"date": _shown(day)}
        )
    if not (name_ar.strip() or name_en.strip()):
        raise ValidationError(_("Give the holiday a name, in Arabic or in English."))
    HolidayOverride.objects.create(
        agency=agency,
        date=day,
        kind=Kind.ADD,
        name_ar=name_ar.strip(),
        name_en=name_en.strip(),
        created_by=actor,
    )


def _cancel(agency: Agency, day: date, actor: User | None) -> tuple[str, str]:
    """Cancel the holiday on `day`; returns its names (for a move)."""
    override = HolidayOverride.objects.filter(agency=agency, date=day).first()
    if override is not None and override.kind == Kind.ADD:
        override.delete()
        return override.name_ar, override.name_en
    public = _public(day)
    if override is not None or public is None:
        raise ValidationError(
            _("%(date)s is not a holiday of this agency.") % {"date": _shown(day)}
        )
    HolidayOverride.objects.create(
        agency=agency,
        date=day,
        kind=Kind.REMOVE,
        name_ar=public.name_ar,
        name_en=public.name_en,
        created_by=actor,
    )
    return public.name_ar, public.name_en


@transaction.atomic
def holiday_add(
    *, agency: Agency, day: date, name_ar: str = "", name_en: str = "", actor: User | None
) -> None:
    """Make `day` a holiday of the agency; on a public holiday the agency had cancelled, this
    observes it again (its public name is kept)."""
    row = _touch(agency, actor)
    _add(agency, day, name_ar, name_en, actor)
    audit_record(
        actor=actor, action=AuditAction.UPDATE, obj=row, detail=f"holiday added {day.isoformat()}"
    )
    _changed(agency, [day])


@transaction.atomic
def holiday_cancel(*, agency: Agency, day: date, actor: User | None) -> None:
    """The agency works on `day`: a public holiday it does not observe, or its own holiday
    withdrawn."""
    row = _touch(agency, actor)
    _cancel(agency, day, actor)
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=row,
        detail=f"holiday cancelled {day.isoformat()}",
    )
    _changed(agency, [day])


@transaction.atomic
def holiday_move(*, agency: Agency, from_day: date, to_day: date, actor: User | None) -> None:
    """Move a holiday (an Eid day declared a day later than estimated, say): the holiday on
    `from_day` is cancelled and one of the same name added on `to_day`, both or neither."""
    if from_day == to_day:
        raise ValidationError(_("Choose a different date to move the holiday to."))
    row = _touch(agency, actor)
    name_ar, name_en = _cancel(agency, from_day, actor)
    _add(agency, to_day, name_ar, name_en, actor)
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=row,
        detail=f"holiday moved {from_day.isoformat()} to {to_day.isoformat()}",
    )
    _changed(agency, [from_day, to_day])


@transaction.atomic
def working_hours_set(
    *, agency: Agency, day_start: time | None, day_end: time | None, actor: User | None
) -> AgencyCalendar:
    """Set the agency's working hours; both empty returns it to the national default."""
    if (day_start is None) != (day_end is None):
        raise ValidationError(_("Give both the start and the end of the working day."))
    if day_start is not None and day_start >= day_end:
        raise ValidationError(_("The working day must end after it starts."))
    row = _touch(agency, actor)
    row.day_start, row.day_end = day_start, day_end
    row.save(update_fields=["day_start", "day_end", "updated_at"])
    hours = f"{day_start:%H:%M}-{day_end:%H:%M}" if day_start else "default"
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=row, detail=f"working hours {hours}")
    _changed(agency, [])
    return row
