"""Every write to a referral and every status change, each in one transaction with its thread
entry, case timeline entry, notifications and audit event (docs/referrals.md).

Status changes are guarded updates (`_transition`): a double click, or two people of the
receiving office acting at once, change nothing twice, and the one who comes second is told the
referral changed meanwhile. Routing runs in a Celery task on the locked row, so a task run twice
(a worker killed and the task redelivered) routes once.
"""

import logging
from collections.abc import Sequence
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from kombu.exceptions import OperationalError

from apps.audit.services import Action as AuditAction
from apps.audit.services import audit_record
from apps.cases import selectors as case_selectors
from apps.cases.models import Case, CaseDocument, CaseEvent
from apps.cases.services import case_event_record
from apps.catalogue.models import Service
from apps.core.exceptions import TransitionNotAllowed
from apps.core.references import generate
from apps.core.transitions import transition
from apps.notifications.services import notify
from apps.organisations.models import Membership, Office, User
from apps.registry.models import Person
from apps.registry.selectors import consent_covering, household_members
from apps.sla import selectors as sla_selectors
from apps.sla.models import Clock
from apps.sla.services import clock_pause, clock_resume, clock_start, clock_stop

from . import selectors
from .models import OPEN_STATUSES, Referral, ReferralUpdate, RoutingRule

Status = Referral.Status
Role = Membership.Role
KIND = "referrals.referral"
ANSWER = "answer"  # the receiving office owes an answer: accept or decline
COMPLETE = "complete"  # it accepted and owes the service
TEMPLATE = "referrals.update"
# An urgent referral is answered within one business day, whatever the service says.
URGENT_ANSWER_DAYS = 1
# The routing sweep takes referrals left submitted this long (their task is overdue).
SWEEP_AFTER = timedelta(minutes=1)
SWEEP_LIMIT = 2000
logger = logging.getLogger(__name__)
MAX_TEXT = 4000


# --- helpers -------------------------------------------------------------------------------------


def _text(value: str, *, required: bool, label: str) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationError(_("%(field)s is required.") % {"field": label})
    if len(value) > MAX_TEXT:
        raise ValidationError(
            _("%(field)s is too long (at most %(max)d characters).")
            % {"field": label, "max": MAX_TEXT}
        )
    return value


def _record(
    referral: Referral,
    *,
    kind: str,
    message: str,
    actor: User | None,
    body: str = "",
    agency=None,
    **params,
) -> None:
    """The step on the referral's thread and on the case timeline (both agencies read it)."""
    ReferralUpdate.objects.create(
        referral=referral,
        kind=kind,
        message=message,
        params=params,
        body=body,
        author=actor,
        agency=agency,
    )
    case_event_record(
        case=referral.case,
        kind=CaseEvent.Kind.REFERRAL,
        message=f"referral_{message}",
        actor=actor,
        agency=agency,
        reference=referral.reference,
        service_ar=referral.service.name_ar,
        service_en=referral.service.name_en,
        **params,
    )


def _link(referral: Referral) -> str:
    with translation.override("ar"):
        return reverse("referrals:detail", args=[referral.reference])


def _tell(users, referral: Referral, event: str, **context) -> None:
    """Notify each user once, in their own language (notifications render it)."""
    seen = set()
    for user in users:
        if user is None or user.pk in seen or not user.is_active:
            continue
        seen.add(user.pk)
        notify(
            recipient=user,
            template=TEMPLATE,
            context={
                "event": event,
                "reference": referral.reference,
                "service_ar": referral.service.name_ar,
                "service_en": referral.service.name_en,
                **context,
            },
            link=_link(referral),
        )


def _sender_side(referral: Referral) -> list[User]:
    """Who made the referral, and the case's social worker now if the case changed hands
    (_tell notifies each person once)."""
    return [referral.from_worker, referral.case.owner]


def _receiver_side(referral: Referral) -> list[User]:
    """The assigned worker, else the receiving office's supervisors."""
    if referral.assigned_to_id:
        return [referral.assigned_to]
    return sla_selectors.supervisors_of(referral.to_office_id) if referral.to_office_id else []


def _clock(referral: Referral, purpose: str) -> Clock | None:
    return Clock.objects.filter(
        kind=KIND, subject_id=str(referral.pk), purpose=purpose, stopped_at__isnull=True
    ).first()


def _stop_clocks(referral: Referral) -> None:
    for clock in Clock.objects.filter(
        kind=KIND, subject_id=str(referral.pk), stopped_at__isnull=True
    ):
        clock_stop(clock=clock)


def _start_answer_clock(referral: Referral) -> None:
    days = referral.service.referral_response_days
    if referral.urgency == Referral.Urgency.URGENT:
        days = min(days, URGENT_ANSWER_DAYS) if days else URGENT_ANSWER_DAYS
    clock_start(
        kind=KIND,
        subject_id=str(referral.pk),
        purpose=ANSWER,
        agency=referral.to_agency,
        office=referral.to_office,
        days=days,
    )


def _require_sender(referral: Referral, actor: User) -> None:
    if not selectors.may_act_as_sender(actor, referral):
        raise PermissionDenied


def _require_receiver(referral: Referral, actor: User, *, supervisor: bool = False) -> Q:
    """Refuse anyone but the receiving side; return what the row must still be when it is
    changed: at the same office (the sweep may have re-routed it meanwhile) and, for a social
    worker, still theirs or nobody's (a colleague may have taken it meanwhile)."""
    if not selectors.may_act_as_receiver(actor, referral, supervisor=supervisor):
        raise PermissionDenied
    guard = Q(to_office=referral.to_office_id)
    if not supervisor and not selectors.may_act_as_receiver(actor, referral, supervisor=True):
        guard &= Q(assigned_to=actor) | Q(assigned_to__isnull=True)
    return guard


# --- the sender's side ---------------------------------------------------------------------------


def _check_request(*, case: Case, person: Person, service: Service, actor: User) -> None:
    if not case_selectors.can_work_on(actor, case):
        raise PermissionDenied
    if not case.is_open:
        raise ValidationError(_("Referrals are made from open cases only."))
    if person.pk not in {m.person_id for m in household_members(case.household)}:
        raise ValidationError(_("The person referred must be a member of the case's household."))
    if service.status != Service.Status.PUBLISHED or not service.referrable:
        raise ValidationError(_("This service does not take referrals."))


@transaction.atomic
def referral_create(
    *,
    case: Case,
    person: Person,
    service: Service,
    reason: str,
    urgency: str = Referral.Urgency.NORMAL,
    whole_household: bool = False,
    documents: Sequence[CaseDocument] = (),
    consent_override: str = "",
    submit: bool = True,
    actor: User,
) -> Referral:
    """A referral of a case's person (or whole household) for a service of another agency or
    office, saved as a draft or submitted at once. The person's consent covering the receiving
    agency is required, or a justification for going without it, which supervisors see."""
    _check_request(case=case, person=person, service=service, actor=actor)
    if urgency not in Referral.Urgency.values:
        raise ValidationError(_("Choose the urgency."))
    reason = _text(reason, required=True, label=_("The reason for the referral"))
    consent_override = _text(consent_override, required=False, label=_("The justification"))
    if any(document.case_id != case.pk for document in documents):
        raise ValidationError(_("Only the case's own documents can be shared."))
    referral = Referral.objects.create(
        reference=generate("R"),
        case=case,
        person=person,
        whole_household=whole_household,
        service=service,
        from_office=case.office,
        from_worker=actor,
        to_agency=service.agency,
        urgency=urgency,
        reason=reason,
        consent=consent_covering(person=person, agency=service.agency),
        consent_override=consent_override,
    )
    referral.documents.set(documents)
    audit_record(actor=actor, action=AuditAction.CREATE, obj=referral)
    if submit:
        _submit(referral, actor=actor)
    return referral


def _submit(referral: Referral, *, actor: User) -> None:
    # Checked again at submission: a draft may wait while the consent is withdrawn.
    referral.consent = consent_covering(person=referral.person, agency=referral.to_agency)
    if referral.consent is None and not referral.consent_override:
        raise ValidationError(
            _(
                "The person has not consented to a referral to %(agency)s. Record their consent "
                "on their page, or give the reason to refer without it."
            )
            % {"agency": referral.to_agency.name}
        )
    # Routing never picks the sending office; with no other office of the agency to take it,
    # not even by hand from the unrouted queue, the referral would wait forever.
    if (
        not Office.objects.filter(agency=referral.to_agency_id, is_active=True)
        .exclude(pk=referral.from_office_id)
        .exists()
    ):
        raise ValidationError(_("A referral cannot go to the office that sent it."))
    transition(
        referral,
        sources=[Status.DRAFT],
        target=Status.SUBMITTED,
        submitted_at=timezone.now(),
        consent=referral.consent,
    )
    _record(
        referral,
        kind=ReferralUpdate.Kind.STATUS,
        message="submitted",
        actor=actor,
        agency=referral.from_office.agency,
    )
    audit_record(actor=actor, action=AuditAction.TRANSITION, obj=referral, detail=Status.SUBMITTED)
    if referral.consent is None:
        audit_record(
            actor=actor, action=AuditAction.UPDATE, obj=referral, detail="consent_override"
        )
    pk = referral.pk
    transaction.on_commit(lambda: _enqueue_routing(pk))


@transaction.atomic
def referral_submit(*, referral: Referral, actor: User) -> None:
    _require_sender(referral, actor)
    _check_request(
        case=referral.case, person=referral.person, service=referral.service, actor=actor
    )
    _submit(referral, actor=actor)


@transaction.atomic
def referral_cancel(*, referral: Referral, reason: str, actor: User) -> None:
    """The sender withdraws the referral while it is not yet closed."""
    _require_sender(referral, actor)
    reason = _text(reason, required=True, label=_("The reason"))
    if referral.status not in (Status.DRAFT, *OPEN_STATUSES):
        raise TransitionNotAllowed
    was_routed = referral.to_office_id is not None
    # From the status the sender saw only: if the receiving side answered (or routing ran)
    # meanwhile, the sender is told it changed and decides again on what it is now.
    transition(
        referral,
        sources=[referral.status],
        target=Status.CANCELLED,
        closed_at=timezone.now(),
        closing_note=reason,
    )
    _stop_clocks(referral)
    _record(
        referral,
        kind=ReferralUpdate.Kind.STATUS,
        message="cancelled",
        actor=actor,
        body=reason,
        agency=referral.from_office.agency,
    )
    audit_record(actor=actor, action=AuditAction.TRANSITION, obj=referral, detail=Status.CANCELLED)
    if was_routed:
        _tell(_receiver_side(referral), referral, "cancelled")


@transaction.atomic
def referral_answer_info(*, referral: Referral, answer: str, actor: User) -> None:
    """The sender answers the receiving office's question; its answer clock runs again."""
    _require_sender(referral, actor)
    answer = _text(answer, required=True, label=_("The answer"))
    transition(referral, sources=[Status.INFO_REQUESTED], target=Status.ROUTED)
    clock = _clock(referral, ANSWER)
    if clock is not None:
        clock_resume(clock=clock)
    _record(
        referral,
        kind=ReferralUpdate.Kind.ANSWER,
        message="info_answered",
        actor=actor,
        body=answer,
        agency=referral.from_office.agency,
    )
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=referral, detail="info_answered")
    _tell(_receiver_side(referral), referral, "info_answered")


# --- routing -------------------------------------------------------------------------------------


def _enqueue_routing(referral_id: int) -> None:
    """Queue the routing task after the submission commits. A broker that cannot be reached
    must not fail the request that already saved the referral: it stays submitted and the
    routing sweep (route_pending, every minute) routes it."""
    from .tasks import route  # the task module imports these services

    try:
        route.apply_async((referral_id,), retry=False)
    except OperationalError as error:
        logger.warning(
            "Broker unreachable (%s); referral %s left for the routing sweep",
            type(error).__name__,
            referral_id,
        )


def routing_candidates(referral: Referral) -> list[Office]:
    """The offices that may receive the referral, best first: the service's routing rule for the
    person's governorate, then the receiving agency's offices in that governorate, then its head
    office; among offices of the same step, the one with the fewest open referrals first. Never
    the sender's own office."""
    governorate_id = referral.person.governorate_id
    agency_id = referral.to_agency_id
    steps: list[list[Office]] = []
    rule = (
        RoutingRule.objects.filter(
            service=referral.service_id, governorate=governorate_id, office__is_active=True
        )
        .select_related("office")
        .first()
    )
    if rule is not None:
        steps.append([rule.office])
    offices = list(
        Office.objects.filter(agency=agency_id, is_active=True).filter(
            Q(governorate=governorate_id) | Q(is_head_office=True)
        )
    )
    steps.append([o for o in offices if not o.is_head_office])
    steps.append([o for o in offices if o.is_head_office])
    # Open referrals are counted only where a step offers a choice: most steps have one office.
    tied = {office.pk for step in steps if len(step) > 1 for office in step}
    load = dict(
        Referral.objects.filter(to_office__in=tied, status__in=selectors.RECEIVED_OPEN)
        .values("to_office")
        .annotate(open=Count("pk"))
        .values_list("to_office", "open")
        if tied
        else ()
    )
    ordered, seen = [], {referral.from_office_id}
    for step in steps:
        for office in sorted(step, key=lambda o: (load.get(o.pk, 0), o.pk)):
            if office.pk not in seen:
                seen.add(office.pk)
                ordered.append(office)
    return ordered


@transaction.atomic
def referral_route(*, referral_id: int) -> str:
    """Route a submitted referral to its office (the Celery task's one call). The row is locked
    and its status checked, so running this twice routes once. Returns the status it left.

    The transaction commits without waiting for the disk: everything routing writes (status,
    clock, thread, timeline, audit, notifications) is in it, so a database crash in the next
    instant can only lose all of it, leaving the referral submitted for the routing sweep,
    never half of it. Waiting for the flush was most of a routing's time."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL synchronous_commit TO OFF")
    referral = (
        Referral.objects.select_for_update(of=("self",))
        .select_related("case", "person", "service", "to_agency", "from_office__agency")
        .filter(pk=referral_id)
        .first()
    )
    if referral is None or referral.status != Status.SUBMITTED:
        return referral.status if referral else ""
    candidates = routing_candidates(referral)
    if not candidates:
        transition(referral, sources=[Status.SUBMITTED], target=Status.UNROUTED)
        _record(
            referral,
            kind=ReferralUpdate.Kind.ROUTING,
            message="unrouted",
            actor=None,
            agency=referral.to_agency,
        )
        audit_record(
            actor=None, action=AuditAction.TRANSITION, obj=referral, detail=Status.UNROUTED
        )
        _tell(sla_selectors.agency_admins_of(referral.to_agency_id), referral, "unrouted")
        return referral.status
    _route_to(referral, candidates[0], sources=[Status.SUBMITTED])
    return referral.status


def referrals_route_pending(
    *, older_than: timedelta = SWEEP_AFTER, limit: int = SWEEP_LIMIT
) -> int:
    """Route the referrals still submitted a while after submission: their task was lost (the
    broker was down, a worker died before taking it). Each is routed as its task would; a
    referral a task is routing meanwhile is skipped by the lock and its status. Returns how
    many were routed."""
    cutoff = timezone.now() - older_than
    pending = list(
        Referral.objects.filter(status=Status.SUBMITTED, submitted_at__lt=cutoff)
        .order_by("submitted_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    return sum(1 for pk in pending if referral_route(referral_id=pk) != Status.SUBMITTED)


def _route_to(referral: Referral, office: Office, *, sources, actor: User | None = None) -> None:
    transition(
        referral,
        sources=sources,
        target=Status.ROUTED,
        to_office=office,
        assigned_to=None,
        routed_at=timezone.now(),
        tried_offices=[*referral.tried_offices, office.pk],
    )
    _start_answer_clock(referral)
    _record(
        referral,
        kind=ReferralUpdate.Kind.ROUTING,
        message="routed",
        actor=actor,
        agency=referral.to_agency,
        office_ar=office.name_ar,
        office_en=office.name_en,
    )
    audit_record(actor=actor, action=AuditAction.TRANSITION, obj=referral, detail=Status.ROUTED)
    _tell(sla_selectors.supervisors_of(office.pk), referral, "routed")


@transaction.atomic
def referral_route_manually(*, referral: Referral, office: Office, actor: User) -> None:
    """An agency admin sends an unrouted referral to one of the agency's offices."""
    if not selectors.administers(actor, referral.to_agency_id):
        raise PermissionDenied
    if office.agency_id != referral.to_agency_id or not office.is_active:
        raise ValidationError(_("Choose an active office of your agency."))
    if office.pk == referral.from_office_id:
        raise ValidationError(_("A referral cannot go to the office that sent it."))
    _route_to(referral, office, sources=[Status.UNROUTED], actor=actor)


def referral_reroute(*, referral: Referral, clock: Clock) -> None:
    """Escalation past level 2 of an unanswered referral (run inside the sweep, clock locked):
    the next candidate office takes it and the sender is told; with none left it expires."""
    referral = Referral.objects.select_for_update(of=("self",)).get(pk=referral.pk)
    if referral.status != Status.ROUTED:
        return
    clock_stop(clock=clock)
    remaining = [
        office for office in routing_candidates(referral) if office.pk not in referral.tried_offices
    ]
    if not remaining:
        transition(
            referral, sources=[Status.ROUTED], target=Status.EXPIRED, closed_at=timezone.now()
        )
        _record(
            referral,
            kind=ReferralUpdate.Kind.STATUS,
            message="expired",
            actor=None,
            agency=referral.to_agency,
        )
        audit_record(actor=None, action=AuditAction.TRANSITION, obj=referral, detail="expired")
        _tell(_sender_side(referral), referral, "expired")
        return
    # The office losing it hears why, before _route_to clears the assignee.
    _tell(_receiver_side(referral), referral, "taken_away")
    _route_to(referral, remaining[0], sources=[Status.ROUTED])
    _tell(_sender_side(referral), referral, "rerouted")


# --- the receiving side --------------------------------------------------------------------------


@transaction.atomic
def referral_assign(*, referral: Referral, worker: User, actor: User) -> None:
    """A supervisor of the receiving office gives the referral to one of its social workers; a
    social worker of that office may take an unassigned one (worker == actor)."""
    taking = worker.pk == actor.pk
    guard = _require_receiver(referral, actor, supervisor=not taking)
    if not case_selectors.social_workers_of([referral.to_office_id]).filter(pk=worker.pk).exists():
        raise ValidationError(_("Choose a social worker of the receiving office."))
    # Taking: only while nobody has it. Assigning: not to the one who has it already (a double
    # click assigns once).
    guard &= Q(assigned_to__isnull=True) if taking else ~Q(assigned_to=worker)
    changed = (
        Referral.objects.filter(pk=referral.pk, status__in=selectors.RECEIVED_OPEN)
        .filter(guard)
        .update(assigned_to=worker, updated_at=timezone.now())
    )
    if not changed:
        raise TransitionNotAllowed
    referral.assigned_to = worker
    _record(
        referral,
        kind=ReferralUpdate.Kind.STATUS,
        message="assigned",
        actor=actor,
        agency=referral.to_agency,
        worker=worker.get_full_name(),
    )
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=referral, detail="assigned")
    if not taking:
        _tell([worker], referral, "assigned")


@transaction.atomic
def referral_accept(*, referral: Referral, actor: User) -> None:
    guard = _require_receiver(referral, actor)
    now = timezone.now()
    transition(
        referral,
        sources=[Status.ROUTED],
        target=Status.ACCEPTED,
        guard=guard,
        answered_at=now,
        assigned_to=referral.assigned_to or actor,
    )
    _stop_clocks(referral)
    clock_start(
        kind=KIND,
        subject_id=str(referral.pk),
        purpose=COMPLETE,
        agency=referral.to_agency,
        office=referral.to_office,
        days=referral.service.processing_days,
    )
    _record(
        referral,
        kind=ReferralUpdate.Kind.STATUS,
        message="accepted",
        actor=actor,
        agency=referral.to_agency,
    )
    audit_record(actor=actor, action=AuditAction.TRANSITION, obj=referral, detail=Status.ACCEPTED)
    _tell(_sender_side(referral), referral, "accepted")


@transaction.atomic
def referral_decline(*, referral: Referral, reason: str, note: str, actor: User) -> None:
    guard = _require_receiver(referral, actor)
    if reason not in Referral.DeclineReason.values:
        raise ValidationError(_("Choose the reason for declining."))
    note = _text(note, required=reason == Referral.DeclineReason.OTHER, label=_("The explanation"))
    now = timezone.now()
    transition(
        referral,
        sources=[Status.ROUTED, Status.INFO_REQUESTED],
        target=Status.DECLINED,
        guard=guard,
        decline_reason=reason,
        closing_note=note,
        answered_at=now,
        closed_at=now,
    )
    _stop_clocks(referral)
    _record(
        referral,
        kind=ReferralUpdate.Kind.STATUS,
        message="declined",
        actor=actor,
        body=note,
        agency=referral.to_agency,
        decline_reason=reason,
    )
    audit_record(actor=actor, action=AuditAction.TRANSITION, obj=referral, detail=Status.DECLINED)
    _tell(_sender_side(referral), referral, "declined", decline_reason=reason)


@transaction.atomic
def referral_request_info(*, referral: Referral, question: str, actor: User) -> None:
    """Ask the sender for what is missing; the answer clock waits for their reply."""
    guard = _require_receiver(referral, actor)
    question = _text(question, required=True, label=_("The question"))
    transition(referral, sources=[Status.ROUTED], target=Status.INFO_REQUESTED, guard=guard)
    clock = _clock(referral, ANSWER)
    if clock is not None:
        clock_pause(clock=clock)
    _record(
        referral,
        kind=ReferralUpdate.Kind.QUESTION,
        message="info_requested",
        actor=actor,
        body=question,
        agency=referral.to_agency,
    )
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=referral, detail="info_requested")
    _tell(_sender_side(referral), referral, "info_requested")


@transaction.atomic
def referral_progress(*, referral: Referral, note: str, actor: User) -> None:
    guard = _require_receiver(referral, actor)
    note = _text(note, required=True, label=_("The progress note"))
    changed = (
        Referral.objects.filter(pk=referral.pk, status=Status.ACCEPTED)
        .filter(guard)
        .update(updated_at=timezone.now())
    )
    if not changed:
        raise TransitionNotAllowed
    _record(
        referral,
        kind=ReferralUpdate.Kind.PROGRESS,
        message="progress",
        actor=actor,
        body=note,
        agency=referral.to_agency,
    )
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=referral, detail="progress")
    _tell(_sender_side(referral), referral, "progress")


@transaction.atomic
def referral_complete(*, referral: Referral, outcome: str, note: str, actor: User) -> None:
    """Close the loop: the outcome goes back to the sender and onto the case timeline."""
    guard = _require_receiver(referral, actor)
    if outcome not in Referral.Outcome.values:
        raise ValidationError(_("Choose the outcome."))
    note = _text(note, required=outcome == Referral.Outcome.OTHER, label=_("The note"))
    transition(
        referral,
        sources=[Status.ACCEPTED],
        target=Status.COMPLETED,
        guard=guard,
        outcome=outcome,
        closing_note=note,
        closed_at=timezone.now(),
    )
    _stop_clocks(referral)
    _record(
        referral,
        kind=ReferralUpdate.Kind.STATUS,
        message="completed",
        actor=actor,
        body=note,
        agency=referral.to_agency,
        outcome=outcome,
    )
    audit_record(actor=actor, action=AuditAction.TRANSITION, obj=referral, detail=Status.COMPLETED)
    _tell(_sender_side(referral), referral, "completed", outcome=outcome)


# --- routing rules -------------------------------------------------------------------------------


@transaction.atomic
def routing_rule_set(*, service: Service, governorate, office: Office, actor: User) -> RoutingRule:
    """Referrals for `service` from people of `governorate` go to `office` (one rule per pair)."""
    if not selectors.administers(actor, service.agency_id):
        raise PermissionDenied
    if office.agency_id != service.agency_id or not office.is_active:
        raise ValidationError(_("The office must be an active office of the service's agency."))
    rule, created = RoutingRule.objects.update_or_create(
        service=service, governorate=governorate, defaults={"office": office, "created_by": actor}
    )
    audit_record(
        actor=actor, action=AuditAction.CREATE if created else AuditAction.UPDATE, obj=rule
    )
    return rule


@transaction.atomic
def routing_rule_delete(*, rule: RoutingRule, actor: User) -> None:
    if not selectors.administers(actor, rule.service.agency_id):
        raise PermissionDenied
    audit_record(actor=actor, action=AuditAction.DELETE, obj=rule)
    rule.delete()
