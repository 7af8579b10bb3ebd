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
from apps.audit.services import audit_record, audit_record_many
from apps.cases import selectors as case_selectors
from apps.cases.models import Case, CaseDocument, CaseEvent
from apps.cases.services import case_events_record
from apps.catalogue.models import Service
from apps.core.exceptions import TransitionNotAllowed
from apps.core.forms import checked_text
from apps.core.references import new_reference
from apps.core.transitions import transition
from apps.notifications.services import Notice, notify_many
from apps.organisations.models import Agency, Membership, Office, User
from apps.registry.models import Person
from apps.registry.selectors import consent_covering, household_members
from apps.sla import selectors as sla_selectors
from apps.sla.models import Clock
from apps.sla.services import (
    ClockStart,
    clock_pause,
    clock_resume,
    clock_start,
    clock_stop,
    clocks_start,
)

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
# Referrals routed in one transaction (docs/referrals.md, Routing).
ROUTE_BATCH = 250
logger = logging.getLogger(__name__)


# --- helpers -------------------------------------------------------------------------------------


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
    _records([(referral, agency, params)], kind=kind, message=message, actor=actor, body=body)


def _records(
    entries: list[tuple[Referral, Agency | None, dict]],
    *,
    kind: str,
    message: str,
    actor: User | None,
    body: str = "",
) -> None:
    """`_record` for several referrals at once: (referral, agency that acted, params) each."""
    ReferralUpdate.objects.bulk_create(
        [
            ReferralUpdate(
                referral=referral,
                kind=kind,
                message=message,
                params=params,
                body=body,
                author=actor,
                agency=agency,
            )
            for referral, agency, params in entries
        ]
    )
    case_events_record(
        [
            CaseEvent(
                case_id=referral.case_id,
                kind=CaseEvent.Kind.REFERRAL,
                message=f"referral_{message}",
                actor=actor,
                agency=agency,
                params={
                    "reference": referral.reference,
                    "service_ar": referral.service.name_ar,
                    "service_en": referral.service.name_en,
                    **params,
                },
            )
            for referral, agency, params in entries
        ]
    )


def _link(referral: Referral) -> str:
    with translation.override("ar"):
        return reverse("referrals:detail", args=[referral.reference])


def _notices(users, referral: Referral, event: str, **context) -> list[Notice]:
    """One notice per user (each once, in their own language: notifications render it)."""
    link, seen, notices = _link(referral), set(), []
    for user in users:
        if user is None or user.pk in seen or not user.is_active:
            continue
        seen.add(user.pk)
        notices.append(
            Notice(
                recipient=user,
                template=TEMPLATE,
                context={
                    "event": event,
                    "reference": referral.reference,
                    "service_ar": referral.service.name_ar,
                    "service_en": referral.service.name_en,
                    **context,
                },
                link=link,
            )
        )
    return notices


def _tell(users, referral: Referral, event: str, **context) -> None:
    notify_many(_notices(users, referral, event, **context))


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


def _answer_clock(referral: Referral) -> ClockStart:
    days = referral.service.referral_response_days
    if referral.urgency == Referral.Urgency.URGENT:
        days = min(days, URGENT_ANSWER_DAYS) if days else URGENT_ANSWER_DAYS
    return ClockStart(
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
    reason = checked_text(reason, required=True, label=_("The reason for the referral"))
    consent_override = checked_text(consent_override, required=False, label=_("The justification"))
    if any(document.case_id != case.pk for document in documents):
        raise ValidationError(_("Only the case's own documents can be shared."))
    referral = Referral.objects.create(
        reference=new_reference("R", Referral),
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
    reason = checked_text(reason, required=True, label=_("The reason"))
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
    answer = checked_text(answer, required=True, label=_("The answer"))
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


class OfficeRouter:
    """Candidate offices (applications route with it too, through a subclass) for a batch of referrals, from the same three queries whatever its
    size: the routing rules, the receiving agencies' offices, and the open referrals of offices
    that tie. An office chosen is counted at once, so a batch spreads over equal offices as
    routing one referral after the other would."""

    def __init__(self, referrals: list[Referral]):
        governorates = {referral.person.governorate_id for referral in referrals}
        agencies = {referral.to_agency_id for referral in referrals}
        self.rules = {
            (rule.service_id, rule.governorate_id): rule.office
            for rule in RoutingRule.objects.filter(
                service__in={referral.service_id for referral in referrals},
                governorate__in=governorates,
                office__is_active=True,
            ).select_related("office")
        }
        self.local: dict[tuple[int, int], list[Office]] = {}
        self.heads: dict[int, list[Office]] = {}
        for office in Office.objects.filter(agency__in=agencies, is_active=True).filter(
            Q(governorate__in=governorates) | Q(is_head_office=True)
        ):
            if office.is_head_office:
                self.heads.setdefault(office.agency_id, []).append(office)
            else:
                self.local.setdefault((office.agency_id, office.governorate_id), []).append(office)
        # Open referrals are counted only where a step offers a choice: most have one office.
        tied = {
            office.pk
            for step in [*self.local.values(), *self.heads.values()]
            if len(step) > 1
            for office in step
        }
        self.load = dict(
            Referral.objects.filter(to_office__in=tied, status__in=selectors.RECEIVED_OPEN)
            .values("to_office")
            .annotate(open=Count("pk"))
            .values_list("to_office", "open")
            if tied
            else ()
        )

    def candidates(self, referral: Referral) -> list[Office]:
        governorate_id = referral.person.governorate_id
        rule = self.rules.get((referral.service_id, governorate_id))
        steps = [
            [rule] if rule is not None else [],
            self.local.get((referral.to_agency_id, governorate_id), []),
            self.heads.get(referral.to_agency_id, []),
        ]
        ordered, seen = [], {referral.from_office_id}
        for step in steps:
            for office in sorted(step, key=lambda o: (self.load.get(o.pk, 0), o.pk)):
                if office.pk not in seen:
                    seen.add(office.pk)
                    ordered.append(office)
        return ordered

    def took(self, office: Office) -> None:
        self.load[office.pk] = self.load.get(office.pk, 0) + 1


def routing_candidates(referral: Referral) -> list[Office]:
    """The offices that may receive the referral, best first: the service's routing rule for the
    person's governorate, then the receiving agency's offices in that governorate, then its head
    office; among offices of the same step, the one with the fewest open referrals first. Never
    the sender's own office."""
    return OfficeRouter([referral]).candidates(referral)


def referral_route(*, referral_id: int) -> str:
    """Route a submitted referral to its office (the route task's one call), and with it up to
    ROUTE_BATCH - 1 others waiting to be routed: their own tasks, when they come, find them
    routed and return at once. A worker with many waiting referrals routes them in batches,
    with one query for each kind of row written instead of one per referral. Running this twice
    routes once. Returns the status the referral is in."""
    status = Referral.objects.filter(pk=referral_id).values_list("status", flat=True).first()
    if status != Status.SUBMITTED:
        return status or ""
    done = _route_batch(first=referral_id)
    if referral_id in done:
        return done[referral_id]
    # Another worker holds it (and routes it); say where it is now.
    return Referral.objects.filter(pk=referral_id).values_list("status", flat=True).first() or ""


def referrals_route_pending(
    *, older_than: timedelta = SWEEP_AFTER, limit: int = SWEEP_LIMIT
) -> int:
    """Route the referrals still submitted a while after submission: their task was lost (the
    broker was down, a worker died before taking it). Referrals a task is routing meanwhile are
    skipped by their lock. Returns how many were routed (or found no office)."""
    cutoff = timezone.now() - older_than
    done = 0
    while done < limit:
        batch = _route_batch(
            first=None, submitted_before=cutoff, size=min(ROUTE_BATCH, limit - done)
        )
        if not batch:
            break
        done += len(batch)
    return done


@transaction.atomic
def _route_batch(
    *, first: int | None, submitted_before=None, size: int | None = None
) -> dict[int, str]:
    """Route `first` (if still submitted) and the oldest other submitted referrals, up to `size`
    in all, in one transaction; rows another worker holds are skipped. Returns each routed
    referral's new status (routed, or unrouted when no office fits).

    The transaction commits without waiting for the disk: everything routing writes (status,
    clocks, thread, timeline, audit, notifications) is in it, so a database crash in the next
    instant can only lose all of it, leaving the referrals submitted for the routing sweep,
    never half of it. Waiting for the flush was most of a routing's time."""
    size = size or ROUTE_BATCH
    waiting = Referral.objects.filter(status=Status.SUBMITTED)
    if submitted_before is not None:
        waiting = waiting.filter(submitted_at__lt=submitted_before)
    if first is not None:
        waiting = waiting.exclude(pk=first)
        size -= 1
    ids = list(waiting.order_by("submitted_at", "pk").values_list("pk", flat=True)[:size])
    if first is not None:
        ids.insert(0, first)
    referrals = list(
        Referral.objects.select_for_update(of=("self",), skip_locked=True)
        .select_related("case", "person", "service", "to_agency", "from_office__agency")
        .filter(pk__in=ids, status=Status.SUBMITTED)
        .order_by("submitted_at", "pk")
    )
    if not referrals:
        return {}
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL synchronous_commit TO OFF")
    router = OfficeRouter(referrals)
    now = timezone.now()
    routed, unrouted = [], []
    for referral in referrals:
        referral.updated_at = now
        candidates = router.candidates(referral)
        if not candidates:
            referral.status = Status.UNROUTED
            unrouted.append(referral)
            continue
        office = candidates[0]
        router.took(office)
        referral.status, referral.to_office, referral.assigned_to = Status.ROUTED, office, None
        referral.routed_at = now
        referral.tried_offices = [*referral.tried_offices, office.pk]
        routed.append(referral)
    _write_routing(referrals, now)
    if routed:
        _after_routing(routed, actor=None)
    if unrouted:
        _records(
            [(referral, referral.to_agency, {}) for referral in unrouted],
            kind=ReferralUpdate.Kind.ROUTING,
            message="unrouted",
            actor=None,
        )
        audit_record_many(
            actor=None, action=AuditAction.TRANSITION, objs=unrouted, detail=Status.UNROUTED
        )
        admins = {
            agency_id: sla_selectors.agency_admins_of(agency_id)
            for agency_id in {referral.to_agency_id for referral in unrouted}
        }
        notify_many(
            [
                notice
                for referral in unrouted
                for notice in _notices(admins[referral.to_agency_id], referral, "unrouted")
            ]
        )
    return {referral.pk: referral.status for referral in referrals}


def _write_routing(referrals: list[Referral], now) -> None:
    """One UPDATE for the batch (bulk_update's CASE per row and field took longer to build than
    the rest of the routing): each row's new status, and for a routed one its office, appended to
    the offices tried. The rows are locked and were submitted: no guard needed beyond the lock."""
    table = Referral._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            UPDATE {table} AS r
            SET status = v.status,
                to_office_id = v.office,
                assigned_to_id = NULL,
                routed_at = CASE WHEN v.office IS NULL THEN r.routed_at ELSE %s END,
                tried_offices = CASE WHEN v.office IS NULL THEN r.tried_offices
                                ELSE r.tried_offices || to_jsonb(v.office) END,
                updated_at = %s
            FROM unnest(%s::bigint[], %s::text[], %s::bigint[]) AS v(id, status, office)
            WHERE r.id = v.id
            """,  # noqa: S608 - the table name is the model's, the values are parameters
            [
                now,
                now,
                [referral.pk for referral in referrals],
                [referral.status for referral in referrals],
                [referral.to_office_id for referral in referrals],
            ],
        )


def _after_routing(referrals: list[Referral], *, actor: User | None) -> None:
    """What follows a referral's arrival at its office (`to_office` set): the answer clock, the
    thread and timeline entries, the audit event and the office's supervisors told; for a batch,
    one query of each."""
    clocks_start([_answer_clock(referral) for referral in referrals])
    _records(
        [
            (
                referral,
                referral.to_agency,
                {"office_ar": referral.to_office.name_ar, "office_en": referral.to_office.name_en},
            )
            for referral in referrals
        ],
        kind=ReferralUpdate.Kind.ROUTING,
        message="routed",
        actor=actor,
    )
    audit_record_many(
        actor=actor, action=AuditAction.TRANSITION, objs=referrals, detail=Status.ROUTED
    )
    supervisors = sla_selectors.supervisors_of_offices({r.to_office_id for r in referrals})
    with translation.override("ar"):  # the links (_link), once for the batch
        notify_many(
            [
                notice
                for referral in referrals
                for notice in _notices(
                    supervisors.get(referral.to_office_id, []), referral, "routed"
                )
            ]
        )


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
    _after_routing([referral], actor=actor)


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
    note = checked_text(
        note, required=reason == Referral.DeclineReason.OTHER, label=_("The explanation")
    )
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
    question = checked_text(question, required=True, label=_("The question"))
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
    note = checked_text(note, required=True, label=_("The progress note"))
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
    note = checked_text(note, required=outcome == Referral.Outcome.OTHER, label=_("The note"))
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
