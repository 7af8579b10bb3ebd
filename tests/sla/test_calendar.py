"""The business calendar: Amman working days and hours, Jordan's holidays, agency corrections."""

import random
from datetime import UTC, date, datetime, time, timedelta

import pytest

from apps.organisations.models import Agency
from apps.sla import calendar, services
from apps.sla.calendar import add_business_time, business_time_between, is_working_day
from apps.sla.models import AgencyCalendar, HolidayOverride
from tests.sla.factories import at

pytestmark = pytest.mark.django_db


@pytest.fixture
def mosd():
    return Agency.objects.get(code="MOSD")


@pytest.fixture
def naf():
    return Agency.objects.get(code="NAF")


# Working days and hours ----------------------------------------------------------------------


def test_a_business_day_from_sunday_morning_is_monday_at_the_same_time():
    assert add_business_time(at(2026, 2, 1, 10), days=1) == at(2026, 2, 2, 10)


@pytest.mark.parametrize(
    ("start", "hours", "due"),
    [
        (at(2026, 2, 1, 10), 3, at(2026, 2, 1, 13)),
        # A budget used up exactly at closing time is due at closing time, not next morning.
        (at(2026, 2, 1, 10), 5, at(2026, 2, 1, 15)),
        (at(2026, 2, 1, 10), 6, at(2026, 2, 2, 9)),
        (at(2026, 2, 1, 10), 7.5, at(2026, 2, 2, 10, 30)),
        # Before hours: counting starts at 08:00.
        (at(2026, 2, 1, 6), 2, at(2026, 2, 1, 10)),
        # After hours: counting starts next working morning.
        (at(2026, 2, 1, 17), 2, at(2026, 2, 2, 10)),
        (at(2026, 2, 1, 15), 1, at(2026, 2, 2, 9)),
        # Thursday afternoon runs over the weekend to Sunday.
        (at(2026, 2, 5, 14), 2, at(2026, 2, 8, 9)),
        # Friday and Saturday count nothing.
        (at(2026, 2, 6, 11), 1, at(2026, 2, 8, 9)),
        (at(2026, 2, 7, 23, 59), 1, at(2026, 2, 8, 9)),
    ],
)
def test_business_hours_count_only_sunday_to_thursday_from_8_to_15(start, hours, due):
    assert add_business_time(start, hours=hours) == due
    assert business_time_between(start, due) == timedelta(hours=hours)


def test_days_and_hours_add_up_in_working_hours():
    # 1 day (7 hours) and 2 hours from Sunday 10:00: Monday 12:00.
    assert add_business_time(at(2026, 2, 1, 10), days=1, hours=2) == at(2026, 2, 2, 12)
    assert add_business_time(at(2026, 2, 1, 10), days=5) == at(2026, 2, 8, 10)


def test_a_zero_duration_is_due_at_once_even_outside_working_hours():
    friday_night = at(2026, 2, 6, 22)
    assert add_business_time(friday_night) == friday_night
    assert add_business_time(friday_night, days=0, hours=0) == friday_night
    assert business_time_between(friday_night, friday_night) == timedelta(0)


def test_a_negative_duration_is_refused():
    with pytest.raises(ValueError):
        add_business_time(at(2026, 2, 1, 10), hours=-1)


def test_the_time_between_two_instants_counts_working_hours_only():
    assert business_time_between(at(2026, 2, 1, 0), at(2026, 2, 2, 0)) == timedelta(hours=7)
    # A whole week: five working days.
    assert business_time_between(at(2026, 2, 1), at(2026, 2, 8)) == timedelta(hours=35)
    # The weekend alone: nothing.
    assert business_time_between(at(2026, 2, 6, 9), at(2026, 2, 7, 18)) == timedelta(0)
    # Backwards, the same time negated.
    assert business_time_between(at(2026, 2, 8), at(2026, 2, 1)) == timedelta(hours=-35)


def test_instants_in_other_time_zones_are_read_in_amman_time():
    sunday_10_in_amman = datetime(2026, 2, 1, 7, tzinfo=UTC)
    due = add_business_time(sunday_10_in_amman, days=1)
    assert due == at(2026, 2, 2, 10)
    assert due.astimezone(UTC) == datetime(2026, 2, 2, 7, tzinfo=UTC)


# Public holidays ----------------------------------------------------------------------------


def test_on_the_eve_of_a_run_of_holidays_the_deadline_waits_until_they_end():
    # Monday 25 May 2026 Independence Day, Tuesday Arafah, Wednesday and Thursday Eid al-Adha,
    # then the weekend: the next working day after Sunday 24 May is Sunday 31 May.
    assert add_business_time(at(2026, 5, 24, 10), days=1) == at(2026, 5, 31, 10)
    assert business_time_between(at(2026, 5, 24, 15), at(2026, 5, 31, 8)) == timedelta(0)


def test_eid_al_fitr_is_not_counted():
    # Eid al-Fitr 2026 (estimated): Friday 20 to Sunday 22 March.
    assert not is_working_day(date(2026, 3, 22))
    assert add_business_time(at(2026, 3, 19, 10), days=1) == at(2026, 3, 23, 10)


def test_eid_al_adha_is_not_counted():
    # Eid al-Adha 2025 (estimated): Arafah Thursday 5 June, Eid Friday 6 to Sunday 8 June.
    assert add_business_time(at(2025, 6, 4, 14), hours=2) == at(2025, 6, 9, 9)
    assert business_time_between(at(2025, 6, 4, 8), at(2025, 6, 9, 15)) == timedelta(hours=14)


def test_the_turn_of_a_year_counts_both_years_holidays():
    # Wednesday 31 December 2025, then New Year's Day (Thursday) and the weekend.
    assert add_business_time(at(2025, 12, 31, 10), days=1) == at(2026, 1, 4, 10)
    assert business_time_between(at(2025, 12, 30, 8), at(2026, 1, 5, 8)) == timedelta(hours=21)


def test_public_holidays_say_which_dates_are_estimated():
    holidays = {h.date: h for h in calendar.public_holidays(2026)}
    eid = holidays[date(2026, 3, 20)]
    assert eid.estimated and eid.name_en == "Eid al-Fitr" and eid.name_ar == "عيد الفطر"
    independence = holidays[date(2026, 5, 25)]
    assert not independence.estimated and independence.name_en == "Independence Day"


# Agency corrections and hours ---------------------------------------------------------------


def test_a_holiday_an_agency_adds_counts_for_that_agency_only(mosd, naf, agency_admin):
    services.holiday_add(
        agency=mosd, day=date(2026, 3, 23), name_en="Eid al-Fitr (declared)", actor=agency_admin
    )
    assert add_business_time(at(2026, 3, 19, 10), days=1, agency=mosd) == at(2026, 3, 24, 10)
    assert add_business_time(at(2026, 3, 19, 10), days=1, agency=naf) == at(2026, 3, 23, 10)
    assert add_business_time(at(2026, 3, 19, 10), days=1) == at(2026, 3, 23, 10)
    # The agency's id does as well as the agency.
    assert not is_working_day(date(2026, 3, 23), agency=mosd.pk)


def test_a_public_holiday_an_agency_cancels_is_a_working_day_for_it(mosd, naf, agency_admin):
    services.holiday_cancel(agency=mosd, day=date(2026, 3, 22), actor=agency_admin)
    assert add_business_time(at(2026, 3, 19, 10), days=1, agency=mosd) == at(2026, 3, 22, 10)
    assert add_business_time(at(2026, 3, 19, 10), days=1, agency=naf) == at(2026, 3, 23, 10)


def test_a_moved_holiday_moves_the_deadline(mosd, agency_admin):
    services.holiday_move(
        agency=mosd, from_day=date(2026, 3, 22), to_day=date(2026, 3, 23), actor=agency_admin
    )
    assert is_working_day(date(2026, 3, 22), agency=mosd)
    assert not is_working_day(date(2026, 3, 23), agency=mosd)
    assert add_business_time(at(2026, 3, 19, 10), days=2, agency=mosd) == at(2026, 3, 24, 10)


def test_an_agency_with_its_own_hours(mosd, naf, agency_admin):
    services.working_hours_set(agency=mosd, day_start=time(9), day_end=time(17), actor=agency_admin)
    # A business day of MoSD is now 8 hours; days=1 is still the same time next working day.
    assert add_business_time(at(2026, 2, 1, 10), days=1, agency=mosd) == at(2026, 2, 2, 10)
    assert add_business_time(at(2026, 2, 1, 10), hours=7, agency=mosd) == at(2026, 2, 1, 17)
    assert add_business_time(at(2026, 2, 1, 8), hours=1, agency=mosd) == at(2026, 2, 1, 10)
    assert business_time_between(at(2026, 2, 1, 6), at(2026, 2, 1, 20), agency=mosd) == timedelta(
        hours=8
    )
    # Other agencies keep the national hours.
    assert add_business_time(at(2026, 2, 1, 10), hours=7, agency=naf) == at(2026, 2, 2, 10)
    # Back to the default.
    services.working_hours_set(agency=mosd, day_start=None, day_end=None, actor=agency_admin)
    assert add_business_time(at(2026, 2, 1, 10), hours=7, agency=mosd) == at(2026, 2, 2, 10)


def test_the_default_hours_come_from_settings(settings):
    settings.SLA_WORKING_HOURS = ("07:30", "14:30")
    assert add_business_time(at(2026, 2, 1, 7), hours=1) == at(2026, 2, 1, 8, 30)


# The cache ----------------------------------------------------------------------------------


def test_the_holiday_set_is_read_once_per_agency_and_year(
    mosd, agency_admin, django_assert_num_queries
):
    services.holiday_add(agency=mosd, day=date(2026, 3, 23), name_en="Declared", actor=agency_admin)
    add_business_time(at(2026, 3, 19, 10), days=1, agency=mosd)  # reads hours and overrides
    with django_assert_num_queries(0):
        for _ in range(50):
            add_business_time(at(2026, 3, 19, 10), days=1, agency=mosd)
            business_time_between(at(2026, 1, 1), at(2026, 12, 31), agency=mosd)
    # A change is seen at once by the process that made it.
    services.holiday_cancel(agency=mosd, day=date(2026, 3, 23), actor=agency_admin)
    assert add_business_time(at(2026, 3, 19, 10), days=1, agency=mosd) == at(2026, 3, 23, 10)


def test_a_change_made_by_another_process_is_seen_after_the_refresh_interval(mosd, monkeypatch):
    assert is_working_day(date(2026, 3, 23), agency=mosd)
    # Written as another process would: this one's snapshot is not told.
    AgencyCalendar.objects.create(agency=mosd)
    HolidayOverride.objects.create(
        agency=mosd, date=date(2026, 3, 23), kind=HolidayOverride.Kind.ADD, name_en="Declared"
    )
    assert is_working_day(date(2026, 3, 23), agency=mosd)
    monkeypatch.setattr(calendar, "REFRESH_SECONDS", -1)
    assert not is_working_day(date(2026, 3, 23), agency=mosd)


# The property -------------------------------------------------------------------------------


@pytest.mark.parametrize("agency_code", [None, "MOSD"])
def test_the_time_between_a_start_and_its_deadline_is_the_budget(agency_code, agency_admin):
    agency = None
    if agency_code:
        agency = Agency.objects.get(code=agency_code)
        services.working_hours_set(
            agency=agency, day_start=time(8, 30), day_end=time(16), actor=agency_admin
        )
        services.holiday_move(
            agency=agency, from_day=date(2026, 3, 22), to_day=date(2026, 3, 23), actor=agency_admin
        )
        services.holiday_add(
            agency=agency, day=date(2026, 1, 5), name_en="Extra", actor=agency_admin
        )
    rng = random.Random(20260320)
    origin = at(2025, 11, 1)
    for _ in range(400):
        start = origin + timedelta(minutes=rng.randrange(0, 60 * 24 * 240))
        budget = timedelta(minutes=rng.randrange(0, 60 * 120))
        due = add_business_time(start, hours=budget.total_seconds() / 3600, agency=agency)
        assert due >= start
        assert business_time_between(start, due, agency=agency) == budget, (start, budget)
        if budget:
            # The earliest such instant: a minute earlier, the budget is not yet used up.
            earlier = business_time_between(start, due - timedelta(minutes=1), agency=agency)
            assert earlier < budget, (start, budget)


@pytest.mark.parametrize("agency_code", [None, "MOSD"])
def test_long_spans_count_as_day_by_day(agency_code, agency_admin):
    """`between` counts the days in the middle by whole weeks; over spans of up to two years,
    across holidays and an agency's own days and hours, it agrees with counting each day."""
    agency = None
    if agency_code:
        agency = Agency.objects.get(code=agency_code)
        services.working_hours_set(
            agency=agency, day_start=time(9), day_end=time(14), actor=agency_admin
        )
        services.holiday_add(
            agency=agency, day=date(2026, 1, 5), name_en="Extra", actor=agency_admin
        )
    days = calendar.calendar_of(agency)

    def day_by_day(a, b):
        total, day = timedelta(0), a.astimezone(calendar.AMMAN).date()
        while day <= b.astimezone(calendar.AMMAN).date():
            if days.is_working_day(day):
                opens = datetime.combine(day, days.hours.start, calendar.AMMAN)
                closes = datetime.combine(day, days.hours.end, calendar.AMMAN)
                begin, end = max(a, opens), min(b, closes)
                total += max(end - begin, timedelta(0))
            day += timedelta(days=1)
        return total

    rng = random.Random(20261203)
    origin = at(2024, 12, 1)
    for _ in range(200):
        a = origin + timedelta(minutes=rng.randrange(0, 60 * 24 * 365))
        b = a + timedelta(minutes=rng.randrange(0, 60 * 24 * 730))
        assert business_time_between(a, b, agency=agency) == day_by_day(a, b), (a, b)
        assert business_time_between(b, a, agency=agency) == -day_by_day(a, b)
