"""The staff pages: the queue of an office's complaints with bulk actions, the complaint page
with its actions, attachments, and the intake form at the counter or on the phone."""

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.audit.actions import object_action
from apps.audit.services import Action as AuditAction
from apps.audit.services import audit_denied, audit_record
from apps.core.files import download_response
from apps.core.forms import cleaned_or_raise
from apps.core.pagination import keyset_page
from apps.core.references import normalise as normalise_reference
from apps.organisations.models import Membership, User
from apps.organisations.permissions import staff_required
from apps.sla.selectors import State, clock_state

from .. import selectors, services
from ..events import staff_text
from ..filters import ComplaintFilter
from ..forms import (
    AssignForm,
    BulkForm,
    DuplicateForm,
    EmployeeForm,
    StaffComplaintForm,
    TextForm,
)
from ..models import Complaint, ComplaintCategory

Role = Membership.Role
Status = Complaint.Status
QUEUE_ROLES = (Role.COMPLAINTS_OFFICER, Role.SUPERVISOR, Role.AGENCY_ADMIN)
PAGE_SIZE = 25


# --- the queue -----------------------------------------------------------------------------------


def _queue_categories(user):
    scope = selectors.scope_of(user)
    agencies = scope.administered | scope.worked_agencies
    return ComplaintCategory.objects.filter(agency__in=sorted(agencies)).order_by("name_ar")


def _row(complaint: Complaint, clock, now) -> tuple:
    """A queue row: the complaint, its deadline to show, and whether it is overdue."""
    running = clock is not None and complaint.is_open
    breached = running and clock_state(clock, now) == State.BREACHED
    return complaint, clock if running else None, breached


@staff_required(*QUEUE_ROLES)
def queue(request):
    user = request.user
    officers = list(selectors.queue_officers(user))
    filterset = ComplaintFilter(
        request.GET,
        queryset=selectors.complaints_visible_to(user),
        categories=_queue_categories(user),
        officers=officers,
    )
    page = None
    if filterset.is_valid():
        page = keyset_page(
            filterset.qs.select_related("category", "assigned_to"),
            order=("-updated_at", "-id"),
            types=("datetime", "int"),
            cursor=request.GET.get("cursor"),
            size=PAGE_SIZE,
        )
    clocks = selectors.clocks_of(page.items) if page else {}
    now = timezone.now()
    query = request.GET.copy()
    query.pop("cursor", None)
    scope = selectors.scope_of(user)
    return render(
        request,
        "complaints/queue.html",
        {
            "filter": filterset,
            "page": page,
            "rows": [_row(c, clocks.get(c.pk), now) for c in page.items] if page else [],
            "query": query.urlencode(),
            "can_act": bool(scope.worked),
            "administers": bool(scope.administered),
            "takes_complaints": bool(scope.intake_agencies),
            "officers": officers,
            "bulk_limit": services.BULK_LIMIT,
        },
    )


@staff_required(Role.COMPLAINTS_OFFICER, Role.SUPERVISOR)
@require_POST
def bulk(request):
    """Assign, or close as duplicates, the complaints ticked in the queue: all or none."""
    user = request.user
    form = BulkForm(request.POST, officers=selectors.queue_officers(user))
    references = list(dict.fromkeys(request.POST.getlist("complaints")))
    back = f"{reverse('complaints:queue')}?{request.POST.get('return_query', '')}"
    if not references:
        messages.error(request, _("Choose at least one complaint."))
        return redirect(back)
    if len(references) > services.BULK_LIMIT:
        messages.error(
            request,
            _("Choose at most %(limit)d complaints at a time; nothing was changed.")
            % {"limit": services.BULK_LIMIT},
        )
        return redirect(back)
    # Read as typed references are: a value that cannot be one (a NUL byte, say) finds nothing.
    references = [normalise_reference(value) or "" for value in references]
    complaints = list(
        selectors.complaints_visible_to(user)
        .filter(reference__in=references)
        .select_related("category", "assigned_to", "agency", "office")
    )
    if len(complaints) != len(references) or "" in references:
        audit_denied(request=request, status=404, object_type="complaints.complaint")
        raise Http404
    try:
        if not form.is_valid():
            raise ValidationError(_("Choose what to do with the complaints."))
        data = form.cleaned_data
        if data["action"] == "assign":
            if data["officer"] is None:
                raise ValidationError(_("Choose the complaints officer to give them to."))
            changed = services.complaints_bulk_assign(
                complaints=complaints, officer=data["officer"], actor=user
            )
            done = _("%(count)d complaint(s) assigned.") % {"count": changed}
        else:
            original = _original(user, data["original"])
            changed = services.complaints_close_duplicates(
                complaints=complaints, original=original, actor=user
            )
            done = _("%(count)d complaint(s) closed as duplicates of %(reference)s.") % {
                "count": changed,
                "reference": original.reference,
            }
    except PermissionDenied:
        audit_denied(request=request, status=403, object_type="complaints.complaint")
        messages.error(
            request, _("You cannot do this on some of these complaints; nothing was changed.")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
    return redirect(back)


def _original(user, text: str) -> Complaint:
    reference = normalise_reference(text or "")
    original = (
        selectors.complaints_visible_to(user).filter(reference=reference).first()
        if reference
        else None
    )
    if original is None:
        raise ValidationError(
            _("No complaint of yours has the reference %(reference)s.")
            % {"reference": (text or "").strip()[:40]}
        )
    return original


# --- the complaint page --------------------------------------------------------------------------


def _complaint_or_404(request, reference) -> Complaint:
    try:
        return selectors.complaint_for(request.user, reference)
    except Complaint.DoesNotExist:
        audit_denied(
            request=request,
            status=404,
            object_type="complaints.complaint",
            object_id=reference[:40],
        )
        raise Http404 from None


@staff_required(*QUEUE_ROLES)
def detail(request, reference):
    complaint = _complaint_or_404(request, reference)
    audit_record(actor=request.user, action=AuditAction.VIEW, obj=complaint, request=request)
    work = selectors.may_work(request.user, complaint)
    status = complaint.status
    is_open = complaint.is_open
    context = {
        "complaint": complaint,
        "thread": [(u, staff_text(u)) for u in selectors.complaint_thread(complaint)],
        "attachments": list(complaint.attachments.all()),
        "clocks": selectors.complaint_clocks(complaint),
        "work": work,
        "can_take": work
        and is_open
        and complaint.assigned_to_id is None
        and complaint.office_id in selectors.scope_of(request.user).officer
        and complaint.named_employee_id != request.user.pk,
        "can_acknowledge": work and status in services.ACKNOWLEDGED_SOURCES,
        "can_ask": work and status in services.WORKING_SOURCES and complaint.has_contact,
        "can_record": work and status == Status.WAITING,
        "can_resolve": work and status in (*services.WORKING_SOURCES, Status.WAITING),
        "can_close": work and status == Status.RESOLVED,
        "reopen_until": services.reopen_until(complaint),
    }
    if work:
        context |= {
            "ask_form": TextForm(label=_("Question to the complainant")),
            "record_form": TextForm(label=_("What the complainant said")),
            "resolve_form": TextForm(label=_("Answer to the complainant")),
            "note_form": TextForm(label=_("Internal note (the complainant does not see it)")),
            "duplicate_form": DuplicateForm() if is_open else None,
            "employee_form": EmployeeForm(),
        }
        if is_open:
            context["assign_form"] = AssignForm(
                officers=selectors.officers_of(complaint.office_id).exclude(
                    pk=complaint.named_employee_id or 0
                )
            )
    return render(request, "complaints/detail.html", context)


complaint_action = object_action(
    roles=(Role.COMPLAINTS_OFFICER, Role.SUPERVISOR),
    load=_complaint_or_404,
    refused=lambda request, complaint: _("You cannot do this on this complaint."),
    back=lambda request, complaint: reverse("complaints:detail", args=[complaint.reference]),
)


def _text(request) -> str:
    return cleaned_or_raise(TextForm(request.POST), request.user)["text"]


@complaint_action
def take(request, complaint):
    services.complaint_take(complaint=complaint, actor=request.user)
    return _("The complaint is yours.")


@complaint_action
def assign(request, complaint):
    form = AssignForm(request.POST, officers=selectors.officers_of(complaint.office_id))
    data = cleaned_or_raise(form, request.user)
    services.complaint_assign(complaint=complaint, officer=data["officer"], actor=request.user)
    return _("Complaint assigned.")


@complaint_action
def acknowledge(request, complaint):
    services.complaint_acknowledge(complaint=complaint, actor=request.user)
    return _("Complaint acknowledged; the complainant was told.")


@complaint_action
def ask(request, complaint):
    services.complaint_request_info(
        complaint=complaint, question=_text(request), actor=request.user
    )
    return _("Your question was sent; the deadline is paused until the complainant answers.")


@complaint_action
def record(request, complaint):
    services.complaint_record_info(complaint=complaint, answer=_text(request), actor=request.user)
    return _("The complainant's information was recorded; the deadline runs again.")


@complaint_action
def resolve(request, complaint):
    services.complaint_resolve(complaint=complaint, response=_text(request), actor=request.user)
    return _("The answer was sent and the complaint is resolved.")


@complaint_action
def close(request, complaint):
    services.complaint_close(complaint=complaint, actor=request.user)
    return _("Complaint closed.")


@complaint_action
def duplicate(request, complaint):
    data = cleaned_or_raise(DuplicateForm(request.POST), request.user)
    original = _original(request.user, data["original"])
    services.complaints_close_duplicates(
        complaints=[complaint], original=original, actor=request.user
    )
    return _("Closed as a duplicate of %(reference)s.") % {"reference": original.reference}


@complaint_action
def note(request, complaint):
    services.complaint_note(complaint=complaint, text=_text(request), actor=request.user)
    return _("Note saved.")


@complaint_action
def employee(request, complaint):
    data = cleaned_or_raise(EmployeeForm(request.POST), request.user)
    found = User.objects.filter(email__iexact=data["email"], is_active=True).first()
    if found is None:
        raise ValidationError(_("No member of the agency's staff has this email address."))
    services.complaint_name_employee(complaint=complaint, employee=found, actor=request.user)
    return _("Recorded; the complaint is hidden from this employee.")


ACTIONS = {
    view.__name__: view
    for view in (take, assign, acknowledge, ask, record, resolve, close, duplicate, note, employee)
}


def action(request, reference, action):
    view = ACTIONS.get(action)
    if view is None:
        raise Http404
    return view(request, reference)


@staff_required(*QUEUE_ROLES)
def attachment(request, reference, attachment_id):
    complaint = _complaint_or_404(request, reference)
    found = get_object_or_404(complaint.attachments, pk=attachment_id)
    audit_record(actor=request.user, action=AuditAction.DOWNLOAD, obj=found, request=request)
    return download_response(found)


# --- intake --------------------------------------------------------------------------------------


@staff_required(*selectors.INTAKE_ROLES)
def intake(request):
    """A complaint taken at the counter or on the phone."""
    form = StaffComplaintForm(
        request.POST or None,
        request.FILES or None,
        agency_id=request.GET.get("agency"),
        initial={"language": request.LANGUAGE_CODE},
    )
    if request.method == "POST" and form.is_valid():
        if not form.claim(request.user):
            messages.error(request, form.repeat_message)
            return redirect("complaints:intake")
        data = form.cleaned_data
        try:
            employee = None
            if data["named_employee"]:
                employee = User.objects.filter(
                    email__iexact=data["named_employee"], is_active=True
                ).first()
                if employee is None:
                    raise ValidationError(
                        _("No member of the agency's staff has this email address.")
                    )
            complaint = services.complaint_submit(
                agency=data["agency"],
                category=data["category"],
                kind=data["kind"],
                description=data["description"],
                service=data["service"],
                attachments=data["attachments"],
                named_employee=employee,
                complainant=services.Complainant(
                    name=data["name"],
                    phone=data["phone"],
                    email=data["email"],
                    contact=data["contact"],
                    language=data["language"],
                ),
                channel=data["channel"],
                actor=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
            form.data = form.data.copy()
            form.data["once"] = uuid.uuid4().hex
        else:
            messages.success(
                request,
                _("Complaint %(reference)s recorded. Give the complainant this reference number.")
                % {"reference": complaint.reference},
            )
            return redirect("complaints:intake")
    return render(request, "complaints/intake.html", {"form": form})
