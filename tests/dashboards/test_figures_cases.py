"""Case counters against hand-made cases, each opened, planned and closed through the services at
an instant the test sets.

MoSD's Amman office:

| case | opened (Amman)      | risk now | then                                                       |
|------|---------------------|----------|------------------------------------------------------------|
| c1   | Sat 3 Oct 10:00     | high     | planning: a karama action 5 Oct; a tamkeen action 2 Nov;    |
|      |                     |          | closed 20 Nov                                              |
| c3   | Thu 15 Oct 10:00    | low      | opened medium, set to low 16 Oct (the risk now counts)     |
| c2   | Sun 1 Nov 00:30     | critical | 31 Oct 21:30 UTC: November in Amman                         |

NAF's Amman office: c4, opened Tue 20 Oct 11:00, low.
"""

import datetime as dt

import pytest

from apps.cases import services
from apps.cases.models import Case, Pillar
from apps.dashboards import figures_cases
from tests.cases.factories import advance, open_case
from tests.organisations.factories import office, staff
from tests.sla.factories import at

pytestmark = pytest.mark.django_db
OCT, NOV, DEC = dt.date(2026, 10, 1), dt.date(2026, 11, 1), dt.date(2026, 12, 1)
Risk = Case.Risk


@pytest.fixture
def made(social_worker, supervisor, travel):
    travel(at(2026, 10, 3, 10))
    c1 = open_case(owner=social_worker, risk=Risk.HIGH)
    travel(at(2026, 10, 5, 9))
    c1 = advance(c1, Case.Status.PLANNING, worker=social_worker)  # with a karama action
    first = c1.goals.get().actions.get()
    services.case_activate(case=c1, actor=social_worker)
    travel(at(2026, 11, 2, 9))
    services.action_add(
        goal=first.goal,
        description="Enrol the son in school",
        due_date=dt.date(2026, 11, 30),
        responsible_agency=c1.office.agency,
        responsible_office=None,
        pillar=Pillar.TAMKEEN,
        actor=social_worker,
    )
    travel(at(2026, 11, 20, 9))
    approval = services.case_request_closure(case=c1, reason="Goals met", actor=social_worker)
    services.approval_decide(approval=approval, approve=True, comment="", actor=supervisor)

    travel(at(2026, 10, 15, 10))
    c3 = open_case(owner=social_worker, risk=Risk.MEDIUM)
    travel(at(2026, 10, 16, 10))
    services.case_set_risk(case=c3, risk=Risk.LOW, actor=social_worker)

    travel(at(2026, 11, 1, 0, 30))
    c2 = open_case(owner=social_worker, risk=Risk.CRITICAL)

    travel(at(2026, 10, 20, 11))
    naf_worker = staff("NAF", "AM", email="worker.am@naf.example.jo")
    c4 = open_case(owner=naf_worker, risk=Risk.LOW)
    travel(at(2026, 12, 2, 12))
    return {"c1": c1, "c2": c2, "c3": c3, "c4": c4}


def test_cases_count_by_their_office_and_month_opened_closed_and_plan_actions_added(made):
    assert Case.objects.get(pk=made["c1"].pk).status == Case.Status.CLOSED
    mosd, naf = office("MOSD", "AM"), office("NAF", "AM")
    rows = {(m, a, o): counters for m, a, o, counters in figures_cases.counters(OCT, DEC)}
    assert rows == {
        (OCT, mosd.agency_id, mosd.pk): {
            "opened": 2,
            "closed": 0,
            "by_risk": {"high": 1, "low": 1},
            "actions_by_pillar": {"karama": 1},
        },
        # c1 opened in October counts as closed in November, in November's own counter.
        (NOV, mosd.agency_id, mosd.pk): {
            "opened": 1,
            "closed": 1,
            "by_risk": {"critical": 1},
            "actions_by_pillar": {"tamkeen": 1},
        },
        (OCT, naf.agency_id, naf.pk): {"opened": 1, "closed": 0, "by_risk": {"low": 1}},
    }


def test_only_the_months_asked_for_are_counted(made):
    mosd = office("MOSD", "AM")
    [counters] = [row[3] for row in figures_cases.counters(NOV, DEC) if row[2] == mosd.pk]
    assert (counters["opened"], counters["closed"]) == (1, 1)
    assert list(figures_cases.counters(dt.date(2026, 9, 1), OCT)) == []


def test_a_reopened_case_counts_as_closed_when_it_is_closed_again(made, social_worker, travel):
    travel(at(2026, 12, 3, 9))
    services.case_reopen(case=made["c1"], reason="The rent is due again", actor=social_worker)
    assert [row for row in figures_cases.counters(NOV, DEC) if row[3]["closed"]] == []


def test_cases_are_counted_in_a_fixed_number_of_queries(made, django_assert_num_queries):
    # opened, by risk, plan actions by pillar, closed
    with django_assert_num_queries(4):
        figures_cases.counters(OCT, DEC)
