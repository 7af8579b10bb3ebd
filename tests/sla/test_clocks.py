"""The clock API the workflow apps call: start, pause, resume, stop, and what a holiday change
does to running clocks."""

from datetime import date, time, timedelta

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError

from apps.organisations.models import Agency
from apps.sla import services
from apps.sla.models import Clock
from apps.sla.selectors import clocks_for
from tests.organisations.factories import office
from tests.sla.apps import KIND
from tests.sla.factories import at, clock

pytestmark = pytest.mark.django_db
HOUR = timedelta(hours=1)


def fresh(c: Clock) -> Clock:
    return Clock.objects.get(pk=c.pk)


def test_a_clock_is_due_after_its_business_time(handler):
    c = clock("A-1", started_at=at(2026, 2, 1, 10), days=1, hours=2)
    c = fresh(c)
    assert c.budget == 9 * HOUR
    assert c.due_at == at(2026, 2, 2, 12)
    assert c.next_escalation_at == c.due_at
    assert c.escalation_level == 0 and c.paused_at is None and c.stopped_at is None


def test_a_business_day_is_the_agencys_working_day(handler, agency_admin):
    mosd = Agency.objects.get(code="MOSD")
    services.working_hours_set(agency=mosd, day_start=time(8), day_end=time(16), actor=agency_admin)
    c = clock("A-1", started_at=at(2026, 2, 1, 10), days=1)
    assert c.budget == 8 * HOUR
    assert c.due_at == at(2026, 2, 2, 10)


def test_starting_a_running_clock_again_returns_it_unchanged(handler):
    first = clock("A-1", started_at=at(2026, 2, 1, 10), days=1)
    again = clock("A-1", started_at=at(2026, 2, 3, 10), days=5)
    assert again.pk == first.pk
    assert fresh(first).due_at == at(2026, 2, 2, 10)
    other_purpose = clock("A-1", started_at=at(2026, 2, 1, 10), days=2, purpose="decision")
    assert other_purpose.pk != first.pk
    assert clocks_for(KIND, "A-1").count() == 2


def test_the_database_refuses_two_running_clocks_for_one_purpose(handler):
    c = fresh(clock("A-1", started_at=at(2026, 2, 1, 10), days=1))
    c.pk = None
    with pytest.raises(IntegrityError):
        c.save()


def test_a_stopped_clock_can_be_followed_by_a_new_one(handler):
    first = clock("A-1", started_at=at(2026, 2, 1, 10), days=1)
    services.clock_stop(clock=first, at=at(2026, 2, 1, 11))
    second = clock("A-1", started_at=at(2026, 2, 4, 10), days=1)
    assert second.pk != first.pk
    assert list(clocks_for(KIND, "A-1")) == [first, second]


def test_starting_needs_a_registered_handler_and_sensible_values(handler):
    mosd = Agency.objects.get(code="MOSD")
    with pytest.raises(ImproperlyConfigured):
        services.clock_start(
            kind="nobody.handles", subject_id="1", purpose="p", agency=mosd, office=None, days=1
        )
    with pytest.raises(ValueError):
        clock("A-1", started_at=at(2026, 2, 1, 10), hours=-1)
    with pytest.raises(ValueError):
        services.clock_start(
            kind=KIND,
            subject_id="1",
            purpose="p",
            agency=mosd,
            office=office("NAF", "AM"),
            days=1,
        )
    assert not Clock.objects.exists()


def test_pausing_twice_pauses_once(handler):
    c = clock("A-1", started_at=at(2026, 2, 1, 10), days=1)
    assert services.clock_pause(clock=c, at=at(2026, 2, 1, 12)) is True
    assert services.clock_pause(clock=c, at=at(2026, 2, 1, 14)) is False
    c = fresh(c)
    assert c.paused_at == at(2026, 2, 1, 12)
    assert c.next_escalation_at is None


def test_resuming_pushes_the_deadline_by_the_business_time_paused(handler):
    c = clock("A-1", started_at=at(2026, 2, 1, 10), days=1)  # due Monday 10:00
    services.clock_pause(clock=c, at=at(2026, 2, 1, 12))
    assert services.clock_resume(clock=c, at=at(2026, 2, 2, 12)) is True  # 7 hours paused
    assert c.due_at == at(2026, 2, 3, 10)
    stored = fresh(c)
    assert stored.paused_total == 7 * HOUR
    assert stored.due_at == at(2026, 2, 3, 10) == stored.next_escalation_at
    assert stored.paused_at is None
    # Resuming again changes nothing.
    assert services.clock_resume(clock=c, at=at(2026, 2, 4, 12)) is False
    assert fresh(c).due_at == at(2026, 2, 3, 10)


def test_a_pause_over_the_weekend_costs_only_its_working_hours(handler):
    c = clock("A-1", started_at=at(2026, 2, 5, 9), hours=3)  # Thursday; due 12:00
    services.clock_pause(clock=c, at=at(2026, 2, 5, 14))  # after it was due
    services.clock_resume(clock=c, at=at(2026, 2, 8, 9))  # Sunday: 1 + 1 working hours
    assert fresh(c).paused_total == 2 * HOUR
    assert fresh(c).due_at == at(2026, 2, 5, 14)


def test_resuming_an_escalated_clock_schedules_its_next_level(handler, settings):
    c = clock("A-1", started_at=at(2026, 2, 1, 10), hours=2)  # due Sunday 12:00
    services.sla_sweep(now=at(2026, 2, 1, 12, 30))
    assert fresh(c).escalation_level == 1
    services.clock_pause(clock=c, at=at(2026, 2, 1, 13))
    services.clock_resume(clock=c, at=at(2026, 2, 2, 13))  # 7 hours paused: due Monday 12:00
    stored = fresh(c)
    assert stored.due_at == at(2026, 2, 2, 12)
    assert stored.escalation_level == 1
    # Level 2 a grace (7 business hours) after the new due time.
    assert stored.next_escalation_at == at(2026, 2, 3, 12)


def test_stopping_twice_stops_once(handler):
    c = clock("A-1", started_at=at(2026, 2, 1, 10), days=1)
    assert services.clock_stop(clock=c, at=at(2026, 2, 1, 11)) is True
    assert services.clock_stop(clock=c, at=at(2026, 2, 1, 12)) is False
    stored = fresh(c)
    assert stored.stopped_at == at(2026, 2, 1, 11)
    assert stored.next_escalation_at is None
    # A stopped clock is neither paused nor resumed.
    assert services.clock_pause(clock=c, at=at(2026, 2, 1, 13)) is False
    assert services.clock_resume(clock=c, at=at(2026, 2, 1, 13)) is False


def test_stopping_a_paused_clock_ends_its_pause(handler):
    c = clock("A-1", started_at=at(2026, 2, 1, 10), hours=2)  # due 12:00
    services.clock_pause(clock=c, at=at(2026, 2, 1, 11))
    services.clock_stop(clock=c, at=at(2026, 2, 1, 14))
    stored = fresh(c)
    assert stored.paused_at is None
    assert stored.paused_total == 3 * HOUR
    assert stored.due_at == at(2026, 2, 1, 15)
    assert stored.stopped_at <= stored.due_at  # met: the pause did not count


# Holiday changes and running clocks --------------------------------------------------------------


def test_a_holiday_change_recomputes_the_running_clocks_it_touches(
    handler, agency_admin, django_capture_on_commit_callbacks
):
    mosd = Agency.objects.get(code="MOSD")
    spanning = clock("A-1", started_at=at(2026, 3, 19, 10), days=1)  # due Monday 23 March 10:00
    other_agency = clock("A-2", started_at=at(2026, 3, 19, 10), days=1, agency="NAF")
    before = clock("A-3", started_at=at(2026, 3, 19, 9), hours=1)  # due Thursday 10:00
    paused = clock("A-4", started_at=at(2026, 3, 19, 10), days=1)
    services.clock_pause(clock=paused, at=at(2026, 3, 19, 11))
    with django_capture_on_commit_callbacks(execute=True):
        services.holiday_add(
            agency=mosd, day=date(2026, 3, 23), name_en="Eid (declared)", actor=agency_admin
        )
    assert fresh(spanning).due_at == fresh(spanning).next_escalation_at == at(2026, 3, 24, 10)
    assert fresh(other_agency).due_at == at(2026, 3, 23, 10)
    assert fresh(before).due_at == at(2026, 3, 19, 10)
    assert fresh(paused).due_at == at(2026, 3, 23, 10)
    # Resuming counts the new holiday as well.
    services.clock_resume(clock=paused, at=at(2026, 3, 19, 12))
    assert fresh(paused).due_at == at(2026, 3, 24, 11)
    with django_capture_on_commit_callbacks(execute=True):
        services.holiday_cancel(agency=mosd, day=date(2026, 3, 22), actor=agency_admin)
    # Sunday 22 March is a working day for MoSD now, Monday 23 a holiday.
    assert fresh(spanning).due_at == at(2026, 3, 22, 10)


def test_a_recomputed_escalated_clock_keeps_its_level(handler, agency_admin):
    mosd = Agency.objects.get(code="MOSD")
    c = clock("A-1", started_at=at(2026, 3, 18, 10), days=1)  # due Thursday 19 March 10:00
    services.sla_sweep(now=at(2026, 3, 19, 11))
    services.holiday_add(agency=mosd, day=date(2026, 3, 19), name_en="Declared", actor=agency_admin)
    assert services.clocks_recalculate(agency_id=mosd.pk, day=date(2026, 3, 19)) == 1
    stored = fresh(c)
    assert stored.due_at == at(2026, 3, 23, 10)
    assert stored.escalation_level == 1
    assert stored.next_escalation_at == at(2026, 3, 24, 10)
