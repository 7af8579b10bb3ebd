"""Deadlines through the real SLA sweep: level 1 tells the complaints unit's supervisors (and
records the deadline as missed, for the figures), level 2 the agency's admins; a paused deadline
is left alone; the employee concerned is never handed the complaint's page."""

from datetime import timedelta

import pytest
from django.utils import translation

from apps.complaints import services
from apps.complaints.deadlines import ComplaintDeadlines
from apps.complaints.models import Complaint
from apps.notifications.models import Message
from apps.sla.calendar import calendar_of
from apps.sla.services import escalation_time, sla_sweep
from tests.complaints.factories import clock, complaint, reload
from tests.complaints.helpers import arabic
from tests.sla.factories import at

pytestmark = pytest.mark.django_db
STARTED = at(2026, 2, 1, 10)


def escalated(user, level: int):
    return Message.objects.filter(recipient=user, template="sla.escalated", context__level=level)


def test_a_late_acknowledgement_goes_to_the_supervisor_then_the_admin(
    officer, unit_supervisor, naf_admin, travel
):
    travel(STARTED)
    made = complaint()
    ack = clock(made, "acknowledge")
    assert sla_sweep(now=ack.due_at - timedelta(minutes=1))["escalations"] == 0
    assert sla_sweep(now=ack.due_at)["escalations"] == 1
    assert escalated(unit_supervisor, 1).count() == 2
    told = escalated(unit_supervisor, 1).first()
    assert told.context["label"] == arabic(
        "Acknowledging complaint %(reference)s (%(category)s)",
        reference=made.reference,
        category=made.category.name_ar,
    )
    assert told.link.endswith(f"/staff/complaints/{made.reference}/")
    assert reload(made).acknowledged_on_time is False
    assert not escalated(naf_admin, 1).exists()
    level_2 = escalation_time(ack.due_at, 2, calendar_of(made.agency_id))
    assert sla_sweep(now=level_2)["escalations"] == 1
    assert escalated(naf_admin, 2).count() == 2
    # Acknowledged afterwards: it stays missed.
    travel(level_2 + timedelta(hours=1))
    services.complaint_acknowledge(complaint=reload(made), actor=officer)
    assert reload(made).acknowledged_on_time is False


def test_the_employee_concerned_hears_nothing_of_its_deadlines(
    officer, unit_supervisor, naf_admin, travel
):
    """They supervise the unit; the agency's admins are told in their place."""
    travel(STARTED)
    made = complaint(named_employee=unit_supervisor)
    ack = clock(made, "acknowledge")
    sla_sweep(now=ack.due_at)
    assert not Message.objects.filter(recipient=unit_supervisor, template="sla.escalated")
    assert escalated(naf_admin, 1).count() == 2


def test_a_paused_answer_deadline_is_not_escalated(officer, unit_supervisor, travel):
    travel(STARTED)
    made = complaint()
    services.complaint_request_info(complaint=made, question="Which month?", actor=officer)
    resolve = clock(made, "resolve")
    assert sla_sweep(now=resolve.due_at + timedelta(days=10))["escalations"] == 0
    assert reload(made).resolved_on_time is None


def test_the_sweep_marks_a_missed_answer_once(officer, unit_supervisor, travel):
    travel(STARTED)
    made = complaint()
    services.complaint_acknowledge(complaint=made, actor=officer)
    resolve = clock(made, "resolve")
    sla_sweep(now=resolve.due_at)
    sla_sweep(now=resolve.due_at)
    assert reload(made).resolved_on_time is False
    assert escalated(unit_supervisor, 1).count() == 2


def test_the_handler_reads_in_each_language(officer):
    made = complaint()
    handler = ComplaintDeadlines()
    with translation.override("en"):
        assert handler.label(clock(made, "resolve")) == (
            f"Answering complaint {made.reference} ({made.category.name_en})"
        )
        assert handler.url(clock(made, "resolve")) == f"/en/staff/complaints/{made.reference}/"
    # Only level 1 records the miss; the backbone does the telling.
    handler.escalate(clock(made, "acknowledge"), 2)
    assert Complaint.objects.get(pk=made.pk).acknowledged_on_time is None
    handler.escalate(clock(made, "acknowledge"), 1)
    assert Complaint.objects.get(pk=made.pk).acknowledged_on_time is False
