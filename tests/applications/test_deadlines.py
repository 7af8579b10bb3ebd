"""The service's processing time on the SLA clocks, through the real sweep: level 1 tells the
office's supervisors, level 2 the agency's admins; a question to the applicant pauses it."""

from datetime import timedelta

import pytest

from apps.applications import services
from apps.notifications.models import Message
from apps.sla.calendar import calendar_of
from apps.sla.services import escalation_time, sla_sweep
from tests.applications.factories import clock, online_card, reload, under_review
from tests.sla.factories import at

pytestmark = pytest.mark.django_db
# Sunday 1 February 2026, 10:00 in Amman: a working day with no holiday for weeks around it.
STARTED = at(2026, 2, 1, 10)


def escalated(user, n: int):
    return Message.objects.filter(recipient=user, template="sla.escalated", context__level=n)


def test_late_decisions_go_to_the_supervisors_then_the_admins(
    applicant, reviewer, naf_supervisor, naf_admin, travel
):
    travel(STARTED)
    application = under_review(
        applicant=applicant, reviewer=reviewer, service=online_card(processing_days=2)
    )
    running = clock(application)
    assert running.due_at == calendar_of(running.agency_id).add(STARTED, 2 * timedelta(hours=7))

    assert sla_sweep(now=running.due_at - timedelta(minutes=1))["escalations"] == 0
    assert sla_sweep(now=running.due_at)["escalations"] == 1
    assert escalated(naf_supervisor, 1).exists()
    told = escalated(naf_supervisor, 1).filter(channel="in_app").get()
    assert application.reference in told.context["label"]
    assert not escalated(naf_admin, 2).exists()

    second = escalation_time(running.due_at, 2, calendar_of(running.agency_id))
    assert sla_sweep(now=second)["escalations"] == 1
    assert escalated(naf_admin, 2).exists()
    # Escalation only tells: the application is still the reviewer's, under review.
    assert reload(application).status == application.Status.UNDER_REVIEW


def test_a_question_to_the_applicant_pauses_the_clock(applicant, reviewer, naf_supervisor, travel):
    travel(STARTED)
    application = under_review(
        applicant=applicant, reviewer=reviewer, service=online_card(processing_days=2)
    )
    due = clock(application).due_at
    services.application_request_info(application=application, question="?", actor=reviewer)
    assert sla_sweep(now=due + timedelta(days=3))["escalations"] == 0
    assert not escalated(naf_supervisor, 1).exists()
    # Answered three days later: the deadline moved by the time it waited.
    travel(due + timedelta(days=3))
    services.application_answer_info(application=reload(application), actor=applicant)
    assert clock(application).due_at > due


def test_a_decision_stops_the_clock(applicant, reviewer, naf_supervisor, travel):
    travel(STARTED)
    application = under_review(applicant=applicant, reviewer=reviewer)
    due = clock(application).due_at
    services.application_approve(application=application, actor=reviewer)
    assert sla_sweep(now=due + timedelta(days=30))["escalations"] == 0
