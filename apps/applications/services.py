"""Every write to an application and every status change, each in one transaction with its
history entry, notifications and audit event (docs/applications.md).

Status changes are guarded updates (apps/core/transitions.transition): a double click, or two
people of the office acting at once, change nothing twice, and the one who comes second is told
the application changed meanwhile. Routing runs inside the submission's transaction: one
application needs three small queries, so it needs no task of its own.
"""

import json
import secrets
from dataclasses import dataclass
from types import SimpleNamespace

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from apps.audit.services import Action as AuditAction
from apps.audit.services import audit_record
from apps.cases.models import Case, CaseEvent
from apps.cases.services import case_event_record, case_open
from apps.catalogue.models import RequiredDocument, Service
from apps.core.exceptions import TransitionNotAllowed
from apps.core.files import document_type
from apps.core.forms import checked_text
from apps.core.references import new_reference
from apps.core.text import normalise_mobile
from apps.core.transitions import transition
from apps.notifications.services import Notice, notify_address, notify_many
from apps.organisations.models import Governorate, Office, User
from apps.referrals.services import OfficeRouter
from apps.registry.models import Person
from apps.registry.selectors import current_membership, person_with_id
from apps.registry.services import normalise_id_number
from apps.sla import selectors as sla_selectors
from apps.sla.models import Clock
from apps.sla.services import ClockStart, clock_pause, clock_resume, clock_stop, clocks_start

from . import selectors
from .models import OPEN_STATUSES, Application, ApplicationDocument, ApplicationUpdate

Status = Application.Status
Kind = ApplicationUpdate.Kind
KIND = selectors.CLOCK_KIND
DECIDE = selectors.DECIDE
CITIZEN_TEMPLATE = "applications.citizen"
STAFF_TEMPLATE = "applications.staff"
# The form's answers, serialised: enough for any card's form, not a place to store files.
MAX_FORM_BYTES = 20_000
# What the applicant may still change or add to.
APPLICANT_EDITS = (Status.DRAFT, Status.INFO_REQUESTED)


# --- helpers -------------------------------------------------------------------------------------


def _record(
    application: Application,
    *,
    kind: str,
    message: str,
    actor: User | None,
    visible: bool,
    body: str = "",
    **params,
) -> None:
    ApplicationUpdate.objects.create(
        application=application,
        kind=kind,
        message=message,
        params=params,
        body=body,
        author=actor,
        visible_to_applicant=visible,
    )


def _context(application: Application, event: str, **extra) -> dict:
    return {
        "event": event,
        "reference": application.reference,
        "service_ar": application.service.name_ar,
        "service_en": application.service.name_en,
        **extra,
    }


def _tell_applicant(application: Application, event: str, *, sms: bool = False, **extra) -> None:
    """The applicant, in their language: in the application and by email; by SMS too for the
    steps they must act on or keep (the reference, a question, the decision)."""
    context = _context(application, event, **extra)
    link = reverse("applications:mine", args=[application.reference])
    notify_many(
        [
            Notice(
                recipient=application.applicant,
                template=CITIZEN_TEMPLATE,
                context=context,
                link=link,
            )
        ]
    )
    if sms and application.mobile and application.applicant.is_active:
        notify_address(
            language=application.applicant.language,
            template=CITIZEN_TEMPLATE,
            context=context,
            phone=application.mobile,
            link=link,
        )


def _tell_staff(users, application: Application, event: str) -> None:
    # The office's page; notifications put it in each recipient's language.
    link = reverse("applications:detail", args=[application.reference])
    seen, notices = set(), []
    for user in users:
        if user is None or user.pk in seen or not user.is_active:
            continue
        seen.add(user.pk)
        notices.append(
            Notice(
                recipient=user,
                template=STAFF_TEMPLATE,
                context=_context(application, event),
                link=link,
            )
        )
    notify_many(notices)


def _office_side(application: Application) -> list[User]:
    """The reviewer, else the office's supervisors."""
    if application.assigned_to_id:
        return [application.assigned_to]
    return sla_selectors.supervisors_of(application.office_id) if application.office_id else []


def _clock(application: Application) -> Clock | None:
    return selectors.decision_clock(application)


def _stop_clock(application: Application) -> None:
    clock = _clock(application)
    if clock is not None:
        clock_stop(clock=clock)


def _require_applicant(application: Application, actor: User) -> None:
    if application.applicant_id != actor.pk:
        raise PermissionDenied


def _require_office(application: Application, actor: User) -> Q:
    """Refuse anyone but the office's supervisors and the application's reviewer; return what
    the row must still be when changed: at the same office and, for a reviewer, still theirs."""
    if selectors.supervises(actor, application):
        return Q(office=application.office_id)
    if selectors.may_review(actor, application) and application.assigned_to_id == actor.pk:
        return Q(office=application.office_id, assigned_to=actor)
    raise PermissionDenied


def _list(names) -> str:
    return ("، " if (get_language() or "ar").startswith("ar") else ", ").join(names)


def _check_service(service: Service) -> None:
    if service.status != Service.Status.PUBLISHED or not service.applicable_online:
        raise ValidationError(_("This service cannot be applied for online."))


def _form(form_data) -> dict:
    form_data = form_data or {}
    if not isinstance(form_data, dict):
        raise ValidationError(_("The form could not be read."))
    if len(json.dumps(form_data, ensure_ascii=False).encode()) > MAX_FORM_BYTES:
        raise ValidationError(_("The form is too long."))
    return form_data


@dataclass(frozen=True)
class _Identity:
    id_number: str
    mobile: str
    governorate: Governorate | None
    person: Person | None


def _identity(*, id_number: str, mobile: str, governorate: Governorate | None) -> _Identity:
    """What the applicant says about themselves, cleaned; matched to a registry person when the
    national number and the mobile number on file both agree (a number alone is no proof)."""
    id_number = normalise_id_number(id_number or "")
    if len(id_number) > 30:
        raise ValidationError(_("Enter a valid national number."))
    phone = ""
    if (mobile or "").strip():
        phone = normalise_mobile(mobile)
        if phone is None:
            raise ValidationError(_("Enter a Jordanian mobile number, such as 0791234567."))
    person = None
    if id_number and phone:
        found = person_with_id(id_type=Person.IdType.NATIONAL_NUMBER, id_number=id_number)
        if found is not None and normalise_mobile(found.mobile or "") == phone:
            person = found
    if governorate is None and person is not None:
        governorate = person.governorate
    return _Identity(id_number, phone, governorate, person)


# --- the applicant's side ------------------------------------------------------------------------


@transaction.atomic
def application_create(
    *,
    service: Service,
    form_data: dict | None = None,
    id_number: str = "",
    mobile: str = "",
    governorate: Governorate | None = None,
    actor: User,
) -> Application:
    """A draft application of the signed-in citizen for a published, online service."""
    if not actor.is_authenticated:
        raise PermissionDenied
    _check_service(service)
    identity = _identity(id_number=id_number, mobile=mobile, governorate=governorate)
    application = Application.objects.create(
        reference=new_reference("A", Application),
        service=service,
        applicant=actor,
        agency_id=service.agency_id,
        form_data=_form(form_data),
        id_number=identity.id_number,
        mobile=identity.mobile,
        governorate=identity.governorate,
        person=identity.person,
    )
    _record(application, kind=Kind.STATUS, message="created", actor=actor, visible=True)
    audit_record(actor=actor, action=AuditAction.CREATE, obj=application)
    return application


@transaction.atomic
def application_save(
    *,
    application: Application,
    form_data: dict | None,
    id_number: str = "",
    mobile: str = "",
    governorate: Governorate | None = None,
    actor: User,
) -> None:
    """Save the draft's form (the applicant resumes it later)."""
    _require_applicant(application, actor)
    identity = _identity(id_number=id_number, mobile=mobile, governorate=governorate)
    transition(
        application,
        sources=[Status.DRAFT],
        target=Status.DRAFT,
        form_data=_form(form_data),
        id_number=identity.id_number,
        mobile=identity.mobile,
        governorate=identity.governorate,
        person=identity.person,
    )
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=application, detail="draft_saved")


@transaction.atomic
def application_document_add(
    *,
    application: Application,
    upload,
    required_document: RequiredDocument | None = None,
    title: str = "",
    actor: User,
) -> ApplicationDocument:
    """A file for one of the card's required documents (replacing the one given before), or,
    while the office asks for information, any other it asked for. PDF, JPEG or PNG only, read
    from the content."""
    _require_applicant(application, actor)
    locked = (
        Application.objects.select_for_update(of=("self",))
        .filter(pk=application.pk, status__in=APPLICANT_EDITS)
        .first()
    )
    if locked is None:
        raise TransitionNotAllowed
    if required_document is not None and required_document.service_id != application.service_id:
        raise ValidationError(_("This document is not one the service asks for."))
    if required_document is None and locked.status == Status.DRAFT:
        raise ValidationError(_("Choose which of the service's documents this file is."))
    title = checked_text(title, required=required_document is None, label=_("The document's name"))
    content_type, extension = document_type(upload)
    if required_document is not None:
        for old in ApplicationDocument.objects.filter(
            application=application, required_document=required_document
        ):
            name, storage = old.file.name, old.file.storage
            old.delete()
            transaction.on_commit(lambda n=name, s=storage: s.delete(n))
    document = ApplicationDocument(
        application=application,
        required_document=required_document,
        title=title[:200],
        storage_name=f"{secrets.token_hex(16)}.{extension}",
        original_name=upload.name[:255],
        content_type=content_type,
        size=upload.size,
        uploaded_by=actor,
    )
    document.file.save(document.storage_name, upload, save=False)
    document.save()
    Application.objects.filter(pk=application.pk).update(updated_at=timezone.now())
    if locked.status == Status.INFO_REQUESTED:  # the office reads what came in answer
        _record(
            application,
            kind=Kind.ANSWER,
            message="document_added",
            actor=actor,
            visible=True,
            document_ar=required_document.name_ar if required_document else title,
            document_en=required_document.name_en if required_document else title,
        )
    audit_record(actor=actor, action=AuditAction.CREATE, obj=document)
    return document


def missing_documents(application: Application) -> list[RequiredDocument]:
    given = set(
        application.documents.filter(required_document__isnull=False).values_list(
            "required_document", flat=True
        )
    )
    return [
        document
        for document in application.service.documents.order_by("position", "pk")
        if document.pk not in given
    ]


@transaction.atomic
def application_submit(*, application: Application, actor: User) -> None:
    """Submit the draft: refused for a service no longer applicable online, or with a required
    document missing; a second submission changes nothing (TransitionNotAllowed). Routed at once
    to its office, and the applicant is told its reference by email and SMS."""
    _require_applicant(application, actor)
    if application.status != Status.DRAFT:
        raise TransitionNotAllowed
    _check_service(application.service)
    if application.governorate_id is None:
        raise ValidationError(_("Choose the governorate where you live."))
    if missing := missing_documents(application):
        raise ValidationError(
            _("Attach the required documents: %(documents)s.")
            % {"documents": _list(str(document.name) for document in missing)}
        )
    transition(
        application, sources=[Status.DRAFT], target=Status.SUBMITTED, submitted_at=timezone.now()
    )
    _record(application, kind=Kind.STATUS, message="submitted", actor=actor, visible=True)
    audit_record(
        actor=actor, action=AuditAction.TRANSITION, obj=application, detail=Status.SUBMITTED
    )
    _tell_applicant(application, "submitted", sms=True)
    application_route(application=application)


@transaction.atomic
def application_withdraw(*, application: Application, reason: str = "", actor: User) -> None:
    """The applicant withdraws it before a decision (a draft too)."""
    _require_applicant(application, actor)
    reason = checked_text(reason, required=False, label=_("The reason"))
    if application.status not in (Status.DRAFT, *OPEN_STATUSES):
        raise TransitionNotAllowed
    at_office = application.office_id is not None
    # From the status the applicant saw: a decision meanwhile wins.
    transition(
        application, sources=[application.status], target=Status.WITHDRAWN, closed_at=timezone.now()
    )
    _stop_clock(application)
    _record(
        application, kind=Kind.STATUS, message="withdrawn", actor=actor, visible=True, body=reason
    )
    audit_record(
        actor=actor, action=AuditAction.TRANSITION, obj=application, detail=Status.WITHDRAWN
    )
    if at_office:
        _tell_staff(_office_side(application), application, "withdrawn")


@transaction.atomic
def application_answer_info(*, application: Application, answer: str = "", actor: User) -> None:
    """The applicant answers the office's question (in words, or with the documents uploaded
    meanwhile); the decision clock runs again."""
    _require_applicant(application, actor)
    answer = checked_text(answer, required=False, label=_("The answer"))
    transition(application, sources=[Status.INFO_REQUESTED], target=Status.UNDER_REVIEW)
    clock = _clock(application)
    if clock is not None:
        clock_resume(clock=clock)
    _record(
        application,
        kind=Kind.ANSWER,
        message="info_answered",
        actor=actor,
        visible=True,
        body=answer,
    )
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=application, detail="info_answered")
    _tell_staff(_office_side(application), application, "info_answered")


# --- routing -------------------------------------------------------------------------------------


class _ApplicationRouter(OfficeRouter):
    """The referrals' router (rule for the service and governorate, then the agency's office in
    the governorate, then its head office), for applications: it reads what it needs of a
    referral from a stand-in; among equal offices, the one with the least open work (referrals
    and undecided applications) comes first."""

    def __init__(self, applications: list[Application]):
        self.stand_ins = {
            application.pk: SimpleNamespace(
                service_id=application.service_id,
                to_agency_id=application.agency_id,
                person=SimpleNamespace(governorate_id=application.governorate_id),
                from_office_id=None,
            )
            for application in applications
        }
        super().__init__(list(self.stand_ins.values()))
        for office, count in selectors.office_load(list(self.load)).items():
            self.load[office] = self.load.get(office, 0) + count

    def candidates(self, application: Application) -> list[Office]:
        return super().candidates(self.stand_ins[application.pk])


def routing_candidates(application: Application) -> list[Office]:
    return _ApplicationRouter([application]).candidates(application)


def _arrived(application: Application, *, actor: User | None) -> None:
    """The application has its office: its decision clock, history, and the office told."""
    days = application.service.processing_days
    if days:
        clocks_start(
            [
                ClockStart(
                    kind=KIND,
                    subject_id=str(application.pk),
                    purpose=DECIDE,
                    agency=application.agency,
                    office=application.office,
                    days=days,
                )
            ]
        )
    _record(
        application,
        kind=Kind.ROUTING,
        message="routed",
        actor=actor,
        visible=False,
        office_ar=application.office.name_ar,
        office_en=application.office.name_en,
    )
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=application, detail="routed")
    _tell_staff(sla_selectors.supervisors_of(application.office_id), application, "routed")


@transaction.atomic
def application_route(*, application: Application) -> None:
    """Send a submitted application to its office by the referrals' rules; with none that fits,
    it waits, unrouted, for the agency's admins to choose one. Called in the submission's
    transaction; running it again on a routed application changes nothing."""
    if application.status != Status.SUBMITTED or application.office_id is not None:
        return
    candidates = routing_candidates(application)
    if not candidates:
        transition(
            application,
            sources=[Status.SUBMITTED],
            target=Status.UNROUTED,
            guard=Q(office__isnull=True),
        )
        _record(application, kind=Kind.ROUTING, message="unrouted", actor=None, visible=False)
        audit_record(
            actor=None, action=AuditAction.TRANSITION, obj=application, detail=Status.UNROUTED
        )
        _tell_staff(sla_selectors.agency_admins_of(application.agency_id), application, "unrouted")
        return
    office = candidates[0]
    transition(
        application,
        sources=[Status.SUBMITTED],
        target=Status.SUBMITTED,
        guard=Q(office__isnull=True),
        office=office,
        routed_at=timezone.now(),
    )
    _arrived(application, actor=None)


@transaction.atomic
def application_route_manually(*, application: Application, office: Office, actor: User) -> None:
    """An agency admin sends an unrouted application to one of the agency's offices."""
    if not selectors.administers(actor, application.agency_id):
        raise PermissionDenied
    if office.agency_id != application.agency_id or not office.is_active:
        raise ValidationError(_("Choose an active office of your agency."))
    transition(
        application,
        sources=[Status.UNROUTED],
        target=Status.SUBMITTED,
        office=office,
        routed_at=timezone.now(),
    )
    _arrived(application, actor=actor)


# --- the office's side ---------------------------------------------------------------------------


@transaction.atomic
def application_assign(*, application: Application, reviewer: User, actor: User) -> None:
    """A social worker of the office takes an application nobody has (reviewer == actor); a
    supervisor of the office gives it to one of its social workers. A submitted one goes under
    review; one already under review (or waiting for information) changes hands."""
    taking = reviewer.pk == actor.pk
    if taking and not selectors.may_review(actor, application):
        raise PermissionDenied
    if not taking and not selectors.supervises(actor, application):
        raise PermissionDenied
    if not selectors.reviewers_of(application.office_id).filter(pk=reviewer.pk).exists():
        raise ValidationError(_("Choose a social worker of the office."))
    # Taking: only while nobody has it. Assigning: not to the one who has it already (a double
    # click assigns once).
    guard = Q(office=application.office_id)
    guard &= Q(assigned_to__isnull=True) if taking else ~Q(assigned_to=reviewer)
    seen = application.status
    if seen not in (Status.SUBMITTED, Status.UNDER_REVIEW, Status.INFO_REQUESTED):
        raise TransitionNotAllowed
    target = Status.UNDER_REVIEW if seen == Status.SUBMITTED else seen
    transition(application, sources=[seen], target=target, guard=guard, assigned_to=reviewer)
    if seen == Status.SUBMITTED:
        _record(application, kind=Kind.STATUS, message="review", actor=actor, visible=True)
    _record(
        application,
        kind=Kind.STATUS,
        message="assigned",
        actor=actor,
        visible=False,
        worker=reviewer.get_full_name(),
    )
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=application, detail="assigned")
    if not taking:
        _tell_staff([reviewer], application, "assigned")


@transaction.atomic
def application_request_info(*, application: Application, question: str, actor: User) -> None:
    """Ask the applicant for what is missing; the decision clock waits for their answer."""
    guard = _require_office(application, actor)
    question = checked_text(question, required=True, label=_("The question"))
    transition(
        application, sources=[Status.UNDER_REVIEW], target=Status.INFO_REQUESTED, guard=guard
    )
    clock = _clock(application)
    if clock is not None:
        clock_pause(clock=clock)
    _record(
        application,
        kind=Kind.QUESTION,
        message="info_requested",
        actor=actor,
        visible=True,
        body=question,
    )
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=application, detail="info_requested")
    _tell_applicant(application, "info_requested", sms=True, question=question)


def _case_for(application: Application, *, actor: User) -> None:
    """Where the service says so: the household's open case joined, or one opened at the office,
    owned by the reviewer. Only for an applicant matched in the registry and living in a
    household; otherwise the history says no case was opened."""
    person = application.person
    membership = current_membership(person) if person is not None else None
    if membership is None:
        _record(application, kind=Kind.NOTE, message="case_not_opened", actor=actor, visible=False)
        return
    case = (
        Case.objects.filter(household=membership.household)
        .exclude(status=Case.Status.CLOSED)
        .first()
    )
    message = "case_joined"
    if case is None:
        case = case_open(
            household=membership.household,
            primary_person=person,
            office=application.office,
            owner=application.assigned_to,
            risk=Case.Risk.LOW,
            summary=f"{application.reference} · {application.service.name_ar}",
            actor=actor,
        )
        message = "case_opened"
    Application.objects.filter(pk=application.pk).update(case=case)
    application.case = case
    case_event_record(
        case=case,
        kind=CaseEvent.Kind.STATUS,
        message=f"application_{message}",
        actor=actor,
        agency=application.agency,
        reference=application.reference,
        service_ar=application.service.name_ar,
        service_en=application.service.name_en,
    )
    _record(
        application,
        kind=Kind.STATUS,
        message=message,
        actor=actor,
        visible=False,
        case=case.reference,
    )


@transaction.atomic
def application_approve(*, application: Application, note: str = "", actor: User) -> None:
    """Approve it; where the service opens a case, open one or join the household's."""
    guard = _require_office(application, actor)
    note = checked_text(note, required=False, label=_("The note"))
    transition(
        application,
        sources=[Status.UNDER_REVIEW],
        target=Status.APPROVED,
        guard=guard,
        decided_at=timezone.now(),
    )
    _stop_clock(application)
    _record(application, kind=Kind.STATUS, message="approved", actor=actor, visible=True, body=note)
    if application.service.opens_case:
        _case_for(application, actor=actor)
    audit_record(
        actor=actor, action=AuditAction.TRANSITION, obj=application, detail=Status.APPROVED
    )
    _tell_applicant(application, "approved", sms=True)


@transaction.atomic
def application_reject(
    *, application: Application, reason: str, note: str = "", actor: User
) -> None:
    """Reject it with a reason from the list, explained in words for "other"; the applicant
    reads both."""
    guard = _require_office(application, actor)
    if reason not in Application.RejectionReason.values:
        raise ValidationError(_("Choose the reason for rejecting."))
    note = checked_text(
        note, required=reason == Application.RejectionReason.OTHER, label=_("The explanation")
    )
    now = timezone.now()
    transition(
        application,
        sources=[Status.UNDER_REVIEW, Status.INFO_REQUESTED],
        target=Status.REJECTED,
        guard=guard,
        rejection_reason=reason,
        rejection_note=note,
        decided_at=now,
        closed_at=now,
    )
    _stop_clock(application)
    _record(
        application,
        kind=Kind.STATUS,
        message="rejected",
        actor=actor,
        visible=True,
        body=note,
        rejection_reason=reason,
    )
    audit_record(
        actor=actor, action=AuditAction.TRANSITION, obj=application, detail=Status.REJECTED
    )
    _tell_applicant(application, "rejected", sms=True, rejection_reason=reason)


@transaction.atomic
def application_fulfil(*, application: Application, note: str = "", actor: User) -> None:
    """The approved service was delivered."""
    guard = _require_office(application, actor)
    note = checked_text(note, required=False, label=_("The note"))
    transition(
        application,
        sources=[Status.APPROVED],
        target=Status.FULFILLED,
        guard=guard,
        closed_at=timezone.now(),
    )
    _record(
        application, kind=Kind.STATUS, message="fulfilled", actor=actor, visible=True, body=note
    )
    audit_record(
        actor=actor, action=AuditAction.TRANSITION, obj=application, detail=Status.FULFILLED
    )
    _tell_applicant(application, "fulfilled")
