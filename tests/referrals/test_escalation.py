"""Deadlines through the real SLA sweep: levels 1 and 2 tell the receiving office's supervisors
and the agency's admins; at level 3 an unanswered referral goes to the next candidate office,
and with none left it expires; the sender hears of both. Time is moved with the `travel`
fixture, so clocks start when the test says, and the sweep is run at later instants."""

from datetime import timedelta

import pytest

from apps.audit.models import AuditEvent
from apps.notifications.models import Message
from apps.referrals import services
from apps.referrals.models import Referral
from apps.sla.calendar import calendar_of
from apps.sla.models import Clock, Escalation
from apps.sla.services import escalation_time, sla_sweep
from tests.organisations.factories import office
from tests.referrals.factories import (
    answer_clock,
    referrable_card,
    reload,
    routed,
    running_clocks,
)
from tests.referrals.helpers import arabic, audits, in_app, notices, read, timeline
from tests.sla.factories import at

pytestmark = pytest.mark.django_db
Status = Referral.Status
# Sunday 1 February 2026, 10:00 in Amman: a working day with no holiday for weeks around it.
STARTED = at(2026, 2, 1, 10)


def level(clock: Clock, n: int):
    return escalation_time(clock.due_at, n, calendar_of(clock.agency_id))


def escalated(user, n: int):
    return Message.objects.filter(recipient=user, template="sla.escalated", context__level=n)


def test_an_unanswered_referral_is_escalated_then_rerouted_then_expires(
    social_worker, naf_supervisor, naf_admin, naf_head_supervisor, travel
):
    travel(STARTED)
    service = referrable_card(referral_response_days=3)
    made = routed(sender=social_worker, service=service)
    amman, head = office("NAF", "AM"), office("NAF", None)
    first = answer_clock(made)
    assert first.due_at == calendar_of(first.agency_id).add(STARTED, 3 * timedelta(hours=7))
    assert first.due_at == at(2026, 2, 4, 10)  # 21 business hours: Wednesday 10:00

    assert sla_sweep(now=first.due_at - timedelta(minutes=1))["escalations"] == 0

    # Level 1: the receiving office's supervisors, told what is late in their language.
    assert sla_sweep(now=first.due_at)["escalations"] == 1
    assert escalated(naf_supervisor, 1).count() == 2
    told = escalated(naf_supervisor, 1).first()
    assert told.context["label"] == arabic(
        "The answer to referral %(reference)s (%(service)s)",
        reference=made.reference,
        service=service.name_ar,
    )
    assert told.link == f"/ar/staff/referrals/{made.reference}/"
    assert not escalated(naf_admin, 1) and not escalated(social_worker, 1)

    # Level 2: the receiving agency's admins. The referral stays where it is.
    assert sla_sweep(now=level(first, 2))["escalations"] == 1
    assert escalated(naf_admin, 2).count() == 2
    assert reload(made).to_office == amman and reload(made).status == Status.ROUTED

    # Level 3: the next candidate office gets it, with a new answer clock from now on.
    travel(level(first, 3))
    assert sla_sweep(now=level(first, 3))["escalations"] == 1
    moved = reload(made)
    assert moved.status == Status.ROUTED
    assert moved.to_office == head and moved.tried_offices == [amman.pk, head.pk]
    first.refresh_from_db()
    assert (first.stopped_at, first.escalation_level) == (level(first, 3), 3)
    assert list(
        Escalation.objects.filter(clock=first).order_by("level").values_list("level", flat=True)
    ) == [1, 2, 3]
    second = answer_clock(moved)
    assert (second.started_at, second.office, second.budget) == (
        level(first, 3),
        head,
        first.budget,
    )
    assert notices(social_worker, "rerouted").count() == 2
    assert service.name_ar in in_app(social_worker, "rerouted")
    # The Amman office, which let the deadline pass, is told where its referral went.
    taken_away = in_app(naf_supervisor, "taken_away")  # in the supervisor's Arabic
    assert made.reference in taken_away and service.name_ar in taken_away
    assert "وُجِّهت إلى مكتب آخر" in taken_away
    assert in_app(naf_head_supervisor, "routed") == (
        f"Referral {made.reference} for {service.name_en} has reached your office and waits "
        "for an answer."
    )
    routed_events = timeline(made, "routed")
    assert [read(e, "en") for e in routed_events] == [
        f"Referral {made.reference} routed to {amman.name_en}",
        f"Referral {made.reference} routed to {head.name_en}",
    ]

    # Unanswered at the head office too: no candidate is left, it expires.
    travel(level(second, 3))
    sla_sweep(now=level(second, 3))
    done = reload(made)
    assert done.status == Status.EXPIRED and done.closed_at == level(second, 3)
    assert done.tried_offices == [amman.pk, head.pk]
    assert not running_clocks(made)
    assert notices(social_worker, "expired").count() == 2
    (event,) = timeline(made, "expired")
    assert read(event, "en") == (f"Referral {made.reference} expired: no office answered in time")
    assert audits(made, action=AuditEvent.Action.TRANSITION, detail="expired").count() == 1
    # Nothing more happens however long it stays so.
    assert sla_sweep(now=level(second, 3) + timedelta(days=30))["escalations"] == 0


def test_each_reroute_takes_the_next_candidate_in_order(social_worker, naf_admin, travel):
    travel(STARTED)
    service = referrable_card(referral_response_days=1)
    zarqa, amman, head = office("NAF", "ZA"), office("NAF", "AM"), office("NAF", None)
    services.routing_rule_set(
        service=service, governorate=amman.governorate, office=zarqa, actor=naf_admin
    )
    made = routed(sender=social_worker, service=service)
    seen = [reload(made).to_office]
    for _ in range(3):
        clock = answer_clock(made)
        travel(level(clock, 3))
        sla_sweep(now=level(clock, 3))
        seen.append(reload(made).to_office)
    assert seen == [zarqa, amman, head, head]
    assert reload(made).status == Status.EXPIRED
    assert reload(made).tried_offices == [zarqa.pk, amman.pk, head.pk]
    assert notices(social_worker, "rerouted").count() == 2 * 2
    assert notices(social_worker, "expired").count() == 2


def test_a_paused_clock_waiting_for_the_sender_does_not_escalate(
    social_worker, naf_supervisor, naf_admin, travel
):
    travel(STARTED)
    made = routed(sender=social_worker)
    clock = answer_clock(made)
    services.referral_request_info(referral=made, question="Which school?", actor=naf_supervisor)
    long_after = level(clock, 3) + timedelta(days=10)
    assert sla_sweep(now=long_after)["escalations"] == 0
    assert not Escalation.objects.exists()
    assert reload(made).status == Status.INFO_REQUESTED
    assert reload(made).to_office == office("NAF", "AM")
    assert not escalated(naf_supervisor, 1) and not escalated(naf_admin, 2)

    # The sender answers a week later: the clock runs again from there, its full budget left.
    answered_at = at(2026, 2, 8, 10)
    travel(answered_at)
    services.referral_answer_info(
        referral=reload(made), answer="The girls' school.", actor=social_worker
    )
    clock.refresh_from_db()
    calendar = calendar_of(clock.agency_id)
    assert clock.paused_at is None
    assert clock.due_at == calendar.add(answered_at, clock.budget)
    assert clock.next_escalation_at == clock.due_at
    assert sla_sweep(now=clock.due_at - timedelta(minutes=1))["escalations"] == 0
    assert sla_sweep(now=clock.due_at)["escalations"] == 1
    assert escalated(naf_supervisor, 1).count() == 2


def test_an_answer_before_level_3_keeps_it_at_its_office(social_worker, naf_worker, travel):
    travel(STARTED)
    made = routed(sender=social_worker)
    clock = answer_clock(made)
    sla_sweep(now=level(clock, 2))
    travel(level(clock, 2) + timedelta(hours=1))
    services.referral_accept(referral=reload(made), actor=naf_worker)
    assert sla_sweep(now=level(clock, 3))["escalations"] == 0
    assert reload(made).status == Status.ACCEPTED
    assert reload(made).to_office == office("NAF", "AM")
    assert not notices(social_worker, "rerouted")


def test_a_late_service_is_escalated_but_never_taken_away(
    social_worker, naf_worker, naf_supervisor, naf_admin, travel
):
    travel(STARTED)
    made = routed(sender=social_worker, service=referrable_card(processing_days=2))
    services.referral_accept(referral=made, actor=naf_worker)
    (complete,) = running_clocks(made)
    assert complete.purpose == services.COMPLETE
    assert sla_sweep(now=level(complete, 3))["escalations"] == 3
    assert escalated(naf_supervisor, 1).count() == 2
    assert escalated(naf_admin, 2).count() == 2
    assert escalated(naf_supervisor, 1).first().context["label"] == arabic(
        "Delivering the service of referral %(reference)s (%(service)s)",
        reference=made.reference,
        service=made.service.name_ar,
    )
    done = reload(made)
    assert (done.status, done.to_office, done.assigned_to) == (
        Status.ACCEPTED,
        office("NAF", "AM"),
        naf_worker,
    )
    assert not notices(social_worker, "rerouted") and not notices(social_worker, "expired")
