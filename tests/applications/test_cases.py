"""Where the service says so (its card's "opens a case"), an approved application opens a case
for the applicant's household, or joins the one it has open; the applicant must be matched in
the registry (national number and mobile number both on file)."""

import pytest

from apps.applications import services
from apps.applications.models import Application
from apps.cases.models import Case
from tests.applications.factories import online_card, reload, under_review
from tests.cases.factories import household, open_case
from tests.referrals.helpers import read

pytestmark = pytest.mark.django_db
Status = Application.Status


def matched(person) -> dict:
    return {"id_number": person.id_number, "mobile": "0791112233"}


def test_an_approved_application_opens_the_household_case(applicant, reviewer):
    home, members = household(size=2)
    head = members[0]
    head.mobile = "+962791112233"
    head.save(update_fields=["mobile"])
    application = under_review(
        applicant=applicant,
        reviewer=reviewer,
        service=online_card(opens_case=True),
        governorate=None,
        **matched(head),
    )
    assert application.person == head
    assert application.governorate == head.governorate
    services.application_approve(application=application, actor=reviewer)
    application = reload(application)
    case = application.case
    assert case is not None and case.household == home
    assert (case.owner, case.office) == (reviewer, application.office)
    assert application.updates.filter(message="case_opened").exists()
    entry = case.events.get(message="application_case_opened")
    assert read(entry, "en") == f"Opened for application {application.reference} (" + (
        application.service.name_en + ")"
    )


def test_it_joins_the_open_case(applicant, reviewer, social_worker):
    case = open_case(owner=social_worker)
    person = case.primary_person
    person.mobile = "+962791112233"
    person.save(update_fields=["mobile"])
    application = under_review(
        applicant=applicant,
        reviewer=reviewer,
        service=online_card(opens_case=True),
        **matched(person),
    )
    services.application_approve(application=application, actor=reviewer)
    assert reload(application).case == case
    entry = case.events.get(message="application_case_joined")
    assert application.reference in read(entry, "en")
    assert Case.objects.filter(household=case.household).count() == 1


def test_a_number_without_the_mobile_on_file_matches_nobody(applicant, reviewer):
    _home, members = household(size=2)
    application = under_review(
        applicant=applicant,
        reviewer=reviewer,
        service=online_card(opens_case=True),
        id_number=members[0].id_number,
        mobile="0790000001",
    )
    assert application.person is None
    services.application_approve(application=application, actor=reviewer)
    application = reload(application)
    assert application.status == Status.APPROVED and application.case is None
    assert application.updates.filter(message="case_not_opened").exists()


def test_a_service_that_opens_no_case(applicant, reviewer):
    _home, members = household(size=2)
    members[0].mobile = "+962791112233"
    members[0].save(update_fields=["mobile"])
    application = under_review(applicant=applicant, reviewer=reviewer, **matched(members[0]))
    services.application_approve(application=application, actor=reviewer)
    assert reload(application).case is None
    assert not Case.objects.exists()
