"""Every write to a complaint and every status change, each in one transaction with its history
entry, deadlines, notifications and audit event (docs/complaints.md).

Status changes are guarded updates (apps.core.transitions): a double click, two officers at once
or a complainant sending the same rating twice change nothing twice. The complainant acts
without an account: their services take no actor, and their audit events have none.
"""

import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Min, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from apps.audit.services import Action as AuditAction
from apps.audit.services import audit_record
from apps.catalogue.models import Service
from apps.core.exceptions import TransitionNotAllowed
from apps.core.files import document_type
from apps.core.forms import checked_text
from apps.core.references import new_reference
from apps.core.text import normalise_mobile, strip_bidi_controls
from apps.core.transitions import transition
from apps.notifications.services import Notice, notify_address, notify_many
from apps.organisations.models import Agency, Office, User
from apps.registry.models import Person
from apps.sla import selectors as sla_selectors
from apps.sla.models import Clock
from apps.sla.services import clock_pause, clock_resume, clock_start, clock_stop

from . import selectors
from .models import (
    MAX_DESCRIPTION,
    OPEN_STATUSES,
    Complaint,
    ComplaintAttachment,
    ComplaintCategory,
    ComplaintUpdate,
)

Status = Complaint.Status
KIND = selectors.KIND
ACKNOWLEDGE = "acknowledge"  # the office owes an acknowledgement
RESOLVE = "resolve"  # and an answer (the figures count this first one)
REOPENED = "reopened"  # an answer again, after the complainant reopened it
STAFF_TEMPLATE = "complaints.staff"
CITIZEN_TEMPLATE = "complaints.citizen"
REOPEN_WINDOW = timedelta(days=7)
BULK_LIMIT = 100
MAX_ATTACHMENTS = 3
MAX_NAME = 200
MAX_COMMENT = 2000
MAX_ACKNOWLEDGE_HOURS = 500
MAX_RESOLVE_DAYS = 365
# A rating of 4 or 5 is "satisfied": such a complainant does not reopen.
SATISFIED = 4
# The signed link in the complainant's messages opens the tracking page this long.
LINK_MAX_AGE = timedelta(days=90)
LINK_SALT = "complaints.track"
# Control characters other than tab and line breaks: invisible, and unsafe in a text message.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
ACKNOWLEDGED_SOURCES = (Status.RECEIVED, Status.ASSIGNED)
WORKING_SOURCES = (Status.RECEIVED, Status.ASSIGNED, Status.IN_PROGRESS, Status.REOPENED)


# --- helpers -------------------------------------------------------------------------------------


def clean_text(value: str, *, label: str, required: bool, max_length: int) -> str:
    """Free text as it is stored: bidirectional and other control characters removed (a pasted
    override can make a message read backwards), line breaks unified, ends trimmed. Emoji and
    any script are kept; pages escape them."""
    value = strip_bidi_controls(value or "").replace("\r\n", "\n").replace("\r", "\n")
    return checked_text(
        _CONTROLS.sub("", value), required=required, label=label, max_length=max_length
    )


def _record(
    complaint: Complaint,
    *,
    kind: str,
    message: str,
    actor: User | None,
    visible: bool,
    body: str = "",
    by_complainant: bool = False,
    **params,
) -> ComplaintUpdate:
    return ComplaintUpdate.objects.create(
        complaint=complaint,
        kind=kind,
        message=message,
        params=params,
        body=body,
        author=actor if actor is not None and actor.is_authenticated else None,
        by_complainant=by_complainant,
        visible_to_complainant=visible,
    )


def _staff_link(complaint: Complaint) -> str:
    with translation.override("ar"):
        return reverse("complaints:detail", args=[complaint.reference])


def tracking_token(complaint: Complaint) -> str:
    return signing.dumps(complaint.reference, salt=LINK_SALT)


def reference_from_token(token: str) -> str | None:
    """The reference a tracking link was made for, or None if it is forged or too old."""
    try:
        return signing.loads(token, salt=LINK_SALT, max_age=LINK_MAX_AGE)
    except signing.BadSignature:
        return None


def tracking_link(complaint: Complaint) -> str:
    """The tracking page with a signed token: whoever got the message may open it without typing
    the reference and their number again (notifications put it in the message's language)."""
    with translation.override("ar"):
        path = reverse("complaints:track_detail", args=[complaint.reference])
    return f"{path}?t={tracking_token(complaint)}"


def _tell_staff(
    users, complaint: Complaint, event: str, *, channels=("in_app", "email"), **context
) -> None:
    """Notify each member of staff once, in their language, in one INSERT whatever the size of
    the unit; never the employee it is about."""
    seen = {complaint.named_employee_id}
    context = {
        "event": event,
        "reference": complaint.reference,
        "category_ar": complaint.category.name_ar,
        "category_en": complaint.category.name_en,
        **context,
    }
    notices = []
    for user in users:
        if user is None or user.pk in seen or not user.is_active:
            continue
        seen.add(user.pk)
        notices.append(
            Notice(
                recipient=user,
                template=STAFF_TEMPLATE,
                context=context,
                channels=channels,
                link=_staff_link(complaint),
            )
        )
    if notices:
        notify_many(notices)


def _handlers(complaint: Complaint) -> list[User]:
    """Who handles it: the assigned officer, else the office's complaints officers."""
    if complaint.assigned_to_id:
        return [complaint.assigned_to]
    return list(selectors.officers_of(complaint.office_id))


def _tell_complainant(complaint: Complaint, event: str, **context) -> None:
    """A text message or an email, as the complainant asked, in their language."""
    phone = complaint.phone if complaint.contact == Complaint.Contact.SMS else ""
    email = complaint.email if complaint.contact == Complaint.Contact.EMAIL else ""
    if not phone and not email:
        return
    notify_address(
        language=complaint.language,
        template=CITIZEN_TEMPLATE,
        context={
            "event": event,
            "reference": complaint.reference,
            "kind": complaint.kind,
            **context,
        },
        email=email,
        phone=phone,
        link=tracking_link(complaint),
    )


def _running(complaint: Complaint, *purposes: str) -> list[Clock]:
    return list(
        Clock.objects.filter(
            kind=KIND,
            subject_id=str(complaint.pk),
            purpose__in=purposes,
            stopped_at__isnull=True,
        )
    )


def _sync_due(complaint: Complaint) -> None:
    """Copy the earliest due time of the running, unpaused clocks to the complaint (the queue's
    overdue filter reads it from an index)."""
    due = Clock.objects.filter(
        kind=KIND, subject_id=str(complaint.pk), stopped_at__isnull=True, paused_at__isnull=True
    ).aggregate(due=Min("due_at"))["due"]
    Complaint.objects.filter(pk=complaint.pk).update(due_at=due)
    complaint.due_at = due


def _met(complaint: Complaint, purpose: str, field: str) -> None:
    """Stop the purpose's running clock and, the first time, record whether it was met (the
    sweep may have recorded the lateness already: that stands)."""
    for clock in _running(complaint, purpose):
        clock_stop(clock=clock)
        on_time = clock.stopped_at <= clock.due_at
        Complaint.objects.filter(pk=complaint.pk, **{f"{field}__isnull": True}).update(
            **{field: on_time}
        )
        if getattr(complaint, field) is None:
            setattr(complaint, field, on_time)


def _stop_all(complaint: Complaint) -> None:
    for clock in _running(complaint, ACKNOWLEDGE, RESOLVE, REOPENED):
        clock_stop(clock=clock)


def _start(complaint: Complaint, purpose: str, *, days: int = 0, hours: int = 0) -> None:
    clock_start(
        kind=KIND,
        subject_id=str(complaint.pk),
        purpose=purpose,
        agency=complaint.agency,
        office=complaint.office,
        days=days,
        hours=hours,
    )


def _require_worker(complaint: Complaint, actor: User) -> None:
    if not selectors.may_work(actor, complaint):
        raise PermissionDenied


def _as_loaded(complaint: Complaint) -> Q:
    """The assignment is still what the actor saw: an officer assigned meanwhile is kept."""
    if complaint.assigned_to_id:
        return Q(assigned_to=complaint.assigned_to_id)
    return Q(assigned_to__isnull=True)


def _handler_after(complaint: Complaint, actor: User) -> User | None:
    """Who has it once the actor answers it: whoever had it, else the actor when they are one of
    the office's complaints officers."""
    if complaint.assigned_to_id:
        return complaint.assigned_to
    if complaint.office_id in selectors.scope_of(actor).officer:
        return actor
    return None


# --- intake --------------------------------------------------------------------------------------


@dataclass
class Complainant:
    """Who complains and how to reach them; every field may be empty (anonymous)."""

    name: str = ""
    phone: str = ""
    email: str = ""
    contact: str = Complaint.Contact.NONE
    language: str = "ar"
    user: User | None = None
    person: Person | None = None


def _check_complainant(complainant: Complainant) -> Complainant:
    name = clean_text(complainant.name, label=_("The name"), required=False, max_length=MAX_NAME)
    phone = ""
    if (complainant.phone or "").strip():
        phone = normalise_mobile(complainant.phone)
        if phone is None:
            raise ValidationError(_("Enter a Jordanian mobile number, for example 079 123 4567."))
    email = (complainant.email or "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise ValidationError(_("Enter a valid email address.")) from None
    contact = complainant.contact or Complaint.Contact.NONE
    if contact not in Complaint.Contact.values:
        raise ValidationError(_("Choose how we may contact you."))
    if contact == Complaint.Contact.SMS and not phone:
        raise ValidationError(_("Give a mobile number to be told by text message."))
    if contact == Complaint.Contact.EMAIL and not email:
        raise ValidationError(_("Give an email address to be told by email."))
    language = complainant.language if complainant.language in dict(settings.LANGUAGES) else "ar"
    return Complainant(
        name=name,
        phone=phone,
        email=email,
        contact=contact,
        language=language,
        user=complainant.user if complainant.user and complainant.user.is_authenticated else None,
        person=complainant.person,
    )


def _save_attachment(complaint: Complaint, upload) -> ComplaintAttachment:
    content_type, extension = document_type(upload)
    attachment = ComplaintAttachment(
        complaint=complaint,
        storage_name=f"{secrets.token_hex(16)}.{extension}",
        original_name=strip_bidi_controls(upload.name or "")[:255],
        content_type=content_type,
        size=upload.size,
    )
    attachment.file.save(attachment.storage_name, upload, save=False)
    attachment.save()
    return attachment


@transaction.atomic
def complaint_submit(
    *,
    agency: Agency,
    category: ComplaintCategory,
    kind: str,
    description: str,
    complainant: Complainant,
    channel: str = Complaint.Channel.WEB,
    service: Service | None = None,
    named_employee: User | None = None,
    attachments: Sequence = (),
    actor: User | None = None,
) -> Complaint:
    """A complaint (suggestion, enquiry, compliment) to an agency, from the public form (no
    actor, web channel) or taken by staff at the counter or on the phone (the actor, who records
    the channel). It goes to the category's office, else the agency's head office; both of its
    deadlines start; the office's complaints officers and the complainant are told."""
    staff = actor is not None and bool(selectors.scope_of(actor).intake_agencies)
    if not staff:
        actor = actor if actor is not None and actor.is_authenticated else None
        if channel not in (Complaint.Channel.WEB, Complaint.Channel.MOBILE):
            raise PermissionDenied
    if kind not in Complaint.Kind.values:
        raise ValidationError(
            _("Choose what you are sending: a complaint, a suggestion, an enquiry or a compliment.")
        )
    if channel not in Complaint.Channel.values:
        raise ValidationError(_("Choose the channel."))
    if category.agency_id != agency.pk or not category.is_active:
        raise ValidationError(_("Choose one of the agency's categories."))
    if service is not None and (
        service.agency_id != agency.pk or service.status != Service.Status.PUBLISHED
    ):
        raise ValidationError(_("Choose one of the agency's published services, or none."))
    description = clean_text(
        description, label=_("The description"), required=True, max_length=MAX_DESCRIPTION
    )
    complainant = _check_complainant(complainant)
    if named_employee is not None and not selectors.works_for(named_employee, agency.pk):
        raise ValidationError(_("The employee concerned must work for the agency."))
    if len(attachments) > MAX_ATTACHMENTS:
        raise ValidationError(_("Attach at most %(count)d files.") % {"count": MAX_ATTACHMENTS})
    for upload in attachments:
        document_type(upload)  # refused before anything is saved
    office = selectors.routing_office(category)
    if office is None:
        raise ValidationError(_("This agency cannot take complaints at the moment."))
    complaint = Complaint.objects.create(
        reference=new_reference("S", Complaint),
        kind=kind,
        channel=channel,
        agency=agency,
        office=office,
        service=service,
        category=category,
        description=description,
        named_employee=named_employee,
        user=complainant.user,
        person=complainant.person,
        name=complainant.name,
        phone=complainant.phone,
        email=complainant.email,
        contact=complainant.contact,
        language=complainant.language,
        created_by=actor if staff else None,
    )
    for upload in attachments:
        _save_attachment(complaint, upload)
    _record(
        complaint,
        kind=ComplaintUpdate.Kind.STATUS,
        message="received",
        actor=actor if staff else None,
        visible=True,
        by_complainant=not staff,
        channel=channel,
        what=kind,
    )
    _start(complaint, ACKNOWLEDGE, hours=category.acknowledge_hours)
    _start(complaint, RESOLVE, days=category.resolve_days)
    _sync_due(complaint)
    audit_record(actor=actor, action=AuditAction.CREATE, obj=complaint, detail=channel)
    # In the application only: a unit receives many a day, and its queue lists them all.
    _tell_staff(selectors.officers_of(office.pk), complaint, "received", channels=("in_app",))
    _tell_complainant(complaint, "received")
    return complaint


# --- the office's side ---------------------------------------------------------------------------


def _assign(complaint: Complaint, *, officer: User, actor: User, taking: bool) -> None:
    _require_worker(complaint, actor)
    if not selectors.officers_of(complaint.office_id).filter(pk=officer.pk).exists():
        raise ValidationError(_("Choose a complaints officer of the complaint's office."))
    if officer.pk == complaint.named_employee_id:
        raise ValidationError(_("The complaint is about this employee: choose someone else."))
    if complaint.status not in OPEN_STATUSES:
        raise TransitionNotAllowed(_("Only open complaints can be assigned."))
    # Taking: only while nobody has it. Assigning: not to whoever has it (a double click
    # assigns once).
    guard = Q(office=complaint.office_id) & ~Q(named_employee=officer)
    guard &= Q(assigned_to__isnull=True) if taking else ~Q(assigned_to=officer)
    target = Status.ASSIGNED if complaint.status == Status.RECEIVED else complaint.status
    transition(
        complaint, sources=[complaint.status], target=target, guard=guard, assigned_to=officer
    )
    _record(
        complaint,
        kind=ComplaintUpdate.Kind.STATUS,
        message="assigned",
        actor=actor,
        visible=target == Status.ASSIGNED,
        officer=officer.get_full_name() or officer.email,
    )
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=complaint, detail="assigned")
    if not taking and officer.pk != actor.pk:
        _tell_staff([officer], complaint, "assigned")


@transaction.atomic
def complaint_assign(*, complaint: Complaint, officer: User, actor: User) -> None:
    """Give the complaint to one of its office's complaints officers (an officer or supervisor
    of the office does it)."""
    _assign(complaint, officer=officer, actor=actor, taking=False)


@transaction.atomic
def complaint_take(*, complaint: Complaint, actor: User) -> None:
    """A complaints officer of the office takes a complaint nobody has."""
    _assign(complaint, officer=actor, actor=actor, taking=True)


@transaction.atomic
def complaints_bulk_assign(*, complaints: Sequence[Complaint], officer: User, actor: User) -> int:
    """Assign up to BULK_LIMIT complaints at once, all or none; returns how many changed hands
    (those the officer has already are left as they are)."""
    _check_bulk(complaints)
    changed = 0
    for complaint in complaints:
        if complaint.assigned_to_id == officer.pk:
            continue
        try:
            _assign(complaint, officer=officer, actor=actor, taking=False)
        except ValidationError as error:
            raise ValidationError(
                _("Complaint %(reference)s: %(error)s Nothing was changed.")
                % {"reference": complaint.reference, "error": " ".join(error.messages)}
            ) from None
        changed += 1
    return changed


def _check_bulk(complaints: Sequence[Complaint]) -> None:
    if not complaints:
        raise ValidationError(_("Choose at least one complaint."))
    if len(complaints) > BULK_LIMIT:
        raise ValidationError(
            _("Choose at most %(limit)d complaints at a time; nothing was changed.")
            % {"limit": BULK_LIMIT}
        )


@transaction.atomic
def complaint_acknowledge(*, complaint: Complaint, actor: User) -> None:
    """The office tells the complainant it is looking into it: the acknowledgement deadline is
    met, and the complaint is in progress (the actor's, if nobody had it)."""
    _require_worker(complaint, actor)
    transition(
        complaint,
        sources=ACKNOWLEDGED_SOURCES,
        target=Status.IN_PROGRESS,
        guard=Q(office=complaint.office_id) & _as_loaded(complaint),
        acknowledged_at=timezone.now(),
        assigned_to=_handler_after(complaint, actor),
    )
    _met(complaint, ACKNOWLEDGE, "acknowledged_on_time")
    _sync_due(complaint)
    _record(
        complaint,
        kind=ComplaintUpdate.Kind.STATUS,
        message="acknowledged",
        actor=actor,
        visible=True,
    )
    audit_record(
        actor=actor, action=AuditAction.TRANSITION, obj=complaint, detail=Status.IN_PROGRESS
    )
    _tell_complainant(complaint, "acknowledged")


def _acknowledging(complaint: Complaint, actor: User) -> dict:
    """The fields an answer or a question sets on a complaint not yet acknowledged: either
    acknowledges it."""
    fields = {"assigned_to": _handler_after(complaint, actor)}
    if complaint.acknowledged_at is None:
        fields["acknowledged_at"] = timezone.now()
    return fields


@transaction.atomic
def complaint_request_info(*, complaint: Complaint, question: str, actor: User) -> None:
    """Ask the complainant for what is missing; the answer deadline waits for their reply."""
    _require_worker(complaint, actor)
    question = clean_text(
        question, label=_("The question"), required=True, max_length=MAX_DESCRIPTION
    )
    if not complaint.has_contact:
        raise ValidationError(
            _("The complainant left no mobile number or email address: they cannot be asked.")
        )
    transition(
        complaint,
        sources=WORKING_SOURCES,
        target=Status.WAITING,
        guard=Q(office=complaint.office_id) & _as_loaded(complaint),
        **_acknowledging(complaint, actor),
    )
    _met(complaint, ACKNOWLEDGE, "acknowledged_on_time")
    for clock in _running(complaint, RESOLVE, REOPENED):
        clock_pause(clock=clock)
    _sync_due(complaint)
    _record(
        complaint,
        kind=ComplaintUpdate.Kind.QUESTION,
        message="info_requested",
        actor=actor,
        visible=True,
        body=question,
    )
    audit_record(actor=actor, action=AuditAction.TRANSITION, obj=complaint, detail=Status.WAITING)
    _tell_complainant(complaint, "info_requested", question=question)


def _info_received(complaint: Complaint, answer: str, *, actor: User | None, message: str) -> None:
    answer = clean_text(answer, label=_("Your answer"), required=True, max_length=MAX_DESCRIPTION)
    transition(complaint, sources=[Status.WAITING], target=Status.IN_PROGRESS)
    for clock in _running(complaint, RESOLVE, REOPENED):
        clock_resume(clock=clock)
    _sync_due(complaint)
    _record(
        complaint,
        kind=ComplaintUpdate.Kind.ANSWER,
        message=message,
        actor=actor,
        visible=True,
        body=answer,
        by_complainant=actor is None,
    )
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=complaint, detail=message)


@transaction.atomic
def complaint_provide_info(*, complaint: Complaint, answer: str) -> None:
    """The complainant answers the office's question (tracking page); the deadline runs again
    and whoever handles the complaint is told."""
    _info_received(complaint, answer, actor=None, message="info_provided")
    _tell_staff(_handlers(complaint), complaint, "info_provided")


@transaction.atomic
def complaint_record_info(*, complaint: Complaint, answer: str, actor: User) -> None:
    """The office records what the complainant said on the phone or at the counter."""
    _require_worker(complaint, actor)
    _info_received(complaint, answer, actor=actor, message="info_recorded")


@transaction.atomic
def complaint_resolve(*, complaint: Complaint, response: str, actor: User) -> None:
    """Answer the complainant and resolve the complaint: the answer goes to them in their
    language, with a link to rate the handling or reopen it."""
    _require_worker(complaint, actor)
    response = clean_text(
        response, label=_("The answer"), required=True, max_length=MAX_DESCRIPTION
    )
    now = timezone.now()
    transition(
        complaint,
        sources=[*WORKING_SOURCES, Status.WAITING],
        target=Status.RESOLVED,
        guard=Q(office=complaint.office_id) & _as_loaded(complaint),
        response=response,
        resolved_at=now,
        first_resolved_at=complaint.first_resolved_at or now,
        **_acknowledging(complaint, actor),
    )
    _met(complaint, ACKNOWLEDGE, "acknowledged_on_time")
    _met(complaint, RESOLVE, "resolved_on_time")
    _stop_all(complaint)
    _sync_due(complaint)
    _record(
        complaint,
        kind=ComplaintUpdate.Kind.RESPONSE,
        message="resolved",
        actor=actor,
        visible=True,
        body=response,
    )
    audit_record(actor=actor, action=AuditAction.TRANSITION, obj=complaint, detail=Status.RESOLVED)
    _tell_complainant(complaint, "resolved", response=response)


@transaction.atomic
def complaint_close(*, complaint: Complaint, actor: User) -> None:
    """Close an answered complaint (the complainant may still reopen it within the window)."""
    _require_worker(complaint, actor)
    transition(
        complaint,
        sources=[Status.RESOLVED],
        target=Status.CLOSED,
        guard=Q(office=complaint.office_id),
        closed_at=timezone.now(),
        closure=Complaint.Closure.RESOLVED,
    )
    _record(
        complaint, kind=ComplaintUpdate.Kind.STATUS, message="closed", actor=actor, visible=True
    )
    audit_record(actor=actor, action=AuditAction.TRANSITION, obj=complaint, detail=Status.CLOSED)


@transaction.atomic
def complaints_close_duplicates(
    *, complaints: Sequence[Complaint], original: Complaint, actor: User
) -> int:
    """Close up to BULK_LIMIT open complaints as duplicates of `original`, all or none: one that
    cannot be closed (answered meanwhile, another agency's, the original itself) refuses the
    whole batch with its reference. Their deadlines stop and their complainants are told."""
    _check_bulk(complaints)
    if not selectors.may_read(actor, original):
        raise ValidationError(_("The original complaint was not found."))
    # Locked, so that two officers cannot close each complaint as the other's duplicate.
    original = Complaint.objects.select_for_update().get(pk=original.pk)
    if original.closure == Complaint.Closure.DUPLICATE:
        raise ValidationError(
            _("Complaint %(reference)s is itself closed as a duplicate: choose its original.")
            % {"reference": original.reference}
        )
    now = timezone.now()
    for complaint in complaints:
        problem = None
        if complaint.pk == original.pk:
            problem = _("it is the original itself.")
        elif complaint.agency_id != original.agency_id:
            problem = _("it is another agency's.")
        elif complaint.status not in OPEN_STATUSES:
            problem = _("it is not open.")
        if problem is None:
            _require_worker(complaint, actor)
            try:
                transition(
                    complaint,
                    sources=OPEN_STATUSES,
                    target=Status.CLOSED,
                    guard=Q(office=complaint.office_id),
                    closed_at=now,
                    closure=Complaint.Closure.DUPLICATE,
                    duplicate_of=original,
                )
            except TransitionNotAllowed:
                problem = _("it was changed meanwhile.")
        if problem is not None:
            raise ValidationError(
                _(
                    "Complaint %(reference)s cannot be closed as a duplicate: %(problem)s Nothing was closed."
                )
                % {"reference": complaint.reference, "problem": problem}
            )
        _stop_all(complaint)
        _sync_due(complaint)
        _record(
            complaint,
            kind=ComplaintUpdate.Kind.STATUS,
            message="closed_duplicate",
            actor=actor,
            visible=True,
            original=original.reference,
        )
        audit_record(actor=actor, action=AuditAction.TRANSITION, obj=complaint, detail="duplicate")
        _tell_complainant(complaint, "closed_duplicate")
    return len(complaints)


@transaction.atomic
def complaint_note(*, complaint: Complaint, text: str, actor: User) -> None:
    """An internal note: staff only, never the complainant."""
    _require_worker(complaint, actor)
    text = clean_text(text, label=_("The note"), required=True, max_length=MAX_DESCRIPTION)
    Complaint.objects.filter(pk=complaint.pk).update(updated_at=timezone.now())
    _record(
        complaint,
        kind=ComplaintUpdate.Kind.NOTE,
        message="note",
        actor=actor,
        visible=False,
        body=text,
    )
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=complaint, detail="note")


@transaction.atomic
def complaint_name_employee(*, complaint: Complaint, employee: User, actor: User) -> None:
    """Record the employee the complaint is about: from then on it is hidden from them."""
    _require_worker(complaint, actor)
    if employee.pk == actor.pk:
        raise ValidationError(_("A complaint about you must be handled by someone else."))
    if not selectors.works_for(employee, complaint.agency_id):
        raise ValidationError(_("The employee concerned must work for the agency."))
    if employee.pk == complaint.assigned_to_id:
        raise ValidationError(_("Assign the complaint to another officer first."))
    if complaint.named_employee_id is not None:
        # Naming someone else would show the complaint to the first again.
        raise ValidationError(_("The employee concerned is already recorded."))
    changed = (
        Complaint.objects.filter(pk=complaint.pk, named_employee__isnull=True)
        .exclude(assigned_to=employee)
        .update(named_employee=employee, updated_at=timezone.now())
    )
    if not changed:
        raise TransitionNotAllowed
    complaint.named_employee = employee
    _record(
        complaint,
        kind=ComplaintUpdate.Kind.NOTE,
        message="employee_named",
        actor=actor,
        visible=False,
    )
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=complaint, detail="employee_named")


# --- the complainant's side ----------------------------------------------------------------------


def may_rate(complaint: Complaint) -> bool:
    return (
        complaint.rating is None
        and complaint.first_resolved_at is not None
        and complaint.status in (Status.RESOLVED, Status.CLOSED)
        and complaint.closure != Complaint.Closure.DUPLICATE
    )


def reopen_until(complaint: Complaint):
    return complaint.resolved_at + REOPEN_WINDOW if complaint.resolved_at else None


def may_reopen(complaint: Complaint) -> bool:
    return (
        complaint.status in (Status.RESOLVED, Status.CLOSED)
        and complaint.closure != Complaint.Closure.DUPLICATE
        and complaint.resolved_at is not None
        and timezone.now() <= reopen_until(complaint)
        and (complaint.rating is None or complaint.rating < SATISFIED)
    )


@transaction.atomic
def complaint_rate(*, complaint: Complaint, rating, comment: str = "") -> None:
    """The complainant rates the handling once, after the answer: 1 to 5 and a comment."""
    try:
        rating = int(rating)
    except (TypeError, ValueError):
        rating = 0
    if not 1 <= rating <= 5:
        raise ValidationError(_("Choose a rating from 1 to 5."))
    comment = clean_text(comment, label=_("The comment"), required=False, max_length=MAX_COMMENT)
    if complaint.rating is not None:
        raise ValidationError(_("You have already rated how this complaint was handled."))
    if not may_rate(complaint):
        raise ValidationError(_("You can rate how it was handled once it has been answered."))
    changed = Complaint.objects.filter(
        pk=complaint.pk,
        rating__isnull=True,
        first_resolved_at__isnull=False,
        status__in=[Status.RESOLVED, Status.CLOSED],
    ).update(rating=rating, rating_comment=comment, rated_at=timezone.now())
    if not changed:
        raise ValidationError(_("You have already rated how this complaint was handled."))
    complaint.rating, complaint.rating_comment = rating, comment
    _record(
        complaint,
        kind=ComplaintUpdate.Kind.RATING,
        message="rated",
        actor=None,
        visible=True,
        body=comment,
        by_complainant=True,
        rating=rating,
    )
    audit_record(actor=None, action=AuditAction.UPDATE, obj=complaint, detail=f"rated:{rating}")
    _tell_staff(_handlers(complaint), complaint, "rated", rating=rating)


@transaction.atomic
def complaint_reopen(*, complaint: Complaint, reason: str) -> None:
    """The complainant is not satisfied with the answer: within REOPEN_WINDOW of it, the
    complaint goes back to the officer who answered, with a new answer deadline, and the
    office's supervisors are told."""
    reason = clean_text(reason, label=_("The reason"), required=True, max_length=MAX_DESCRIPTION)
    if complaint.status not in (Status.RESOLVED, Status.CLOSED) or (
        complaint.closure == Complaint.Closure.DUPLICATE
    ):
        raise ValidationError(_("Only an answered complaint can be reopened."))
    if complaint.rating is not None and complaint.rating >= SATISFIED:
        raise ValidationError(
            _("You rated the handling as satisfactory, so the complaint cannot be reopened.")
        )
    if not may_reopen(complaint):
        until = timezone.localtime(reopen_until(complaint))
        raise ValidationError(
            _(
                "A complaint can be reopened within 7 days of its answer; that time ended on %(date)s."
            )
            % {"date": date_format(until, "DATETIME_FORMAT")}
        )
    transition(
        complaint,
        sources=[Status.RESOLVED, Status.CLOSED],
        target=Status.REOPENED,
        guard=Q(resolved_at=complaint.resolved_at, reopen_count=complaint.reopen_count)
        & (Q(rating__isnull=True) | Q(rating__lt=SATISFIED)),
        reopen_count=complaint.reopen_count + 1,
        closed_at=None,
        closure="",
    )
    _start(complaint, REOPENED, days=complaint.category.resolve_days)
    _sync_due(complaint)
    _record(
        complaint,
        kind=ComplaintUpdate.Kind.STATUS,
        message="reopened",
        actor=None,
        visible=True,
        body=reason,
        by_complainant=True,
    )
    audit_record(actor=None, action=AuditAction.TRANSITION, obj=complaint, detail=Status.REOPENED)
    _tell_staff(
        [*_handlers(complaint), *sla_selectors.supervisors_of(complaint.office_id)],
        complaint,
        "reopened",
    )


# --- categories ----------------------------------------------------------------------------------


@transaction.atomic
def complaint_category_save(
    *,
    agency: Agency,
    name_ar: str,
    name_en: str,
    acknowledge_hours: int,
    resolve_days: int,
    office: Office | None = None,
    is_active: bool = True,
    category: ComplaintCategory | None = None,
    actor: User | None,
) -> ComplaintCategory:
    """Add or change one of an agency's categories (its admins; `actor` None for data loads)."""
    if actor is not None and agency.pk not in selectors.scope_of(actor).administered:
        raise PermissionDenied
    if category is not None and category.agency_id != agency.pk:
        raise PermissionDenied
    name_ar = clean_text(name_ar, label=_("The Arabic name"), required=True, max_length=200)
    name_en = clean_text(name_en, label=_("The English name"), required=True, max_length=200)
    if not 1 <= int(acknowledge_hours) <= MAX_ACKNOWLEDGE_HOURS or not (
        1 <= int(resolve_days) <= MAX_RESOLVE_DAYS
    ):
        raise ValidationError(_("Give deadlines of at least one working hour and one working day."))
    if office is not None and office.agency_id != agency.pk:
        raise ValidationError(_("The office must be one of the agency's."))
    if (
        ComplaintCategory.objects.filter(agency=agency, name_ar=name_ar)
        .exclude(pk=category.pk if category else None)
        .exists()
    ):
        raise ValidationError(_("The agency already has a category of that name."))
    values = {
        "name_ar": name_ar,
        "name_en": name_en,
        "acknowledge_hours": int(acknowledge_hours),
        "resolve_days": int(resolve_days),
        "office": office,
        "is_active": is_active,
    }
    if category is None:
        category = ComplaintCategory.objects.create(agency=agency, **values)
        action = AuditAction.CREATE
    else:
        for name, value in values.items():
            setattr(category, name, value)
        category.save()
        action = AuditAction.UPDATE
    audit_record(actor=actor, action=action, obj=category)
    return category


# --- deadlines -----------------------------------------------------------------------------------


def complaint_deadline_missed(*, clock: Clock) -> None:
    """The sweep found a deadline late (level 1): the figures count it as missed, whenever it is
    met. Idempotent: the sweep may call it again after a rollback."""
    field = {ACKNOWLEDGE: "acknowledged_on_time", RESOLVE: "resolved_on_time"}.get(clock.purpose)
    if field is None:
        return
    Complaint.objects.filter(pk=int(clock.subject_id), **{f"{field}__isnull": True}).update(
        **{field: False}
    )
