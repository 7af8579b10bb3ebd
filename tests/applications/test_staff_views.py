"""The office's pages: who gets the queue and the application's page (404 out of scope, 403 for
other roles, the sign-in page for visitors), the queue's filters, keyset pages and fixed query
count, every action from the page (done, refused, bad input: nothing changed), the documents'
download and both languages."""

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from apps.applications import services
from apps.applications.deadlines import ApplicationDeadlines
from apps.applications.models import Application, ApplicationUpdate
from apps.applications.views import staff as staff_views
from apps.audit.models import AuditEvent
from apps.notifications.models import Message
from apps.notifications.rendering import link_in
from apps.organisations.models import Agency, Membership
from apps.organisations.navigation import staff_menu
from apps.sla.models import Clock
from tests.applications.factories import (
    PDF,
    clock,
    online_card,
    pdf,
    reload,
    submitted,
    under_review,
)
from tests.cases.factories import household, person
from tests.organisations.factories import office, staff
from tests.referrals.factories import closed_offices

pytestmark = pytest.mark.django_db
Status = Application.Status
Action = AuditEvent.Action
Role = Membership.Role


def url(name: str, *args, lang: str = "en") -> str:
    with translation.override(lang):
        return reverse(f"applications:{name}", args=args)


def act(application: Application, action: str) -> str:
    return url("action", application.reference, action)


def flash(response) -> str:
    return [str(m) for m in get_messages(response.wsgi_request)][-1]


def html(response) -> str:
    return response.content.decode()


def shown(response) -> set[str]:
    assert response.status_code == 200
    return {application.reference for application, *_ in response.context["rows"]}


def snapshot(application: Application) -> tuple:
    """What a refused change must leave as it was."""
    fresh = reload(application)
    return (
        fresh.status,
        fresh.office_id,
        fresh.assigned_to_id,
        fresh.updated_at,
        fresh.rejection_reason,
        fresh.rejection_note,
        fresh.case_id,
        fresh.decided_at,
        fresh.closed_at,
        ApplicationUpdate.objects.filter(application=fresh).count(),
        list(
            Clock.objects.filter(kind=services.KIND, subject_id=str(fresh.pk))
            .order_by("pk")
            .values_list("stopped_at", "paused_at", "due_at")
        ),
        Message.objects.count(),
    )


# --- who gets which page -------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["ar", "en"])
@pytest.mark.parametrize("persona", ["reviewer", "naf_supervisor", "naf_admin"])
def test_the_office_and_the_agency_admin_get_the_queue_and_the_page(
    lang, persona, request, client_for, applicant
):
    application = submitted(applicant=applicant, form_data={"details": "My husband lost his job."})
    client = client_for(request.getfixturevalue(persona))
    queue = client.get(url("queue", lang=lang))
    assert queue.status_code == 200 and application.reference in html(queue)
    assert f'lang="{lang}"' in html(queue)
    page = client.get(url("detail", application.reference, lang=lang))
    assert page.status_code == 200 and f'lang="{lang}"' in html(page)
    assert "My husband lost his job." in html(page)
    with translation.override(lang):
        assert application.service.name in html(page)
    assert AuditEvent.objects.filter(
        action=Action.VIEW, object_type="applications.application", object_id=str(application.pk)
    ).exists()


def test_the_arabic_pages_are_in_arabic(client_for, naf_supervisor, applicant):
    application = submitted(applicant=applicant)
    client = client_for(naf_supervisor)
    queue = html(client.get(url("queue", lang="ar")))
    assert 'dir="rtl"' in queue and application.service.name_ar in queue
    page = html(client.get(url("detail", application.reference, lang="ar")))
    assert application.service.name_ar in page and application.service.name_en not in page


@pytest.mark.parametrize("persona", ["irbid_worker", "social_worker", "agency_admin"])
def test_others_get_404_and_an_empty_queue(persona, request, client_for, applicant):
    application = submitted(applicant=applicant)
    document = application.documents.first()
    user = request.getfixturevalue(persona)
    client = client_for(user)
    assert application.reference not in html(client.get(url("queue")))
    assert client.get(url("detail", application.reference)).status_code == 404
    assert client.post(act(application, "take")).status_code == 404
    assert client.get(url("document", application.reference, document.pk)).status_code == 404
    assert AuditEvent.objects.filter(
        actor=user, action=Action.ACCESS_DENIED, object_id=application.reference
    ).exists()


def test_other_roles_get_403_and_visitors_the_sign_in_page(client_for, applicant, anonymous_client):
    application = submitted(applicant=applicant)
    client = client_for(applicant)
    assert client.get(url("queue")).status_code == 403
    assert client.get(url("detail", application.reference)).status_code == 403
    assert client.post(act(application, "take")).status_code == 403
    for path in (url("queue"), url("detail", application.reference)):
        response = anonymous_client.get(path)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_worker_sees_the_ones_nobody_took_and_their_own(
    client_for, applicant, reviewer, reviewer_2, naf_supervisor
):
    waiting = submitted(applicant=applicant)
    mine = under_review(applicant=applicant, reviewer=reviewer)
    theirs = under_review(applicant=applicant, reviewer=reviewer_2)
    client = client_for(reviewer)
    assert shown(client.get(url("queue"))) == {waiting.reference, mine.reference}
    assert client.get(url("detail", theirs.reference)).status_code == 404
    assert shown(client_for(naf_supervisor).get(url("queue"))) == {
        waiting.reference,
        mine.reference,
        theirs.reference,
    }


def test_the_agency_admin_sees_the_unrouted_and_routes_them(
    client_for, applicant, naf_admin, naf_supervisor
):
    amman, head = office("NAF", "AM"), office("NAF", None)
    with closed_offices(amman, head):
        lost = submitted(applicant=applicant)
    assert lost.status == Status.UNROUTED
    assert lost.reference not in html(client_for(naf_supervisor).get(url("queue")))
    client = client_for(naf_admin)
    page = client.get(url("detail", lost.reference))
    assert page.context["can_route"] and "route_form" in page.context
    # A foreign office (of another agency) is no choice: nothing changes.
    before = snapshot(lost)
    response = client.post(act(lost, "route"), {"office": office("MOSD", "AM").pk}, follow=True)
    assert "valid choice" in flash(response)
    assert snapshot(lost) == before
    response = client.post(act(lost, "route"), {"office": amman.pk}, follow=True)
    assert flash(response) == f"Application sent to {amman.name}."
    lost = reload(lost)
    assert (lost.status, lost.office) == (Status.SUBMITTED, amman)
    assert clock(lost) is not None
    # Routed already: the second time is refused, nothing changed.
    before = snapshot(lost)
    response = client.post(act(lost, "route"), {"office": amman.pk}, follow=True)
    assert "changed meanwhile" in flash(response)
    assert snapshot(lost) == before


# --- the queue -----------------------------------------------------------------------------------


def test_the_queue_filters(client_for, applicant, reviewer, reviewer_2, naf_supervisor, travel):
    other_service = online_card()
    now = timezone.now()
    travel(now - timedelta(days=30))
    late = submitted(applicant=applicant)
    travel(now)
    waiting = submitted(applicant=applicant, service=other_service)
    mine = under_review(applicant=applicant, reviewer=reviewer)
    theirs = under_review(applicant=applicant, reviewer=reviewer_2)
    rejected = under_review(applicant=applicant, reviewer=reviewer)
    services.application_reject(application=rejected, reason="not_eligible", actor=reviewer)
    client = client_for(naf_supervisor)

    def rows(query: str) -> set[str]:
        return shown(client.get(url("queue") + query))

    every_open = {late.reference, waiting.reference, mine.reference, theirs.reference}
    assert rows("") == every_open
    assert rows("?status=rejected") == {rejected.reference}
    assert rows("?waiting=true") == {late.reference, waiting.reference}
    assert rows(f"?service={other_service.pk}") == {waiting.reference}
    assert rows("?overdue=true") == {late.reference}
    assert rows(f"?q={rejected.reference.lower()}") == {rejected.reference}
    assert shown(client_for(reviewer).get(url("queue") + "?mine=true")) == {mine.reference}
    assert rows("?mine=true") == set()  # the supervisor reviews none
    for bad in ("?status=nonsense", "?service=999999", "?q=A%00B"):
        response = client.get(url("queue") + bad)
        assert response.status_code == 200 and response.context["page"] is None
    response = client.get(url("queue"))
    breached = {a.reference: late for a, _clock, _state, late in response.context["rows"]}
    assert breached[late.reference] and not breached[waiting.reference]
    assert "Overdue" in html(response)


@pytest.mark.parametrize("count", [2, 20])
def test_the_queue_takes_a_fixed_number_of_queries(
    count, client_for, applicant, reviewer, naf_supervisor, django_assert_num_queries
):
    for n in range(count):
        if n % 2:
            under_review(applicant=applicant, reviewer=reviewer)
        else:
            submitted(applicant=applicant)
    client = client_for(naf_supervisor)
    client.get(url("queue"))  # the calendar's cache, the session
    with django_assert_num_queries(QUEUE_QUERIES):
        response = client.get(url("queue"))
    assert len(response.context["rows"]) == count


# Session, user, roles and second factor (the sign-in checks), the user's memberships (the scope,
# one query), the page, its clocks, the menu's unread notifications. The filter's services are
# kept from the first request (views/staff.py, SERVICES_KEPT).
QUEUE_QUERIES = 8


def test_the_queue_pages_by_keyset(client_for, applicant, naf_supervisor, monkeypatch):
    monkeypatch.setattr(staff_views, "PAGE_SIZE", 3)
    made = [submitted(applicant=applicant) for _ in range(5)]
    client = client_for(naf_supervisor)
    first = client.get(url("queue"))
    assert len(first.context["rows"]) == 3 and first.context["page"].next_cursor
    second = client.get(url("queue") + f"?cursor={first.context['page'].next_cursor}")
    assert len(second.context["rows"]) == 2 and second.context["page"].next_cursor is None
    assert shown(first) | shown(second) == {a.reference for a in made}
    assert [a.reference for a, *_ in first.context["rows"]] == [a.reference for a in made[:1:-1]]


# --- the application's page ----------------------------------------------------------------------


def test_the_page_shows_the_application(client_for, applicant, naf_supervisor, naf_admin, reviewer):
    given = person(mobile="+962791112233")
    given.agencies.add(Agency.objects.get(code="NAF"))
    application = under_review(
        applicant=applicant,
        reviewer=reviewer,
        id_number=given.id_number,
        mobile="0791112233",
        form_data={"household_size": 4, "details": "<script>alert(1)</script> نحتاج المساعدة"},
    )
    services.application_request_info(
        application=application, question="Your last payslip, please.", actor=reviewer
    )
    page = client_for(naf_supervisor).get(url("detail", application.reference))
    text = html(page)
    assert given.id_number in text and "+962791112233" in text
    assert reverse("registry:person_detail", args=[given.pk]) in text
    assert "People in the household" in text and "نحتاج المساعدة" in text
    assert "<script>alert(1)</script>" not in text
    assert "Your last payslip, please." in text and "More information is needed" in text
    assert "Identity card" in text
    for document in application.documents.all():
        assert url("document", application.reference, document.pk) in text
    assert page.context["clocks"] and "Paused" in text
    # The agency admin is no registry reader: the match is said, not linked.
    admin_page = html(client_for(naf_admin).get(url("detail", application.reference)))
    assert "Matched to a registry record" in admin_page
    assert reverse("registry:person_detail", args=[given.pk]) not in admin_page


def test_the_page_takes_the_same_queries_whatever_its_history(
    client_for, applicant, reviewer, naf_supervisor, django_assert_max_num_queries
):
    application = under_review(applicant=applicant, reviewer=reviewer)
    client = client_for(naf_supervisor)
    client.get(url("detail", application.reference))
    with CaptureQueriesContext(connection) as first:
        client.get(url("detail", application.reference))
    for n in range(4):
        services.application_request_info(
            application=reload(application), question=f"Question {n}?", actor=reviewer
        )
        services.application_document_add(
            application=reload(application), upload=pdf(), title=f"Paper {n}", actor=applicant
        )
        services.application_answer_info(application=reload(application), actor=applicant)
    with django_assert_max_num_queries(len(first)):
        page = client.get(url("detail", application.reference))
    assert len(page.context["history"]) > 12 and len(page.context["documents"]) == 6


def test_an_approval_that_opens_a_case_links_it(client_for, applicant, reviewer, naf_supervisor):
    home, members = household(size=2)
    head = members[0]
    head.mobile = "+962791112233"
    head.save(update_fields=["mobile"])
    application = under_review(
        applicant=applicant,
        reviewer=reviewer,
        service=online_card(opens_case=True),
        id_number=head.id_number,
        mobile="0791112233",
    )
    response = client_for(reviewer).post(act(application, "approve"), follow=True)
    case = reload(application).case
    assert case is not None and case.household == home
    assert flash(response) == (
        f"Application approved; the applicant was told. It is on case {case.reference}."
    )
    # The reviewer owns the case: the page links it.
    page = html(client_for(reviewer).get(url("detail", application.reference)))
    assert reverse("cases:detail", args=[case.reference]) in page


def test_the_page_offers_only_what_the_reader_may_do(
    client_for, applicant, reviewer, reviewer_2, naf_supervisor, naf_admin
):
    application = submitted(applicant=applicant)
    worker = client_for(reviewer).get(url("detail", application.reference)).context
    assert worker["can_take"] and not worker["can_approve"] and "assign_form" not in worker
    head = client_for(naf_supervisor).get(url("detail", application.reference)).context
    assert head["can_assign"] and not head["can_take"] and not head["can_approve"]
    assert set(head["assign_form"].fields["reviewer"].queryset) == {reviewer, reviewer_2}
    admin = client_for(naf_admin).get(url("detail", application.reference))
    assert not admin.context["acts"] and "Read only" in html(admin)
    services.application_assign(application=application, reviewer=reviewer, actor=reviewer)
    worker = client_for(reviewer).get(url("detail", application.reference)).context
    assert worker["can_approve"] and worker["can_reject"] and worker["can_request_info"]
    assert not worker["can_take"]


# --- actions -------------------------------------------------------------------------------------


def test_a_worker_takes_asks_and_approves(client_for, applicant, reviewer):
    application = submitted(applicant=applicant)
    client = client_for(reviewer)
    response = client.post(act(application, "take"))
    assert response["Location"] == url("detail", application.reference)
    assert flash(response) == "The application is yours to review."
    application = reload(application)
    assert (application.status, application.assigned_to) == (Status.UNDER_REVIEW, reviewer)
    response = client.post(
        act(application, "request_info"), {"question": "Your payslip?"}, follow=True
    )
    assert "paused" in flash(response)
    assert reload(application).status == Status.INFO_REQUESTED
    assert clock(application).paused_at is not None
    services.application_answer_info(application=reload(application), actor=applicant)
    response = client.post(act(application, "approve"), {"note": "Welcome."}, follow=True)
    assert flash(response) == "Application approved; the applicant was told."
    assert reload(application).status == Status.APPROVED
    assert clock(application) is None
    response = client.post(act(application, "fulfil"), {"note": ""}, follow=True)
    assert flash(response) == "Marked as delivered; the applicant was told."
    assert reload(application).status == Status.FULFILLED


def test_a_supervisor_assigns_and_rejects(client_for, applicant, reviewer, naf_supervisor):
    application = submitted(applicant=applicant)
    client = client_for(naf_supervisor)
    response = client.post(act(application, "assign"), {"reviewer": reviewer.pk}, follow=True)
    assert flash(response) == f"Application assigned to {reviewer}."
    application = reload(application)
    assert (application.status, application.assigned_to) == (Status.UNDER_REVIEW, reviewer)
    notice = Message.objects.filter(recipient=reviewer, context__event="assigned").first()
    assert notice is not None
    assert link_in(notice.link, "ar") == url("detail", application.reference, lang="ar")
    response = client.post(
        act(application, "reject"),
        {"reason": "other", "note": "The income is above the line."},
        follow=True,
    )
    assert flash(response) == "Application rejected; the applicant was told the reason."
    application = reload(application)
    assert (application.status, application.rejection_reason) == (Status.REJECTED, "other")
    assert application.rejection_note == "The income is above the line."


def test_refused_actions_say_why_and_change_nothing(
    client_for, applicant, reviewer, reviewer_2, naf_supervisor
):
    application = submitted(applicant=applicant)
    before = snapshot(application)
    # A supervisor is no reviewer: taking it is refused.
    response = client_for(naf_supervisor).post(act(application, "take"), follow=True)
    assert flash(response) == "You cannot do this on this application."
    # Nobody decides an application nobody has reviewed.
    response = client_for(naf_supervisor).post(act(application, "approve"), follow=True)
    assert "changed meanwhile" in flash(response)
    response = client_for(naf_supervisor).post(act(application, "fulfil"), follow=True)
    assert "changed meanwhile" in flash(response)
    # A worker cannot give it to a colleague.
    response = client_for(reviewer).post(
        act(application, "assign"), {"reviewer": reviewer_2.pk}, follow=True
    )
    assert flash(response) == "You cannot do this on this application."
    assert snapshot(application) == before
    assert AuditEvent.objects.filter(
        action=Action.PERMISSION_DENIED, object_id=str(application.pk)
    ).exists()
    # Once taken, a second take (a double click) changes nothing more.
    client_for(reviewer).post(act(application, "take"))
    before = snapshot(application)
    response = client_for(reviewer).post(act(application, "take"), follow=True)
    assert "changed meanwhile" in flash(response)
    assert snapshot(application) == before
    # A colleague no longer sees it.
    assert client_for(reviewer_2).post(act(application, "approve")).status_code == 404
    assert snapshot(application) == before


@pytest.mark.parametrize(
    ("action", "data", "says"),
    [
        ("request_info", {"question": ""}, "This field is required."),
        ("request_info", {"question": "   "}, "This field is required."),
        ("request_info", {"question": "Payslip\x00?"}, "Null characters are not allowed."),
        ("request_info", {"question": "x" * 4001}, "at most 4000 characters"),
        ("reject", {"reason": "other", "note": ""}, "The explanation is required."),
        ("reject", {"reason": "other", "note": " \n "}, "The explanation is required."),
        ("reject", {"reason": "nonsense", "note": "x"}, "valid choice"),
        ("reject", {"reason": "", "note": "x"}, "This field is required."),
        ("reject", {"reason": "not_eligible", "note": "\x00"}, "Null characters"),
        ("approve", {"note": "ok\x00"}, "Null characters are not allowed."),
        ("assign", {"reviewer": ""}, "This field is required."),
        ("assign", {"reviewer": "\x00"}, "Null characters"),
    ],
)
def test_bad_input_is_told_and_changes_nothing(
    action, data, says, client_for, applicant, reviewer, naf_supervisor
):
    application = under_review(applicant=applicant, reviewer=reviewer)
    before = snapshot(application)
    response = client_for(naf_supervisor).post(act(application, action), data, follow=True)
    assert response.status_code == 200 and says in flash(response)
    assert snapshot(application) == before


def test_assigning_to_someone_outside_the_office_is_refused(
    client_for, applicant, reviewer, irbid_worker, naf_supervisor
):
    application = submitted(applicant=applicant)
    before = snapshot(application)
    for worker in (irbid_worker, naf_supervisor):
        response = client_for(naf_supervisor).post(
            act(application, "assign"), {"reviewer": worker.pk}, follow=True
        )
        assert "valid choice" in flash(response)
    assert snapshot(application) == before


def test_a_form_sent_twice_acts_once(client_for, applicant, reviewer):
    application = under_review(applicant=applicant, reviewer=reviewer)
    client = client_for(reviewer)
    form = client.get(url("detail", application.reference)).context["question_form"]
    data = {"question": "Your payslip?", "once": form["once"].value()}
    client.post(act(application, "request_info"), data)
    before = snapshot(application)
    response = client.post(act(application, "request_info"), data, follow=True)
    assert "already submitted" in flash(response)
    assert snapshot(application) == before


def test_unknown_actions_and_gets_are_refused(client_for, applicant, reviewer):
    application = submitted(applicant=applicant)
    client = client_for(reviewer)
    assert client.post(act(application, "nonsense")).status_code == 404
    assert client.get(act(application, "take")).status_code == 405
    assert reload(application).status == Status.SUBMITTED
    for reference in ("A-0000-0000-0", "nonsense", "A%00B"):
        assert client.get(f"{url('queue')}{reference}/").status_code == 404
        assert client.post(f"{url('queue')}{reference}/take/").status_code == 404


# --- documents -----------------------------------------------------------------------------------


def test_documents_download_for_the_office_only(client_for, applicant, reviewer, irbid_worker):
    application = submitted(applicant=applicant)
    other = submitted(applicant=applicant)
    document = application.documents.first()
    response = client_for(reviewer).get(url("document", application.reference, document.pk))
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="document.pdf"')
    assert AuditEvent.objects.filter(action=Action.DOWNLOAD, actor=reviewer).count() == 1
    # Another application's document under this reference, or someone out of the office: 404.
    foreign = other.documents.first()
    assert (
        client_for(reviewer).get(url("document", application.reference, foreign.pk)).status_code
        == 404
    )
    assert (
        client_for(irbid_worker)
        .get(url("document", application.reference, document.pk))
        .status_code
        == 404
    )


# --- links and menu ------------------------------------------------------------------------------


def test_the_menu_and_the_deadline_link_to_the_pages(
    client_for, applicant, reviewer, naf_supervisor
):
    application = submitted(applicant=applicant)
    home = client_for(reviewer).get(url("queue"))
    assert f'href="{url("queue")}"' in html(home)
    assert ApplicationDeadlines().url(clock(application)) == url("detail", application.reference)
    routed = Message.objects.filter(context__event="routed").first()
    assert routed is not None
    assert link_in(routed.link, "ar") == url("detail", application.reference, lang="ar")


@pytest.mark.parametrize(
    ("role", "listed"),
    [
        (Role.SOCIAL_WORKER, True),
        (Role.SUPERVISOR, True),
        (Role.AGENCY_ADMIN, True),
        (Role.INTAKE_OFFICER, False),
        (Role.COMPLAINTS_OFFICER, False),
    ],
)
def test_the_staff_menu_lists_the_queue_for_the_office_roles(role, listed, applicant):
    names = {item.url_name for item in staff_menu(staff("NAF", "AM", role))}
    assert ("applications:queue" in names) is listed
    assert "applications:queue" not in {item.url_name for item in staff_menu(applicant)}
