"""The staff pages: who gets each (200, 404 out of scope, 403 for the wrong role, the sign-in page
for anonymous visitors), the queue with its filters, overdue rows and fixed query counts, the
complaint page and every action URL, bulk actions, attachments and the intake form."""

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from apps.audit.models import AuditEvent
from apps.complaints import services
from apps.complaints.models import Complaint
from tests.complaints.factories import (
    PDF,
    category,
    clock,
    complaint,
    in_state,
    reload,
    upload,
)
from tests.complaints.helpers import audits, snapshot

pytestmark = pytest.mark.django_db
Status = Complaint.Status
Action = AuditEvent.Action


def url(name: str, *args, lang: str = "en") -> str:
    with translation.override(lang):
        return reverse(f"complaints:{name}", args=args)


def act(made: Complaint, action: str) -> str:
    return url("action", made.reference, action)


def flash(response) -> str:
    return [str(m) for m in get_messages(response.wsgi_request)][-1]


def html(response) -> str:
    return response.content.decode()


def once(form) -> str:
    return form["once"].value()


def queries_for(client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


# --- who gets which page -------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["ar", "en"])
@pytest.mark.parametrize("persona", ["officer", "unit_supervisor", "naf_admin"])
def test_the_unit_and_the_agency_admin_get_the_queue_and_the_page(
    lang, persona, request, client_for, officer
):
    made = complaint()
    client = client_for(request.getfixturevalue(persona))
    queue = client.get(url("queue", lang=lang))
    assert queue.status_code == 200 and made.reference in html(queue)
    page = client.get(url("detail", made.reference, lang=lang))
    assert page.status_code == 200 and made.description in html(page)
    assert audits(made, action=Action.VIEW).count() == 1


@pytest.mark.parametrize(
    ("persona", "acting"), [("amman_officer", 404), ("mosd_officer", 404), ("agency_admin", 403)]
)
def test_others_get_404_and_an_empty_queue(persona, acting, request, client_for, officer):
    made = complaint()
    user = request.getfixturevalue(persona)
    client = client_for(user)
    assert made.reference not in html(client.get(url("queue")))
    assert client.get(url("detail", made.reference)).status_code == 404
    assert client.post(act(made, "acknowledge")).status_code == acting
    assert AuditEvent.objects.filter(
        actor=user, action=Action.ACCESS_DENIED, object_id=made.reference
    ).exists()


@pytest.mark.parametrize("persona", ["social_worker", "citizen", "intake_officer"])
def test_other_roles_get_403(persona, request, client_for, officer):
    made = complaint()
    client = client_for(request.getfixturevalue(persona))
    assert client.get(url("queue")).status_code == 403
    assert client.get(url("detail", made.reference)).status_code == 403
    assert client.post(act(made, "acknowledge")).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(anonymous_client, officer):
    made = complaint()
    for path in (url("queue"), url("detail", made.reference), url("intake")):
        response = anonymous_client.get(path)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_employee_concerned_never_sees_it(client_for, officer, unit_supervisor):
    made = complaint(named_employee=unit_supervisor)
    client = client_for(unit_supervisor)
    assert made.reference not in html(client.get(url("queue")))
    assert client.get(url("detail", made.reference)).status_code == 404
    assert client.get(url("queue") + f"?q={made.reference}").context["rows"] == []


def test_the_agency_admin_reads_but_cannot_act(client_for, naf_admin, officer):
    made = complaint()
    client = client_for(naf_admin)
    page = client.get(url("detail", made.reference))
    assert "Read only" in html(page) and act(made, "acknowledge") not in html(page)
    assert client.post(act(made, "acknowledge")).status_code == 403
    assert reload(made).status == Status.RECEIVED


# --- the queue -----------------------------------------------------------------------------------


def test_the_queue_filters(client_for, officer, officer_2):
    late_kind = category(name_en="Rudeness")
    mine = in_state(Status.ASSIGNED, officer=officer)
    suggestion = complaint(of=late_kind, kind=Complaint.Kind.SUGGESTION)
    answered = in_state(Status.RESOLVED, officer=officer)
    client = client_for(officer)

    def shown(query: str) -> set[str]:
        response = client.get(url("queue") + query)
        assert response.status_code == 200
        return {c.reference for c, _clock, _late in response.context["rows"]}

    assert shown("") == {mine.reference, suggestion.reference}  # open ones
    assert shown("?status=resolved") == {answered.reference}
    assert shown("?kind=suggestion") == {suggestion.reference}
    assert shown(f"?category={late_kind.pk}") == {suggestion.reference}
    assert shown(f"?assignee={officer.pk}") == {mine.reference}
    assert shown("?assignee=none") == {suggestion.reference}
    assert shown(f"?q={answered.reference.lower().replace('-', ' ')}") == {answered.reference}
    assert shown("?overdue=true") == set()
    assert client.get(url("queue") + "?status=nonsense").context["page"] is None


def test_overdue_complaints_stand_out(client_for, officer, travel):
    now = timezone.now()
    travel(now - timedelta(days=30))
    late = complaint()
    travel(now)
    on_time = complaint()
    response = client_for(officer).get(url("queue"))
    rows = {c.reference: breached for c, _clock, breached in response.context["rows"]}
    assert rows == {late.reference: True, on_time.reference: False}
    assert 'class="complaint-breached"' in html(response) and "Overdue" in html(response)
    overdue = client_for(officer).get(url("queue") + "?overdue=true")
    assert [c.reference for c, *_ in overdue.context["rows"]] == [late.reference]


def test_the_queue_takes_the_same_queries_for_one_or_many(
    client_for, officer, officer_2, django_assert_max_num_queries
):
    complaint()
    client = client_for(officer)
    client.get(url("queue"))
    few = queries_for(client, url("queue"))
    for n in range(12):
        made = complaint(of=category())
        if n % 2:
            services.complaint_assign(complaint=made, officer=officer_2, actor=officer)
    with django_assert_max_num_queries(few):
        response = client.get(url("queue"))
    assert len(response.context["rows"]) == 13


def test_the_queue_pages_by_keyset(client_for, officer):
    made = [complaint() for _ in range(27)]
    client = client_for(officer)
    first = client.get(url("queue"))
    assert len(first.context["rows"]) == 25 and first.context["page"].next_cursor
    second = client.get(url("queue") + f"?cursor={first.context['page'].next_cursor}")
    shown = {c.pk for c, *_ in first.context["rows"]} | {c.pk for c, *_ in second.context["rows"]}
    assert shown == {c.pk for c in made}


# --- the complaint page and its actions ----------------------------------------------------------


def test_the_page_takes_the_same_queries_whatever_its_history(
    client_for, officer, django_assert_max_num_queries
):
    made = complaint()
    client = client_for(officer)
    few = queries_for(client, url("detail", made.reference))
    for n in range(8):
        services.complaint_note(complaint=made, text=f"Note {n}", actor=officer)
    services.complaint_resolve(complaint=reload(made), response="Done.", actor=officer)
    with django_assert_max_num_queries(few):
        client.get(url("detail", made.reference))


def test_an_officer_works_a_complaint_from_its_page(client_for, officer):
    made = complaint()
    client = client_for(officer)
    response = client.post(act(made, "take"), follow=True)
    assert flash(response) == "The complaint is yours."
    assert client.post(act(made, "acknowledge"))["Location"] == url("detail", made.reference)
    page = client.get(url("detail", made.reference))
    client.post(act(made, "ask"), {"text": "Which month?", "once": once(page.context["ask_form"])})
    assert reload(made).status == Status.WAITING
    page = client.get(url("detail", made.reference))
    client.post(
        act(made, "record"), {"text": "January.", "once": once(page.context["record_form"])}
    )
    assert reload(made).status == Status.IN_PROGRESS
    page = client.get(url("detail", made.reference))
    form = page.context["resolve_form"]
    response = client.post(act(made, "resolve"), {"text": "Paid.", "once": once(form)}, follow=True)
    assert flash(response) == "The answer was sent and the complaint is resolved."
    # The same rendered form again: nothing twice.
    response = client.post(act(made, "resolve"), {"text": "Paid.", "once": once(form)}, follow=True)
    assert "already submitted" in flash(response)
    client.post(act(made, "close"))
    assert reload(made).status == Status.CLOSED


def test_a_refused_action_says_why_and_changes_nothing(client_for, officer):
    made = in_state(Status.RESOLVED, officer=officer)
    before = snapshot(made)
    response = client_for(officer).post(act(made, "acknowledge"))
    assert "changed meanwhile" in flash(response)
    response = client_for(officer).post(act(made, "resolve"), {"text": ""})
    assert "required" in flash(response)
    assert snapshot(made) == before
    assert client_for(officer).post(act(made, "nonsense")).status_code == 404


def test_assigning_and_naming_the_employee_from_the_page(client_for, officer, officer_2):
    made = complaint()
    client = client_for(officer)
    client.post(act(made, "assign"), {"officer": officer_2.pk})
    assert reload(made).assigned_to == officer_2
    other = complaint()
    response = client.post(act(other, "employee"), {"email": officer_2.email.upper()}, follow=True)
    assert "hidden from this employee" in flash(response)
    assert reload(other).named_employee == officer_2
    response = client.post(act(other, "employee"), {"email": "nobody@example.jo"}, follow=True)
    assert "No member" in flash(response)


def test_closing_one_as_a_duplicate_from_its_page(client_for, officer):
    original, copy = complaint(), complaint()
    response = client_for(officer).post(
        act(copy, "duplicate"), {"original": original.reference}, follow=True
    )
    assert original.reference in flash(response)
    assert reload(copy).duplicate_of == original
    response = client_for(officer).post(
        act(complaint(), "duplicate"), {"original": "S-0000-0000-0"}, follow=True
    )
    assert "No complaint of yours" in flash(response)


def test_scripts_and_emoji_are_shown_as_text(client_for, officer):
    made = complaint(description="<script>alert(1)</script> بلا رد 😡")
    page = html(client_for(officer).get(url("detail", made.reference)))
    assert "<script>alert(1)</script>" not in page
    assert escape("<script>alert(1)</script>") in page and "😡" in page


def test_attachments_download_for_the_office_only(client_for, officer, mosd_officer):
    made = complaint(attachments=[upload("receipt.pdf")])
    attachment = made.attachments.get()
    response = client_for(officer).get(url("attachment", made.reference, attachment.pk))
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"].startswith('attachment; filename="receipt.pdf"')
    assert AuditEvent.objects.filter(action=Action.DOWNLOAD, actor=officer).count() == 1
    assert (
        client_for(mosd_officer).get(url("attachment", made.reference, attachment.pk)).status_code
        == 404
    )


def test_the_page_shows_the_deadlines(client_for, officer):
    made = complaint()
    page = client_for(officer).get(url("detail", made.reference))
    assert clock(made, "acknowledge") in page.context["clocks"]
    assert "Acknowledgement" in html(page)


# --- bulk ----------------------------------------------------------------------------------------


def test_bulk_assign_and_close_as_duplicates(client_for, officer, officer_2):
    batch = [complaint() for _ in range(3)]
    client = client_for(officer)
    response = client.post(
        url("bulk"),
        {"action": "assign", "officer": officer_2.pk, "complaints": [c.reference for c in batch]},
        follow=True,
    )
    assert flash(response) == "3 complaint(s) assigned."
    original = complaint()
    response = client.post(
        url("bulk"),
        {
            "action": "duplicate",
            "original": original.reference,
            "complaints": [c.reference for c in batch],
            "return_query": "kind=complaint",
        },
    )
    assert response["Location"] == url("queue") + "?kind=complaint"
    assert {reload(c).status for c in batch} == {Status.CLOSED}


def test_bulk_refusals_change_nothing(client_for, officer, officer_2, mosd_officer):
    batch = [complaint(), in_state(Status.RESOLVED, officer=officer)]
    original = complaint()
    before = [snapshot(c) for c in batch]
    client = client_for(officer)
    response = client.post(
        url("bulk"),
        {
            "action": "duplicate",
            "original": original.reference,
            "complaints": [c.reference for c in batch],
        },
        follow=True,
    )
    assert "Nothing was closed" in flash(response)
    response = client.post(
        url("bulk"), {"action": "assign", "complaints": [batch[0].reference]}, follow=True
    )
    assert "Choose the complaints officer" in flash(response)
    response = client.post(url("bulk"), {"action": "assign", "officer": officer_2.pk}, follow=True)
    assert "at least one" in flash(response)
    too_many = [f"S-{n:04d}-0000-0" for n in range(101)]
    response = client.post(
        url("bulk"),
        {"action": "assign", "officer": officer_2.pk, "complaints": too_many},
        follow=True,
    )
    assert "at most 100" in flash(response)
    assert [snapshot(c) for c in batch] == before
    # Another agency's complaint in the batch: 404, nothing changed.
    theirs = complaint(of=category("MOSD"))
    before = [snapshot(c) for c in batch]
    response = client.post(
        url("bulk"),
        {
            "action": "assign",
            "officer": officer_2.pk,
            "complaints": [batch[0].reference, theirs.reference],
        },
    )
    assert response.status_code == 404
    assert [snapshot(c) for c in batch] == before


# --- intake --------------------------------------------------------------------------------------


def test_staff_take_a_complaint_on_the_phone(client_for, intake_officer, officer):
    worries = category(name_en="Worries")
    client = client_for(intake_officer)
    page = client.get(url("intake"))
    assert page.status_code == 200 and "Worries" in html(page)
    response = client.post(
        url("intake"),
        {
            "once": once(page.context["form"]),
            "channel": "phone",
            "language": "en",
            "kind": "enquiry",
            "agency": worries.agency_id,
            "category": worries.pk,
            "description": "When is the next payment?",
            "phone": "079 123 4567",
            "contact": "sms",
        },
        follow=True,
    )
    made = Complaint.objects.get()
    assert made.reference in flash(response)
    assert (made.channel, made.language, made.created_by, made.kind) == (
        "phone",
        "en",
        intake_officer,
        "enquiry",
    )


def test_the_intake_form_refuses_bad_input_with_messages(client_for, intake_officer):
    worries = category()
    client = client_for(intake_officer)
    base = {
        "channel": "walk_in",
        "language": "ar",
        "kind": "complaint",
        "agency": worries.agency_id,
        "category": worries.pk,
        "description": "   ",
        "contact": "sms",
    }
    response = client.post(url("intake"), base)
    assert response.status_code == 200 and not Complaint.objects.exists()
    assert response.context["form"].errors
    response = client.post(url("intake"), base | {"description": "x", "named_employee": "no@x.jo"})
    assert "No member" in html(response)
    response = client.post(url("intake"), base | {"description": "x", "contact": "sms"})
    assert "Give a mobile number" in html(response)
    assert not Complaint.objects.exists()


def test_a_reference_that_cannot_be_one_in_a_bulk_action_answers_404(client_for, officer):
    made = complaint()
    response = client_for(officer).post(
        url("bulk"),
        {"action": "assign", "officer": officer.pk, "complaints": [made.reference, "\x00"]},
    )
    assert response.status_code == 404
    assert reload(made).assigned_to is None
