# ruff: noqa: F811 - the office_data fixture is imported from conftest_office.py
"""The supervisor's office dashboard: every figure against the hand-made office of
conftest_office.py, scoping, the deadlines list, reassigning cases, and a fixed query count."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from apps.audit.models import AuditEvent
from apps.cases.models import Assignment, Case
from apps.dashboards import selectors_office as selectors
from apps.organisations.models import Membership
from apps.organisations.navigation import staff_menu
from apps.referrals.models import Referral
from apps.sla.models import Clock
from tests.cases.factories import open_case
from tests.dashboards.conftest_office import OfficeData, office_data  # noqa: F401
from tests.organisations.factories import MembershipFactory, office, staff

Role = Membership.Role
pytestmark = pytest.mark.django_db


def en(name: str, args=None) -> str:
    """The English address of a page (the messages checked are English)."""
    with translation.override("en"):
        return reverse(name, args=args)


DASHBOARD = en("dashboards:office")
COLUMNS = [
    "open_cases",
    "high_risk",
    "overdue_actions",
    "referrals_awaiting",
    "applications_in_review",
    "complaints_open",
    "at_risk",
    "breached",
]
# The table of conftest_office.py, in the default order (most breached first).
EXPECTED = {
    "Basma Worker": [1, 0, 0, 3, 0, None, 0, 3],
    "Adel Worker": [3, 2, 1, 2, 2, None, 1, 2],
    "Dana Officer": [0, 0, 0, 0, 0, 1, 0, 1],
    "Carim Worker": [0, 0, 0, 0, 0, 1, 1, 0],
}


def _figures(rows):
    return {row.full_name: [getattr(row, column) for column in COLUMNS] for row in rows}


def _dashboard(client, office=None, **params):
    if office is not None:
        params["office"] = office.pk
    return client.get(DASHBOARD, params)


# --- figures ---------------------------------------------------------------------------------------


def test_every_figure_of_every_worker(client_for, supervisor, office_data):
    response = _dashboard(client_for(supervisor))
    assert response.status_code == 200
    rows = response.context["rows"]
    assert _figures(rows) == EXPECTED
    assert [row.full_name for row in rows] == list(EXPECTED)  # most breached first
    assert [row.is_social_worker for row in rows] == [True, True, False, True]
    assert [row.is_officer for row in rows] == [False, False, True, True]


def test_the_workers_table_downloads_with_the_same_figures(client_for, supervisor, office_data):
    response = _dashboard(client_for(supervisor), export="csv")
    assert response.status_code == 200
    lines = response.content.decode("utf-8-sig").splitlines()
    assert len(lines) == 1 + len(EXPECTED)
    for name, figures in EXPECTED.items():
        line = next(line for line in lines if line.startswith(name))
        shown = line.split(",")[2:]
        assert shown == ["" if value is None else str(value) for value in figures]
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.EXPORT, object_type="dashboards.office.workers"
    ).exists()
    assert _dashboard(client_for(supervisor), export="pdf").status_code == 404


def test_the_figures_are_kept_briefly_and_counted_again_on_asking(
    client_for, supervisor, office_data
):
    client = client_for(supervisor)
    first = _dashboard(client).context["rows"]
    moved = Case.objects.filter(owner__full_name="Adel Worker").exclude(status="closed").first()
    Case.objects.filter(pk=moved.pk).update(status=Case.Status.CLOSED)
    kept = _figures(_dashboard(client).context["rows"])
    assert kept == _figures(first)  # the same figures, counted at the time shown
    counted = _figures(_dashboard(client, fresh="1").context["rows"])
    assert counted["Adel Worker"][0] == EXPECTED["Adel Worker"][0] - 1
    assert 'id="figures-time"' in _dashboard(client).content.decode()


def test_old_figures_are_shown_while_they_are_counted_again_in_the_background(
    client_for, supervisor, office_data, monkeypatch
):
    from django.core.cache import cache

    from apps.dashboards import kept, tasks

    client = client_for(supervisor)
    home = office_data.home
    _dashboard(client)
    moved = Case.objects.filter(owner__full_name="Adel Worker").exclude(status="closed").first()
    Case.objects.filter(pk=moved.pk).update(status=Case.Status.CLOSED)
    # Three minutes pass: the kept figures are older than FRESH_FOR.
    key = kept._key(home, supervisor)
    found = cache.get(key)
    found["computed_at"] -= dt.timedelta(seconds=kept.FRESH_FOR + 60)
    cache.set(key, found)
    asked = []
    monkeypatch.setattr(tasks.count_office_figures, "delay", lambda *args: asked.append(args))
    shown = _figures(_dashboard(client).context["rows"])
    assert shown["Adel Worker"][0] == EXPECTED["Adel Worker"][0]  # the old figures, at once
    assert asked == [(home.pk, supervisor.pk)]  # and a count in the background
    _dashboard(client)
    assert len(asked) == 1  # one count at a time
    tasks.count_office_figures(*asked[0])  # the worker counts
    counted = _dashboard(client).context["rows"]
    assert _figures(counted)["Adel Worker"][0] == EXPECTED["Adel Worker"][0] - 1
    assert len(asked) == 1  # fresh figures: nothing more to count


def test_a_reassignment_from_the_dashboard_counts_the_figures_again(
    client_for, supervisor, office_data
):
    from apps.dashboards import kept

    client = client_for(supervisor)
    _dashboard(client)
    moved = Case.objects.filter(owner__full_name="Adel Worker").exclude(status="closed").first()
    Case.objects.filter(pk=moved.pk).update(status=Case.Status.CLOSED)
    kept.figures_changed(office_data.home)
    counted = _figures(_dashboard(client).context["rows"])
    assert counted["Adel Worker"][0] == EXPECTED["Adel Worker"][0] - 1


def test_the_totals_and_what_nobody_has(client_for, supervisor, office_data):
    totals = _dashboard(client_for(supervisor)).context["totals"]
    assert totals.figures == {
        "open": 4,
        "risk": 2,
        "actions": 1,
        "referrals": 5,
        "applications": 2,
        "complaints": 2,
        "at_risk": 2,
        "breached": 6,
    }
    assert totals.unassigned_referrals == 1
    assert totals.unassigned_breached == 1
    assert totals.unassigned_at_risk == 0


def test_the_page_shows_the_figures_and_the_totals_row(client_for, supervisor, office_data):
    page = _dashboard(client_for(supervisor)).content.decode()
    assert "Office dashboard" in page or "لوحة" in page
    assert 'id="total-breached">7<' in page  # six of the team and one of nobody
    assert en("dashboards:office_worker", args=[office_data.home.pk, office_data.adel.pk]) in page
    # Dana is no social worker: no link to a caseload of hers.
    assert (
        en("dashboards:office_worker", args=[office_data.home.pk, office_data.dana.pk]) not in page
    )
    assert en("cases:approvals") in page
    assert en("dashboards:office_deadlines", args=[office_data.home.pk]) in page


def test_at_risk_means_due_within_the_next_working_day(office_data, supervisor):
    home = office_data.home
    when = selectors.window(home)
    assert when.horizon > when.now
    data = office_data.data
    # Carim has one complaint at risk; add a referral due before the horizon and one after.
    for due in (when.now + (when.horizon - when.now) / 2, when.horizon + dt.timedelta(minutes=1)):
        clock = data.clock("referrals.referral", data.referral(office_data.carim), "later")
        Clock.objects.filter(pk=clock.pk).update(due_at=due)
    rows = {row.full_name: row for row in selectors.office_figures(home, supervisor, when=when)[0]}
    assert rows["Carim Worker"].at_risk == 2
    assert rows["Carim Worker"].breached == 0


@pytest.mark.parametrize(
    ("sort", "first", "last"),
    [
        ("breached", "Basma Worker", "Carim Worker"),
        ("open", "Adel Worker", "Carim Worker"),  # ties: most breached, then by name
        ("risk", "Adel Worker", "Carim Worker"),
        ("actions", "Adel Worker", "Carim Worker"),
        ("referrals", "Basma Worker", "Carim Worker"),
        ("applications", "Adel Worker", "Carim Worker"),
        ("complaints", "Dana Officer", "Adel Worker"),  # "—" (not an officer) sorts last
        ("at_risk", "Adel Worker", "Dana Officer"),
        ("name", "Adel Worker", "Dana Officer"),
        ("'; DROP TABLE cases_case; --", "Basma Worker", "Carim Worker"),  # not listed: default
    ],
)
def test_each_column_sorts(client_for, supervisor, office_data, sort, first, last):
    response = _dashboard(client_for(supervisor), sort=sort)
    names = [row.full_name for row in response.context["rows"]]
    assert (names[0], names[-1]) == (first, last)
    assert response.context["sort"] in selectors.SORTS


def test_the_approvals_summary(client_for, supervisor, social_worker, office_data):
    from tests.cases.factories import advance

    case = open_case(owner=social_worker)
    advance(case, Case.Status.CLOSURE_REQUESTED, worker=social_worker)
    approvals = _dashboard(client_for(supervisor)).context["approvals"]
    assert (approvals["total"], approvals["closures"], approvals["plans"]) == (1, 1, 0)
    assert approvals["oldest"] is not None


def test_the_staff_menu_links_the_dashboard_for_supervisors_only(supervisor, social_worker):
    assert "dashboards:office" in [item.url_name for item in staff_menu(supervisor)]
    assert "dashboards:office" not in [item.url_name for item in staff_menu(social_worker)]


def test_the_staff_home_links_the_dashboard(client_for, supervisor):
    page = client_for(supervisor).get(en("dashboards:home")).content.decode()
    assert DASHBOARD in page


# --- scoping ---------------------------------------------------------------------------------------


def test_a_social_worker_is_refused(client_for, social_worker):
    assert _dashboard(client_for(social_worker)).status_code == 403


def test_an_anonymous_visitor_is_sent_to_sign_in(anonymous_client):
    response = anonymous_client.get(DASHBOARD)
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_another_offices_supervisor_gets_404(client_for, office_data):
    irbid_supervisor = staff("MOSD", "IR", Role.SUPERVISOR)
    client = client_for(irbid_supervisor)
    home = office_data.home
    assert _dashboard(client, home).status_code == 404
    assert client.get(en("dashboards:office_deadlines", args=[home.pk])).status_code == 404
    worker_url = en("dashboards:office_worker", args=[home.pk, office_data.adel.pk])
    assert client.get(worker_url).status_code == 404
    response = client.post(
        en("dashboards:office_reassign", args=[home.pk]),
        {
            "cases": [office_data.cases["high"].reference],
            "owner": office_data.basma.pk,
            "reason": "x",
        },
    )
    assert response.status_code == 404
    assert Case.objects.get(pk=office_data.cases["high"].pk).owner == office_data.adel
    refused = AuditEvent.objects.filter(action="access_denied", actor=irbid_supervisor)
    assert refused.count() == 4  # the dashboard, the deadlines, the worker page, the POST
    # Their own office shows only their own team.
    names = [row.full_name for row in _dashboard(client).context["rows"]]
    assert names == ["Ihab Irbid"]


def test_a_malformed_office_is_404(client_for, supervisor):
    assert client_for(supervisor).get(DASHBOARD, {"office": "1x"}).status_code == 404


def test_a_supervisor_of_two_offices_chooses(client_for, supervisor, office_data):
    MembershipFactory(user=supervisor, office=office_data.irbid, role=Role.SUPERVISOR)
    client = client_for(supervisor)
    response = _dashboard(client)
    assert len(response.context["offices"]) == 2
    assert 'name="office"' in response.content.decode()
    irbid = _dashboard(client, office_data.irbid)
    assert irbid.context["office"] == office_data.irbid
    assert [row.full_name for row in irbid.context["rows"]] == ["Ihab Irbid"]
    assert irbid.context["rows"][0].breached == 1
    assert irbid.context["rows"][0].high_risk == 1


# --- a worker's cases ------------------------------------------------------------------------------


def test_a_workers_open_cases_with_the_overdue_marked(client_for, supervisor, office_data):
    url = en("dashboards:office_worker", args=[office_data.home.pk, office_data.adel.pk])
    response = client_for(supervisor).get(url)
    assert response.status_code == 200
    cases = {case.reference: case.overdue_actions for case in response.context["page"]}
    refs = office_data.cases
    assert cases == {
        refs["high"].reference: 1,
        refs["critical"].reference: 0,
        refs["low"].reference: 0,
    }
    page = response.content.decode()
    assert "table-warning" in page  # the overdue case's row
    targets = [user.full_name for user in response.context["targets"]]
    assert targets == ["Basma Worker", "Carim Worker"]  # social workers of the office but Adel


@pytest.mark.parametrize("who", ["dana", "irbid_worker", "former", "supervisor"])
def test_only_the_offices_social_workers_have_a_case_page(client_for, supervisor, office_data, who):
    user = supervisor if who == "supervisor" else getattr(office_data, who)
    url = en("dashboards:office_worker", args=[office_data.home.pk, user.pk])
    assert client_for(supervisor).get(url).status_code == 404


# --- the deadlines list ----------------------------------------------------------------------------


def test_the_deadlines_list_newest_breach_first_then_at_risk(client_for, supervisor, office_data):
    url = en("dashboards:office_deadlines", args=[office_data.home.pk])
    client = client_for(supervisor)
    response = client.get(url, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    items = response.context["items"]
    # 7 breached (5 referrals, 1 complaint, 1 more referral of nobody) and 2 at risk; the complaint
    # about the supervisor is not there.
    breached = [item for item in items if item["clock"].is_breached]
    assert len(breached) == 7
    assert len(items) == 9
    assert not any(item["clock"].is_breached for item in items[7:])
    dues = [item["clock"].due_at for item in breached]
    assert dues == sorted(dues, reverse=True)
    referral = Referral.objects.get(pk=int(items[0]["clock"].subject_id))
    assert any(referral.reference in item["label"] for item in items)
    assert all(item["url"] for item in items)
    owners = {item["owner"] for item in items}
    assert {"Adel Worker", "Basma Worker", "Dana Officer", "Carim Worker", ""} == owners
    page = response.content.decode()
    assert "<html" not in page  # the fragment for htmx
    assert "badge" in page  # {% deadline %}
    full = client.get(url)
    assert "<html" in full.content.decode()


def test_the_deadlines_list_is_capped(client_for, supervisor, office_data):
    data = office_data.data
    for _ in range(selectors.DEADLINES_SHOWN):
        data.referral(office_data.basma, clock="breached")
    url = en("dashboards:office_deadlines", args=[office_data.home.pk])
    items = client_for(supervisor).get(url).context["items"]
    assert len(items) == selectors.DEADLINES_SHOWN
    assert all(item["clock"].is_breached for item in items)


# --- reassigning -----------------------------------------------------------------------------------


def _reassign(client, office_data, *, cases, owner, reason="Adel is on leave.", worker=None):
    url = en("dashboards:office_reassign", args=[office_data.home.pk])
    data = {"cases": cases, "reason": reason, "worker": worker or office_data.adel.pk}
    if owner is not None:
        data["owner"] = owner
    return client.post(url, data, follow=True)


def _owners(office_data):
    return {name: Case.objects.get(pk=case.pk).owner_id for name, case in office_data.cases.items()}


def _messages(response):
    return [str(message) for message in response.context["messages"]]


def test_reassigning_two_cases(client_for, supervisor, office_data):
    client = client_for(supervisor)
    high, low = office_data.cases["high"], office_data.cases["low"]
    response = _reassign(
        client, office_data, cases=[high.reference, low.reference], owner=office_data.basma.pk
    )
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == f"{DASHBOARD}?office={office_data.home.pk}"
    assert Case.objects.get(pk=high.pk).owner == office_data.basma
    assert Case.objects.get(pk=low.pk).owner == office_data.basma
    assert Case.objects.get(pk=office_data.cases["critical"].pk).owner == office_data.adel
    assignments = Assignment.objects.filter(case__in=[high, low], to_owner=office_data.basma)
    assert assignments.count() == 2
    assert {a.reason for a in assignments} == {"Adel is on leave."}
    assert {a.assigned_by for a in assignments} == {supervisor}
    assert AuditEvent.objects.filter(object_id__in=[str(high.pk), str(low.pk)]).count() >= 2
    assert any("2" in text for text in _messages(response))
    rows = {row.full_name: row for row in response.context["rows"]}
    assert (rows["Adel Worker"].open_cases, rows["Adel Worker"].high_risk) == (1, 1)
    assert rows["Adel Worker"].overdue_actions == 0
    assert (rows["Basma Worker"].open_cases, rows["Basma Worker"].high_risk) == (3, 1)
    assert rows["Basma Worker"].overdue_actions == 1


def _refused(response, office_data, before, *words):
    assert response.status_code == 200
    assert _owners(office_data) == before
    # Only the assignments made when the cases were opened.
    assert not Assignment.objects.filter(from_owner__isnull=False).exists()
    texts = " ".join(_messages(response))
    assert "Nothing was changed" in texts
    for word in words:
        assert word in texts
    return texts


def test_no_case_chosen_is_refused(client_for, supervisor, office_data):
    before = _owners(office_data)
    response = _reassign(client_for(supervisor), office_data, cases=[], owner=office_data.basma.pk)
    _refused(response, office_data, before, "Choose at least one case")


def test_no_reason_is_refused(client_for, supervisor, office_data):
    before = _owners(office_data)
    response = _reassign(
        client_for(supervisor),
        office_data,
        cases=[office_data.cases["high"].reference],
        owner=office_data.basma.pk,
        reason="   ",
    )
    _refused(response, office_data, before, "Say why")


def test_no_target_is_refused(client_for, supervisor, office_data):
    before = _owners(office_data)
    response = _reassign(
        client_for(supervisor), office_data, cases=[office_data.cases["high"].reference], owner=None
    )
    _refused(response, office_data, before, "Choose the social worker")


def test_a_case_of_another_office_is_refused_with_the_rest(client_for, supervisor, office_data):
    before = _owners(office_data)
    foreign = open_case(owner=office_data.irbid_worker)
    response = _reassign(
        client_for(supervisor),
        office_data,
        cases=[office_data.cases["high"].reference, foreign.reference],
        owner=office_data.basma.pk,
    )
    _refused(response, office_data, before, "not an open case of this office")
    assert Case.objects.get(pk=foreign.pk).owner == office_data.irbid_worker
    assert AuditEvent.objects.filter(action="access_denied").exists()


def test_a_closed_case_is_refused(client_for, supervisor, office_data):
    before = _owners(office_data)
    response = _reassign(
        client_for(supervisor),
        office_data,
        cases=[office_data.cases["closed"].reference],
        owner=office_data.basma.pk,
    )
    _refused(response, office_data, before, "not an open case of this office")


@pytest.mark.parametrize("who", ["irbid_worker", "dana", "former", "supervisor"])
def test_a_target_who_is_no_social_worker_of_the_office_is_refused(
    client_for, supervisor, office_data, who
):
    target = supervisor if who == "supervisor" else getattr(office_data, who)
    before = _owners(office_data)
    response = _reassign(
        client_for(supervisor),
        office_data,
        cases=[office_data.cases["high"].reference],
        owner=target.pk,
    )
    _refused(response, office_data, before, "Choose a social worker of this office")


def test_a_case_already_with_the_target_is_refused(client_for, supervisor, office_data):
    before = _owners(office_data)
    response = _reassign(
        client_for(supervisor),
        office_data,
        cases=[office_data.cases["high"].reference],
        owner=office_data.adel.pk,
    )
    _refused(response, office_data, before, "already has")


@pytest.mark.parametrize("field", ["reason", "cases", "owner"])
def test_nul_bytes_are_refused(client_for, supervisor, office_data, field):
    before = _owners(office_data)
    values = {
        "cases": [office_data.cases["high"].reference],
        "owner": office_data.basma.pk,
        "reason": "On leave.",
    }
    values[field] = (
        [f"{office_data.cases['high'].reference}\x00"]
        if field == "cases"
        else f"{values[field]}\x00"
    )
    response = _reassign(client_for(supervisor), office_data, **values)
    _refused(response, office_data, before)


def test_more_than_a_hundred_cases_are_refused(client_for, supervisor, office_data):
    before = _owners(office_data)
    references = [office_data.cases["high"].reference] + [f"C-0000-{n:04d}-X" for n in range(100)]
    response = _reassign(
        client_for(supervisor), office_data, cases=references, owner=office_data.basma.pk
    )
    _refused(response, office_data, before, "at most 100")


def test_a_get_is_not_a_reassignment(client_for, supervisor, office_data):
    url = en("dashboards:office_reassign", args=[office_data.home.pk])
    assert client_for(supervisor).get(url).status_code == 405


def test_a_social_worker_cannot_reassign(client_for, office_data):
    response = client_for(office_data.adel).post(
        en("dashboards:office_reassign", args=[office_data.home.pk]),
        {
            "cases": [office_data.cases["high"].reference],
            "owner": office_data.basma.pk,
            "reason": "x",
        },
    )
    assert response.status_code == 403
    assert Case.objects.get(pk=office_data.cases["high"].pk).owner == office_data.adel


# --- a fixed number of queries ---------------------------------------------------------------------


def _team(count: int):
    """`count` social workers of Amman, each with a high-risk case, an overdue action, a referral
    awaiting them with a breached clock, and one due soon."""
    home = office("MOSD", "AM")
    sender = staff("NAF", "IR", Role.SOCIAL_WORKER)
    data = OfficeData(home, sender, open_case(owner=sender))
    from tests.dashboards.conftest_office import overdue_action

    for n in range(count):
        worker = staff("MOSD", "AM", Role.SOCIAL_WORKER, full_name=f"Worker {n:02d}")
        case = open_case(owner=worker, risk=Case.Risk.HIGH)
        overdue_action(case, worker)
        data.referral(worker, clock="breached")
        data.referral(worker, clock="at_risk")
        data.application(worker, clock="breached")
        data.complaint(worker, clock="at_risk")
    return data


@pytest.mark.parametrize("workers", [2, 10])
def test_the_dashboard_costs_the_same_queries_for_2_and_10_workers(
    client_for, supervisor, django_assert_num_queries, workers
):
    _team(workers)
    client = client_for(supervisor)
    client.get(DASHBOARD)  # the session and the calendar's cache warmed
    with django_assert_num_queries(QUERIES):
        response = client.get(DASHBOARD, {"fresh": "1"})  # counted, not the kept figures
    assert len(response.context["rows"]) == workers
    assert all(row.breached == 2 and row.at_risk == 2 for row in response.context["rows"])


@pytest.mark.parametrize("workers", [2, 10])
def test_a_workers_case_page_costs_the_same_queries_whatever_the_office(
    client_for, supervisor, django_assert_num_queries, workers
):
    data = _team(workers)
    worker = Membership.objects.filter(office=data.home, role=Role.SOCIAL_WORKER).first().user
    for _ in range(3):
        open_case(owner=worker)
    client = client_for(supervisor)
    url = en("dashboards:office_worker", args=[data.home.pk, worker.pk])
    client.get(url)
    with django_assert_num_queries(WORKER_PAGE_QUERIES):
        response = client.get(url)
    assert len(response.context["page"].items) == 4


# Sign-in: the session, the user, the roles for the menu, the second factor. Then the supervised
# offices; the figures, one grouped query per kind of work (cases, overdue actions, referrals,
# applications, complaints, deadlines) and the team's rows; the approvals, and the notifications
# bell.
QUERIES = 14
# Sign-in (4), the offices, the worker, one page of cases, the other social workers, the bell.
WORKER_PAGE_QUERIES = 9


def test_a_big_team_shows_the_first_rows_and_all_on_asking(client_for, supervisor, monkeypatch):
    from apps.dashboards import supervisor as views

    monkeypatch.setattr(views, "WORKERS_SHOWN", 2)
    _team(3)
    client = client_for(supervisor)
    first = client.get(DASHBOARD)
    assert len(first.context["rows"]) == 2 and first.context["workers"] == 3
    assert "&amp;all=1" in first.content.decode()  # the link to the whole table
    everyone = client.get(DASHBOARD, {"all": "1"})
    assert len(everyone.context["rows"]) == 3
    assert "&amp;all=1" not in everyone.content.decode()
