"""Routing by the referrals' rules: the service's rule for the applicant's governorate, then the
agency's office there, then its head office; none active: unrouted, for the admins to choose."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from apps.applications import selectors, services
from apps.applications.models import Application
from apps.notifications.models import Message
from apps.referrals import services as referral_services
from tests.applications.factories import clock, draft, governorate, online_card, reload, submitted
from tests.organisations.factories import office
from tests.referrals.factories import closed_offices

pytestmark = pytest.mark.django_db
Status = Application.Status


def test_to_the_agency_office_of_the_applicant_governorate(applicant):
    application = submitted(applicant=applicant)
    assert application.office == office("NAF", "AM")


def test_the_service_rule_comes_first(applicant, naf_admin):
    service = online_card()
    referral_services.routing_rule_set(
        service=service, governorate=governorate("AM"), office=office("NAF", "IR"), actor=naf_admin
    )
    application = submitted(applicant=applicant, service=service)
    assert application.office == office("NAF", "IR")


def test_the_head_office_when_the_governorate_has_none(applicant):
    amman = office("NAF", "AM")
    with closed_offices(amman):
        application = submitted(applicant=applicant)
    assert application.office == office("NAF", None)


def test_unrouted_then_chosen_by_an_agency_admin(applicant, naf_admin, social_worker):
    amman, head = office("NAF", "AM"), office("NAF", None)
    with closed_offices(amman, head):
        application = submitted(applicant=applicant)
        assert application.status == Status.UNROUTED and application.office is None
        assert clock(application) is None
        assert Message.objects.filter(recipient=naf_admin, context__event="unrouted").exists()
    with pytest.raises(PermissionDenied):
        services.application_route_manually(
            application=application, office=amman, actor=social_worker
        )
    with pytest.raises(ValidationError):
        services.application_route_manually(
            application=application, office=office("MOSD", "AM"), actor=naf_admin
        )
    services.application_route_manually(application=application, office=amman, actor=naf_admin)
    application = reload(application)
    assert (application.status, application.office) == (Status.SUBMITTED, amman)
    assert clock(application) is not None


def test_routing_twice_routes_once(applicant):
    application = submitted(applicant=applicant)
    services.application_route(application=application)
    assert application.updates.filter(message="routed").count() == 1


def test_the_office_load_counts_undecided_applications(applicant, reviewer):
    amman = office("NAF", "AM")
    submitted(applicant=applicant)
    submitted(applicant=applicant)
    decided = submitted(applicant=applicant)
    services.application_withdraw(application=decided, actor=applicant)
    draft(applicant=applicant)
    assert selectors.office_load([amman.pk]) == {amman.pk: 2}


def test_candidates_are_those_of_the_referrals(applicant):
    application = draft(applicant=applicant, governorate=governorate("IR"))
    offices = services.routing_candidates(application)
    assert offices == [office("NAF", "IR"), office("NAF", None)]
