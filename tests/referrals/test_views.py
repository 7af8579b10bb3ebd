"""The referral pages: who gets each (200, 404 out of scope, 403 for the wrong role, the sign-in
page for anonymous visitors), what the receiving side may and may not see, the forms and every
action URL with their messages, the lists with their filters, and fixed query counts."""

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from apps.audit.models import AuditEvent
from apps.cases import services as case_services
from apps.cases.models import Assessment
from apps.catalogue import services as catalogue_services
from apps.core.forms import OnceForm
from apps.organisations.models import Governorate, Membership
from apps.referrals import services
from apps.referrals.models import Referral, RoutingRule
from apps.sla.models import Clock
from tests.cases.factories import open_case
from tests.organisations.factories import office
from tests.referrals.factories import (
    answer_clock,
    closed_offices,
    consent,
    document,
    in_state,
    many,
    referrable_card,
    reload,
    routed,
)
from tests.referrals.helpers import audits, snapshot

pytestmark = pytest.mark.django_db
Status = Referral.Status
Role = Membership.Role
Action = AuditEvent.Action


def url(name: str, *args, lang: str = "en") -> str:
    with translation.override(lang):
        return reverse(f"referrals:{name}", args=args)


def detail(made: Referral, lang: str = "en") -> str:
    return url("detail", made.reference, lang=lang)


def act(made: Referral, action: str) -> str:
    return url("action", made.reference, action)


def case_page(case, lang: str = "en") -> str:
    with translation.override(lang):
        return reverse("cases:detail", args=[case.reference])


def login_url(lang: str = "en") -> str:
    with translation.override(lang):
        return reverse("account_login")


def flash(response) -> str:
    """The message the request left (the client keeps earlier, unread ones too)."""
    return [str(m) for m in get_messages(response.wsgi_request)][-1]


def html(response) -> str:
    return response.content.decode()


def once_token(response) -> str:
    return response.context["form"]["once"].value()


# The case page's section ------------------------------------------------------------------------


def test_the_case_page_lists_its_referrals_and_the_outcome_closes_the_loop(
    social_worker, naf_worker, client_for
):
    made = routed(sender=social_worker)
    page = client_for(social_worker).get(case_page(made.case))
    assert page.status_code == 200
    assert made.reference in html(page) and "Awaiting answer" in html(page)
    assert url("create", made.case.reference) in html(page)
    services.referral_accept(referral=made, actor=naf_worker)
    services.referral_complete(
        referral=reload(made),
        outcome=Referral.Outcome.DELIVERED,
        note="Monthly aid starts in May.",
        actor=naf_worker,
    )
    page = client_for(social_worker).get(case_page(made.case))
    assert "Service delivered" in html(page) and "Monthly aid starts in May." in html(page)
    assert escape(f"Referral {made.reference} completed: Service delivered") in html(page)


def test_the_section_takes_the_same_queries_for_one_or_ten_referrals(
    social_worker, client_for, django_assert_max_num_queries
):
    first = many(1, sender=social_worker)[0]
    case = first.case
    client = client_for(social_worker)
    client.get(case_page(case))
    few = queries_for(client, case_page(case))
    for n in range(9):
        services.referral_create(
            case=case,
            person=first.person,
            service=first.service,
            reason=f"No. {n}",
            actor=social_worker,
        )
    with django_assert_max_num_queries(few):
        page = client.get(case_page(case))
    assert len(page.context["sections"][0][1]["rows"]) == 10


def test_the_section_offers_no_referral_to_who_cannot_work_on_the_case(
    social_worker, agency_admin, client_for
):
    made = routed(sender=social_worker)
    page = client_for(agency_admin).get(case_page(made.case))
    assert page.status_code == 200 and made.reference in html(page)
    assert url("create", made.case.reference) not in html(page)


# The referral form ------------------------------------------------------------------------------


@pytest.fixture
def case(social_worker):
    return open_case(owner=social_worker)


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_the_form_offers_published_referrable_services_only(
    lang, case, social_worker, supervisor, naf_admin, client_for
):
    offered = referrable_card(name_en="Offered service")
    referrable_card(name_en="Draft service", publish=False)
    referrable_card(name_en="Closed to referrals", referrable=False)
    retired = referrable_card(name_en="Retired service")
    catalogue_services.service_retire(service=retired, actor=naf_admin)
    for user in (social_worker, supervisor):
        page = client_for(user).get(url("create", case.reference, lang=lang))
        assert page.status_code == 200
        services_offered = list(page.context["form"].fields["service"].queryset)
        assert offered in services_offered
        assert {s.name_en for s in services_offered}.isdisjoint(
            {"Draft service", "Closed to referrals", "Retired service"}
        )


def test_the_form_is_for_the_case_worker_and_supervisor_only(
    case,
    mosd_worker_2,
    other_agency_worker,
    agency_admin,
    complaints_officer,
    anonymous_client,
    client_for,
):
    page = url("create", case.reference)
    assert client_for(mosd_worker_2).get(page).status_code == 404
    assert client_for(other_agency_worker).get(page).status_code == 404
    assert client_for(agency_admin).get(page).status_code == 403
    assert client_for(complaints_officer).get(page).status_code == 403
    response = anonymous_client.get(page)
    assert response.status_code == 302 and response.url == f"{login_url()}?next={page}"
    assert client_for(mosd_worker_2).get(url("create", "C-NOPE-NOPE-X")).status_code == 404


def form_data(case, service, **extra) -> dict:
    return {
        "service": service.pk,
        "person": case.primary_person_id,
        "urgency": "normal",
        "reason": "The family lost its income in March.",
        "once": "first-form",
    } | extra


def test_submitting_the_form_refers_and_routes(
    case, social_worker, client_for, django_capture_on_commit_callbacks
):
    service = referrable_card()
    consent(case.primary_person, service.agency, actor=social_worker)
    shared = document(case, actor=social_worker, title="Salary certificate")
    document(case, actor=social_worker, title="Medical report")
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(social_worker).post(
            url("create", case.reference),
            form_data(case, service, documents=[shared.pk], urgency="urgent"),
        )
    made = Referral.objects.get()
    assert response.status_code == 302 and response.url == detail(made)
    assert (
        flash(response) == f"Referral {made.reference} submitted; it is being routed to an office."
    )
    made = reload(made)
    assert made.status == Status.ROUTED and made.urgency == Referral.Urgency.URGENT
    assert list(made.documents.all()) == [shared]


def test_saving_a_draft(case, social_worker, client_for, django_capture_on_commit_callbacks):
    service = referrable_card()
    consent(case.primary_person, service.agency, actor=social_worker)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(social_worker).post(
            url("create", case.reference), form_data(case, service, save_draft="1")
        )
    made = Referral.objects.get()
    assert made.status == Status.DRAFT
    assert flash(response) == "Referral saved as a draft."
    page = client_for(social_worker).get(detail(made))
    assert act(made, "submit") in html(page)


def test_the_same_form_sent_twice_refers_once(case, social_worker, client_for):
    service = referrable_card()
    consent(case.primary_person, service.agency, actor=social_worker)
    client = client_for(social_worker)
    client.post(url("create", case.reference), form_data(case, service))
    again = client.post(url("create", case.reference), form_data(case, service))
    assert Referral.objects.count() == 1
    assert again.status_code == 302 and again.url == case_page(case)
    assert flash(again) == str(OnceForm.repeat_message)


def test_without_consent_the_form_says_why_and_the_corrected_form_goes_through(
    case, social_worker, client_for
):
    service = referrable_card()
    client = client_for(social_worker)
    refused = client.post(url("create", case.reference), form_data(case, service))
    assert refused.status_code == 200
    assert escape("has not consented to a referral to") in html(refused)
    assert not Referral.objects.exists()
    # The worker gives the reason to go without consent and sends the form again.
    corrected = client.post(
        url("create", case.reference),
        form_data(
            case,
            service,
            consent_override="A child at risk; the protection team asked for it.",
            once=once_token(refused),
        ),
    )
    assert corrected.status_code == 302
    assert Referral.objects.get().consent_override.startswith("A child at risk")


def test_an_incomplete_form_is_shown_again_with_its_errors(case, social_worker, client_for):
    service = referrable_card()
    response = client_for(social_worker).post(
        url("create", case.reference), form_data(case, service, reason="", urgency="someday")
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"reason", "urgency"}
    assert not Referral.objects.exists()


# Lists ------------------------------------------------------------------------------------------


def rows(response) -> list[Referral]:
    return [referral for referral, _clock in response.context["rows"]]


def test_each_side_lists_its_own(
    social_worker,
    mosd_worker_2,
    supervisor,
    naf_worker,
    naf_worker_2,
    naf_supervisor,
    naf_admin,
    other_agency_worker,
    client_for,
):
    made = routed(sender=social_worker)
    sent, received = url("sent"), url("received")
    assert rows(client_for(social_worker).get(sent)) == [made]
    assert rows(client_for(supervisor).get(sent)) == [made]
    assert rows(client_for(mosd_worker_2).get(sent)) == []
    assert rows(client_for(naf_worker).get(sent)) == []
    for user in (naf_worker, naf_worker_2, naf_supervisor, naf_admin):
        assert rows(client_for(user).get(received)) == [made]
    assert rows(client_for(other_agency_worker).get(received)) == []
    assert rows(client_for(social_worker).get(received)) == []
    # Once a worker has it, colleagues no longer see it in their queue.
    services.referral_assign(referral=made, worker=naf_worker, actor=naf_supervisor)
    assert rows(client_for(naf_worker).get(received)) == [made]
    assert rows(client_for(naf_worker_2).get(received)) == []
    assert rows(client_for(naf_supervisor).get(received)) == [made]


@pytest.mark.parametrize("name", ["sent", "received"])
def test_the_lists_are_for_staff_working_on_referrals(
    name, complaints_officer, anonymous_client, client_for
):
    assert client_for(complaints_officer).get(url(name)).status_code == 403
    response = anonymous_client.get(url(name))
    assert response.status_code == 302 and response.url.startswith(login_url())


def test_the_unrouted_queue_is_the_receiving_agency_admins(
    social_worker, naf_admin, agency_admin, naf_supervisor, naf_worker, client_for
):
    waiting = in_state(Status.UNROUTED, sender=social_worker)
    routed(sender=social_worker)
    assert rows(client_for(naf_admin).get(url("unrouted"))) == [waiting]
    assert rows(client_for(agency_admin).get(url("unrouted"))) == []
    assert client_for(naf_supervisor).get(url("unrouted")).status_code == 403
    assert client_for(naf_worker).get(url("unrouted")).status_code == 403


def test_list_filters(social_worker, naf_supervisor, client_for):
    declined = in_state(Status.DECLINED, sender=social_worker)
    waiting = routed(sender=social_worker)
    late = routed(sender=social_worker)
    Clock.objects.filter(pk=answer_clock(late).pk).update(
        due_at=timezone.now() - timedelta(hours=1)
    )
    client = client_for(naf_supervisor)
    received = url("received")
    assert rows(client.get(received, {"status": "declined"})) == [declined]
    assert set(rows(client.get(received, {"status": "routed"}))) == {waiting, late}
    assert rows(client.get(received, {"overdue": "true"})) == [late]
    # A reference typed as people type it: lower case, spaces instead of dashes.
    typed = waiting.reference.lower().replace("-", " ")
    assert rows(client.get(received, {"q": typed})) == [waiting]
    assert rows(client.get(url("sent"), {"q": late.reference})) == []  # not sent by NAF
    assert rows(client_for(social_worker).get(url("sent"), {"q": late.reference})) == [late]


@pytest.mark.parametrize(
    "query", [{"status": "bogus"}, {"q": "x" * 41}, {"status": ["routed", "accepted", "<b>"]}]
)
def test_a_bad_filter_value_says_so_and_shows_nothing(
    query, social_worker, naf_supervisor, client_for
):
    routed(sender=social_worker)
    response = client_for(naf_supervisor).get(url("received"), query)
    assert response.status_code == 200
    assert response.context["page"] is None and rows(response) == []
    assert "Some filters are not valid" in html(response)


def test_the_wrong_filter_is_marked_and_its_message_tied_to_it(naf_supervisor, client_for):
    page = html(client_for(naf_supervisor).get(url("received"), {"status": "bogus"}))
    assert 'aria-invalid="true" aria-describedby="id_status-errors"' in page
    assert 'id="id_status-errors"' in page


def test_a_damaged_cursor_gives_the_first_page(social_worker, naf_supervisor, client_for):
    made = routed(sender=social_worker)
    response = client_for(naf_supervisor).get(url("received"), {"cursor": "!!not-a-cursor"})
    assert response.status_code == 200 and rows(response) == [made]


def test_long_lists_are_paged(social_worker, client_for):
    made = many(30, sender=social_worker)
    client = client_for(social_worker)
    first = client.get(url("sent"))
    assert len(rows(first)) == 25 and first.context["page"].next_cursor
    second = client.get(url("sent"), {"cursor": first.context["page"].next_cursor})
    assert len(rows(second)) == 5 and second.context["page"].next_cursor is None
    assert {r.pk for r in rows(first) + rows(second)} == {r.pk for r in made}


def queries_for(client, page: str, **params) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(page, params).status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    ("name", "persona", "params"),
    [
        ("sent", "social_worker", {}),
        ("sent", "supervisor", {"status": "routed"}),
        ("received", "naf_supervisor", {}),
        ("received", "naf_worker", {"overdue": "true"}),
        ("unrouted", "naf_admin", {}),
    ],
)
def test_lists_take_the_same_queries_for_3_or_30_rows(
    name, persona, params, social_worker, request, client_for, django_assert_max_num_queries
):
    client = client_for(request.getfixturevalue(persona))
    make = (
        _unrouted(social_worker)
        if name == "unrouted"
        else (lambda n: many(n, sender=social_worker))
    )
    if name == "received" and params:
        # Overdue ones, so that each row shows its late deadline.
        make = _overdue(make)
    make(3)
    client.get(url(name))  # warm the per-process caches (calendar, roles)
    few = queries_for(client, url(name), **params)
    make(27)
    with django_assert_max_num_queries(few):
        response = client.get(url(name), params)
    assert len(rows(response)) == 25
    # Sign-in and roles, the page, its offices, agencies and people by primary key, deadlines.
    assert few <= 16


def _unrouted(sender):
    def make(n):
        made = many(n, sender=sender, route=False)
        with closed_offices(office("NAF", "AM"), office("NAF", None)):
            for one in made:
                services.referral_route(referral_id=one.pk)
        return made

    return make


def _overdue(make):
    def made_late(n):
        made = make(n)
        Clock.objects.filter(subject_id__in=[str(r.pk) for r in made]).update(
            due_at=timezone.now() - timedelta(hours=1)
        )
        return made

    return made_late


# The referral page ------------------------------------------------------------------------------


@pytest.fixture
def full_case(social_worker):
    """A case with what the receiving side must never see: a note, an assessment's notes."""
    case = open_case(owner=social_worker, summary="Debts to the landlord and a sick child.")
    case_services.case_start_assessment(case=case, actor=social_worker)
    case_services.assessment_record(
        case=case,
        domain=Assessment.Domain.INCOME,
        need=Assessment.Need.HIGH,
        notes="Owes 900 dinars to the grocer.",
        actor=social_worker,
    )
    case_services.note_add(
        case=case,
        body="The father drinks; the mother fears him.",
        confidential=True,
        actor=social_worker,
    )
    case_services.note_add(
        case=case, body="Home visit: the roof leaks.", confidential=False, actor=social_worker
    )
    return case


SECRETS = [
    "Debts to the landlord and a sick child.",
    "Owes 900 dinars to the grocer.",
    "The father drinks",
    "Home visit: the roof leaks.",
    "Medical report",
]


def test_the_receiving_side_sees_the_person_the_reason_and_the_shared_documents_only(
    full_case, social_worker, naf_worker, naf_supervisor, naf_admin, client_for
):
    service = referrable_card()
    shared = document(full_case, actor=social_worker, title="Salary certificate")
    document(full_case, actor=social_worker, title="Medical report")
    made = routed(sender=social_worker, case=full_case, service=service, documents=[shared])
    person = made.person
    for user in (naf_worker, naf_supervisor, naf_admin):
        page = client_for(user).get(detail(made))
        assert page.status_code == 200
        text = html(page)
        assert page.context["side"] == "receiver"
        assert person.full_name_ar in text
        assert "The family lost its income." in text
        assert "Salary certificate" in text
        assert full_case.reference not in text
        assert case_page(full_case) not in text
        for secret in SECRETS:
            assert escape(secret) not in text, secret
    # The sender sees the way back to the case.
    page = client_for(social_worker).get(detail(made))
    assert page.context["side"] == "sender"
    assert case_page(full_case) in html(page)


def test_the_referral_page_is_audited(social_worker, naf_worker, client_for):
    made = routed(sender=social_worker)
    client_for(naf_worker).get(detail(made))
    assert audits(made, action=Action.VIEW, actor=naf_worker).count() == 1


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_each_side_gets_the_page_in_both_languages(
    lang, social_worker, supervisor, naf_worker, naf_supervisor, naf_admin, agency_admin, client_for
):
    made = routed(sender=social_worker)
    for user in (social_worker, supervisor, agency_admin, naf_worker, naf_supervisor, naf_admin):
        page = client_for(user).get(detail(made, lang))
        assert page.status_code == 200
        assert f'lang="{lang}"' in html(page)


def test_out_of_scope_is_404_and_recorded(
    social_worker,
    mosd_worker_2,
    other_agency_worker,
    naf_worker,
    naf_worker_2,
    naf_supervisor,
    client_for,
):
    made = routed(sender=social_worker)
    services.referral_assign(referral=made, worker=naf_worker, actor=naf_supervisor)
    for user in (mosd_worker_2, other_agency_worker, naf_worker_2):
        assert client_for(user).get(detail(made)).status_code == 404
    assert AuditEvent.objects.filter(
        action=Action.ACCESS_DENIED, object_id=made.reference, actor=naf_worker_2
    ).exists()
    assert client_for(naf_worker).get(url("detail", "R-NOPE-NOPE-X")).status_code == 404


def test_drafts_and_unrouted_referrals_are_not_the_offices_yet(
    social_worker, naf_worker, naf_supervisor, naf_admin, client_for
):
    draft = in_state(Status.DRAFT, sender=social_worker)
    submitted = in_state(Status.SUBMITTED, sender=social_worker)
    for made in (draft, submitted):
        for user in (naf_worker, naf_supervisor, naf_admin):
            assert client_for(user).get(detail(made)).status_code == 404
    unrouted = in_state(Status.UNROUTED, sender=social_worker)
    assert client_for(naf_worker).get(detail(unrouted)).status_code == 404
    page = client_for(naf_admin).get(detail(unrouted))
    assert page.status_code == 200 and "route_form" in page.context


def test_wrong_role_is_403_and_anonymous_signs_in(
    social_worker, complaints_officer, anonymous_client, client_for
):
    made = routed(sender=social_worker)
    assert client_for(complaints_officer).get(detail(made)).status_code == 403
    response = anonymous_client.get(detail(made))
    assert response.status_code == 302 and response.url == f"{login_url()}?next={detail(made)}"


def test_the_detail_page_takes_a_fixed_number_of_queries(
    social_worker, naf_worker, client_for, django_assert_max_num_queries
):
    made = routed(sender=social_worker)
    client = client_for(naf_worker)
    client.get(detail(made))
    few = queries_for(client, detail(made))
    services.referral_accept(referral=made, actor=naf_worker)
    for n in range(15):
        services.referral_progress(referral=reload(made), note=f"Step {n}.", actor=naf_worker)
    with django_assert_max_num_queries(few):
        assert client.get(detail(made)).status_code == 200
    assert few <= 20


# Actions ----------------------------------------------------------------------------------------


def post(client, made, action, data=None):
    return client.post(act(made, action), {"once": f"{action}-{made.pk}"} | (data or {}))


def test_the_sender_submits_a_draft(social_worker, client_for, django_capture_on_commit_callbacks):
    draft = in_state(Status.DRAFT, sender=social_worker)
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client_for(social_worker), draft, "submit")
    assert response.status_code == 302 and response.url == detail(draft)
    assert flash(response) == "Referral submitted; it is being routed to an office."
    assert reload(draft).status == Status.ROUTED


def test_the_receiving_office_answers_and_delivers_through_its_page(
    social_worker, naf_worker, naf_worker_2, naf_supervisor, client_for
):
    made = routed(sender=social_worker)
    worker, supervisor = client_for(naf_worker), client_for(naf_supervisor)

    response = post(supervisor, made, "assign", {"worker": naf_worker_2.pk})
    assert flash(response) == "Referral assigned."
    assert reload(made).assigned_to == naf_worker_2
    post(supervisor, made, "assign", {"worker": naf_worker.pk, "once": "again"})
    assert reload(made).assigned_to == naf_worker

    response = post(worker, made, "request_info", {"text": "Which school does Ahmad attend?"})
    assert (
        flash(response)
        == "Your question was sent; the answer deadline is paused until the sender replies."
    )
    assert reload(made).status == Status.INFO_REQUESTED
    response = post(
        client_for(social_worker), made, "answer_info", {"text": "The boys' school in Marka."}
    )
    assert flash(response) == "Your answer was sent."
    assert reload(made).status == Status.ROUTED

    response = post(worker, made, "accept")
    assert flash(response) == "Referral accepted. The sender was told."
    response = post(worker, made, "progress", {"text": "Home visit on Sunday."})
    assert flash(response) == "Progress recorded."
    response = post(worker, made, "complete", {"outcome": "delivered", "note": "Aid from May."})
    assert flash(response) == "Referral completed. The sender sees the outcome on the case."
    done = reload(made)
    assert (done.status, done.outcome, done.closing_note) == (
        Status.COMPLETED,
        "delivered",
        "Aid from May.",
    )


def test_a_worker_takes_it_from_the_page(social_worker, naf_worker, client_for):
    made = routed(sender=social_worker)
    page = client_for(naf_worker).get(detail(made))
    assert page.context["can_take"] and act(made, "take") in html(page)
    response = post(client_for(naf_worker), made, "take")
    assert flash(response) == "The referral is yours."
    assert reload(made).assigned_to == naf_worker


def test_declining_and_cancelling_through_the_pages(social_worker, naf_supervisor, client_for):
    made = routed(sender=social_worker)
    response = post(
        client_for(naf_supervisor), made, "decline", {"reason": "not_eligible", "note": ""}
    )
    assert flash(response) == "Referral declined. The sender was told why."
    assert reload(made).status == Status.DECLINED
    other = routed(sender=social_worker)
    response = post(client_for(social_worker), other, "cancel", {"text": "Moved to Aqaba."})
    assert flash(response) == "Referral cancelled."
    assert reload(other).status == Status.CANCELLED


def test_the_agency_admin_routes_an_unrouted_referral(social_worker, naf_admin, client_for):
    made = in_state(Status.UNROUTED, sender=social_worker)
    response = post(client_for(naf_admin), made, "route", {"office": office("NAF", "IR").pk})
    assert flash(response) == "Referral sent to the office."
    assert reload(made).to_office == office("NAF", "IR")


def test_a_refused_action_says_why_and_changes_nothing(social_worker, naf_worker, client_for):
    made = routed(sender=social_worker)
    before = snapshot(made)
    # The sender cannot accept their own referral.
    response = post(client_for(social_worker), made, "accept")
    assert response.status_code == 302 and response.url == detail(made)
    assert flash(response) == "You cannot do this on this referral."
    assert AuditEvent.objects.filter(
        action=Action.PERMISSION_DENIED, object_id=str(made.pk), detail="accept"
    ).exists()
    # Unknown reasons, empty texts.
    response = post(client_for(naf_worker), made, "decline", {"reason": "bored", "note": ""})
    assert "Select a valid choice" in flash(response)
    response = post(client_for(naf_worker), made, "request_info", {"text": "  "})
    assert flash(response) == "This field is required."
    response = post(
        client_for(naf_worker), made, "decline", {"reason": "other", "note": "", "once": "x"}
    )
    assert flash(response) == "The explanation is required."
    assert snapshot(made)[:8] == before[:8]


def test_an_action_sent_twice_acts_once(social_worker, naf_worker, client_for):
    made = routed(sender=social_worker)
    client = client_for(naf_worker)
    data = {"reason": "no_capacity", "note": "Full until June."}
    post(client, made, "decline", data)
    again = post(client, made, "decline", data)
    assert flash(again) == str(OnceForm.repeat_message)
    # An action without a form, clicked twice: the second finds it changed.
    other = routed(sender=social_worker)
    post(client, other, "accept")
    again = post(client, other, "accept")
    assert (
        flash(again)
        == "This change is not possible any more: the record was changed meanwhile. Reload the page."
    )
    assert reload(made).status == Status.DECLINED and reload(other).status == Status.ACCEPTED
    assert Referral.objects.get(pk=made.pk).updates.filter(message="declined").count() == 1


ACTIONS = [
    "submit",
    "cancel",
    "answer_info",
    "take",
    "assign",
    "accept",
    "decline",
    "request_info",
    "progress",
    "complete",
    "route",
]


@pytest.mark.parametrize("action", ACTIONS)
def test_every_action_url_refuses_outsiders(
    action, social_worker, other_agency_worker, complaints_officer, anonymous_client, client_for
):
    made = routed(sender=social_worker)
    before = snapshot(made)
    target = act(made, action)
    assert client_for(other_agency_worker).post(target, {"text": "x"}).status_code == 404
    assert client_for(complaints_officer).post(target, {"text": "x"}).status_code == 403
    response = anonymous_client.post(target, {"text": "x"})
    assert response.status_code == 302 and response.url.startswith(login_url())
    assert client_for(social_worker).get(target).status_code == 405
    assert snapshot(made)[:8] == before[:8]


def test_an_unknown_action_is_404(social_worker, client_for):
    made = routed(sender=social_worker)
    assert client_for(social_worker).post(act(made, "approve")).status_code == 404


# Shared documents -------------------------------------------------------------------------------


def test_shared_documents_download_for_both_sides_only(
    case, social_worker, naf_worker, other_agency_worker, client_for
):
    shared = document(case, actor=social_worker, title="Salary certificate")
    private = document(case, actor=social_worker, title="Medical report")
    made = routed(sender=social_worker, case=case, documents=[shared])
    for user in (social_worker, naf_worker):
        response = client_for(user).get(url("document", made.reference, shared.pk))
        assert response.status_code == 200
        assert b"".join(response.streaming_content).startswith(b"%PDF")
        assert "attachment" in response["Content-Disposition"]
    assert AuditEvent.objects.filter(
        action=Action.DOWNLOAD, object_type="cases.casedocument", actor=naf_worker
    ).exists()
    assert (
        client_for(naf_worker).get(url("document", made.reference, private.pk)).status_code == 404
    )
    assert (
        client_for(other_agency_worker).get(url("document", made.reference, shared.pk)).status_code
        == 404
    )


# Routing rules ----------------------------------------------------------------------------------


def test_an_agency_admin_adds_changes_and_removes_rules(naf_admin, client_for):
    service = referrable_card()
    client = client_for(naf_admin)
    assert client.get(url("routing_rules")).status_code == 200
    amman = Governorate.objects.get(code="AM")
    data = {"service": service.pk, "governorate": amman.pk, "office": office("NAF", "ZA").pk}
    response = client.post(url("routing_rules"), data | {"once": "add"})
    assert response.status_code == 302 and flash(response) == "Routing rule saved."
    assert RoutingRule.objects.get().office == office("NAF", "ZA")
    client.post(url("routing_rules"), data | {"office": office("NAF", "MA").pk, "once": "change"})
    assert RoutingRule.objects.get().office == office("NAF", "MA")
    page = client.get(url("routing_rules"))
    assert office("NAF", "MA").name_en in html(page)
    # The same form sent twice saves once.
    again = client.post(url("routing_rules"), data | {"once": "change"})
    assert str(OnceForm.repeat_message) in html(again)
    assert RoutingRule.objects.get().office == office("NAF", "MA")
    rule = RoutingRule.objects.get()
    response = client.post(url("routing_rule_delete", rule.pk))
    assert response.status_code == 302 and flash(response) == "Routing rule removed."
    assert not RoutingRule.objects.exists()


def test_an_admin_manages_only_the_own_agencys_rules(naf_admin, agency_admin, client_for):
    service = referrable_card()
    amman = Governorate.objects.get(code="AM")
    rule = services.routing_rule_set(
        service=service, governorate=amman, office=office("NAF", "ZA"), actor=naf_admin
    )
    client = client_for(agency_admin)
    assert service.name_ar not in html(client.get(url("routing_rules")))
    assert client.post(url("routing_rule_delete", rule.pk)).status_code == 404
    # Another agency's service or office is not a choice.
    response = client.post(
        url("routing_rules"),
        {"service": service.pk, "governorate": amman.pk, "office": office("NAF", "IR").pk},
    )
    assert response.status_code == 200
    assert RoutingRule.objects.get().office == office("NAF", "ZA")


def test_routing_rules_are_for_agency_admins(
    naf_supervisor, naf_worker, anonymous_client, client_for
):
    for user in (naf_supervisor, naf_worker):
        assert client_for(user).get(url("routing_rules")).status_code == 403
        assert client_for(user).post(url("routing_rule_delete", 1)).status_code == 403
    response = anonymous_client.get(url("routing_rules"))
    assert response.status_code == 302 and response.url.startswith(login_url())
