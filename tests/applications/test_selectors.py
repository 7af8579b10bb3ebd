"""Who sees which application, the applicant's own list, and the tracking look-up."""

import pytest
from django.contrib.auth.models import AnonymousUser

from apps.applications import selectors, services
from apps.applications.models import Application
from tests.applications.factories import draft, governorate, submitted, under_review
from tests.cases.factories import person
from tests.organisations.factories import office

pytestmark = pytest.mark.django_db
Status = Application.Status


@pytest.fixture
def spread(applicant, reviewer, reviewer_2):
    """An Amman application reviewed by `reviewer`, one waiting, one in Irbid, one draft."""
    return {
        "mine": under_review(applicant=applicant, reviewer=reviewer),
        "waiting": submitted(applicant=applicant),
        "theirs": under_review(applicant=applicant, reviewer=reviewer_2),
        "irbid": submitted(applicant=applicant, governorate=governorate("IR")),
        "draft": draft(applicant=applicant),
    }


def seen(user, spread) -> set[str]:
    ids = set(selectors.applications_visible_to(user).values_list("pk", flat=True))
    return {name for name, application in spread.items() if application.pk in ids}


def test_office_scope(spread, reviewer, naf_supervisor, naf_admin, irbid_worker, social_worker):
    assert seen(reviewer, spread) == {"mine", "waiting"}
    assert seen(naf_supervisor, spread) == {"mine", "waiting", "theirs"}
    assert seen(naf_admin, spread) == {"mine", "waiting", "theirs", "irbid"}
    assert seen(irbid_worker, spread) == {"irbid"}
    assert seen(social_worker, spread) == set()  # another agency


def test_citizens_and_visitors_see_no_queue(spread, applicant):
    assert seen(applicant, spread) == set()
    assert seen(AnonymousUser(), spread) == set()


def test_the_applicant_sees_their_own_drafts_included(spread, applicant, other_citizen):
    assert selectors.applications_of(applicant).count() == 5
    assert not selectors.applications_of(other_citizen).exists()


def test_the_public_history_leaves_staff_out(applicant, reviewer):
    application = under_review(applicant=applicant, reviewer=reviewer)
    services.application_request_info(application=application, question="Lease?", actor=reviewer)
    history = [u.message for u in selectors.public_history(application)]
    assert history == ["created", "submitted", "review", "info_requested"]


@pytest.fixture
def tracked(applicant):
    return submitted(applicant=applicant, id_number="9991234567", mobile="0791234567")


@pytest.mark.parametrize(
    "verification", ["4567", "٤٥٦٧", "0791234567", "+962 79 123 4567", "962791234567"]
)
def test_tracking_with_the_number_or_the_mobile(tracked, verification):
    assert selectors.application_to_track(tracked.reference, verification) == tracked
    typed = tracked.reference.lower().replace("-", " ")
    assert selectors.application_to_track(typed, verification) == tracked


@pytest.mark.parametrize("verification", ["", "1234", "0791234568", "9991234567", "456"])
def test_a_wrong_verification_gives_nothing(tracked, verification):
    assert selectors.application_to_track(tracked.reference, verification) is None


def test_a_wrong_reference_gives_nothing(tracked):
    other = tracked.reference[:-1] + ("0" if tracked.reference[-1] != "0" else "1")
    assert selectors.application_to_track(other, "4567") is None
    assert selectors.application_to_track("nonsense", "4567") is None


def test_the_person_on_file_verifies_too(applicant):
    known = person(mobile="+962781112233")
    application = submitted(applicant=applicant, id_number=known.id_number, mobile="0781112233")
    assert application.person == known
    assert selectors.application_to_track(application.reference, known.id_number[-4:])


def test_drafts_are_not_tracked(applicant):
    application = draft(applicant=applicant, id_number="9991234567")
    assert selectors.application_to_track(application.reference, "4567") is None


def test_the_queue_reads_in_fixed_queries(
    applicant, reviewer, naf_supervisor, django_assert_max_num_queries
):
    """Three for the user's roles, one for the rows, however many there are."""
    amman = office("NAF", "AM")
    for count in (2, 5):
        while Application.objects.count() < count:
            submitted(applicant=applicant)
        with django_assert_max_num_queries(4):
            rows = list(
                selectors.applications_visible_to(naf_supervisor)
                .filter(office=amman, status=Status.SUBMITTED)
                .select_related("service", "applicant")
                .order_by("-updated_at", "-id")
            )
        assert len(rows) == count
