"""Referrals for the tests, made through the services (consent, routing, clocks and all)."""

import contextlib

from django.core.files.uploadedfile import SimpleUploadedFile

from apps.cases import services as case_services
from apps.cases.models import CaseDocument
from apps.organisations.models import Membership, Office
from apps.referrals import services
from apps.referrals.models import Referral
from apps.registry import services as registry_services
from apps.registry.models import Consent
from apps.sla import selectors as sla_selectors
from apps.sla.models import Clock
from tests.cases.factories import open_case
from tests.catalogue.factories import card
from tests.organisations.factories import MembershipFactory, office

Status = Referral.Status
PDF = b"%PDF-1.4\n%test document\n%%EOF\n"


def referrable_card(agency: str = "NAF", **fields):
    values = {"referral_response_days": 3, "processing_days": 10, "referrable": True} | fields
    return card(agency, **values)


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


def routed(*, sender, **fields) -> Referral:
    """Submitted and routed: the route task's one call, run here rather than on commit."""
    made = referral(sender=sender, **fields)
    services.referral_route(referral_id=made.pk)
    return reload(made)


def many(count: int, *, sender, service=None, route: bool = True) -> list[Referral]:
    """`count` referrals of one case's primary person (one consent), routed unless told."""
    service = service or referrable_card()
    case = open_case(owner=sender)
    consent(case.primary_person, service.agency, actor=sender)
    made = []
    for n in range(count):
        one = services.referral_create(
            case=case,
            person=case.primary_person,
            service=service,
            reason=f"Referral number {n}.",
            actor=sender,
        )
        if route:
            services.referral_route(referral_id=one.pk)
        made.append(one)
    return made


def document(case, *, actor, title: str = "Income certificate") -> CaseDocument:
    upload = SimpleUploadedFile("income.pdf", PDF, content_type="application/pdf")
    return case_services.document_add(case=case, title=title, upload=upload, actor=actor)


def answer_clock(referral: Referral) -> Clock:
    return Clock.objects.get(
        kind=services.KIND, subject_id=str(referral.pk), purpose=services.ANSWER, stopped_at=None
    )


def running_clocks(referral: Referral) -> list[Clock]:
    return list(
        Clock.objects.filter(kind=services.KIND, subject_id=str(referral.pk), stopped_at=None)
    )


@contextlib.contextmanager
def closed_offices(*offices: Office):
    """The offices are inactive inside the block (routing skips them), active again after."""
    ids = [o.pk for o in offices]
    Office.objects.filter(pk__in=ids).update(is_active=False)
    try:
        yield
    finally:
        Office.objects.filter(pk__in=ids).update(is_active=True)


def supervisor_of(referral: Referral):
    """A supervisor of the referral's receiving office (one is made when it has none)."""
    found = sla_selectors.supervisors_of(referral.to_office_id)
    if found:
        return found[0]
    return MembershipFactory(office=referral.to_office, role=Membership.Role.SUPERVISOR).user


def in_state(status: str, *, sender) -> Referral:
    """A referral of a NAF service by `sender`, brought to `status` through the services (the
    receiving side acting as its office's supervisor)."""
    if status == Status.DRAFT:
        return referral(sender=sender, submit=False)
    if status == Status.SUBMITTED:
        return referral(sender=sender)
    if status == Status.UNROUTED:
        # Nothing in the person's governorate and no head office: it waits for the agency.
        made = referral(sender=sender)
        with closed_offices(office("NAF", "AM"), office("NAF", None)):
            services.referral_route(referral_id=made.pk)
        return reload(made)
    made = routed(sender=sender)
    if status == Status.ROUTED:
        return made
    receiver = supervisor_of(made)
    if status == Status.INFO_REQUESTED:
        services.referral_request_info(referral=made, question="Which school?", actor=receiver)
    elif status == Status.DECLINED:
        services.referral_decline(
            referral=made, reason=Referral.DeclineReason.NO_CAPACITY, note="", actor=receiver
        )
    elif status == Status.CANCELLED:
        services.referral_cancel(referral=made, reason="The family moved.", actor=sender)
    elif status == Status.EXPIRED:
        # Unanswered at its office, then at the head office: no candidate is left.
        services.referral_reroute(referral=made, clock=answer_clock(made))
        made = reload(made)
        services.referral_reroute(referral=made, clock=answer_clock(made))
    elif status in (Status.ACCEPTED, Status.COMPLETED):
        services.referral_accept(referral=made, actor=receiver)
        if status == Status.COMPLETED:
            services.referral_complete(
                referral=reload(made),
                outcome=Referral.Outcome.DELIVERED,
                note="",
                actor=receiver,
            )
    made = reload(made)
    assert made.status == status
    return made
