"""Demo calendars for `make run`: MoSD corrects this year's estimated Eid dates as an agency
administrator would once they are declared, and the National Aid Fund keeps its own hours.

Idempotent: a change already made is not made again. No clocks: the workflows start them.
Called by seed_demo (apps/portal), through the services, so each change is audited and the
running clocks it touches are recomputed.
"""

from datetime import date, time, timedelta

from django.db import transaction
from django.utils import timezone

from apps.organisations.models import Agency, Governorate, Office
from apps.organisations.reference import load_reference_data

from . import calendar, services
from .models import AgencyCalendar, HolidayOverride

EXTRA_EID_AL_ADHA = ("عطلة إضافية لعيد الأضحى", "Additional Eid al-Adha holiday")
NAF_HOURS = (time(8, 30), time(15, 30))


def _last_day(year: int, name_en: str) -> date | None:
    days = [h.date for h in calendar.public_holidays(year) if h.name_en.startswith(name_en)]
    return max(days) if days else None


def _next_working_day(day: date) -> date:
    day += timedelta(days=1)
    while not calendar.is_working_day(day):
        day += timedelta(days=1)
    return day


@transaction.atomic
def seed_sla_demo() -> int:
    """Returns the number of changes this run made (0 on a second run)."""
    if not Agency.objects.exists():
        load_reference_data(Governorate, Agency, Office)
    mosd = Agency.objects.get(code="MOSD")
    naf = Agency.objects.get(code="NAF")
    year = timezone.localdate().year
    made = 0
    if not HolidayOverride.objects.filter(agency=mosd, date__year=year).exists():
        # The moon was sighted a day late: the last day of Eid al-Fitr moves to the next
        # working day.
        last = _last_day(year, "Eid al-Fitr")
        if last is not None:
            services.holiday_move(
                agency=mosd, from_day=last, to_day=_next_working_day(last), actor=None
            )
            made += 1
        # The Prime Ministry adds a day after Eid al-Adha.
        last = _last_day(year, "Eid al-Adha")
        if last is not None:
            name_ar, name_en = EXTRA_EID_AL_ADHA
            services.holiday_add(
                agency=mosd,
                day=_next_working_day(last),
                name_ar=name_ar,
                name_en=name_en,
                actor=None,
            )
            made += 1
    if not AgencyCalendar.objects.filter(agency=naf, day_start__isnull=False).exists():
        services.working_hours_set(
            agency=naf, day_start=NAF_HOURS[0], day_end=NAF_HOURS[1], actor=None
        )
        made += 1
    return made
