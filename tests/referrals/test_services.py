"""The referral services, one by one: who may run each, what each writes (thread entry, case
timeline entry readable in Arabic and English, audit event, notifications in each recipient's
language, deadline clocks), from which states each runs, and that running one twice has one
effect."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from apps.audit.models import AuditEvent
from apps.core.exceptions import TransitionNotAllowed
from apps.notifications.models import Message
from apps.organisations.models import Membership
from apps.referrals import services
from apps.referrals.models import Referral, ReferralUpdate
from apps.sla.calendar import calendar_of
from tests.organisations.factories import MembershipFactory, office, staff
from tests.referrals.factories import (
    answer_clock,
    in_state,
    referrable_card,
    referral,
    reload,
    routed,
    running_clocks,
    supervisor_of,
)
from tests.referrals.helpers import (
    arabic,
    audits,
    in_app,
    notices,
    read,
    snapshot,
    timeline,
    updates,
)

pytestmark = pytest.mark.django_db
Status = Referral.Status
Role = Membership.Role
Action = AuditEvent.Action


def business_days(agency, days: int) -> timedelta:
    return days * calendar_of(agency).hours.length


# Submitting -------------------------------------------------------------------------------------


def test_a_submitted_referral_is_recorded_on_both_threads_and_queued_for_routing(
    social_worker, django_capture_on_commit_callbacks
):
    service = referrable_card(referral_response_days=3)
    with django_capture_on_commit_callbacks() as callbacks:
        made = referral(sender=social_worker, service=service)
    made = reload(made)
    assert made.status == Status.SUBMITTED
    assert made.submitted_at is not None and made.consent is not None
    assert made.from_office == office("MOSD", "AM") and made.from_worker == social_worker
    assert made.to_agency == service.agency and made.to_office is None
    assert made.reference.startswith("R-")
    update = updates(made, "submitted").get()
    assert (update.kind, update.author, update.agency) == (
        ReferralUpdate.Kind.STATUS,
        social_worker,
        made.from_office.agency,
    )
    (event,) = timeline(made, "submitted")
    assert read(event, "en") == f"Referral {made.reference} submitted for {service.name_en}"
    assert read(event, "ar") == arabic(
        "Referral %(reference)s submitted for %(service)s",
        reference=made.reference,
        service=service.name_ar,
    )
    assert service.name_en not in read(event, "ar")
    assert list(audits(made).order_by("pk").values_list("action", "detail")) == [
        (Action.CREATE, ""),
        (Action.TRANSITION, Status.SUBMITTED),
    ]
    assert not running_clocks(made)  # the answer clock starts once an office has it
    # The route task is queued when the transaction commits, and routes it.
    assert len(callbacks) == 1
    callbacks[0]()
    assert reload(made).status == Status.ROUTED


def test_a_draft_waits_without_routing_until_its_sender_submits_it(
    social_worker, supervisor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        draft = referral(sender=social_worker, submit=False)
    assert callbacks == []
    draft = reload(draft)
    assert draft.status == Status.DRAFT and draft.submitted_at is None
    assert not timeline(draft, "submitted")
    assert list(audits(draft).values_list("action", flat=True)) == [Action.CREATE]
    # The sending office's supervisor may submit it too.
    with django_capture_on_commit_callbacks(execute=True):
        services.referral_submit(referral=draft, actor=supervisor)
    assert reload(draft).status == Status.ROUTED
    with pytest.raises(TransitionNotAllowed):
        services.referral_submit(referral=reload(draft), actor=social_worker)
    assert updates(draft, "submitted").count() == 1


@pytest.mark.parametrize("persona", ["mosd_worker_2", "agency_admin", "naf_worker", "naf_admin"])
def test_only_the_case_worker_or_the_sending_supervisor_submits_a_draft(
    persona, social_worker, request
):
    draft = referral(sender=social_worker, submit=False)
    before = snapshot(draft)
    with pytest.raises(PermissionDenied):
        services.referral_submit(referral=draft, actor=request.getfixturevalue(persona))
    assert snapshot(draft) == before


def test_an_override_is_recorded_when_there_is_no_consent(social_worker):
    made = referral(
        sender=social_worker,
        with_consent=False,
        consent_override="A child at risk: the protection team asked for it today.",
    )
    made = reload(made)
    assert made.status == Status.SUBMITTED and made.consent is None
    assert audits(made, action=Action.UPDATE, detail="consent_override").count() == 1


# Routing ----------------------------------------------------------------------------------------


def test_routing_sends_it_to_an_office_starts_the_answer_clock_and_tells_its_supervisors(
    social_worker, naf_supervisor, naf_worker, naf_admin
):
    english_supervisor = staff("NAF", "AM", Role.SUPERVISOR, language="en")
    service = referrable_card(referral_response_days=3)
    made = routed(sender=social_worker, service=service)
    amman = office("NAF", "AM")
    assert made.status == Status.ROUTED
    assert made.to_office == amman and made.assigned_to is None
    assert made.routed_at is not None and made.tried_offices == [amman.pk]
    update = updates(made, "routed").get()
    assert update.kind == ReferralUpdate.Kind.ROUTING and update.author is None
    (event,) = timeline(made, "routed")
    assert read(event, "en") == f"Referral {made.reference} routed to {amman.name_en}"
    assert read(event, "ar") == arabic(
        "Referral %(reference)s routed to %(office)s",
        reference=made.reference,
        office=amman.name_ar,
    )
    assert audits(made, action=Action.TRANSITION, detail=Status.ROUTED, actor=None).count() == 1
    clock = answer_clock(made)
    assert (clock.agency, clock.office, clock.budget) == (
        service.agency,
        amman,
        business_days(service.agency, 3),
    )
    # The office's supervisors are told, each in their language; its workers see the queue.
    assert notices(naf_supervisor, "routed").count() == 2  # in-app and email
    assert notices(naf_supervisor, "routed").first().language == "ar"
    assert service.name_ar in in_app(naf_supervisor, "routed")
    assert in_app(english_supervisor, "routed") == (
        f"Referral {made.reference} for {service.name_en} has reached your office and waits "
        "for an answer."
    )
    assert not notices(naf_worker) and not notices(naf_admin) and not notices(social_worker)


def test_an_urgent_referral_must_be_answered_within_one_business_day(social_worker):
    service = referrable_card(referral_response_days=5)
    made = routed(sender=social_worker, service=service, urgency=Referral.Urgency.URGENT)
    assert answer_clock(made).budget == business_days(service.agency, 1)
    normal = routed(sender=social_worker, service=service)
    assert answer_clock(normal).budget == business_days(service.agency, 5)


# Assigning and taking ---------------------------------------------------------------------------


def test_the_supervisor_assigns_a_worker_who_is_told(social_worker, naf_supervisor, naf_worker):
    made = routed(sender=social_worker)
    services.referral_assign(referral=made, worker=naf_worker, actor=naf_supervisor)
    assert reload(made).assigned_to == naf_worker
    assert reload(made).status == Status.ROUTED
    (event,) = timeline(made, "assigned")
    assert read(event, "en") == (
        f"Referral {made.reference} assigned to {naf_worker.get_full_name()}"
    )
    assert audits(made, action=Action.UPDATE, detail="assigned").count() == 1
    assert notices(naf_worker, "assigned").count() == 2
    # Assigning the same worker again (a double click) changes nothing more.
    with pytest.raises(TransitionNotAllowed):
        services.referral_assign(referral=reload(made), worker=naf_worker, actor=naf_supervisor)
    assert updates(made, "assigned").count() == 1 and notices(naf_worker).count() == 2


def test_the_supervisor_may_reassign_to_another_worker(
    social_worker, naf_supervisor, naf_worker, naf_worker_2
):
    made = routed(sender=social_worker)
    services.referral_assign(referral=made, worker=naf_worker, actor=naf_supervisor)
    services.referral_assign(referral=reload(made), worker=naf_worker_2, actor=naf_supervisor)
    assert reload(made).assigned_to == naf_worker_2
    assert notices(naf_worker_2, "assigned").count() == 2


def test_a_worker_of_the_office_takes_an_unassigned_referral_once(
    social_worker, naf_worker, naf_worker_2, naf_supervisor
):
    made = routed(sender=social_worker)
    seen_by_colleague = reload(made)  # a colleague has the page open, nobody's yet
    services.referral_assign(referral=made, worker=naf_worker, actor=naf_worker)
    assert reload(made).assigned_to == naf_worker
    assert not notices(naf_worker, "assigned")  # nobody to tell: they took it themselves
    with pytest.raises(TransitionNotAllowed):
        services.referral_assign(referral=reload(made), worker=naf_worker, actor=naf_worker)
    # The colleague's click comes second: it cannot take it over.
    with pytest.raises(TransitionNotAllowed):
        services.referral_assign(
            referral=seen_by_colleague, worker=naf_worker_2, actor=naf_worker_2
        )
    assert reload(made).assigned_to == naf_worker
    assert updates(made, "assigned").count() == 1


def test_who_may_assign(social_worker, naf_worker, naf_worker_2, naf_supervisor, naf_admin):
    made = routed(sender=social_worker)
    before = snapshot(made)
    # A worker may take a referral, not hand it to a colleague.
    with pytest.raises(PermissionDenied):
        services.referral_assign(referral=made, worker=naf_worker_2, actor=naf_worker)
    for outsider in (social_worker, naf_admin):
        with pytest.raises(PermissionDenied):
            services.referral_assign(referral=made, worker=naf_worker, actor=outsider)
    # Only to a social worker of the receiving office.
    elsewhere = staff("NAF", "IR", Role.SOCIAL_WORKER)
    with pytest.raises(ValidationError, match="social worker of the receiving office"):
        services.referral_assign(referral=made, worker=elsewhere, actor=naf_supervisor)
    with pytest.raises(ValidationError):
        services.referral_assign(referral=made, worker=naf_supervisor, actor=naf_supervisor)
    assert snapshot(made) == before


# Answering --------------------------------------------------------------------------------------


def test_accepting_stops_the_answer_clock_starts_the_service_clock_and_tells_the_sender(
    social_worker, naf_worker
):
    service = referrable_card(processing_days=10)
    made = routed(sender=social_worker, service=service)
    answer = answer_clock(made)
    services.referral_accept(referral=made, actor=naf_worker)
    done = reload(made)
    assert done.status == Status.ACCEPTED and done.answered_at is not None
    assert done.assigned_to == naf_worker  # the one who accepts it, when nobody had it
    answer.refresh_from_db()
    assert answer.stopped_at is not None
    (complete,) = running_clocks(made)
    assert complete.purpose == services.COMPLETE
    assert complete.budget == business_days(service.agency, 10)
    assert complete.office == done.to_office
    (event,) = timeline(made, "accepted")
    assert read(event, "en") == f"Referral {made.reference} accepted ({service.name_en})"
    assert read(event, "ar") == arabic(
        "Referral %(reference)s accepted (%(service)s)",
        reference=made.reference,
        service=service.name_ar,
    )
    assert event.agency == service.agency and event.actor == naf_worker
    assert audits(made, action=Action.TRANSITION, detail=Status.ACCEPTED).count() == 1
    assert notices(social_worker, "accepted").count() == 2
    assert service.name_ar in in_app(social_worker, "accepted")
    # Again: refused, and nothing written twice.
    with pytest.raises(TransitionNotAllowed):
        services.referral_accept(referral=reload(made), actor=naf_worker)
    assert len(running_clocks(made)) == 1 and notices(social_worker).count() == 2


def test_accepting_keeps_the_assigned_worker(social_worker, naf_worker, naf_supervisor):
    made = routed(sender=social_worker)
    services.referral_assign(referral=made, worker=naf_worker, actor=naf_supervisor)
    services.referral_accept(referral=reload(made), actor=naf_supervisor)
    assert reload(made).assigned_to == naf_worker


RECEIVING_ACTIONS = {
    "accept": lambda r, actor: services.referral_accept(referral=r, actor=actor),
    "decline": lambda r, actor: services.referral_decline(
        referral=r, reason=Referral.DeclineReason.NO_CAPACITY, note="", actor=actor
    ),
    "request_info": lambda r, actor: services.referral_request_info(
        referral=r, question="Which school does the child attend?", actor=actor
    ),
}


@pytest.mark.parametrize("action", RECEIVING_ACTIONS)
@pytest.mark.parametrize(
    "persona",
    [
        "social_worker",
        "supervisor",
        "agency_admin",
        "naf_admin",
        "other_agency_worker",
        "complaints_officer",
        "naf_head_supervisor",
    ],
)
def test_only_the_receiving_office_answers(action, persona, social_worker, request):
    made = routed(sender=social_worker)
    before = snapshot(made)
    with pytest.raises(PermissionDenied):
        RECEIVING_ACTIONS[action](made, request.getfixturevalue(persona))
    assert snapshot(made) == before


@pytest.mark.parametrize("action", RECEIVING_ACTIONS)
def test_once_assigned_only_that_worker_or_the_supervisor_answers(
    action, social_worker, naf_worker, naf_worker_2, naf_supervisor
):
    made = routed(sender=social_worker)
    services.referral_assign(referral=made, worker=naf_worker, actor=naf_supervisor)
    made = reload(made)
    before = snapshot(made)
    with pytest.raises(PermissionDenied):
        RECEIVING_ACTIONS[action](made, naf_worker_2)
    assert snapshot(made) == before
    RECEIVING_ACTIONS[action](made, naf_worker)
    assert reload(made).status != Status.ROUTED


@pytest.mark.parametrize("action", RECEIVING_ACTIONS)
def test_the_receiving_supervisor_answers_an_assigned_referral(
    action, social_worker, naf_worker, naf_supervisor
):
    made = routed(sender=social_worker)
    services.referral_assign(referral=made, worker=naf_worker, actor=naf_supervisor)
    RECEIVING_ACTIONS[action](reload(made), naf_supervisor)
    assert reload(made).status != Status.ROUTED


def test_declining_closes_it_with_the_reason_for_the_sender(social_worker, naf_supervisor):
    english_sender = staff("MOSD", "AM", Role.SOCIAL_WORKER, language="en")
    service = referrable_card()
    made = routed(sender=english_sender, service=service)
    services.referral_decline(
        referral=made,
        reason=Referral.DeclineReason.NOT_ELIGIBLE,
        note="Income above the threshold.",
        actor=naf_supervisor,
    )
    done = reload(made)
    assert done.status == Status.DECLINED
    assert done.decline_reason == Referral.DeclineReason.NOT_ELIGIBLE
    assert done.closing_note == "Income above the threshold."
    assert done.answered_at is not None and done.closed_at is not None
    assert not running_clocks(made)
    update = updates(made, "declined").get()
    assert update.body == "Income above the threshold."
    (event,) = timeline(made, "declined")
    assert read(event, "en") == f"Referral {made.reference} declined: The person is not eligible"
    with translation.override("ar"):
        label = str(Referral.DeclineReason.NOT_ELIGIBLE.label)
    assert read(event, "ar") == arabic(
        "Referral %(reference)s declined: %(decline_reason)s",
        reference=made.reference,
        decline_reason=label,
    )
    assert audits(made, action=Action.TRANSITION, detail=Status.DECLINED).count() == 1
    assert in_app(english_sender, "declined") == (
        f"Your referral {made.reference} for {service.name_en} was declined: "
        "The person is not eligible."
    )
    with pytest.raises(TransitionNotAllowed):
        services.referral_decline(
            referral=reload(made),
            reason=Referral.DeclineReason.NOT_ELIGIBLE,
            note="",
            actor=naf_supervisor,
        )
    assert notices(english_sender).count() == 2


def test_asking_the_sender_pauses_the_answer_clock_and_the_answer_resumes_it(
    social_worker, naf_worker, naf_supervisor
):
    made = routed(sender=social_worker)
    services.referral_assign(referral=made, worker=naf_worker, actor=naf_supervisor)
    clock = answer_clock(made)
    services.referral_request_info(
        referral=reload(made), question="Is the father still unemployed?", actor=naf_worker
    )
    assert reload(made).status == Status.INFO_REQUESTED
    clock.refresh_from_db()
    assert clock.paused_at is not None and clock.stopped_at is None
    assert updates(made, "info_requested").get().body == "Is the father still unemployed?"
    assert updates(made, "info_requested").get().kind == ReferralUpdate.Kind.QUESTION
    (event,) = timeline(made, "info_requested")
    assert read(event, "en") == f"Referral {made.reference}: information requested"
    assert audits(made, action=Action.UPDATE, detail="info_requested").count() == 1
    assert notices(social_worker, "info_requested").count() == 2
    with pytest.raises(TransitionNotAllowed):
        services.referral_request_info(referral=reload(made), question="Again?", actor=naf_worker)

    # Only the sending side answers.
    with pytest.raises(PermissionDenied):
        services.referral_answer_info(referral=reload(made), answer="Yes.", actor=naf_worker)
    services.referral_answer_info(
        referral=reload(made), answer="Yes, since March.", actor=social_worker
    )
    assert reload(made).status == Status.ROUTED
    clock.refresh_from_db()
    assert clock.paused_at is None and clock.stopped_at is None
    answer = updates(made, "info_answered").get()
    assert (answer.kind, answer.body) == (ReferralUpdate.Kind.ANSWER, "Yes, since March.")
    (event,) = timeline(made, "info_answered")
    assert read(event, "en") == f"Referral {made.reference}: information sent"
    # The assigned worker hears of the answer (not the supervisor: the worker has it).
    assert notices(naf_worker, "info_answered").count() == 2
    assert not notices(naf_supervisor, "info_answered")
    with pytest.raises(TransitionNotAllowed):
        services.referral_answer_info(referral=reload(made), answer="Yes.", actor=social_worker)


def test_an_unassigned_referrals_answer_goes_to_the_office_supervisors(
    social_worker, naf_supervisor
):
    made = routed(sender=social_worker)
    services.referral_request_info(referral=made, question="Which school?", actor=naf_supervisor)
    services.referral_answer_info(
        referral=reload(made), answer="The girls' school.", actor=social_worker
    )
    assert notices(naf_supervisor, "info_answered").count() == 2


def test_a_referral_waiting_for_information_may_still_be_declined(social_worker, naf_supervisor):
    made = in_state(Status.INFO_REQUESTED, sender=social_worker)
    services.referral_decline(
        referral=made,
        reason=Referral.DeclineReason.INCOMPLETE,
        note="No answer came.",
        actor=naf_supervisor,
    )
    assert reload(made).status == Status.DECLINED
    assert not running_clocks(made)  # the paused clock is stopped too


# Delivering -------------------------------------------------------------------------------------


def test_progress_notes_go_to_the_sender(social_worker, naf_worker):
    made = routed(sender=social_worker)
    services.referral_accept(referral=made, actor=naf_worker)
    services.referral_progress(
        referral=reload(made), note="Home visit booked for Sunday.", actor=naf_worker
    )
    update = updates(made, "progress").get()
    assert (update.kind, update.body, update.author) == (
        ReferralUpdate.Kind.PROGRESS,
        "Home visit booked for Sunday.",
        naf_worker,
    )
    (event,) = timeline(made, "progress")
    assert read(event, "en") == f"Referral {made.reference}: progress update"
    assert audits(made, action=Action.UPDATE, detail="progress").count() == 1
    assert notices(social_worker, "progress").count() == 2
    # A second note is a second note, not a repeat.
    services.referral_progress(referral=reload(made), note="Visit done.", actor=naf_worker)
    assert updates(made, "progress").count() == 2
    assert reload(made).status == Status.ACCEPTED


def test_completing_closes_the_loop_with_the_outcome_on_the_senders_case(social_worker, naf_worker):
    english_sender = staff("MOSD", "AM", Role.SOCIAL_WORKER, language="en")
    service = referrable_card()
    made = routed(sender=english_sender, service=service)
    services.referral_accept(referral=made, actor=naf_worker)
    services.referral_complete(
        referral=reload(made),
        outcome=Referral.Outcome.DELIVERED,
        note="Aid starts next month.",
        actor=naf_worker,
    )
    done = reload(made)
    assert done.status == Status.COMPLETED and done.closed_at is not None
    assert (done.outcome, done.closing_note) == (
        Referral.Outcome.DELIVERED,
        "Aid starts next month.",
    )
    assert not running_clocks(made)
    (event,) = timeline(made, "completed")
    assert event.case_id == made.case_id
    assert read(event, "en") == f"Referral {made.reference} completed: Service delivered"
    with translation.override("ar"):
        label = str(Referral.Outcome.DELIVERED.label)
    assert read(event, "ar") == arabic(
        "Referral %(reference)s completed: %(outcome)s", reference=made.reference, outcome=label
    )
    assert audits(made, action=Action.TRANSITION, detail=Status.COMPLETED).count() == 1
    assert in_app(english_sender, "completed") == (
        f"Your referral {made.reference} for {service.name_en} is completed: Service delivered."
    )
    with pytest.raises(TransitionNotAllowed):
        services.referral_complete(
            referral=reload(made), outcome=Referral.Outcome.DELIVERED, note="", actor=naf_worker
        )
    assert notices(english_sender, "completed").count() == 2


@pytest.mark.parametrize(
    "persona", ["social_worker", "naf_worker_2", "naf_admin", "other_agency_worker"]
)
def test_only_the_assigned_worker_or_the_supervisor_delivers(
    persona, social_worker, naf_worker, naf_supervisor, request
):
    made = routed(sender=social_worker)
    services.referral_accept(referral=made, actor=naf_worker)
    made = reload(made)
    before = snapshot(made)
    actor = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        services.referral_progress(referral=made, note="Visit done.", actor=actor)
    with pytest.raises(PermissionDenied):
        services.referral_complete(
            referral=made, outcome=Referral.Outcome.DELIVERED, note="", actor=actor
        )
    assert snapshot(made) == before
    services.referral_progress(referral=made, note="Supervisor's note.", actor=naf_supervisor)
    services.referral_complete(
        referral=made, outcome=Referral.Outcome.UNREACHABLE, note="", actor=naf_supervisor
    )
    assert reload(made).status == Status.COMPLETED


# Cancelling -------------------------------------------------------------------------------------


def test_the_sender_cancels_and_the_receiving_side_is_told(
    social_worker, naf_worker, naf_supervisor
):
    made = routed(sender=social_worker)
    services.referral_assign(referral=made, worker=naf_worker, actor=naf_supervisor)
    services.referral_cancel(
        referral=reload(made), reason="The family moved abroad.", actor=social_worker
    )
    done = reload(made)
    assert done.status == Status.CANCELLED and done.closed_at is not None
    assert done.closing_note == "The family moved abroad."
    assert not running_clocks(made)
    assert updates(made, "cancelled").get().body == "The family moved abroad."
    (event,) = timeline(made, "cancelled")
    assert read(event, "en") == f"Referral {made.reference} cancelled"
    assert audits(made, action=Action.TRANSITION, detail=Status.CANCELLED).count() == 1
    assert notices(naf_worker, "cancelled").count() == 2
    with pytest.raises(TransitionNotAllowed):
        services.referral_cancel(referral=reload(made), reason="Again.", actor=social_worker)
    assert updates(made, "cancelled").count() == 1


def test_the_sending_supervisor_may_cancel_and_a_draft_tells_nobody(social_worker, supervisor):
    draft = referral(sender=social_worker, submit=False)
    messages = Message.objects.count()
    services.referral_cancel(referral=draft, reason="Entered by mistake.", actor=supervisor)
    assert reload(draft).status == Status.CANCELLED
    assert Message.objects.count() == messages


@pytest.mark.parametrize(
    "persona", ["mosd_worker_2", "agency_admin", "naf_worker", "naf_supervisor", "naf_admin"]
)
def test_only_the_sending_side_cancels(persona, social_worker, request):
    made = routed(sender=social_worker)
    before = snapshot(made)
    with pytest.raises(PermissionDenied):
        services.referral_cancel(
            referral=made, reason="Not needed.", actor=request.getfixturevalue(persona)
        )
    assert snapshot(made) == before


# Every transition from every state --------------------------------------------------------------

OPEN = {Status.SUBMITTED, Status.UNROUTED, Status.ROUTED, Status.INFO_REQUESTED, Status.ACCEPTED}
ALLOWED = {
    "submit": {Status.DRAFT},
    "cancel": {Status.DRAFT, *OPEN},
    "answer_info": {Status.INFO_REQUESTED},
    "route_manually": {Status.UNROUTED},
    "assign": {Status.ROUTED, Status.INFO_REQUESTED, Status.ACCEPTED},
    "accept": {Status.ROUTED},
    "decline": {Status.ROUTED, Status.INFO_REQUESTED},
    "request_info": {Status.ROUTED},
    "progress": {Status.ACCEPTED},
    "complete": {Status.ACCEPTED},
}
SENDING_SIDE = {"submit", "cancel", "answer_info"}


def _worker_of(office_):
    return MembershipFactory(office=office_, role=Role.SOCIAL_WORKER).user


def _run(name: str, made: Referral, *, sender, receiver, admin):
    if name == "submit":
        services.referral_submit(referral=made, actor=sender)
    elif name == "cancel":
        services.referral_cancel(referral=made, reason="No longer needed.", actor=sender)
    elif name == "answer_info":
        services.referral_answer_info(referral=made, answer="Here it is.", actor=sender)
    elif name == "route_manually":
        services.referral_route_manually(referral=made, office=office("NAF", "IR"), actor=admin)
    elif name == "assign":
        worker = _worker_of(made.to_office) if made.to_office_id else receiver
        services.referral_assign(referral=made, worker=worker, actor=receiver)
    elif name == "accept":
        services.referral_accept(referral=made, actor=receiver)
    elif name == "decline":
        RECEIVING_ACTIONS["decline"](made, receiver)
    elif name == "request_info":
        RECEIVING_ACTIONS["request_info"](made, receiver)
    elif name == "progress":
        services.referral_progress(referral=made, note="Visit done.", actor=receiver)
    elif name == "complete":
        services.referral_complete(
            referral=made, outcome=Referral.Outcome.DELIVERED, note="", actor=receiver
        )


@pytest.mark.parametrize("status", list(Status))
def test_each_transition_runs_only_from_its_states(status, social_worker, naf_admin):
    made = in_state(status, sender=social_worker)
    receiver = supervisor_of(made) if made.to_office_id else staff("NAF", "AM", Role.SUPERVISOR)
    for name, allowed in ALLOWED.items():
        if status in allowed:
            continue
        before = snapshot(made)
        # The receiving side has nothing to act on before an office has the referral.
        refusal = (
            PermissionDenied
            if name not in SENDING_SIDE | {"route_manually"} and made.to_office_id is None
            else TransitionNotAllowed
        )
        with pytest.raises(refusal):
            _run(name, made, sender=social_worker, receiver=receiver, admin=naf_admin)
        assert snapshot(made) == before, name
    # The route task leaves anything but a submitted referral alone.
    if status != Status.SUBMITTED:
        before = snapshot(made)
        assert services.referral_route(referral_id=made.pk) == status
        assert snapshot(made) == before


@pytest.mark.parametrize(
    "name", ["submit", "cancel", "accept", "decline", "request_info", "complete", "route_manually"]
)
def test_running_a_transition_twice_has_one_effect(name, social_worker, naf_admin):
    start = next(
        s
        for s in (Status.DRAFT, Status.UNROUTED, Status.ROUTED, Status.ACCEPTED)
        if s in ALLOWED[name]
    )
    made = in_state(start, sender=social_worker)
    receiver = supervisor_of(made) if made.to_office_id else None
    stale = reload(made)  # what the second request of a double click loaded
    _run(name, made, sender=social_worker, receiver=receiver, admin=naf_admin)
    after = snapshot(made)
    with pytest.raises(TransitionNotAllowed):
        _run(name, stale, sender=social_worker, receiver=receiver, admin=naf_admin)
    assert snapshot(made) == after
