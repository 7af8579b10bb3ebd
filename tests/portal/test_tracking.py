"""The one tracking page of every reference: applications and complaints through the same form,
one message for every failure, rate limits per address and per reference, and the application's
page (citizen words, nothing personal, a fixed number of queries)."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from apps.applications import services as application_services
from apps.applications.models import Application
from apps.complaints import services as complaint_services
from apps.organisations.models import Membership
from apps.portal.tracking import APPLICATIONS_TRACKED, KEEP
from tests.applications.factories import clock, draft, submitted, under_review
from tests.complaints.factories import complaint
from tests.organisations.factories import UserFactory, staff

pytestmark = pytest.mark.django_db
Status = Application.Status
NOT_FOUND = "We found no application or complaint with this reference number and these details."
TOO_MANY = "Too many attempts"
ID_NUMBER, MOBILE = "9991234567", "0791234567"


def url(name: str, *args, lang: str = "en") -> str:
    with translation.override(lang):
        return reverse(name, args=args)


def html(response) -> str:
    return response.content.decode()


def track(client, reference: str, verification: str = ""):
    return client.post(url("portal:track"), {"reference": reference, "verification": verification})


@pytest.fixture
def applicant(db):
    return UserFactory(email="applicant@example.jo", full_name="Huda Haddad")


@pytest.fixture
def reviewer(db):
    return staff("NAF", "AM", Membership.Role.SOCIAL_WORKER, full_name="Omar Reviewer")


@pytest.fixture
def tracked(applicant):
    return submitted(applicant=applicant, id_number=ID_NUMBER, mobile=MOBILE)


# --- the form -----------------------------------------------------------------------------------


@pytest.mark.parametrize("verification", ["4567", "٤٥٦٧", MOBILE, "+962 79 123 4567", "٠٧٩١٢٣٤٥٦٧"])
def test_an_application_is_found_by_the_number_or_the_mobile(tracked, verification):
    client = Client()
    typed = tracked.reference.lower().replace("-", " ")
    response = track(client, typed, verification)
    assert response.status_code == 302
    assert response["Location"] == url("portal:track_detail", tracked.reference)
    assert client.session[APPLICATIONS_TRACKED] == [tracked.reference]
    assert client.get(response["Location"]).status_code == 200


def test_a_complaint_is_found_through_the_same_form(reviewer):
    made = complaint()
    client = Client()
    response = track(client, made.reference, "+962 79 123 4567")
    assert response["Location"] == url("complaints:track_detail", made.reference)
    page = client.get(response["Location"])
    assert page.status_code == 200 and page.context["whole"]
    assert made.description in html(page)


def test_an_anonymous_complaint_without_contact_shows_its_status_only(reviewer):
    made = complaint(who=complaint_services.Complainant())
    client = Client()
    page = client.get(track(client, made.reference)["Location"])
    assert page.status_code == 200 and not page.context["whole"]
    assert made.description not in html(page)


def test_every_failure_reads_the_same(tracked, reviewer):
    made = complaint()
    other = tracked.reference[:-1] + ("0" if tracked.reference[-1] != "0" else "1")
    failures = [
        (tracked.reference, "1234"),  # wrong verification
        (tracked.reference, ""),
        (made.reference, "0781111111"),
        ("A-0000-0000-0", "4567"),  # well formed, nobody's
        (other, "4567"),  # check character wrong
        ("R" + tracked.reference[1:], "4567"),  # a kind that is not tracked here
        ("not a reference", "4567"),
    ]
    bodies = set()
    for reference, verification in failures:
        response = track(Client(), reference, verification)
        assert response.status_code == 200 and NOT_FOUND in html(response)
        errors = response.context["form"].non_field_errors()
        bodies.add(tuple(errors))
        assert tracked.service.name_en not in html(response)
    assert len(bodies) == 1


def test_a_draft_is_not_tracked(applicant):
    application = draft(applicant=applicant, id_number=ID_NUMBER, mobile=MOBILE)
    response = track(Client(), application.reference, "4567")
    assert NOT_FOUND in html(response)


def test_the_form_keeps_the_reference_it_was_sent(tracked):
    page = Client().get(url("portal:track") + f"?reference={tracked.reference}")
    assert page.status_code == 200
    assert page.context["form"]["reference"].value() == tracked.reference
    assert "no-store" in page["Cache-Control"]


def test_the_old_complaint_form_leads_to_the_one_form(reviewer):
    made = complaint()
    response = Client().get(url("complaints:track") + f"?reference={made.reference}")
    assert response["Location"] == url("portal:track") + f"?reference={made.reference}"
    # A complaint's page without verification sends to the one form too.
    response = Client().get(url("complaints:track_detail", made.reference))
    assert response["Location"] == url("portal:track") + f"?reference={made.reference}"


def test_only_the_last_ten_applications_are_remembered(applicant):
    client = Client()
    references = [
        submitted(applicant=applicant, id_number=ID_NUMBER, mobile=MOBILE).reference
        for _ in range(KEEP + 1)
    ]
    for reference in references:
        track(client, reference, "4567")
    assert client.session[APPLICATIONS_TRACKED] == references[1:]
    first = client.get(url("portal:track_detail", references[0]))
    assert first.status_code == 302


# --- rate limits --------------------------------------------------------------------------------


def test_guessing_one_reference_is_blocked_from_any_address(settings, tracked):
    settings.TRACK_REFERENCE_RATE = "3/h"
    for n in range(3):
        response = track(Client(REMOTE_ADDR=f"198.51.100.{n}"), tracked.reference, f"000{n}")
        assert NOT_FOUND in html(response)
    # The right answer now, from yet another address: refused until the hour ends.
    client = Client(REMOTE_ADDR="198.51.100.9")
    response = track(client, tracked.reference, "4567")
    assert response.status_code == 429 and TOO_MANY in html(response)
    assert APPLICATIONS_TRACKED not in client.session
    assert tracked.service.name_en not in html(response)


def test_one_address_is_limited_whatever_it_looks_up(settings, tracked):
    settings.TRACK_RATE = "2/10m"
    client = Client(REMOTE_ADDR="192.0.2.5")
    for _ in range(2):
        track(client, "A-0000-0000-0", "4567")
    response = track(client, tracked.reference, "4567")
    assert response.status_code == 429 and TOO_MANY in html(response)
    # Another address is not held back.
    assert track(Client(REMOTE_ADDR="192.0.2.6"), tracked.reference, "4567").status_code == 302


def test_complaint_guesses_count_on_the_same_page(settings, reviewer):
    settings.TRACK_REFERENCE_RATE = "2/h"
    made = complaint()
    for n in range(2):
        track(Client(REMOTE_ADDR=f"203.0.113.{n}"), made.reference, f"078000000{n}")
    response = track(Client(REMOTE_ADDR="203.0.113.9"), made.reference, MOBILE)
    assert response.status_code == 429


# --- the application's page ----------------------------------------------------------------------


def verified(application: Application, verification: str = "4567") -> Client:
    client = Client()
    assert track(client, application.reference, verification).status_code == 302
    return client


def test_the_page_needs_the_form_first(tracked):
    response = Client().get(url("portal:track_detail", tracked.reference))
    assert response["Location"] == url("portal:track") + f"?reference={tracked.reference}"


def test_the_page_reads_for_citizens_and_shows_nothing_personal(applicant, reviewer):
    application = under_review(
        applicant=applicant, reviewer=reviewer, id_number=ID_NUMBER, mobile=MOBILE
    )
    application_services.application_request_info(
        application=application, question="Send the lease of Huda Haddad.", actor=reviewer
    )
    page = verified(application).get(url("portal:track_detail", application.reference))
    body = html(page)
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    assert application.service.name_en in body and "National Aid Fund" in body
    assert "Needs information" in body and "Sign in to My requests" in body
    assert url("applications:my_requests") in body
    assert "The time for a decision is stopped" in body
    assert "Under review" in body and "More information is needed from you" in body
    for personal in [
        ID_NUMBER,
        MOBILE,
        "+962791234567",
        "791234567",
        applicant.full_name,
        applicant.email,
        reviewer.full_name,  # never a member of staff's name
        "Send the lease",  # the office's question is read signed in, not here
    ]:
        assert personal not in body


def test_the_promised_decision_date_is_shown_while_the_clock_runs(tracked):
    due = timezone.localtime(clock(tracked).due_at)
    page = verified(tracked, MOBILE).get(url("portal:track_detail", tracked.reference))
    assert page.context["promise"]["state"] == "due"
    assert "We promise a decision by" in html(page)
    assert date_format(due, "DATE_FORMAT") in html(page)


def test_a_decided_application_promises_nothing_more(applicant, reviewer):
    application = under_review(applicant=applicant, reviewer=reviewer, id_number=ID_NUMBER)
    application_services.application_reject(
        application=application,
        reason=Application.RejectionReason.NOT_ELIGIBLE,
        note="",
        actor=reviewer,
    )
    page = verified(application).get(url("portal:track_detail", application.reference))
    body = html(page)
    assert page.context["promise"] is None
    assert "Rejected: The applicant is not eligible" in body
    assert url("complaints:new") in body


def test_the_page_reads_in_a_fixed_number_of_queries(
    applicant, reviewer, django_assert_num_queries
):
    application = under_review(
        applicant=applicant, reviewer=reviewer, id_number=ID_NUMBER, mobile=MOBILE
    )
    client = verified(application)
    address = url("portal:track_detail", application.reference)
    # session, application, its history, its clock
    with django_assert_num_queries(4):
        assert client.get(address).status_code == 200
    for n in range(3):
        application_services.application_request_info(
            application=application, question=f"Question {n}?", actor=reviewer
        )
        application_services.application_answer_info(
            application=application, answer=f"Answer {n}.", actor=applicant
        )
    with django_assert_num_queries(4):
        page = client.get(address)
    assert html(page).count("You sent the information asked for") == 3


def test_the_arabic_page_is_right_to_left(tracked):
    client = Client()
    client.post(
        url("portal:track", lang="ar"), {"reference": tracked.reference, "verification": "٤٥٦٧"}
    )
    page = client.get(url("portal:track_detail", tracked.reference, lang="ar"))
    assert page.status_code == 200 and 'dir="rtl"' in html(page)
    form = client.get(url("portal:track", lang="ar"))
    assert 'dir="rtl"' in html(form) and 'lang="ar"' in html(form)


def test_a_complaint_reference_on_the_application_page_goes_to_the_complaint(reviewer):
    made = complaint()
    response = Client().get(url("portal:track_detail", made.reference))
    assert response["Location"] == url("complaints:track_detail", made.reference)


# --- links ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_the_public_navigation_and_footer_link_to_tracking_and_the_charter(lang, anonymous_client):
    body = html(anonymous_client.get(f"/{lang}/"))
    navbar = body[body.index("<nav") : body.index("</nav>")]
    footer = body[body.index("<footer") :]
    for name in ("portal:track", "portal:charter"):
        assert f'href="{url(name, lang=lang)}"' in navbar
        assert f'href="{url(name, lang=lang)}"' in footer
