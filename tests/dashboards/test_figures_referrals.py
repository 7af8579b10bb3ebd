"""Referral counters against a hand-made set of referrals whose answers are known: every one made
through the services at an instant the test sets, so clocks start, stop and run late as in life.

MoSD's Amman office sends, NAF receives (its Amman office, the head office after re-routing):

| ref | submitted (Amman)   | urgency | then                                                      |
|-----|---------------------|---------|-----------------------------------------------------------|
| r1  | Sun 4 Oct 09:00     | urgent  | accepted 14:30 (5 h), completed Wed 7 Oct 16:30 (74 h)      |
| r2  | Mon 5 Oct 10:00     | normal  | declined Tue 6 Oct 13:00 (27 h), no capacity               |
| r4  | Tue 6 Oct 10:00     | normal  | cancelled Wed 7 Oct 09:00, before its deadline             |
| r5  | Sun 11 Oct 10:00    | normal  | accepted Sun 18 Oct 10:00: 168 h, after its deadline       |
| r7  | Mon 12 Oct 10:00    | normal  | unanswered, re-routed Tue 20 Oct, expired Wed 28 Oct       |
| r3  | Sun 1 Nov 01:00     | normal  | unanswered: 31 Oct 22:00 UTC, November in Amman            |
| r6  | (a draft, 8 Oct)    | normal  | never submitted: never counted                             |
"""

from datetime import date

import pytest

from apps.dashboards import (
    figures_referrals,
    figures_referrals_received,
    figures_referrals_sent,
    public,
)
from apps.dashboards.figures import domain_counters, refresh
from apps.dashboards.models import MonthlyFigure
from apps.referrals import services
from apps.referrals.models import Referral
from tests.organisations.factories import office
from tests.referrals.factories import (
    answer_clock,
    referrable_card,
    referral,
    reload,
    routed,
    supervisor_of,
)
from tests.sla.factories import at

pytestmark = pytest.mark.django_db
OCT, NOV, DEC = date(2026, 10, 1), date(2026, 11, 1), date(2026, 12, 1)


@pytest.fixture
def made(social_worker, travel):
    service = referrable_card(referral_response_days=3, processing_days=10)

    def send(moment, **fields):
        travel(moment)
        return routed(sender=social_worker, service=service, **fields)

    r1 = send(at(2026, 10, 4, 9), urgency=Referral.Urgency.URGENT)
    receiver = supervisor_of(r1)
    travel(at(2026, 10, 4, 14, 30))
    services.referral_accept(referral=r1, actor=receiver)
    travel(at(2026, 10, 7, 16, 30))
    services.referral_complete(
        referral=reload(r1), outcome=Referral.Outcome.DELIVERED, note="", actor=receiver
    )

    r2 = send(at(2026, 10, 5, 10))
    travel(at(2026, 10, 6, 13))
    services.referral_decline(
        referral=r2, reason=Referral.DeclineReason.NO_CAPACITY, note="", actor=receiver
    )

    r4 = send(at(2026, 10, 6, 10))
    travel(at(2026, 10, 7, 9))
    services.referral_cancel(referral=r4, reason="The family moved.", actor=social_worker)

    r5 = send(at(2026, 10, 11, 10))
    travel(at(2026, 10, 18, 10))
    services.referral_accept(referral=r5, actor=receiver)

    r7 = send(at(2026, 10, 12, 10))
    travel(at(2026, 10, 20, 10))
    services.referral_reroute(referral=r7, clock=answer_clock(r7))
    travel(at(2026, 10, 28, 10))
    r7 = reload(r7)
    services.referral_reroute(referral=r7, clock=answer_clock(r7))

    travel(at(2026, 10, 8, 10))
    referral(sender=social_worker, service=service, submit=False)  # r6, a draft

    r3 = send(at(2026, 11, 1, 1))
    travel(at(2026, 12, 2, 12))  # "now": r3's answer clock is long past due, still running
    return {"r1": r1, "r2": r2, "r3": r3, "r4": r4, "r5": r5, "r7": reload(r7)}


def by_group(rows):
    found = {}
    for month, agency_id, office_id, counters in rows:
        assert (month, agency_id, office_id) not in found, "one row per group"
        found[(month, agency_id, office_id)] = counters
    return found


def test_the_hand_made_referrals_are_in_the_states_the_table_says(made):
    assert {name: reload(r).status for name, r in made.items()} == {
        "r1": "completed",
        "r2": "declined",
        "r3": "routed",
        "r4": "cancelled",
        "r5": "accepted",
        "r7": "expired",
    }
    assert made["r7"].to_office == office("NAF", None)


def test_sent_counts_by_the_sending_office_and_the_month_submitted_in_amman(made):
    mosd = office("MOSD", "AM")
    rows = by_group(figures_referrals_sent.counters(OCT, DEC))
    assert rows == {
        (OCT, mosd.agency_id, mosd.pk): {
            "sent": 5,
            "urgency": {"urgent": 1, "normal": 4},
            "completed": 1,
            "declined": 1,
            "cancelled": 1,
            "expired": 1,
        },
        (NOV, mosd.agency_id, mosd.pk): {
            "sent": 1,
            "urgency": {"normal": 1},
            "completed": 0,
            "declined": 0,
            "cancelled": 0,
            "expired": 0,
        },
    }


def test_received_counts_by_the_receiving_office_with_answers_deadlines_and_durations(made):
    amman, head = office("NAF", "AM"), office("NAF", None)
    rows = by_group(figures_referrals_received.counters(OCT, DEC))
    assert rows == {
        (OCT, amman.agency_id, amman.pk): {
            "received": 4,  # r1, r2, r4, r5
            "answered": 3,  # r1, r2, r5
            "accepted": 2,
            "declined": 1,
            "answered_settled": 3,  # r4 was cancelled before its deadline: not settled
            "answered_in_time": 2,  # r5 was answered after its deadline
            "completed": 1,
            "hours_to_answer": {"5": 1, "27": 1, "168": 1},
            "hours_to_complete": {"74": 1},
            "decline_reasons": {"no_capacity": 1},
            "outcomes": {"delivered": 1},
        },
        # r7 missed its deadlines at both offices and expired at the head office.
        (OCT, head.agency_id, head.pk): {
            "received": 1,
            "answered": 0,
            "accepted": 0,
            "declined": 0,
            "answered_settled": 1,
            "answered_in_time": 0,
            "completed": 0,
        },
        # r3: unanswered, its clock running past due: breach is a fact of time passing.
        (NOV, amman.agency_id, amman.pk): {
            "received": 1,
            "answered": 0,
            "accepted": 0,
            "declined": 0,
            "answered_settled": 1,
            "answered_in_time": 0,
            "completed": 0,
        },
    }


def test_an_unanswered_referral_before_its_deadline_is_not_settled(social_worker, travel):
    travel(at(2026, 11, 8, 9))
    made = routed(sender=social_worker, service=referrable_card(referral_response_days=3))
    travel(at(2026, 11, 9, 9))
    [(month, _agency, office_id, counters)] = figures_referrals_received.counters(NOV, DEC)
    assert (month, office_id) == (NOV, made.to_office_id)
    assert (counters["received"], counters["answered_settled"]) == (1, 0)


def test_only_the_months_asked_for_are_counted(made):
    assert {row[0] for row in figures_referrals_sent.counters(OCT, NOV)} == {OCT}
    assert {row[0] for row in figures_referrals_received.counters(NOV, DEC)} == {NOV}
    assert list(figures_referrals_sent.counters(DEC, date(2027, 1, 1))) == []


def test_each_side_counts_in_a_fixed_number_of_queries(made, django_assert_num_queries):
    with django_assert_num_queries(2):  # totals, urgency
        list(figures_referrals_sent.counters(OCT, DEC))
    with django_assert_num_queries(5):  # totals, two histograms, decline reasons, outcomes
        list(figures_referrals_received.counters(OCT, DEC))


def test_the_referrals_module_fills_both_domains_through_the_refresh(made):
    assert {
        "referrals_sent": figures_referrals_sent.counters,
        "referrals_received": figures_referrals_received.counters,
    } == figures_referrals.FIGURES
    assert {"referrals_sent", "referrals_received"} <= {d for d, _ in domain_counters()}

    refresh(OCT, DEC)
    sent = MonthlyFigure.objects.get(domain="referrals_sent", month=OCT)
    assert sent.counters["sent"] == 5
    assert MonthlyFigure.objects.filter(domain="referrals_received").count() == 3


def test_the_refreshed_figures_reach_the_public_page(made, settings):
    refresh(OCT, DEC)
    settings.DASHBOARDS_MIN_GROUP = 1  # the hand-made set is small
    groups = {g["agency"]["code"]: g["values"] for g in public.published([OCT])}
    naf = groups["NAF"]
    assert naf["referrals_received"]["value"] == 5  # 4 at the Amman office, 1 at the head office
    assert naf["referrals_answered_in_time"]["value"] == 50.0  # 2 of 4 settled
    assert naf["referrals_answer_median_hours"]["value"] == 27.0  # of 5, 27, 168
    assert naf["referrals_complete_median_hours"]["value"] == 74.0
    assert naf["referrals_decline_reasons.no_capacity"]["value"] == 1
    assert groups["MOSD"]["referrals_sent"]["value"] == 5
