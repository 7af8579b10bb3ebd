"""The applicant's pages: apply (and drafts), follow, answer, withdraw, my requests, bundles."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.applications import services
from apps.applications.models import Application, ApplicationDocument
from apps.catalogue.models import Service
from apps.complaints.models import Complaint
from apps.notifications.models import Message
from tests.applications.factories import (
    PDF,
    PNG,
    draft,
    governorate,
    online_card,
    pdf,
    reload,
    submitted,
    under_review,
)
from tests.cases.factories import person
from tests.catalogue.factories import card, life_event
from tests.registry.factories import PersonFactory, household_of

pytestmark = pytest.mark.django_db
Status = Application.Status


@pytest.fixture
def citizen(client, applicant):
    client.force_login(applicant)
    return client


def _apply_url(service, language="en"):
    return f"/{language}/services/{service.slug}/apply/"


def _mine(application, language="en"):
    return f"/{language}/my/applications/{application.reference}/"


def _form(service, *, submit=True, files=True, **fields) -> dict:
    data = {
        "id_number": "9901234567",
        "mobile": "0791234567",
        "governorate": governorate().pk,
        "household_size": "4",
        "details": "نحتاج المساعدة بعد فقدان العمل",
    } | fields
    if submit:
        data["submit"] = "1"
    else:
        data["save"] = "1"
    if files:
        for document in service.documents.all():
            data[f"document_{document.pk}"] = pdf(f"doc-{document.pk}.pdf")
    return data


def _errors(response) -> str:
    """The error messages the page shows (the alert and the fields' feedback), as text."""
    html = response.content.decode()
    found = re.findall(
        r'class="(?:alert alert-danger|invalid-feedback[^"]*)"[^>]*>(.*?)</div>', html, re.S
    )
    return " ".join(re.sub(r"<[^>]+>", " ", text) for text in found)


# --- applying ------------------------------------------------------------------------------------


def test_apply_sends_the_application_with_its_documents(citizen, applicant):
    service = online_card()
    response = citizen.post(_apply_url(service), _form(service))
    application = Application.objects.get(applicant=applicant)
    assert response.status_code == 302
    assert response["Location"] == _mine(application)
    assert application.status == Status.SUBMITTED
    assert application.office is not None
    assert application.form_data == {
        "household_size": 4,
        "details": "نحتاج المساعدة بعد فقدان العمل",
    }
    assert application.documents.count() == 2
    page = citizen.get(_mine(application))
    assert application.reference in page.content.decode()
    assert "Application received" in page.content.decode()
    # The reference by SMS, with a link to the application.
    sms = Message.objects.get(channel="sms", context__event="submitted")
    assert sms.link == reverse("applications:mine", args=[application.reference])


def test_a_missing_document_is_named_and_nothing_is_saved(citizen, applicant):
    service = online_card()
    data = _form(service)
    first = service.documents.order_by("position", "pk").first()
    data.pop(f"document_{first.pk}")
    response = citizen.post(_apply_url(service), data)
    assert response.status_code == 200
    assert "Identity card" in _errors(response)
    assert not Application.objects.exists()
    assert not ApplicationDocument.objects.exists()


def test_a_wrong_file_type_is_refused_and_nothing_is_saved(citizen, media_root):
    service = online_card()
    data = _form(service)
    first = service.documents.first()
    data[f"document_{first.pk}"] = SimpleUploadedFile("x.pdf", b"MZ\x90\x00 not a pdf")
    response = citizen.post(_apply_url(service), data)
    assert response.status_code == 200
    assert "Only PDF, JPEG and PNG files can be attached." in _errors(response)
    assert not Application.objects.exists()
    # The files written before the refusal are removed again.
    stored = list((media_root / "applications").rglob("*")) if media_root.exists() else []
    assert [p for p in stored if p.is_file()] == []


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("mobile", "12345", "Enter a Jordanian mobile number"),
        ("household_size", "0", "greater than or equal to 1"),
        ("details", "x" * 2001, "at most 2000 characters"),
        ("governorate", "999999", "Select a valid choice"),
    ],
)
def test_bad_input_gets_a_message_and_changes_nothing(citizen, field, value, message):
    service = online_card()
    response = citizen.post(_apply_url(service), _form(service, **{field: value}))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Application.objects.exists()


def test_a_draft_is_saved_without_all_documents_and_resumed(citizen, applicant):
    service = online_card()
    data = _form(service, submit=False, files=False)
    first = service.documents.order_by("position", "pk").first()
    data[f"document_{first.pk}"] = pdf("id.pdf")
    citizen.post(_apply_url(service), data)
    application = Application.objects.get(applicant=applicant)
    assert application.status == Status.DRAFT
    assert application.documents.count() == 1
    # Back to the service: the draft is continued, not a second one started.
    again = citizen.get(_apply_url(service))
    assert again.status_code == 302 and again["Location"] == _mine(application)
    page = citizen.get(_mine(application)).content.decode()
    assert "id.pdf" in page and 'value="9901234567"' in page
    # Sending it with the missing document only.
    second = service.documents.order_by("position", "pk").last()
    data = _form(service, files=False)
    data[f"document_{second.pk}"] = pdf("income.pdf")
    response = citizen.post(_mine(application), data)
    assert response.status_code == 302
    assert reload(application).status == Status.SUBMITTED
    assert Application.objects.count() == 1


def test_a_second_submission_of_the_same_draft_changes_nothing(citizen, applicant):
    service = online_card()
    application = draft(applicant=applicant, service=service)
    data = _form(service, files=False)
    citizen.post(_mine(application), data)
    assert reload(application).status == Status.SUBMITTED
    updates = application.updates.count()
    response = citizen.post(_mine(application), _form(service, files=False), follow=True)
    assert "already sent" in response.content.decode()
    assert application.updates.count() == updates
    assert Application.objects.count() == 1


def test_the_same_rendered_form_sent_twice_saves_once(citizen, applicant):
    service = online_card()
    data = _form(service) | {"once": "token-1"}
    citizen.post(_apply_url(service), data)
    citizen.post(_apply_url(service), _form(service) | {"once": "token-1"})
    assert Application.objects.filter(applicant=applicant).count() == 1


@pytest.mark.parametrize("kind", ["unpublished", "offline", "missing"])
def test_a_service_that_cannot_be_applied_for_online_is_refused(citizen, kind):
    if kind == "unpublished":
        service = online_card(publish=False)
        slug = service.slug
    elif kind == "offline":
        service = card("NAF", applicable_online=False)
        slug = service.slug
    else:
        slug = "no-such-service"
    response = citizen.post(f"/en/services/{slug}/apply/", {"submit": "1"}, follow=True)
    assert "This service cannot be applied for online." in response.content.decode()
    assert not Application.objects.exists()


def test_applying_needs_an_account(client):
    service = online_card()
    response = client.get(_apply_url(service))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_form_is_prefilled_from_the_last_application_and_the_registry(citizen, applicant):
    known = person(mobile="+962781112233", governorate="IR")
    child = PersonFactory(governorate=known.governorate)
    household_of(known, (child, "child"))
    submitted(
        applicant=applicant,
        id_number=known.id_number,
        mobile="0781112233",
        governorate=None,
    )
    page = citizen.get(_apply_url(online_card())).content.decode()
    assert f'value="{known.id_number}"' in page
    assert 'value="+962781112233"' in page
    assert re.search(rf'<option value="{governorate("IR").pk}" selected', page)
    assert re.search(r'name="household_size" value="2"', page)
    assert "match the national registry" in page


def test_no_registry_data_without_both_numbers_matching(citizen, applicant):
    known = person(mobile="+962781112233", governorate="IR")
    submitted(applicant=applicant, id_number=known.id_number, mobile="0790000000")
    page = citizen.get(_apply_url(online_card())).content.decode()
    assert "match the national registry (" not in page
    assert known.full_name_ar not in page


def test_the_arabic_form_is_right_to_left(citizen):
    service = online_card()
    page = citizen.get(_apply_url(service, "ar")).content.decode()
    assert 'dir="rtl"' in page and 'lang="ar"' in page
    assert "صورة الهوية" in page


# --- following, answering, withdrawing -----------------------------------------------------------


def test_another_citizens_application_is_not_found(client, applicant, other_citizen):
    application = submitted(applicant=applicant)
    document = application.documents.first()
    client.force_login(other_citizen)
    assert client.get(_mine(application)).status_code == 404
    assert client.get(f"{_mine(application)}documents/{document.pk}/").status_code == 404
    response = client.post(f"{_mine(application)}withdraw/", {})
    assert response.status_code == 404
    assert reload(application).status == Status.SUBMITTED


def test_the_applicant_downloads_their_document(citizen, applicant):
    application = submitted(applicant=applicant)
    document = application.documents.first()
    response = citizen.get(f"{_mine(application)}documents/{document.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert "attachment" in response["Content-Disposition"]


def test_the_applicant_answers_the_question_with_a_document(citizen, applicant, reviewer):
    application = under_review(applicant=applicant, reviewer=reviewer)
    services.application_request_info(
        application=application, question="Send the lease contract.", actor=reviewer
    )
    page = citizen.get(_mine(application)).content.decode()
    assert "Send the lease contract." in page
    upload = SimpleUploadedFile("lease.png", PNG, content_type="image/png")
    response = citizen.post(
        f"{_mine(application)}answer/",
        {"answer": "Here it is.", "file": upload, "title": "Lease contract"},
    )
    assert response.status_code == 302
    application = reload(application)
    assert application.status == Status.UNDER_REVIEW
    assert application.documents.filter(title="Lease contract").exists()
    assert application.updates.filter(message="info_answered", body="Here it is.").exists()


def test_an_empty_answer_is_refused(citizen, applicant, reviewer):
    application = under_review(applicant=applicant, reviewer=reviewer)
    services.application_request_info(application=application, question="Why?", actor=reviewer)
    response = citizen.post(f"{_mine(application)}answer/", {"answer": "  "}, follow=True)
    assert "Write an answer or attach a document." in response.content.decode()
    assert reload(application).status == Status.INFO_REQUESTED


def test_an_answer_when_nothing_was_asked_changes_nothing(citizen, applicant, reviewer):
    application = under_review(applicant=applicant, reviewer=reviewer)
    response = citizen.post(f"{_mine(application)}answer/", {"answer": "Hello"}, follow=True)
    assert "changed meanwhile" in response.content.decode()
    assert reload(application).status == Status.UNDER_REVIEW
    assert not application.updates.filter(kind="answer").exists()


def test_the_applicant_withdraws(citizen, applicant):
    application = submitted(applicant=applicant)
    response = citizen.post(f"{_mine(application)}withdraw/", {"reason": "No longer needed"})
    assert response.status_code == 302
    assert reload(application).status == Status.WITHDRAWN


def test_an_unknown_action_is_not_found(citizen, applicant):
    application = submitted(applicant=applicant)
    assert citizen.post(f"{_mine(application)}approve/", {}).status_code == 404
    assert reload(application).status == Status.SUBMITTED


# --- my requests ---------------------------------------------------------------------------------


def test_my_requests_lists_only_mine(citizen, applicant, other_citizen):
    mine = submitted(applicant=applicant)
    other = submitted(applicant=other_citizen)
    theirs = other.reference
    page = citizen.get("/en/my/requests/").content.decode()
    assert mine.reference in page and theirs not in page
    told = Message.objects.get(recipient=applicant, channel="in_app", context__event="submitted")
    assert told.body in page


def test_my_requests_shows_my_complaints(citizen, applicant):
    from apps.complaints.services import Complainant
    from tests.complaints.factories import complaint

    filed = complaint(who=Complainant(name="Sami", phone="0791234567", user=applicant))
    page = citizen.get("/ar/my/requests/").content.decode()
    assert filed.reference in page
    assert Complaint.objects.count() == 1


def test_my_requests_queries_do_not_grow_with_rows(
    citizen, applicant, django_assert_max_num_queries
):
    service = online_card()
    for _ in range(3):
        submitted(applicant=applicant, service=service)
    with django_assert_max_num_queries(12) as few:
        citizen.get("/en/my/requests/")
    for _ in range(6):
        submitted(applicant=applicant, service=service)
    with django_assert_max_num_queries(len(few.captured_queries)):
        citizen.get("/en/my/requests/")


# --- bundles -------------------------------------------------------------------------------------


def test_a_bundle_sends_several_applications_with_shared_documents_uploaded_once(
    citizen, applicant
):
    shared = ("صورة الهوية", "Identity card")
    first = online_card(documents=[shared, ("عقد الإيجار", "Lease")])
    second = online_card("MOSD", documents=[shared])
    offline = card("NAF", applicable_online=False)
    life_event("lost-job", first, second, offline)
    page = citizen.get("/en/life-events/lost-job/apply/").content.decode()
    assert page.count("Identity card") == 1  # one upload for both services
    assert offline.name_en not in page
    data = _form(first, files=False) | {"services": [first.pk, second.pk]}
    data.pop("submit")
    data["document_0"] = pdf("id.pdf")
    data["document_1"] = pdf("lease.pdf")
    response = citizen.post("/en/life-events/lost-job/apply/", data)
    assert response.status_code == 302
    sent = Application.objects.filter(applicant=applicant)
    assert {a.service_id for a in sent} == {first.pk, second.pk}
    assert all(a.status == Status.SUBMITTED for a in sent)
    assert ApplicationDocument.objects.filter(original_name="id.pdf").count() == 2


def test_a_bundle_missing_a_document_saves_nothing(citizen, applicant):
    first = online_card(documents=[("صورة الهوية", "Identity card")])
    second = online_card(documents=[("عقد الإيجار", "Lease")])
    life_event("new-baby", first, second)
    data = _form(first, files=False) | {"services": [first.pk, second.pk]}
    data["document_0"] = pdf("id.pdf")
    response = citizen.post("/en/life-events/new-baby/apply/", data)
    assert response.status_code == 200
    assert "Lease" in _errors(response)
    assert not Application.objects.exists()


def test_a_bundle_without_online_services_sends_back(citizen):
    life_event("retire", card("NAF", applicable_online=False))
    response = citizen.get("/en/life-events/retire/apply/", follow=True)
    assert response.redirect_chain[-1][0] == "/en/life-events/retire/"
    assert "None of this life event&#x27;s services can be applied for online." in (
        response.content.decode()
    )


def test_a_bundle_needs_a_chosen_service(citizen):
    first = online_card(documents=[])
    life_event("marriage", first)
    data = _form(first, files=False)
    response = citizen.post("/en/life-events/marriage/apply/", data)
    assert "Choose at least one service." in response.content.decode()
    assert not Application.objects.exists()


def test_the_service_card_links_to_the_form(client):
    service = online_card()
    page = client.get(f"/en/services/{service.slug}/").content.decode()
    assert _apply_url(service) in page
    assert Service.objects.filter(pk=service.pk, applicable_online=True).exists()
