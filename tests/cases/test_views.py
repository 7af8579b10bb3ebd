"""The case pages: who gets them (200, 403, 404, the sign-in page), the audit trail of reading
them, and the POST actions with their messages in both languages."""

import datetime as dt
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from apps.audit.models import AuditEvent
from apps.cases import services
from apps.cases.models import Approval, Case, CaseDocument, CaseEvent, CaseNote
from apps.core.exceptions import TransitionNotAllowed
from apps.core.forms import OnceForm
from apps.organisations.models import Membership
from tests.cases.factories import advance, household, open_case
from tests.organisations.factories import office, staff

Status = Case.Status
Role = Membership.Role
PO = Path(__file__).resolve().parents[2] / "locale" / "ar" / "LC_MESSAGES" / "django.po"
PDF = b"%PDF-1.4\n%test document\n%%EOF\n"
EXE = b"MZ\x90\x00" + b"\x00" * 60

MY_CASES = "/{lang}/staff/cases/"
OFFICE_CASES = "/{lang}/staff/cases/office/"
APPROVALS = "/{lang}/staff/cases/approvals/"


def url(case: Case, suffix: str = "", lang: str = "en") -> str:
    return f"/{lang}/staff/cases/{case.reference}/{suffix}"


def login_url(language: str = "en") -> str:
    with translation.override(language):
        return reverse("account_login")


def arabic(msgid: str) -> str:
    """The Arabic of a message as the catalogue has it; the English when it is not translated."""
    with PO.open("rb") as handle:
        catalog = read_po(handle)
    message = catalog.get(msgid)
    if message is not None and message.string and not message.fuzzy:
        return message.string
    return msgid


def shows(response, msgid: str, language: str) -> bool:
    text = arabic(msgid) if language == "ar" else msgid
    return escape(text) in response.content.decode()


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


@pytest.fixture
def case(social_worker):
    return open_case(owner=social_worker)


@pytest.fixture
def intake_officer(db):
    return staff("MOSD", "AM", Role.INTAKE_OFFICER, email="intake@mosd.example.jo")


def audit_count(action: str, **fields) -> int:
    return AuditEvent.objects.filter(action=action, **fields).count()


# Lists ----------------------------------------------------------------------------------------


LISTS = {
    MY_CASES: {"social_worker", "other_agency_worker"},
    OFFICE_CASES: {"supervisor"},
    APPROVALS: {"supervisor"},
}
PERSONAS = [
    "social_worker",
    "supervisor",
    "agency_admin",
    "other_agency_worker",
    "intake_officer",
    "citizen",
]


@pytest.mark.parametrize("page", LISTS)
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("lang", ["ar", "en"])
def test_the_lists_open_for_their_role_only(page, persona, lang, request, client_for):
    response = client_for(request.getfixturevalue(persona)).get(page.format(lang=lang))
    assert response.status_code == (200 if persona in LISTS[page] else 403)


@pytest.mark.parametrize("page", LISTS)
def test_anonymous_visitors_are_sent_to_sign_in_from_the_lists(page, db, anonymous_client):
    response = anonymous_client.get(page.format(lang="ar"))
    assert response.status_code == 302
    assert response.url == f"{login_url('ar')}?next={page.format(lang='ar')}"


def test_the_caseload_shows_the_cases_in_the_workers_language(case, social_worker, client_for):
    client = client_for(social_worker)
    english = client.get(MY_CASES.format(lang="en")).content.decode()
    arabic_page = client.get(MY_CASES.format(lang="ar")).content.decode()
    for page in (english, arabic_page):
        assert case.reference in page
        assert escape(case.primary_person.full_name_ar) in page
    assert '<html lang="ar" dir="rtl">' in arabic_page


# Case page ------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["social_worker", "supervisor", "agency_admin"])
def test_the_case_page_opens_for_owner_supervisor_and_agency_admin(
    persona, case, request, client_for
):
    reader = request.getfixturevalue(persona)
    response = client_for(reader).get(url(case))
    assert response.status_code == 200
    assert case.reference in response.content.decode()
    assert audit_count("view", actor=reader, object_type="cases.case", object_id=str(case.pk)) == 1


@pytest.mark.parametrize(
    "persona", ["other_agency_worker", "colleague", "irbid_supervisor", "other_agency_admin"]
)
def test_out_of_scope_staff_get_404_and_the_attempt_is_audited(persona, case, request, client_for):
    intruder = request.getfixturevalue(persona)
    response = client_for(intruder).get(url(case))
    assert response.status_code == 404
    page = response.content.decode()
    assert escape(case.primary_person.full_name_ar) not in page
    assert audit_count("access_denied", actor=intruder, object_id=case.reference) == 1
    assert audit_count("view") == 0


def test_an_unknown_reference_is_a_404(social_worker, client_for):
    response = client_for(social_worker).get("/en/staff/cases/C-0000-0000-0/")
    assert response.status_code == 404
    assert audit_count("access_denied", actor=social_worker, object_id="C-0000-0000-0") == 1


@pytest.mark.parametrize("persona", ["citizen", "intake_officer"])
def test_people_without_a_case_role_are_refused_the_case_page(persona, case, request, client_for):
    response = client_for(request.getfixturevalue(persona)).get(url(case))
    assert response.status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in_from_the_case_page(case, anonymous_client):
    response = anonymous_client.get(url(case))
    assert response.status_code == 302
    assert response.url == f"{login_url()}?next={url(case)}"


def test_the_case_page_hides_confidential_notes_from_the_agency_admin(
    case, social_worker, agency_admin, client_for
):
    services.note_add(case=case, body="Home visit done", confidential=False, actor=social_worker)
    services.note_add(case=case, body="Fears her husband", confidential=True, actor=social_worker)

    owner_page = client_for(social_worker).get(url(case)).content.decode()
    admin_page = client_for(agency_admin).get(url(case)).content.decode()

    assert "Fears her husband" in owner_page and "Confidential note added" in owner_page
    assert "Home visit done" in admin_page
    assert "Fears her husband" not in admin_page
    assert "Confidential note added" not in admin_page
    # reading is not working on it: no forms for the admin, and none to fetch
    assert url(case, "forms/note/") in owner_page and url(case, "forms/note/") not in admin_page
    assert client_for(agency_admin).get(url(case, "forms/note/")).status_code == 403


def test_the_timeline_filters_by_kind(case, social_worker, client_for):
    services.note_add(case=case, body="Called the school", confidential=False, actor=social_worker)
    response = client_for(social_worker).get(url(case), {"kind": "note"})
    assert [event.kind for event, _ in response.context["timeline"]] == [CaseEvent.Kind.NOTE]
    everything = client_for(social_worker).get(url(case), {"kind": "nonsense"})
    assert len(everything.context["timeline"]) == 2


# Opening a case -------------------------------------------------------------------------------


@pytest.fixture
def mosd_household(social_worker):
    """A household whose records MoSD holds (so MoSD staff can find it)."""
    home, members = household(size=3)
    members[0].agencies.add(office("MOSD", "AM").agency)
    return home, members


@pytest.mark.parametrize("persona", ["social_worker", "supervisor", "intake_officer"])
def test_the_open_case_form_opens_for_case_staff(persona, mosd_household, request, client_for):
    home, _ = mosd_household
    response = client_for(request.getfixturevalue(persona)).get(
        "/en/staff/cases/new/", {"household": home.pk}
    )
    assert response.status_code == 200
    assert home.reference in response.content.decode()


@pytest.mark.parametrize(
    ("persona", "status"),
    [("other_agency_worker", 404), ("agency_admin", 403), ("citizen", 403)],
)
def test_the_open_case_form_is_refused_to_others(
    persona, status, mosd_household, request, client_for
):
    home, _ = mosd_household
    response = client_for(request.getfixturevalue(persona)).get(
        "/en/staff/cases/new/", {"household": home.pk}
    )
    assert response.status_code == status


@pytest.mark.parametrize("household_param", ["", "abc", "1.5", "-1", "99999999"])
def test_the_open_case_form_needs_a_household(household_param, social_worker, client_for):
    response = client_for(social_worker).get("/en/staff/cases/new/", {"household": household_param})
    assert response.status_code == 404


def test_opening_a_case_from_the_form_once(mosd_household, social_worker, client_for):
    home, members = mosd_household
    client = client_for(social_worker)
    form = client.get("/en/staff/cases/new/", {"household": home.pk}).context["form"]
    data = {
        "primary_person": members[1].pk,
        "office": office("MOSD", "AM").pk,
        "owner": social_worker.pk,
        "risk": "high",
        "summary": "Rent arrears",
        "once": form.initial["once"],
    }
    path = f"/en/staff/cases/new/?household={home.pk}"

    first = client.post(path, data)
    case = Case.objects.get()
    assert first.status_code == 302 and first.url == url(case)
    assert (case.primary_person, case.risk) == (members[1], "high")

    again = client.post(path, data, follow=True)
    assert Case.objects.count() == 1
    assert again.status_code == 200
    assert str(OnceForm.repeat_message) in messages_of(again)


def test_the_open_case_form_shows_why_a_case_cannot_be_opened(
    mosd_household, social_worker, client_for
):
    home, members = mosd_household
    existing = open_case(owner=social_worker, home=home)
    response = client_for(social_worker).post(
        f"/en/staff/cases/new/?household={home.pk}",
        {
            "primary_person": members[0].pk,
            "office": office("MOSD", "AM").pk,
            "owner": social_worker.pk,
            "risk": "low",
            "summary": "Again",
        },
    )
    assert response.status_code == 200
    assert f"This household already has an open case ({existing.reference})." in (
        response.content.decode()
    )
    assert Case.objects.count() == 1


# POST actions ---------------------------------------------------------------------------------


def test_a_transition_from_the_page(case, social_worker, client_for):
    response = client_for(social_worker).post(
        url(case, "do/start_assessment/", lang="ar"), follow=True
    )
    assert response.redirect_chain == [(url(case, lang="ar"), 302)]
    assert Case.objects.get(pk=case.pk).status == Status.ASSESSMENT
    assert shows(response, "Assessment started.", "ar")


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_a_transition_from_the_wrong_state_shows_a_translated_message(
    lang, case, social_worker, client_for
):
    services.case_start_assessment(case=case, actor=social_worker)
    events = case.events.count()
    client = client_for(social_worker)

    again = client.post(url(case, "do/start_assessment/", lang=lang), follow=True)
    too_early = client.post(url(case, "do/activate/", lang=lang), follow=True)

    assert again.status_code == too_early.status_code == 200
    with translation.override("en"):
        stale_message = str(TransitionNotAllowed().messages[0])
    assert shows(again, stale_message, lang)
    assert shows(too_early, stale_message, lang)
    planning = client.post(url(case, "do/start_planning/", lang=lang), follow=True)
    assert shows(planning, "Assess at least one domain before planning.", lang)
    assert Case.objects.get(pk=case.pk).status == Status.ASSESSMENT
    assert case.events.count() == events


def test_activating_a_critical_plan_from_the_page_asks_the_supervisor(
    social_worker, supervisor, client_for
):
    case = advance(
        open_case(owner=social_worker, risk=Case.Risk.CRITICAL),
        Status.PLANNING,
        worker=social_worker,
    )
    response = client_for(social_worker).post(url(case, "do/activate/"), follow=True)
    assert messages_of(response) == [
        "The plan of a critical-risk case needs a supervisor's approval; the request was sent."
    ]
    assert Case.objects.get(pk=case.pk).status == Status.PLANNING
    approval = case.approvals.get()
    queue = client_for(supervisor).get(APPROVALS.format(lang="en"))
    assert list(queue.context["approvals"]) == [approval]


def test_the_timeline_reads_in_the_readers_language(case, social_worker, client_for):
    services.case_start_assessment(case=case, actor=social_worker)
    services.assessment_record(case=case, domain="income", need=3, notes="", actor=social_worker)
    page = client_for(social_worker).get(url(case)).content.decode()
    assert escape("Status changed to “Assessment”") in page
    assert "Income assessed: High need" in page


def test_an_unknown_transition_is_a_404(case, social_worker, client_for):
    response = client_for(social_worker).post(url(case, "do/close_now/"))
    assert response.status_code == 404
    assert Case.objects.get(pk=case.pk).status == Status.OPEN


def test_case_actions_are_post_only(case, social_worker, client_for):
    response = client_for(social_worker).get(url(case, "do/start_assessment/"))
    assert response.status_code == 405
    assert Case.objects.get(pk=case.pk).status == Status.OPEN


ACTIONS = [
    ("do/start_assessment/", {}),
    ("notes/", {"body": "Intrusion"}),
    ("risk/", {"risk": "low"}),
    ("closure/", {"reason": "x"}),
]


@pytest.mark.parametrize(("suffix", "data"), ACTIONS)
def test_out_of_scope_staff_cannot_post_case_actions(
    suffix, data, case, other_agency_worker, colleague, client_for
):
    for intruder in (other_agency_worker, colleague):
        assert client_for(intruder).post(url(case, suffix), data).status_code == 404
    assert Case.objects.get(pk=case.pk).status == Status.OPEN
    assert case.events.count() == 1 and not case.notes.exists()


@pytest.mark.parametrize(("suffix", "data"), ACTIONS)
def test_citizens_and_visitors_cannot_post_case_actions(
    suffix, data, case, citizen, anonymous_client, client_for
):
    assert client_for(citizen).post(url(case, suffix), data).status_code == 403
    response = anonymous_client.post(url(case, suffix), data)
    assert response.status_code == 302 and response.url.startswith(login_url())
    assert case.events.count() == 1


def test_a_reader_who_may_not_work_on_the_case_is_told_so(case, agency_admin, client_for):
    response = client_for(agency_admin).post(
        url(case, "notes/"), {"body": "Not mine to write"}, follow=True
    )
    assert response.status_code == 200
    assert (
        "Only the case's social worker or a supervisor of its office can do this."
        in messages_of(response)
    )
    assert not case.notes.exists()
    assert audit_count("permission_denied", actor=agency_admin, detail="note_add") == 1


def test_a_double_submitted_note_is_saved_once(case, social_worker, client_for):
    client = client_for(social_worker)
    token = (
        client.get(f"/en/staff/cases/{case.reference}/forms/note/").context["form"].initial["once"]
    )
    data = {"body": "Visited the family", "once": token, "anchor": "notes"}

    first = client.post(url(case, "notes/"), data)
    assert first.status_code == 302 and first.url == url(case) + "#notes"
    assert messages_of(client.get(first.url)) == ["Note added."]
    second = client.post(url(case, "notes/"), data, follow=True)

    assert CaseNote.objects.filter(case=case).count() == 1
    assert messages_of(second) == [str(OnceForm.repeat_message)]


def test_a_double_submitted_note_is_refused_in_arabic(case, social_worker, client_for):
    client = client_for(social_worker)
    data = {"body": "زيارة منزلية", "once": "a1b2c3"}
    client.post(url(case, "notes/", lang="ar"), data)
    second = client.post(url(case, "notes/", lang="ar"), data, follow=True)
    assert CaseNote.objects.filter(case=case).count() == 1
    assert shows(second, str(OnceForm.repeat_message), "ar")


def test_an_empty_note_is_refused_with_a_message(case, social_worker, client_for):
    response = client_for(social_worker).post(url(case, "notes/"), {"body": ""}, follow=True)
    assert "This field is required." in messages_of(response)
    assert not case.notes.exists()


def test_the_workflow_from_the_pages(
    case, social_worker, supervisor, client_for
):  # a social worker plans and asks for closure, the supervisor approves
    worker, boss = client_for(social_worker), client_for(supervisor)
    due = (timezone.localdate() + dt.timedelta(days=10)).isoformat()

    worker.post(url(case, "do/start_assessment/"))
    worker.post(url(case, "assessments/"), {"domain": "income", "need": "3", "notes": "No job"})
    worker.post(url(case, "do/start_planning/"))
    worker.post(url(case, "goals/"), {"description": "Stable income"})
    goal = case.goals.get()
    worker.post(
        url(case, f"goals/{goal.pk}/actions/"),
        {
            "description": "Vocational training",
            "due_date": due,
            "responsible_agency": office("MOSD", None).agency.pk,
            "pillar": "tamkeen",
        },
    )
    worker.post(url(case, "do/activate/"))
    assert Case.objects.get(pk=case.pk).status == Status.ACTIVE
    worker.post(url(case, "closure/"), {"reason": "Working now"})
    approval = case.approvals.get()

    returned = boss.post(
        url(case, f"approvals/{approval.pk}/"), {"decision": "return", "comment": ""}, follow=True
    )
    assert "Say why you return it, so the social worker knows what to change." in messages_of(
        returned
    )
    assert Case.objects.get(pk=case.pk).status == Status.CLOSURE_REQUESTED
    # the worker cannot decide their own request
    worker.post(url(case, f"approvals/{approval.pk}/"), {"decision": "approve"})
    assert Approval.objects.get(pk=approval.pk).status == Approval.Status.PENDING

    boss.post(url(case, f"approvals/{approval.pk}/"), {"decision": "approve", "comment": ""})
    case.refresh_from_db()
    assert case.status == Status.CLOSED and case.closed_at is not None

    worker.post(url(case, "reopen/"), {"reason": "Lost the job again"})
    assert Case.objects.get(pk=case.pk).status == Status.ASSESSMENT


def test_an_action_due_in_the_past_is_refused_by_the_form(case, social_worker, client_for):
    advance(case, Status.PLANNING, worker=social_worker)
    goal = case.goals.get()
    yesterday = (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    response = client_for(social_worker).post(
        url(case, f"goals/{goal.pk}/actions/"),
        {
            "description": "Late",
            "due_date": yesterday,
            "responsible_agency": office("MOSD", None).agency.pk,
            "pillar": "forsa",
        },
        follow=True,
    )
    assert "The due date cannot be in the past." in messages_of(response)
    assert goal.actions.count() == 1


def test_an_action_of_another_case_is_a_404(case, social_worker, client_for):
    advance(case, Status.PLANNING, worker=social_worker)
    other = advance(open_case(owner=social_worker), Status.PLANNING, worker=social_worker)
    action = other.goals.get().actions.get()
    response = client_for(social_worker).post(
        url(case, f"actions/{action.pk}/status/"), {"status": "done"}
    )
    assert response.status_code == 404
    assert other.goals.get().actions.get().status == "planned"


# Documents ------------------------------------------------------------------------------------


def upload(client, case, name, content, lang="en"):
    return client.post(
        url(case, "documents/", lang=lang),
        {"title": "Lease", "file": SimpleUploadedFile(name, content)},
        follow=True,
    )


def test_uploading_and_downloading_a_document(case, social_worker, supervisor, client_for):
    response = upload(client_for(social_worker), case, "lease.pdf", PDF)
    assert "Document added." in messages_of(response)
    document = CaseDocument.objects.get()

    for reader in (social_worker, supervisor):
        download = client_for(reader).get(url(case, f"documents/{document.pk}/"))
        assert download.status_code == 200
        assert download["Content-Disposition"] == 'attachment; filename="lease.pdf"'
        assert download["Content-Type"] == "application/pdf"
        assert b"".join(download.streaming_content) == PDF
        assert audit_count("download", actor=reader, object_id=str(document.pk)) == 1


def test_a_document_is_downloaded_as_what_it_is(case, social_worker, client_for):
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
    upload(client_for(social_worker), case, "scan.pdf", png)
    document = CaseDocument.objects.get()
    assert document.content_type == "image/png"

    download = client_for(social_worker).get(url(case, f"documents/{document.pk}/"))

    assert download["Content-Disposition"] == 'attachment; filename="scan.png"'
    assert download["Content-Type"] == "image/png"
    assert b"".join(download.streaming_content) == png


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_a_program_renamed_pdf_is_refused_with_a_translated_message(
    lang, case, social_worker, client_for
):
    response = upload(client_for(social_worker), case, "invoice.pdf", EXE, lang=lang)
    assert shows(response, "Only PDF, JPEG and PNG files can be attached.", lang)
    assert not CaseDocument.objects.exists()


def test_a_file_over_10_mb_is_refused(case, social_worker, client_for):
    response = upload(
        client_for(social_worker), case, "big.pdf", PDF + b"\0" * services.MAX_DOCUMENT_BYTES
    )
    assert "The file is larger than 10 MB." in messages_of(response)
    assert not CaseDocument.objects.exists()


def test_out_of_scope_staff_cannot_download_a_document(
    case, social_worker, other_agency_worker, colleague, citizen, client_for
):
    document = services.document_add(
        case=case, title="ID", upload=SimpleUploadedFile("id.pdf", PDF), actor=social_worker
    )
    path = url(case, f"documents/{document.pk}/")
    assert client_for(other_agency_worker).get(path).status_code == 404
    assert client_for(colleague).get(path).status_code == 404
    assert client_for(citizen).get(path).status_code == 403
    assert audit_count("download") == 0


def test_a_document_is_only_reached_through_its_own_case(social_worker, client_for):
    mine = open_case(owner=social_worker)
    other = open_case(owner=social_worker)
    document = services.document_add(
        case=other, title="ID", upload=SimpleUploadedFile("id.pdf", PDF), actor=social_worker
    )
    response = client_for(social_worker).get(url(mine, f"documents/{document.pk}/"))
    assert response.status_code == 404


# Supervisor pages -----------------------------------------------------------------------------


def test_the_office_list_shows_staff_changes_at_once(
    supervisor, social_worker, client_for, django_capture_on_commit_callbacks
):
    """The social workers' <option>s are cached, and drawn again when the staff changes."""
    client = client_for(supervisor)
    first = client.get(OFFICE_CASES.format(lang="en")).context["worker_options"]
    assert f'<option value="{social_worker.pk}">' in first
    with django_capture_on_commit_callbacks(execute=True):
        newcomer = staff("MOSD", "AM", Role.SOCIAL_WORKER, email="newcomer@mosd.example.jo")
    assert (
        f'<option value="{newcomer.pk}">'
        in client.get(OFFICE_CASES.format(lang="en")).context["worker_options"]
    )
    with django_capture_on_commit_callbacks(execute=True):
        Membership.objects.filter(user=social_worker).delete()
    assert (
        f'<option value="{social_worker.pk}">'
        not in client.get(OFFICE_CASES.format(lang="en")).context["worker_options"]
    )


def test_bulk_reassignment_from_the_office_list(social_worker, supervisor, colleague, client_for):
    moving = [open_case(owner=social_worker) for _ in range(3)]
    staying = open_case(owner=social_worker)
    client = client_for(supervisor)
    page = client.get(OFFICE_CASES.format(lang="en"), {"risk": "medium"})
    assert 'id="bulk-owner"' in page.content.decode()
    assert f'<option value="{colleague.pk}">' in page.context["worker_options"]

    response = client.post(
        "/en/staff/cases/office/reassign/",
        {
            "cases": [c.reference for c in moving],
            "owner": colleague.pk,
            "reason": "Parental leave",
            "return_query": "risk=medium",
        },
    )

    assert response.status_code == 302
    assert response.url == "/en/staff/cases/office/?risk=medium"
    assert set(
        Case.objects.filter(pk__in=[c.pk for c in moving]).values_list("owner", flat=True)
    ) == {colleague.pk}
    assert Case.objects.get(pk=staying.pk).owner == social_worker
    assert "3 case(s) reassigned." in messages_of(client.get(response.url))


def test_bulk_reassignment_refuses_cases_outside_the_office(
    social_worker, supervisor, colleague, irbid_worker, client_for
):
    mine = open_case(owner=social_worker)
    elsewhere = open_case(owner=irbid_worker)
    response = client_for(supervisor).post(
        "/en/staff/cases/office/reassign/",
        {"cases": [mine.reference, elsewhere.reference], "owner": colleague.pk},
    )
    assert response.status_code == 404
    assert Case.objects.get(pk=mine.pk).owner == social_worker


def test_bulk_reassignment_needs_cases_and_a_worker(
    social_worker, supervisor, colleague, irbid_worker, client_for
):
    case = open_case(owner=social_worker)
    client = client_for(supervisor)
    nothing = client.post("/en/staff/cases/office/reassign/", {"owner": colleague.pk}, follow=True)
    assert "Choose at least one case to reassign." in messages_of(nothing)
    nobody = client.post(
        "/en/staff/cases/office/reassign/",
        {"cases": [case.reference], "owner": irbid_worker.pk},
        follow=True,
    )
    assert "Choose the social worker to give the cases to." in messages_of(nobody)
    assert Case.objects.get(pk=case.pk).owner == social_worker


def test_bulk_reassignment_is_for_supervisors(case, social_worker, colleague, client_for):
    response = client_for(social_worker).post(
        "/en/staff/cases/office/reassign/", {"cases": [case.reference], "owner": colleague.pk}
    )
    assert response.status_code == 403
    assert Case.objects.get(pk=case.pk).owner == social_worker


def test_the_approvals_queue_lists_the_supervisors_office_only(
    social_worker, supervisor, irbid_worker, client_for
):
    here = advance(open_case(owner=social_worker), Status.CLOSURE_REQUESTED, worker=social_worker)
    there = advance(open_case(owner=irbid_worker), Status.CLOSURE_REQUESTED, worker=irbid_worker)
    decided = advance(
        open_case(owner=social_worker), Status.CLOSED, worker=social_worker, supervisor=supervisor
    )

    response = client_for(supervisor).get(APPROVALS.format(lang="en"))

    assert [a.case for a in response.context["approvals"]] == [here]
    page = response.content.decode()
    assert here.reference in page
    assert there.reference not in page and decided.reference not in page


def test_a_supervisor_assigns_and_transfers_from_the_case_page(
    case, supervisor, colleague, irbid_worker, client_for
):
    client = client_for(supervisor)
    form = client.get(url(case, "forms/assign/"), HTTP_HX_REQUEST="true").context["form"]
    assert set(form.fields["owner"].queryset) == {colleague}

    client.post(url(case, "assign/"), {"owner": colleague.pk, "reason": "Caseload"})
    assert Case.objects.get(pk=case.pk).owner == colleague

    client.post(
        url(case, "transfer/"),
        {"office": office("MOSD", "IR").pk, "owner": irbid_worker.pk, "reason": "Moved"},
    )
    case.refresh_from_db()
    assert (case.owner, case.office) == (irbid_worker, office("MOSD", "IR"))
    assert case.assignments.count() == 3
    # the case has left the supervisor's office
    assert client.get(url(case)).status_code == 404


def test_a_worker_cannot_reassign_their_own_case(case, social_worker, colleague, client_for):
    response = client_for(social_worker).post(
        url(case, "assign/"), {"owner": colleague.pk, "reason": ""}, follow=True
    )
    assert "Only a supervisor of the case's office can do this." in messages_of(response)
    assert Case.objects.get(pk=case.pk).owner == social_worker


def test_the_case_page_forms_come_as_fragments_or_pages(case, social_worker, client_for):
    client = client_for(social_worker)
    fragment = client.get(url(case, "forms/note/"), HTTP_HX_REQUEST="true")
    page = client.get(url(case, "forms/note/"))
    assert fragment.status_code == page.status_code == 200
    assert "<html" not in fragment.content.decode() and "<html" in page.content.decode()
    assert url(case, "notes/") in fragment.content.decode()
    assert client.get(url(case, "forms/nonsense/")).status_code == 404
    assert client.get(url(case, "forms/action/"), {"goal": "x"}).status_code == 404
    assert client.get(url(case, "forms/assign/")).status_code == 403  # supervisors only
