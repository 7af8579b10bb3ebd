"""The public pages: the complaint form without an account (bot trap, rate limit, bad input),
the page that gives the reference, and the tracking page (verification, status only for an
anonymous complaint without contact, the signed link, answering, rating and reopening)."""

import time
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from apps.complaints import services
from apps.complaints.forms import started_token
from apps.complaints.models import Complaint
from tests.complaints.factories import (
    PDF,
    category,
    complainant,
    complaint,
    in_state,
    reload,
)
from tests.complaints.helpers import citizen_messages, snapshot

pytestmark = pytest.mark.django_db
Status = Complaint.Status
NOT_FOUND = "We found no application or complaint with this reference number and these details."


def url(name: str, *args, lang: str = "en") -> str:
    with translation.override(lang):
        return reverse(f"complaints:{name}", args=args)


def html(response) -> str:
    return response.content.decode()


def flash(response) -> str:
    return [str(m) for m in get_messages(response.wsgi_request)][-1]


@pytest.fixture
def topic(db):
    return category(name_en="Late payment", name_ar="تأخر صرف المعونة")


def fields(topic, **overrides) -> dict:
    values = {
        "started": started_token(time.time() - 60),
        "kind": "complaint",
        "agency": topic.agency_id,
        "category": topic.pk,
        "description": "لم تُصرف المعونة منذ شهرين.",
        "name": "",
        "phone": "0791234567",
        "email": "",
        "contact": "sms",
        "website": "",
    }
    return values | overrides


# --- the form ------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_anyone_gets_the_form_in_either_language(lang, topic, anonymous_client):
    response = anonymous_client.get(url("new", lang=lang))
    assert response.status_code == 200
    assert topic.name_ar in html(response) if lang == "ar" else "Late payment" in html(response)
    assert 'name="website"' in html(response) and 'name="started"' in html(response)


def test_an_anonymous_citizen_files_a_complaint_and_gets_the_reference(topic, anonymous_client):
    response = anonymous_client.post(url("new", lang="ar"), fields(topic))
    assert response.status_code == 302 and response["Location"] == url("filed", lang="ar")
    made = Complaint.objects.get()
    assert (made.channel, made.language, made.is_anonymous) == ("web", "ar", True)
    assert made.phone == "+962791234567"
    filed = anonymous_client.get(response["Location"])
    assert made.reference in html(filed)
    sms = citizen_messages("received").get()
    assert sms.language == "ar" and sms.context["reference"] == made.reference
    # The complainant follows it at once, without typing anything.
    page = anonymous_client.get(url("track_detail", made.reference, lang="ar"))
    assert page.status_code == 200 and page.context["whole"]


def test_a_file_from_the_form_is_kept(topic, anonymous_client):
    upload = SimpleUploadedFile("letter.pdf", PDF, content_type="application/pdf")
    anonymous_client.post(url("new"), fields(topic) | {"attachments": [upload]})
    assert Complaint.objects.get().attachments.count() == 1


def test_the_agency_choice_narrows_the_lists(topic, anonymous_client):
    mosd = category("MOSD", name_en="Rude staff")
    response = anonymous_client.get(url("choices") + f"?agency={topic.agency_id}")
    assert "Late payment" in html(response) and "Rude staff" not in html(response)
    everything = anonymous_client.get(url("new"))
    assert "Late payment" in html(everything) and mosd.name_en in html(everything)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"website": "http://spam.example"}, "We could not accept the form"),
        ({"started": ""}, "We could not accept the form"),
        ({"started": "forged:token"}, "We could not accept the form"),
        ({"description": ""}, "This field is required."),
        ({"description": " \u202e\u200f "}, "The description is required."),
        ({"description": "x" * 4001}, "at most 4000 characters"),
        ({"phone": "12345"}, "Enter a Jordanian mobile number"),
        ({"phone": "", "contact": "sms"}, "Give a mobile number"),
        ({"contact": "email"}, "Give an email address"),
        ({"kind": "threat"}, "Select a valid choice"),
        ({"category": "999999"}, "Select a valid choice"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_saved(
    overrides, message, topic, anonymous_client
):
    response = anonymous_client.post(url("new"), fields(topic, **overrides))
    assert response.status_code == 200
    assert escape(message) in html(response) or message in html(response)
    assert not Complaint.objects.exists()


def test_a_form_sent_too_fast_is_refused(settings, topic, anonymous_client):
    settings.COMPLAINTS_MIN_FILL_SECONDS = 3
    response = anonymous_client.post(url("new"), fields(topic, started=started_token()))
    assert "We could not accept the form" in html(response)
    assert not Complaint.objects.exists()
    anonymous_client.post(url("new"), fields(topic, started=started_token(time.time() - 5)))
    assert Complaint.objects.count() == 1


def test_another_agencys_subject_is_refused(topic, anonymous_client):
    theirs = category("MOSD")
    response = anonymous_client.post(url("new"), fields(topic, category=theirs.pk))
    assert response.status_code == 200 and not Complaint.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("virus.pdf", b"MZ\x90\x00 not a pdf", "Only PDF, JPEG and PNG files"),
        ("big.pdf", PDF + b"\0" * (10 * 1024 * 1024), "larger than 10 MB"),
    ],
)
def test_wrong_files_are_refused(name, content, message, topic, anonymous_client):
    upload = SimpleUploadedFile(name, content, content_type="application/pdf")
    response = anonymous_client.post(url("new"), fields(topic) | {"attachments": [upload]})
    assert response.status_code == 200 and message in html(response)
    assert not Complaint.objects.exists()


def test_at_most_three_files(topic, anonymous_client):
    uploads = [SimpleUploadedFile(f"{n}.pdf", PDF) for n in range(4)]
    response = anonymous_client.post(url("new"), fields(topic) | {"attachments": uploads})
    assert "Attach at most 3 files." in html(response)
    assert not Complaint.objects.exists()


def test_text_is_cleaned_of_direction_controls_and_keeps_emoji(topic, anonymous_client):
    anonymous_client.post(
        url("new"), fields(topic, description="\u202eأين\u202c المعونة؟ 😡 <b>now</b>")
    )
    assert Complaint.objects.get().description == "أين المعونة؟ 😡 <b>now</b>"


def test_the_form_is_rate_limited_per_address(settings, topic):
    settings.COMPLAINTS_SUBMIT_RATE = "2/h"
    client = Client(REMOTE_ADDR="203.0.113.7")
    for _ in range(2):
        assert client.post(url("new"), fields(topic)).status_code == 302
    response = client.post(url("new"), fields(topic))
    assert response.status_code == 429 and "try again in an hour" in html(response)
    assert Complaint.objects.count() == 2
    # Another address is not held back.
    assert Client(REMOTE_ADDR="203.0.113.8").post(url("new"), fields(topic)).status_code == 302


def test_sending_the_same_form_twice_files_once(topic, anonymous_client):
    page = anonymous_client.get(url("new"))
    data = fields(topic, once=page.context["form"]["once"].value())
    anonymous_client.post(url("new"), data)
    response = anonymous_client.post(url("new"), data)
    assert response["Location"] == url("filed")
    assert Complaint.objects.count() == 1


def test_the_filed_page_needs_a_complaint_of_this_session(anonymous_client):
    assert anonymous_client.get(url("filed"))["Location"] == url("new")


# --- tracking ------------------------------------------------------------------------------------


def track_form(lang: str = "en") -> str:
    """The one tracking form of every reference (apps/portal/tracking.py)."""
    with translation.override(lang):
        return reverse("portal:track")


def track(client, reference: str, verification: str = ""):
    return client.post(track_form(), {"reference": reference, "verification": verification})


def test_tracking_with_the_number_on_file_in_any_spelling(officer):
    made = in_state(Status.WAITING, officer=officer)
    client = Client()
    response = track(client, made.reference.lower().replace("-", " "), "+962 79 123 4567")
    assert response["Location"] == url("track_detail", made.reference)
    page = client.get(response["Location"])
    assert page.context["whole"] and page.context["answer_form"] is not None
    assert "We asked you for more information." in html(page)
    assert "Which month?" in html(page)
    assert officer.full_name not in html(page)  # never a member of staff's name


def test_tracking_by_email(officer):
    made = complaint(who=complainant(phone="", email="Sara@Example.jo", contact="email"))
    response = track(Client(), made.reference, "sara@example.jo")
    assert response["Location"] == url("track_detail", made.reference)


def test_a_wrong_reference_and_a_wrong_verification_read_the_same(officer):
    made = complaint()
    for reference, verification in [
        (made.reference, "0781111111"),
        (made.reference, ""),
        ("S-0000-0000-0", "0791234567"),
        ("not a reference", "0791234567"),
    ]:
        response = track(Client(), reference, verification)
        assert response.status_code == 200 and NOT_FOUND in html(response)


def test_an_anonymous_complaint_without_contact_shows_its_status_only(officer):
    made = complaint(who=services.Complainant())
    client = Client()
    response = track(client, made.reference)
    page = client.get(response["Location"])
    assert page.status_code == 200 and not page.context["whole"]
    assert str(made.status_label) in html(page) and made.description not in html(page)


def test_the_tracking_page_needs_verification(officer):
    made = complaint()
    response = Client().get(url("track_detail", made.reference))
    assert response["Location"] == track_form() + f"?reference={made.reference}"
    assert (
        Client().post(url("track_action", made.reference, "rate"), {"rating": 5}).status_code == 404
    )


def test_guessing_the_number_of_one_reference_is_limited(settings, officer):
    settings.TRACK_REFERENCE_RATE = "3/h"
    made = complaint()
    for n in range(3):
        assert NOT_FOUND in html(
            track(Client(REMOTE_ADDR=f"198.51.100.{n}"), made.reference, f"078000000{n}")
        )
    response = track(Client(REMOTE_ADDR="198.51.100.9"), made.reference, "0791234567")
    assert response.status_code == 429


def test_tracking_is_rate_limited_per_address(settings, officer):
    settings.TRACK_RATE = "2/10m"
    client = Client(REMOTE_ADDR="192.0.2.5")
    for _ in range(2):
        track(client, "S-0000-0000-0", "0791234567")
    assert track(client, "S-0000-0000-0", "0791234567").status_code == 429


def test_the_signed_link_in_the_answer_opens_the_page(officer):
    made = in_state(Status.RESOLVED, officer=officer)
    link = citizen_messages("resolved").get().link
    client = Client()
    response = client.get(link)
    assert response["Location"] == url("track_detail", made.reference, lang="ar")
    page = client.get(response["Location"])
    assert page.context["whole"] and page.context["rate_form"] and page.context["reopen_form"]
    assert "Paid today." in html(page)
    forged = Client().get(url("track_detail", made.reference) + "?t=forged")
    assert "not valid" in flash(forged)


def verified(made) -> Client:
    client = Client()
    client.get(url("track_detail", made.reference) + f"?t={services.tracking_token(made)}")
    return client


def test_the_complainant_answers_rates_and_reopens_from_the_page(officer, unit_supervisor):
    made = in_state(Status.WAITING, officer=officer)
    client = verified(made)
    response = client.post(url("track_action", made.reference, "answer"), {"answer": "January."})
    assert flash(response) == "Thank you; your answer was sent."
    assert reload(made).status == Status.IN_PROGRESS
    services.complaint_resolve(complaint=reload(made), response="Paid.", actor=officer)
    response = client.post(
        url("track_action", made.reference, "rate"), {"rating": "2", "comment": "Slow."}
    )
    assert flash(response) == "Thank you for your rating."
    response = client.post(url("track_action", made.reference, "rate"), {"rating": "5"})
    assert "already rated" in flash(response)
    response = client.post(url("track_action", made.reference, "reopen"), {"reason": "Not paid."})
    assert "reopened" in flash(response)
    made = reload(made)
    assert (made.status, made.rating, made.reopen_count) == (Status.REOPENED, 2, 1)


def test_the_page_refuses_a_rating_before_the_answer(officer):
    made = complaint()
    client = verified(made)
    before = snapshot(made)
    response = client.post(url("track_action", made.reference, "rate"), {"rating": "4"})
    assert "once it has been answered" in flash(response)
    response = client.post(url("track_action", made.reference, "rate"), {"rating": "9"})
    assert "Select a valid choice" in flash(response)
    response = client.post(url("track_action", made.reference, "reopen"), {"reason": "?"})
    assert "Only an answered complaint" in flash(response)
    assert snapshot(made) == before
    assert client.post(url("track_action", made.reference, "delete")).status_code == 404


def test_the_page_refuses_reopening_after_the_window(officer, travel):
    from django.utils import timezone

    now = timezone.now()
    travel(now - timedelta(days=8))
    made = in_state(Status.RESOLVED, officer=officer)
    travel(now)
    client = verified(made)
    page = client.get(url("track_detail", made.reference))
    assert page.context["reopen_form"] is None
    before = snapshot(made)
    response = client.post(url("track_action", made.reference, "reopen"), {"reason": "Late."})
    assert "within 7 days" in flash(response)
    assert snapshot(made) == before


def test_scripts_are_shown_as_text_to_the_complainant(officer):
    made = complaint(description='<img src=x onerror="alert(1)"> 🙏')
    page = html(verified(made).get(url("track_detail", made.reference)))
    assert '<img src=x onerror="alert(1)">' not in page and "🙏" in page


def test_a_signed_in_complainant_sees_their_own(citizen, client_for):
    made = complaint(who=complainant(user=citizen), actor=citizen)
    page = client_for(citizen).get(url("track_detail", made.reference))
    assert page.status_code == 200 and page.context["whole"]


def test_the_pages_and_messages_read_in_arabic(topic, anonymous_client):
    from apps.notifications.rendering import render_message

    page = html(anonymous_client.get(url("new", lang="ar")))
    assert "أرسل شكوى أو اقتراحًا" in page and 'dir="rtl"' in page
    anonymous_client.post(url("new", lang="ar"), fields(topic))
    sms = citizen_messages("received").get()
    text = render_message(
        template=sms.template, channel="sms", language="ar", context=sms.context, link=sms.link
    ).body
    assert sms.context["reference"] in text and "استلمنا رسالتك (شكوى)" in text
    assert "/ar/complaints/track/" in text
