"""Every write to a case and every status change, each in one transaction with its timeline
entry and audit event. Status changes are guarded updates: a double click or two people acting
at once change nothing twice."""

import secrets
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.audit.services import Action as AuditAction
from apps.audit.services import audit_record
from apps.core.exceptions import TransitionNotAllowed
from apps.core.files import MAX_DOCUMENT_BYTES, document_type  # noqa: F401 - tests read the limit here
from apps.core.references import new_reference
from apps.core.transitions import transition
from apps.organisations.models import Agency, Membership, Office, User
from apps.registry.models import Household, Person
from apps.registry.selectors import household_members
from apps.registry.services import person_share_with_agency

from . import selectors
from .models import (
    Approval,
    Assessment,
    Assignment,
    Case,
    CaseDocument,
    CaseEvent,
    CaseNote,
    PlanAction,
    PlanGoal,
)

Status = Case.Status
Role = Membership.Role
BULK_LIMIT = 100
OPEN_ACTION_STATUSES = [PlanAction.Status.PLANNED, PlanAction.Status.IN_PROGRESS]


def _agency_of(user: User, case: Case) -> Agency | None:
    """The agency on whose behalf the user acts on this case (for the timeline)."""
    agencies = [
        m.office.agency
        for m in Membership.objects.filter(user=user, is_active=True).select_related(
            "office__agency"
        )
    ]
    same = [agency for agency in agencies if agency.pk == case.office.agency_id]
    return (same or agencies or [None])[0]


def case_event_record(
    *,
    case: Case,
    kind: str,
    message: str,
    actor: User | None,
    agency: Agency | None = None,
    confidential: bool = False,
    **params,
) -> None:
    """A timeline entry, in the caller's transaction. Other workflows (a referral's steps) call
    it with the agency that acted, which may not be the case's; their texts are registered with
    events.register()."""
    case_events_record(
        [
            CaseEvent(
                case=case,
                kind=kind,
                message=message,
                params=params,
                actor=actor,
                agency=agency,
                confidential=confidential,
            )
        ]
    )


def case_events_record(events: list[CaseEvent]) -> None:
    """Timeline entries, of one case or several (a batch of referrals routed at once), in the
    caller's transaction."""
    CaseEvent.objects.bulk_create(events)
    # The caseload lists sort by last activity.
    Case.objects.filter(pk__in={event.case_id for event in events}).update(
        updated_at=timezone.now()
    )


def _event(
    case: Case, *, kind: str, message: str, actor: User | None, confidential: bool = False, **params
):
    case_event_record(
        case=case,
        kind=kind,
        message=message,
        actor=actor,
        agency=_agency_of(actor, case) if actor else None,
        confidential=confidential,
        **params,
    )


def _require_worker(case: Case, actor: User) -> None:
    if not selectors.can_work_on(actor, case):
        raise PermissionDenied


def _require_supervisor(case: Case, actor: User) -> None:
    if not selectors.is_case_supervisor(actor, case):
        raise PermissionDenied


def _transition(case: Case, *, sources: list[str], target: str, actor: User, **extra) -> None:
    transition(case, sources=sources, target=target, **extra)
    _event(case, kind=CaseEvent.Kind.STATUS, message="status", actor=actor, status=target)
    audit_record(actor=actor, action=AuditAction.TRANSITION, obj=case, detail=target)


def _refresh_next_action_due(case: Case) -> None:
    Case.objects.filter(pk=case.pk).update(next_action_due=selectors.next_action_due(case))


@transaction.atomic
def case_open(
    *,
    household: Household,
    primary_person: Person,
    office: Office,
    owner: User,
    risk: str,
    summary: str,
    actor: User,
) -> Case:
    """Open the household's case at an office, owned by one of its social workers."""
    if (
        not selectors.offices_where(actor, Role.SOCIAL_WORKER, Role.SUPERVISOR, Role.INTAKE_OFFICER)
        .filter(pk=office.pk)
        .exists()
    ):
        raise PermissionDenied
    if not selectors.social_workers_of([office.pk]).filter(pk=owner.pk).exists():
        raise ValidationError(_("The case owner must be a social worker of that office."))
    members = household_members(household)
    if primary_person.pk not in {m.person_id for m in members}:
        raise ValidationError(_("The primary person must be a current member of the household."))
    existing = Case.objects.filter(household=household).exclude(status=Status.CLOSED).first()
    if existing:
        raise ValidationError(
            _("This household already has an open case (%(reference)s).")
            % {"reference": existing.reference}
        )
    try:
        with transaction.atomic():
            case = Case.objects.create(
                reference=new_reference("C", Case),
                household=household,
                primary_person=primary_person,
                office=office,
                owner=owner,
                risk=risk,
                summary=summary,
            )
    except IntegrityError as error:  # another case was opened for the household meanwhile
        raise ValidationError(_("This household already has an open case.")) from error
    Assignment.objects.create(case=case, to_owner=owner, to_office=office, assigned_by=actor)
    person_share_with_agency(person=primary_person, agency=office.agency, actor=actor)
    _event(case, kind=CaseEvent.Kind.OPENED, message="opened", actor=actor)
    audit_record(actor=actor, action=AuditAction.CREATE, obj=case)
    return case


@transaction.atomic
def case_start_assessment(*, case: Case, actor: User) -> None:
    _require_worker(case, actor)
    _transition(case, sources=[Status.OPEN], target=Status.ASSESSMENT, actor=actor)


@transaction.atomic
def assessment_record(*, case: Case, domain: str, need: int, notes: str, actor: User) -> Assessment:
    """Assess one domain; reassessing adds a row, so history is kept."""
    _require_worker(case, actor)
    if case.status not in {Status.ASSESSMENT, Status.PLANNING, Status.ACTIVE}:
        raise TransitionNotAllowed(_("Assessments are recorded once the case is in assessment."))
    assessment = Assessment.objects.create(
        case=case, domain=domain, need=need, notes=notes, assessed_by=actor
    )
    _event(
        case,
        kind=CaseEvent.Kind.ASSESSMENT,
        message="assessed",
        actor=actor,
        domain=domain,
        need=need,
    )
    audit_record(actor=actor, action=AuditAction.CREATE, obj=assessment, detail=domain)
    return assessment


@transaction.atomic
def case_start_planning(*, case: Case, actor: User) -> None:
    _require_worker(case, actor)
    if not case.assessments.exists():
        raise ValidationError(_("Assess at least one domain before planning."))
    _transition(case, sources=[Status.ASSESSMENT], target=Status.PLANNING, actor=actor)


@transaction.atomic
def goal_add(*, case: Case, description: str, actor: User) -> PlanGoal:
    _require_worker(case, actor)
    if case.status not in {Status.PLANNING, Status.ACTIVE}:
        raise TransitionNotAllowed(_("Goals are added while the case is in planning or active."))
    goal = PlanGoal.objects.create(case=case, description=description, created_by=actor)
    _event(case, kind=CaseEvent.Kind.PLAN, message="goal_added", actor=actor, goal=description)
    audit_record(actor=actor, action=AuditAction.CREATE, obj=goal)
    return goal


@transaction.atomic
def action_add(
    *,
    goal: PlanGoal,
    description: str,
    due_date: date,
    responsible_agency: Agency,
    responsible_office: Office | None,
    pillar: str,
    actor: User,
) -> PlanAction:
    case = goal.case
    _require_worker(case, actor)
    if case.status not in {Status.PLANNING, Status.ACTIVE}:
        raise TransitionNotAllowed(_("Actions are added while the case is in planning or active."))
    if responsible_office and responsible_office.agency_id != responsible_agency.pk:
        raise ValidationError(_("The responsible office must belong to the responsible agency."))
    action = PlanAction.objects.create(
        goal=goal,
        description=description,
        due_date=due_date,
        responsible_agency=responsible_agency,
        responsible_office=responsible_office,
        pillar=pillar,
    )
    _event(
        case,
        kind=CaseEvent.Kind.PLAN,
        message="action_added",
        actor=actor,
        action=description,
        due=due_date.isoformat(),
    )
    _refresh_next_action_due(case)
    audit_record(actor=actor, action=AuditAction.CREATE, obj=action)
    return action


@transaction.atomic
def action_set_status(*, action: PlanAction, status: str, actor: User) -> None:
    case = action.goal.case
    _require_worker(case, actor)
    changed = (
        PlanAction.objects.filter(pk=action.pk)
        .exclude(status=status)
        .update(
            status=status, completed_at=timezone.now() if status == PlanAction.Status.DONE else None
        )
    )
    if not changed:
        raise TransitionNotAllowed
    _event(
        case,
        kind=CaseEvent.Kind.PLAN,
        message="action_status",
        actor=actor,
        action=action.description,
        state=status,
    )
    _refresh_next_action_due(case)
    audit_record(actor=actor, action=AuditAction.TRANSITION, obj=action, detail=status)


def _has_plan(case: Case) -> bool:
    return PlanAction.objects.filter(goal__case=case).exists()


@transaction.atomic
def case_activate(*, case: Case, actor: User) -> Approval | None:
    """Put the plan into action. The plan of a critical-risk case first goes to a supervisor:
    then an approval request is returned and the case stays in planning until it is approved."""
    _require_worker(case, actor)
    # The stored status, locked, not the caller's copy: a stale tab must not queue an approval
    # for a case that has moved on.
    status = Case.objects.select_for_update().values_list("status", flat=True).get(pk=case.pk)
    if status != Status.PLANNING:
        raise TransitionNotAllowed
    if not _has_plan(case):
        raise ValidationError(_("Add at least one goal with an action before activating the plan."))
    if case.approvals.filter(kind=Approval.Kind.PLAN, status=Approval.Status.PENDING).exists():
        # Also when the risk was lowered meanwhile: the supervisor decides the request first.
        raise ValidationError(_("The plan is waiting for a supervisor's decision."))
    if case.risk == Case.Risk.CRITICAL:
        return _approval_request(case, kind=Approval.Kind.PLAN, reason="", actor=actor)
    _transition(case, sources=[Status.PLANNING], target=Status.ACTIVE, actor=actor)
    return None


def _approval_request(case: Case, *, kind: str, reason: str, actor: User) -> Approval:
    try:
        with transaction.atomic():
            approval = Approval.objects.create(
                case=case, kind=kind, reason=reason, requested_by=actor
            )
    except IntegrityError as error:
        raise ValidationError(
            _("An approval of this kind is already waiting for a supervisor.")
        ) from error
    _event(
        case, kind=CaseEvent.Kind.APPROVAL, message="approval_requested", actor=actor, approval=kind
    )
    audit_record(actor=actor, action=AuditAction.CREATE, obj=approval, detail=kind)
    return approval


@transaction.atomic
def case_request_closure(*, case: Case, reason: str, actor: User) -> Approval:
    _require_worker(case, actor)
    if not reason.strip():
        raise ValidationError(_("Say why the case can be closed."))
    # Otherwise the plan's request would outlive the case, waiting in the queue for ever.
    if case.approvals.filter(kind=Approval.Kind.PLAN, status=Approval.Status.PENDING).exists():
        raise ValidationError(
            _(
                "The plan is waiting for a supervisor's decision; request closure once it is decided."
            )
        )
    _transition(
        case,
        sources=[Status.ACTIVE, Status.PLANNING, Status.ASSESSMENT, Status.OPEN],
        target=Status.CLOSURE_REQUESTED,
        actor=actor,
    )
    return _approval_request(case, kind=Approval.Kind.CLOSURE, reason=reason, actor=actor)


@transaction.atomic
def approval_decide(*, approval: Approval, approve: bool, comment: str, actor: User) -> None:
    """A supervisor of the case's office approves or returns with a comment."""
    case = approval.case
    _require_supervisor(case, actor)
    if not approve and not comment.strip():
        raise ValidationError(
            _("Say why you return it, so the social worker knows what to change.")
        )
    decided = Approval.objects.filter(pk=approval.pk, status=Approval.Status.PENDING).update(
        status=Approval.Status.APPROVED if approve else Approval.Status.RETURNED,
        decided_by=actor,
        decided_at=timezone.now(),
        comment=comment,
    )
    if not decided:
        raise TransitionNotAllowed(_("This request was already decided."))
    audit_record(
        actor=actor,
        action=AuditAction.TRANSITION,
        obj=approval,
        detail=Approval.Status.APPROVED if approve else Approval.Status.RETURNED,
    )
    if approve:
        _event(
            case,
            kind=CaseEvent.Kind.APPROVAL,
            message="approval_approved",
            actor=actor,
            approval=approval.kind,
        )
    else:
        _event(
            case,
            kind=CaseEvent.Kind.APPROVAL,
            message="approval_returned",
            actor=actor,
            approval=approval.kind,
            comment=comment,
        )
    if approval.kind == Approval.Kind.CLOSURE:
        if approve:
            _transition(
                case,
                sources=[Status.CLOSURE_REQUESTED],
                target=Status.CLOSED,
                actor=actor,
                closed_at=timezone.now(),
            )
        else:
            _transition(case, sources=[Status.CLOSURE_REQUESTED], target=Status.ACTIVE, actor=actor)
    elif approve:
        _transition(case, sources=[Status.PLANNING], target=Status.ACTIVE, actor=actor)


@transaction.atomic
def case_reopen(*, case: Case, reason: str, actor: User) -> None:
    _require_worker(case, actor)
    if not reason.strip():
        raise ValidationError(_("Say why the case is reopened."))
    if (
        Case.objects.filter(household=case.household_id)
        .exclude(pk=case.pk)
        .exclude(status=Status.CLOSED)
        .exists()
    ):
        raise ValidationError(_("This household already has another open case."))
    _transition(
        case, sources=[Status.CLOSED], target=Status.ASSESSMENT, actor=actor, closed_at=None
    )
    _event(case, kind=CaseEvent.Kind.STATUS, message="reopened", actor=actor, reason=reason)


@transaction.atomic
def case_set_risk(*, case: Case, risk: str, actor: User) -> None:
    _require_worker(case, actor)
    changed = (
        Case.objects.filter(pk=case.pk)
        .exclude(risk=risk)
        .exclude(status=Status.CLOSED)
        .update(risk=risk)
    )
    if not changed:
        raise TransitionNotAllowed
    case.risk = risk
    _event(case, kind=CaseEvent.Kind.RISK, message="risk", actor=actor, risk=risk)
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=case, detail=f"risk {risk}")


@transaction.atomic
def note_add(*, case: Case, body: str, confidential: bool, actor: User) -> CaseNote:
    _require_worker(case, actor)
    if not body.strip():
        raise ValidationError(_("A note cannot be empty."))
    note = CaseNote.objects.create(
        case=case, author=actor, body=body.strip(), confidential=confidential
    )
    _event(
        case,
        kind=CaseEvent.Kind.NOTE,
        message="confidential_note_added" if confidential else "note_added",
        actor=actor,
        confidential=confidential,
    )
    # Never the note's text: that is personal data.
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=note,
        detail="confidential" if confidential else "",
    )
    return note


@transaction.atomic
def document_add(*, case: Case, title: str, upload, actor: User) -> CaseDocument:
    _require_worker(case, actor)
    content_type, extension = document_type(upload)
    document = CaseDocument(
        case=case,
        title=title,
        storage_name=f"{secrets.token_hex(16)}.{extension}",
        original_name=upload.name[:255],
        content_type=content_type,
        size=upload.size,
        uploaded_by=actor,
    )
    document.file.save(document.storage_name, upload, save=False)
    document.save()
    _event(case, kind=CaseEvent.Kind.DOCUMENT, message="document_added", actor=actor, title=title)
    audit_record(actor=actor, action=AuditAction.CREATE, obj=document)
    return document


def _assign(case: Case, *, to_owner: User, to_office: Office, reason: str, actor: User) -> None:
    if not selectors.social_workers_of([to_office.pk]).filter(pk=to_owner.pk).exists():
        raise ValidationError(
            _("%(name)s is not a social worker of %(office)s.")
            % {"name": to_owner, "office": to_office}
        )
    if case.status == Status.CLOSED:
        raise TransitionNotAllowed(_("A closed case cannot be reassigned."))
    changed = Case.objects.filter(pk=case.pk, owner=case.owner_id, office=case.office_id).update(
        owner=to_owner, office=to_office, updated_at=timezone.now()
    )
    if not changed:
        raise TransitionNotAllowed
    Assignment.objects.create(
        case=case,
        from_owner_id=case.owner_id,
        to_owner=to_owner,
        from_office_id=case.office_id,
        to_office=to_office,
        reason=reason,
        assigned_by=actor,
    )
    transferred = to_office.pk != case.office_id
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=case,
        detail=f"transferred to office {to_office.pk}, user {to_owner.pk}"
        if transferred
        else f"assigned to user {to_owner.pk}",
    )
    case.owner, case.office = to_owner, to_office
    if transferred:
        person_share_with_agency(person=case.primary_person, agency=to_office.agency, actor=actor)
        _event(
            case,
            kind=CaseEvent.Kind.ASSIGNMENT,
            message="transferred",
            actor=actor,
            owner=str(to_owner),
            office=to_office.name,
        )
    else:
        _event(
            case,
            kind=CaseEvent.Kind.ASSIGNMENT,
            message="assigned",
            actor=actor,
            owner=str(to_owner),
        )


@transaction.atomic
def case_assign(*, case: Case, to_owner: User, reason: str, actor: User) -> None:
    """A supervisor gives the case to another social worker of the same office."""
    _require_supervisor(case, actor)
    if to_owner.pk == case.owner_id:
        raise ValidationError(_("The case is already with %(name)s.") % {"name": to_owner})
    _assign(case, to_owner=to_owner, to_office=case.office, reason=reason, actor=actor)


@transaction.atomic
def case_transfer(
    *, case: Case, to_office: Office, to_owner: User, reason: str, actor: User
) -> None:
    """A supervisor moves the case to another office of the agency (the family moved, say)."""
    _require_supervisor(case, actor)
    if to_office.agency_id != case.office.agency_id:
        raise ValidationError(
            _("Cases move between offices of the same agency; other agencies get a referral.")
        )
    if not reason.strip():
        raise ValidationError(_("Say why the case is transferred."))
    _assign(case, to_owner=to_owner, to_office=to_office, reason=reason, actor=actor)


@transaction.atomic
def cases_bulk_reassign(*, cases: list[Case], to_owner: User, reason: str, actor: User) -> int:
    """Reassign up to BULK_LIMIT cases at once, all or none."""
    if len(cases) > BULK_LIMIT:
        raise ValidationError(
            _("Reassign at most %(limit)d cases at a time.") % {"limit": BULK_LIMIT}
        )
    moved = 0
    for case in cases:
        if case.owner_id != to_owner.pk:
            case_assign(case=case, to_owner=to_owner, reason=reason, actor=actor)
            moved += 1
    return moved
