"""Who sees which cases, the caseload lists' filters, keyset pagination and query counts."""

import base64
import datetime as dt
import json

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.cases import selectors, services
from apps.cases.models import Case
from apps.organisations.models import Membership
from tests.cases.factories import add_plan, advance, household, open_case, person
from tests.organisations.factories import MembershipFactory, office, staff

Status = Case.Status
Role = Membership.Role
MY_CASES = "/en/staff/cases/"
OFFICE_CASES = "/en/staff/cases/office/"


def shown(response) -> list[str]:
    """References on the page, in the order shown."""
    assert response.status_code == 200
    page = response.context["page"]
    assert page is not None, "the filters were refused"
    return [case.reference for case in page]


# Scope ----------------------------------------------------------------------------------------


@pytest.fixture
def spread(social_worker, colleague, irbid_worker, other_agency_worker):
    """A case at each place: the worker's, a colleague's in the same office, MoSD Irbid, NAF."""
    return {
        "own": open_case(owner=social_worker),
        "colleague": open_case(owner=colleague),
        "irbid": open_case(owner=irbid_worker),
        "naf": open_case(owner=other_agency_worker),
    }


def visible(user, spread) -> set[str]:
    pks = set(selectors.cases_visible_to(user).values_list("pk", flat=True))
    return {name for name, case in spread.items() if case.pk in pks}


def test_a_social_worker_sees_the_cases_they_own(social_worker, spread):
    assert visible(social_worker, spread) == {"own"}


def test_a_supervisor_sees_every_case_of_the_office(supervisor, spread):
    assert visible(supervisor, spread) == {"own", "colleague"}


def test_an_agency_admin_sees_every_case_of_the_agency(agency_admin, spread):
    assert visible(agency_admin, spread) == {"own", "colleague", "irbid"}


def test_a_worker_of_another_agency_sees_none_of_mosds_cases(other_agency_worker, spread):
    assert visible(other_agency_worker, spread) == {"naf"}


def test_people_without_a_case_role_see_no_case(citizen, spread):
    assert visible(citizen, spread) == set()
    assert not selectors.cases_visible_to(AnonymousUser()).exists()


def test_an_inactive_membership_gives_no_sight_of_the_office(supervisor, spread):
    Membership.objects.filter(user=supervisor).update(is_active=False)
    assert visible(supervisor, spread) == set()


# My cases: filters ----------------------------------------------------------------------------


@pytest.fixture
def caseload(social_worker, supervisor):
    """The worker's cases in several states and risk levels."""
    open_low = open_case(owner=social_worker, risk=Case.Risk.LOW)
    active_high = advance(
        open_case(owner=social_worker, risk=Case.Risk.HIGH), Status.ACTIVE, worker=social_worker
    )
    overdue = advance(open_case(owner=social_worker), Status.PLANNING, worker=social_worker)
    add_plan(overdue, actor=social_worker, due=timezone.localdate() - dt.timedelta(days=1))
    closed = advance(
        open_case(owner=social_worker),
        Status.CLOSED,
        worker=social_worker,
        supervisor=supervisor,
    )
    return {"open_low": open_low, "active_high": active_high, "overdue": overdue, "closed": closed}


def names(caseload, references) -> set[str]:
    by_reference = {case.reference: name for name, case in caseload.items()}
    return {by_reference[r] for r in references}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", {"open_low", "active_high", "overdue"}),  # closed cases only when asked for
        ("?status=closed", {"closed"}),
        ("?status=active", {"active_high"}),
        ("?status=planning", {"overdue"}),
        ("?risk=high", {"active_high"}),
        ("?risk=low", {"open_low"}),
        ("?overdue=on", {"overdue"}),
        ("?overdue=on&risk=high", set()),
        ("?status=open&risk=low", {"open_low"}),
    ],
)
def test_my_cases_filters(query, expected, caseload, social_worker, client_for):
    response = client_for(social_worker).get(MY_CASES + query)
    assert names(caseload, shown(response)) == expected


def test_my_cases_shows_only_the_workers_own_cases(social_worker, colleague, client_for):
    mine = open_case(owner=social_worker)
    open_case(owner=colleague)
    assert shown(client_for(social_worker).get(MY_CASES)) == [mine.reference]


def test_my_cases_marks_overdue_actions(caseload, social_worker, client_for):
    response = client_for(social_worker).get(MY_CASES + "?overdue=on")
    assert shown(response) == [caseload["overdue"].reference]
    assert '<span class="badge text-bg-danger">Overdue</span>' in response.content.decode()


def test_searching_by_reference_as_people_type_it(caseload, social_worker, client_for):
    reference = caseload["active_high"].reference
    typed = reference.replace("-", " ").lower().replace("0", "o").replace("1", "l")
    for query in (reference, typed):
        response = client_for(social_worker).get(MY_CASES, {"q": query})
        assert shown(response) == [reference]


def test_searching_by_arabic_name_with_a_spelling_variant(social_worker, client_for):
    head = person(
        first_name_ar="إيمان",
        father_name_ar="أحمد",
        grandfather_name_ar="",
        family_name_ar="الطراونة",
    )
    home, _ = household(head=head)
    wanted = open_case(owner=social_worker, home=home, primary_person=head)
    open_case(owner=social_worker)

    for query in ("ايمان احمد الطراونه", "إيمان الطراونة", "الطراونه"):
        response = client_for(social_worker).get(MY_CASES, {"q": query})
        assert shown(response) == [wanted.reference], query
    assert shown(client_for(social_worker).get(MY_CASES, {"q": "الحمايدة"})) == []


def test_an_invalid_filter_shows_a_message_not_an_error(caseload, social_worker, client_for):
    response = client_for(social_worker).get(MY_CASES + "?risk=extreme&status=lost")
    assert response.status_code == 200
    assert response.context["page"] is None
    assert "Some filters are not valid" in response.content.decode()


# Office cases: filters ------------------------------------------------------------------------


@pytest.fixture
def office_load(social_worker, colleague, supervisor, irbid_worker):
    """The supervisor heads the Amman and the Irbid offices."""
    MembershipFactory(user=supervisor, office=office("MOSD", "IR"), role=Role.SUPERVISOR)
    return {
        "mine": open_case(owner=social_worker, risk=Case.Risk.CRITICAL),
        "colleague": open_case(owner=colleague),
        "irbid": open_case(owner=irbid_worker),
        "naf": open_case(owner=staff("NAF", "AM", Role.SOCIAL_WORKER)),
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (lambda s: {}, {"mine", "colleague", "irbid"}),
        (lambda s: {"owner": s["colleague"].owner_id}, {"colleague"}),
        (lambda s: {"governorate": s["irbid"].office.governorate_id}, {"irbid"}),
        (lambda s: {"governorate": s["mine"].office.governorate_id}, {"mine", "colleague"}),
        (lambda s: {"risk": "critical"}, {"mine"}),
        (lambda s: {"q": s["colleague"].reference}, {"colleague"}),
        (lambda s: {"q": s["naf"].reference}, set()),
    ],
)
def test_office_cases_filters(query, expected, office_load, supervisor, client_for):
    response = client_for(supervisor).get(OFFICE_CASES, query(office_load))
    assert names(office_load, shown(response)) == expected


def test_the_owner_filter_offers_only_the_supervisors_workers(
    office_load, supervisor, other_agency_worker, client_for
):
    response = client_for(supervisor).get(OFFICE_CASES, {"owner": other_agency_worker.pk})
    assert response.context["page"] is None
    owners = set(response.context["filter"].filters["owner"].queryset)
    assert owners == {office_load[n].owner for n in ("mine", "colleague", "irbid")}


# Keyset pagination ----------------------------------------------------------------------------


def walk(client, url, params=None) -> tuple[list[str], list[int]]:
    """Follow the `next` cursors from the first page to the last: references and page sizes."""
    params = dict(params or {})
    seen, sizes = [], []
    while True:
        response = client.get(url, params)
        references = shown(response)
        seen += references
        sizes.append(len(references))
        cursor = response.context["page"].next_cursor
        if cursor is None:
            return seen, sizes
        assert f"cursor={cursor}" in response.content.decode()
        params["cursor"] = cursor
        assert len(sizes) < 10, "the walk does not end"


def many(worker, count: int) -> list[Case]:
    cases = [open_case(owner=worker) for _ in range(count)]
    # A run of cases touched at the same instant, across a page boundary: the id breaks the tie.
    same_time = timezone.now() - dt.timedelta(hours=1)
    Case.objects.filter(pk__in=[c.pk for c in cases[10:40]]).update(updated_at=same_time)
    return cases


@pytest.fixture
def sixty(social_worker):
    return many(social_worker, 60)


def test_walking_the_pages_shows_every_case_once_in_order(sixty, social_worker, client_for):
    seen, sizes = walk(client_for(social_worker), MY_CASES)

    expected = list(
        Case.objects.filter(owner=social_worker)
        .order_by("-updated_at", "-id")
        .values_list("reference", flat=True)
    )
    assert seen == expected
    assert len(set(seen)) == 60
    assert sizes == [25, 25, 10]


def expected_order(worker, sort: str) -> list[str]:
    cases = Case.objects.filter(owner=worker)
    if sort == "opened":  # newest first
        ordered = sorted(cases, key=lambda c: (c.opened_at, c.pk), reverse=True)
    else:  # next action due first, cases without one last, then by id
        ordered = sorted(cases, key=lambda c: (c.next_action_due or dt.date.max, c.pk))
    return [c.reference for c in ordered]


def test_walking_the_pages_in_the_other_sorts_and_with_a_filter(sixty, social_worker, client_for):
    today = timezone.localdate()
    for i, case in enumerate(sixty[:45]):  # the others have no action due
        Case.objects.filter(pk=case.pk).update(next_action_due=today + dt.timedelta(days=i % 7))
    client = client_for(social_worker)

    for sort in ("opened", "due"):
        seen, sizes = walk(client, MY_CASES, {"sort": sort})
        assert seen == expected_order(social_worker, sort), sort
        assert sizes == [25, 25, 10]

    Case.objects.filter(pk__in=[c.pk for c in sixty[::2]]).update(risk=Case.Risk.HIGH)
    seen, sizes = walk(client, MY_CASES, {"risk": "high", "sort": "due"})
    assert sorted(seen) == sorted(c.reference for c in sixty[::2])
    assert sizes == [25, 5]


def _cursor(values) -> str:
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")


def first_page_for_every(cursors, worker, client) -> None:
    many(worker, 26)
    first = shown(client.get(MY_CASES))
    assert len(first) == 25
    for cursor in cursors:
        response = client.get(MY_CASES, {"cursor": cursor})
        assert shown(response) == first, cursor
        assert response.context["page"].is_first, cursor


def test_a_garbage_cursor_gives_the_first_page(social_worker, client_for):
    cursors = [
        "garbage",
        "!!!",
        "%%%%",
        _cursor({"updated_at": 1}),
        _cursor([1]),
        _cursor(["not a date", 5]),
        _cursor(["2025-01-01T10:00:00+03:00", 5, 6]),
    ]
    first_page_for_every(cursors, social_worker, client_for(social_worker))


def test_a_cursor_holding_values_of_the_wrong_type_gives_the_first_page(social_worker, client_for):
    # Well-formed cursors whose values cannot be the sort fields' (NULL, text for the id).
    cursors = [_cursor([None, None]), _cursor(["2025-01-01T10:00:00+03:00", "not a number"])]
    first_page_for_every(cursors, social_worker, client_for(social_worker))


# Query counts ---------------------------------------------------------------------------------


def count_queries(client, url) -> int:
    client.get(url)  # warm up: the session's idle clock is written on the first request only
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("url", [MY_CASES, MY_CASES + "?sort=due&risk=medium", OFFICE_CASES])
def test_the_caseload_issues_the_same_queries_for_5_and_40_cases(
    url, social_worker, supervisor, colleague, client_for
):
    client = client_for(supervisor if url == OFFICE_CASES else social_worker)
    for i in range(5):
        open_case(owner=colleague if i % 2 and url == OFFICE_CASES else social_worker)
    with_5 = count_queries(client, url)

    for i in range(35):
        open_case(owner=colleague if i % 2 and url == OFFICE_CASES else social_worker)
    with_40 = count_queries(client, url)

    assert with_5 == with_40
    assert with_40 <= 12


def detail_url(case) -> str:
    return f"/en/staff/cases/{case.reference}/"


def busy_case(worker, supervisor, n: int) -> Case:
    """A case in planning with n notes (every other one confidential), n documents, n goals."""
    case = advance(open_case(owner=worker), Status.PLANNING, worker=worker)
    for i in range(n):
        services.note_add(case=case, body=f"Note {i}", confidential=bool(i % 2), actor=worker)
        services.document_add(
            case=case,
            title=f"Document {i}",
            upload=SimpleUploadedFile(f"d{i}.pdf", b"%PDF-1.4 test"),
            actor=worker,
        )
        add_plan(case, actor=worker)
        services.assessment_record(case=case, domain="housing", need=i % 5, notes="", actor=worker)
    services.case_request_closure(case=case, reason="Done", actor=worker)
    return case


@pytest.mark.parametrize("persona", ["social_worker", "supervisor", "agency_admin"])
def test_the_case_page_issues_a_bounded_number_of_queries_whatever_it_holds(
    persona, social_worker, supervisor, request, client_for, django_assert_max_num_queries
):
    client = client_for(request.getfixturevalue(persona))
    small = busy_case(social_worker, supervisor, 2)
    big = busy_case(social_worker, supervisor, 20)
    assert big.events.count() > 80

    with_2 = count_queries(client, detail_url(small))
    with_20 = count_queries(client, detail_url(big))

    assert with_2 == with_20
    with django_assert_max_num_queries(30):
        client.get(detail_url(big))
