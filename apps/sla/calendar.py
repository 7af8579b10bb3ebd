"""The business calendar: Amman working days and hours, Jordan's public holidays, and each
agency's own hours and holiday corrections (docs/sla.md).

Rules:
- Working days are Sunday to Thursday; Friday and Saturday are off, and so is every public
  holiday of `holidays.JO`, plus the dates an agency adds, minus the dates it cancels.
- Working hours are settings.SLA_WORKING_HOURS (08:00–15:00) unless the agency set its own.
- A business day is one working day's hours of that agency, so `days=1` from 10:00 on a Sunday
  is 10:00 on Monday, and `days=1, hours=2` at 7-hour days is 9 business hours.
- `add_business_time` returns the earliest instant at which the budget is used up: a budget that
  ends exactly at closing time is due at closing time (15:00), not at the next opening.
  A zero budget is due at once, even outside working hours.

Everything is computed in Asia/Amman wall-clock time, whatever the server's time zone. Jordan
has kept UTC+3 all year since 2022; its earlier daylight-saving changes happened at night,
never inside working hours, so working-hour spans are the same in wall-clock and elapsed time.

Cache: the sweep and every page showing a deadline call these functions thousands of times, so
each process keeps (1) the agencies' hours and the time of their last calendar change, one query
for every agency, re-read at most every REFRESH_SECONDS and at once when `refresh()` is called
(the sweep calls it when it starts, the calendar services when they change something); and
(2) each (agency, year)'s holiday dates, computed once and kept while the agency's last-change
time is the same. A change made in one web process is seen by the others within REFRESH_SECONDS.
"""

import functools
import time as clock
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays
from django.conf import settings

from .models import AgencyCalendar, HolidayOverride

AMMAN = ZoneInfo("Asia/Amman")
# date.weekday(): Monday is 0. Sunday (6) to Thursday (3) are working days in Jordan.
WORKING_WEEKDAYS = frozenset({6, 0, 1, 2, 3})
REFRESH_SECONDS = 30
ONE_DAY = timedelta(days=1)
ZERO = timedelta(0)


@dataclass(frozen=True)
class WorkingHours:
    start: time
    end: time

    @property
    def length(self) -> timedelta:
        return datetime.combine(date.min, self.end) - datetime.combine(date.min, self.start)


@dataclass(frozen=True)
class PublicHoliday:
    date: date
    name_ar: str
    name_en: str
    estimated: bool


def default_hours() -> WorkingHours:
    start, end = settings.SLA_WORKING_HOURS
    return WorkingHours(time.fromisoformat(start), time.fromisoformat(end))


@functools.cache
def public_holidays(year: int) -> tuple[PublicHoliday, ...]:
    """Jordan's public holidays of a year, in both languages; Islamic ones are flagged estimated
    (the library computes them from the tabular Hijri calendar, not from the moon sighting)."""
    arabic = holidays.JO(years=year, language="ar", islamic_show_estimated=False)
    english = holidays.JO(years=year, language="en_US", islamic_show_estimated=False)
    flagged = holidays.JO(years=year, language="en_US")
    return tuple(
        PublicHoliday(day, arabic[day], english[day], estimated=flagged[day] != english[day])
        for day in sorted(english)
    )


@functools.cache
def _public_dates(year: int) -> frozenset[date]:
    return frozenset(holiday.date for holiday in public_holidays(year))


# agency id -> (time of its last calendar change, its hours); None until first read.
_agencies: dict[int, tuple[datetime, WorkingHours]] | None = None
_agencies_read_at = 0.0
# (agency id or None, year) -> (the agency's last change when computed, its holiday dates)
_holiday_sets: dict[tuple[int | None, int], tuple[datetime | None, frozenset[date]]] = {}


def refresh() -> None:
    """Forget the agencies' hours and change times: the next call reads them again."""
    global _agencies
    _agencies = None


def _agency_rows() -> dict[int, tuple[datetime, WorkingHours]]:
    global _agencies, _agencies_read_at
    rows = _agencies
    if rows is None or clock.monotonic() - _agencies_read_at > REFRESH_SECONDS:
        default = default_hours()
        rows = {
            agency_id: (
                updated_at,
                WorkingHours(start, end) if start is not None and end is not None else default,
            )
            for agency_id, updated_at, start, end in AgencyCalendar.objects.values_list(
                "agency_id", "updated_at", "day_start", "day_end"
            )
        }
        _agencies, _agencies_read_at = rows, clock.monotonic()
    return rows


class BusinessCalendar:
    """One agency's calendar (or the national one, agency None) as the cache knows it now."""

    __slots__ = ("agency_id", "changed_at", "hours")

    def __init__(self, agency_id: int | None):
        self.agency_id = agency_id
        row = _agency_rows().get(agency_id) if agency_id is not None else None
        self.changed_at, self.hours = row if row else (None, default_hours())

    def holidays(self, year: int) -> frozenset[date]:
        key = (self.agency_id, year)
        cached = _holiday_sets.get(key)
        if cached is not None and cached[0] == self.changed_at:
            return cached[1]
        dates = _public_dates(year)
        # No calendar row means the agency never changed anything: no override to read.
        if self.changed_at is not None:
            added, removed = set(), set()
            for day, kind in HolidayOverride.objects.filter(
                agency_id=self.agency_id, date__year=year
            ).values_list("date", "kind"):
                (added if kind == HolidayOverride.Kind.ADD else removed).add(day)
            dates = (dates - removed) | added
        _holiday_sets[key] = (self.changed_at, dates)
        return dates

    def is_working_day(self, day: date) -> bool:
        return day.weekday() in WORKING_WEEKDAYS and day not in self.holidays(day.year)

    def add(self, start: datetime, budget: timedelta) -> datetime:
        if budget < ZERO:
            raise ValueError("A business-time budget cannot be negative.")
        if not budget:
            return start
        cursor = start.astimezone(AMMAN)
        day = cursor.date()
        start_time, end_time = self.hours.start, self.hours.end
        while True:
            if self.is_working_day(day):
                opens = datetime.combine(day, start_time, AMMAN)
                closes = datetime.combine(day, end_time, AMMAN)
                begin = max(cursor, opens)
                if begin < closes:
                    available = closes - begin
                    if budget <= available:
                        return begin + budget
                    budget -= available
            day += ONE_DAY

    def between(self, a: datetime, b: datetime) -> timedelta:
        """Working time from `a` to `b`: the two end days in part, the days between counted by
        whole weeks (queues show it for every row, and an old deadline is months away)."""
        if b < a:
            return -self.between(b, a)
        a, b = a.astimezone(AMMAN), b.astimezone(AMMAN)
        first, last = a.date(), b.date()
        if first == last:
            return self._worked(first, a, b)
        total = self._worked(first, a, b) + self._worked(last, a, b)
        if last - first > ONE_DAY:
            total += self.hours.length * self._working_days(first + ONE_DAY, last - ONE_DAY)
        return total

    def _worked(self, day: date, a: datetime, b: datetime) -> timedelta:
        """The working time of `day` that lies within [a, b]."""
        if not self.is_working_day(day):
            return ZERO
        begin = max(a, datetime.combine(day, self.hours.start, AMMAN))
        end = min(b, datetime.combine(day, self.hours.end, AMMAN))
        return end - begin if end > begin else ZERO

    def _working_days(self, first: date, last: date) -> int:
        """Working days from `first` to `last`, both included."""
        weeks, rest = divmod((last - first).days + 1, 7)
        # Any seven days in a row hold each weekday once; the `rest` days come first.
        count = weeks * len(WORKING_WEEKDAYS) + sum(
            (first + timedelta(days=i)).weekday() in WORKING_WEEKDAYS for i in range(rest)
        )
        for year in range(first.year, last.year + 1):
            count -= sum(
                1
                for day in self.holidays(year)
                if first <= day <= last and day.weekday() in WORKING_WEEKDAYS
            )
        return count


def _agency_id(agency) -> int | None:
    if agency is None or isinstance(agency, int):
        return agency
    return agency.pk


def calendar_of(agency=None) -> BusinessCalendar:
    """`agency`: an Agency, its id, or None for the national calendar."""
    return BusinessCalendar(_agency_id(agency))


def add_business_time(
    start: datetime, *, days: float = 0, hours: float = 0, agency=None
) -> datetime:
    """The instant `days` business days and `hours` business hours after `start`."""
    calendar = calendar_of(agency)
    return calendar.add(start, days * calendar.hours.length + timedelta(hours=hours))


def business_time_between(a: datetime, b: datetime, *, agency=None) -> timedelta:
    """The working time from `a` to `b` (negative when `b` is before `a`)."""
    return calendar_of(agency).between(a, b)


def is_working_day(day: date, *, agency=None) -> bool:
    return calendar_of(agency).is_working_day(day)


def working_hours(agency=None) -> WorkingHours:
    return calendar_of(agency).hours
