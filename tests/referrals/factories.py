"""Referrals for the tests, made through the services (consent, routing, clocks and all)."""

from apps.referrals import services
from apps.referrals.models import Referral
from apps.registry import services as registry_services
from apps.registry.models import Consent
from tests.cases.factories import open_case
from tests.catalogue.factories import card


def referrable_card(agency: str = "NAF", **fields):
    values = {"referral_response_days": 3, "processing_days": 10} | fields
    return card(agency, referrable=True, **values)


def consent(person, *agencies, actor):
    return registry_services.consent_give(
        person=person, purpose=Consent.Purpose.REFERRAL, agencies=list(agencies), actor=actor
    )


def referral(*, sender, service=None, case=None, submit=True, with_consent=True, **fields):
    """A referral of a new case's primary person by `sender` (its social worker)."""
    service = service or referrable_card()
    case = case or open_case(owner=sender)
    if with_consent:
        consent(case.primary_person, service.agency, actor=sender)
    values = {"reason": "The family lost its income.", "submit": submit} | fields
    return services.referral_create(
        case=case, person=case.primary_person, service=service, actor=sender, **values
    )


def reload(referral: Referral) -> Referral:
    return Referral.objects.get(pk=referral.pk)
