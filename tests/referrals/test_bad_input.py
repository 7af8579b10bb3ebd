"""Bad input: each refused with a clear message, and nothing changed."""

import re

import pytest
from django.core.exceptions import ValidationError

from apps.audit.models import AuditEvent
from apps.cases.models import CaseEvent
from apps.catalogue import services as catalogue_services
from apps.referrals import services
from apps.referrals.models import Referral
from apps.registry import services as registry_services
from tests.cases.factories import advance, open_case, person
from tests.referrals.factories import (
    consent,
    document,
    in_state,
    referrable_card,
    referral,
    reload,
    routed,
)
from tests.referrals.helpers import snapshot

pytestmark = pytest.mark.django_db
Status = Referral.Status
REASON = "The family lost its income."


def nothing_made():
    assert not Referral.objects.exists()
    assert not AuditEvent.objects.filter(object_type="referrals.referral").exists()
    assert not CaseEvent.objects.filter(kind=CaseEvent.Kind.REFERRAL).exists()


def create(case, service, *, actor, **fields):
    values = {"person": case.primary_person, "reason": REASON} | fields
    return services.referral_create(case=case, service=service, actor=actor, **values)


@pytest.fixture
def case(social_worker):
    return open_case(owner=social_worker)


def consented(case, service, actor):
    consent(case.primary_person, service.agency, actor=actor)
    return service


# The service ------------------------------------------------------------------------------------


def test_a_retired_service_takes_no_referral(case, social_worker, naf_admin):
    service = consented(case, referrable_card(), social_worker)
    catalogue_services.service_retire(service=service, actor=naf_admin)
    service.refresh_from_db()
    with pytest.raises(ValidationError, match=re.escape("This service does not take referrals.")):
        create(case, service, actor=social_worker)
    nothing_made()


def test_a_service_that_is_not_referrable_takes_no_referral(case, social_worker):
    service = consented(case, referrable_card(referrable=False), social_worker)
    with pytest.raises(ValidationError, match=re.escape("This service does not take referrals.")):
        create(case, service, actor=social_worker)
    nothing_made()


def test_a_draft_card_takes_no_referral(case, social_worker):
    service = consented(case, referrable_card(publish=False), social_worker)
    with pytest.raises(ValidationError, match=re.escape("This service does not take referrals.")):
        create(case, service, actor=social_worker)
    nothing_made()


def test_a_draft_whose_service_was_retired_meanwhile_cannot_be_submitted(social_worker, naf_admin):
    draft = referral(sender=social_worker, submit=False)
    catalogue_services.service_retire(service=draft.service, actor=naf_admin)
    draft = reload(draft)
    before = snapshot(draft)
    with pytest.raises(ValidationError, match=re.escape("This service does not take referrals.")):
        services.referral_submit(referral=draft, actor=social_worker)
    assert snapshot(draft) == before


# Consent ----------------------------------------------------------------------------------------


def test_no_consent_and_no_override_is_refused_with_what_to_do(case, social_worker):
    service = referrable_card()
    with pytest.raises(ValidationError) as refused:
        create(case, service, actor=social_worker)
    (message,) = refused.value.messages
    assert message == (
        f"The person has not consented to a referral to {service.agency.name_en}. Record their "
        "consent on their page, or give the reason to refer without it."
    )
    nothing_made()


def test_a_consent_to_another_agency_does_not_count(case, social_worker):
    service = referrable_card("NAF")
    consent(case.primary_person, referrable_card("ZAKAT").agency, actor=social_worker)
    with pytest.raises(ValidationError, match="has not consented"):
        create(case, service, actor=social_worker)
    nothing_made()


def test_a_blank_override_is_no_override(case, social_worker):
    with pytest.raises(ValidationError, match="has not consented"):
        create(case, referrable_card(), actor=social_worker, consent_override="   ")
    nothing_made()


def test_a_consent_withdrawn_between_draft_and_submission_stops_it(social_worker):
    draft = referral(sender=social_worker, submit=False)
    assert draft.consent is not None
    registry_services.consent_withdraw(consent=draft.consent, actor=social_worker)
    draft = reload(draft)
    before = snapshot(draft)
    with pytest.raises(ValidationError, match="has not consented"):
        services.referral_submit(referral=draft, actor=social_worker)
    assert snapshot(draft) == before
    assert reload(draft).status == Status.DRAFT


# The request ------------------------------------------------------------------------------------


def test_the_person_must_belong_to_the_cases_household(case, social_worker):
    service = referrable_card()
    stranger = person()
    consent(stranger, service.agency, actor=social_worker)
    with pytest.raises(ValidationError, match="member of the case's household"):
        create(case, service, actor=social_worker, person=stranger)
    nothing_made()


def test_only_the_cases_own_documents_can_be_shared(case, social_worker):
    service = consented(case, referrable_card(), social_worker)
    other_case = open_case(owner=social_worker)
    theirs = document(other_case, actor=social_worker)
    ours = document(case, actor=social_worker)
    with pytest.raises(
        ValidationError, match=re.escape("Only the case's own documents can be shared.")
    ):
        create(case, service, actor=social_worker, documents=[ours, theirs])
    nothing_made()


@pytest.mark.parametrize(
    ("reason", "message"),
    [
        ("", "The reason for the referral is required."),
        ("  \n ", "The reason for the referral is required."),
        ("x" * 4001, "The reason for the referral is too long (at most 4000 characters)."),
    ],
)
def test_the_reason_is_required_and_bounded(reason, message, case, social_worker):
    service = consented(case, referrable_card(), social_worker)
    with pytest.raises(ValidationError) as refused:
        create(case, service, actor=social_worker, reason=reason)
    assert refused.value.messages == [message]
    nothing_made()


def test_an_unknown_urgency_is_refused(case, social_worker):
    service = consented(case, referrable_card(), social_worker)
    with pytest.raises(ValidationError, match=re.escape("Choose the urgency.")):
        create(case, service, actor=social_worker, urgency="tomorrow")
    nothing_made()


def test_a_closed_case_refers_no_more(social_worker, supervisor):
    case = advance(
        open_case(owner=social_worker), "closed", worker=social_worker, supervisor=supervisor
    )
    service = consented(case, referrable_card(), social_worker)
    with pytest.raises(ValidationError, match="open cases only"):
        create(case, service, actor=social_worker)
    nothing_made()


# Answers ----------------------------------------------------------------------------------------


@pytest.fixture
def waiting(social_worker):
    return routed(sender=social_worker)


@pytest.mark.parametrize(
    ("reason", "note", "message"),
    [
        ("too_busy", "", "Choose the reason for declining."),
        ("", "Some text", "Choose the reason for declining."),
        ("other", "", "The explanation is required."),
        ("other", "  ", "The explanation is required."),
        ("not_eligible", "x" * 4001, "The explanation is too long (at most 4000 characters)."),
    ],
)
def test_a_decline_needs_a_known_reason_and_for_other_an_explanation(
    reason, note, message, waiting, naf_supervisor
):
    before = snapshot(waiting)
    with pytest.raises(ValidationError) as refused:
        services.referral_decline(referral=waiting, reason=reason, note=note, actor=naf_supervisor)
    assert refused.value.messages == [message]
    assert snapshot(waiting) == before


@pytest.mark.parametrize(
    ("outcome", "note", "message"),
    [
        ("maybe", "", "Choose the outcome."),
        ("", "", "Choose the outcome."),
        ("other", "", "The note is required."),
    ],
)
def test_completing_needs_a_known_outcome_and_for_other_a_note(
    outcome, note, message, social_worker, naf_supervisor
):
    accepted = in_state(Status.ACCEPTED, sender=social_worker)
    before = snapshot(accepted)
    with pytest.raises(ValidationError) as refused:
        services.referral_complete(
            referral=accepted, outcome=outcome, note=note, actor=naf_supervisor
        )
    assert refused.value.messages == [message]
    assert snapshot(accepted) == before
    services.referral_complete(
        referral=accepted, outcome="other", note="Moved to Aqaba.", actor=naf_supervisor
    )
    assert reload(accepted).closing_note == "Moved to Aqaba."


def test_empty_messages_are_refused(waiting, social_worker, naf_supervisor):
    before = snapshot(waiting)
    with pytest.raises(ValidationError, match=re.escape("The question is required.")):
        services.referral_request_info(referral=waiting, question=" ", actor=naf_supervisor)
    with pytest.raises(ValidationError, match=re.escape("The reason is required.")):
        services.referral_cancel(referral=waiting, reason="", actor=social_worker)
    assert snapshot(waiting) == before
    services.referral_request_info(referral=waiting, question="Which school?", actor=naf_supervisor)
    asked = reload(waiting)
    before = snapshot(asked)
    with pytest.raises(ValidationError, match=re.escape("The answer is required.")):
        services.referral_answer_info(referral=asked, answer="", actor=social_worker)
    assert snapshot(asked) == before


def test_an_empty_progress_note_is_refused(social_worker, naf_supervisor):
    accepted = in_state(Status.ACCEPTED, sender=social_worker)
    before = snapshot(accepted)
    with pytest.raises(ValidationError, match=re.escape("The progress note is required.")):
        services.referral_progress(referral=accepted, note="\n", actor=naf_supervisor)
    assert snapshot(accepted) == before
