from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from apps.audit.actions import object_action
from apps.audit.services import Action as AuditAction
from apps.audit.services import audit_denied, audit_record
from apps.core.files import download_response
from apps.core.forms import cleaned_or_raise
from apps.core.pagination import keyset_page
from apps.organisations.models import Governorate, Membership, Office
from apps.organisations.permissions import staff_required
from apps.registry.models import Person
from apps.registry.selectors import household_members, households_visible_to

from . import sections, selectors, services
from .events import event_text
from .filters import CaseloadFilter, OfficeCaseloadFilter
from .forms import (
    ActionForm,
    ActionStatusForm,
    AssessmentForm,
    AssignForm,
    BulkReassignForm,
    CaseOpenForm,
    DecisionForm,
    DocumentForm,
    GoalForm,
    NoteForm,
    ReasonForm,
    RiskForm,
    TransferForm,
)
from .models import Approval, Case, CaseEvent, PlanAction, PlanGoal

Role = Membership.Role
CASE_ROLES = (Role.SOCIAL_WORKER, Role.SUPERVISOR, Role.AGENCY_ADMIN)
PAGE_SIZE = 25


def _caseload_page(request, filterset):
    queryset, order, types = selectors.caseload_order(
        filterset.qs, filterset.form.cleaned_data.get("sort")
    )
    return keyset_page(
        queryset, order=order, types=types, cursor=request.GET.get("cursor"), size=PAGE_SIZE
    )


def _query_without_cursor(request) -> str:
    query = request.GET.copy()
    query.pop("cursor", None)
    return query.urlencode()


@staff_required(Role.SOCIAL_WORKER)
def my_cases(request):
    filterset = CaseloadFilter(request.GET, queryset=selectors.my_caseload(request.user))
    page = _caseload_page(request, filterset) if filterset.is_valid() else None
    return render(
        request,
        "cases/caseload.html",
        {
            "filter": filterset,
            "page": page,
            "query": _query_without_cursor(request),
            "office_view": False,
            "today": timezone.localdate(),
        },
    )


@staff_required(Role.SUPERVISOR)
def office_cases(request):
    office_ids = selectors.supervised_office_ids(request.user)
    filterset = OfficeCaseloadFilter(
        request.GET,
        queryset=selectors.office_caseload(request.user, office_ids),
        workers=selectors.social_workers_of(office_ids),
        governorates=Governorate.objects.filter(offices__in=office_ids).distinct(),
    )
    page = _caseload_page(request, filterset) if filterset.is_valid() else None
    return render(
        request,
        "cases/caseload.html",
        {
            "filter": filterset,
            "page": page,
            "query": _query_without_cursor(request),
            "office_view": True,
            "today": timezone.localdate(),
            "worker_options": selectors.worker_options(office_ids),
        },
    )


@staff_required(Role.SUPERVISOR)
@require_POST
def bulk_reassign(request):
    workers = selectors.social_workers_of(
        selectors.offices_where(request.user, Role.SUPERVISOR).values("pk")
    )
    form = BulkReassignForm(request.POST, workers=workers)
    references = request.POST.getlist("cases")
    if not references:
        messages.error(request, _("Choose at least one case to reassign."))
    elif form.is_valid():
        cases = list(
            selectors.office_caseload(request.user)
            .filter(reference__in=references)
            .select_related("office")
        )
        if len(cases) != len(set(references)):
            audit_denied(request=request, status=404, object_type="cases.case")
            raise Http404
        try:
            moved = services.cases_bulk_reassign(
                cases=cases,
                to_owner=form.cleaned_data["owner"],
                reason=form.cleaned_data["reason"],
                actor=request.user,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("%(count)d case(s) reassigned.") % {"count": moved})
    else:
        messages.error(request, _("Choose the social worker to give the cases to."))
    return redirect(f"{reverse('cases:office_cases')}?{request.POST.get('return_query', '')}")


@staff_required(Role.SOCIAL_WORKER, Role.SUPERVISOR, Role.INTAKE_OFFICER)
def case_open(request):
    household_id = request.GET.get("household", "")
    if not household_id.isdigit():
        raise Http404
    household = households_visible_to(request.user).filter(pk=household_id).first()
    if household is None:
        audit_denied(
            request=request, status=404, object_type="registry.household", object_id=household_id
        )
        raise Http404
    offices = selectors.offices_where(
        request.user, Role.SOCIAL_WORKER, Role.SUPERVISOR, Role.INTAKE_OFFICER
    )
    members = household_members(household)
    form = CaseOpenForm(
        request.POST or None,
        people=Person.objects.filter(pk__in=[m.person_id for m in members]),
        offices=offices,
        workers=selectors.social_workers_of(offices.values("pk")),
        initial={"owner": request.user.pk},
    )
    if request.method == "POST" and form.is_valid():
        if not form.claim(request.user):
            messages.info(request, form.repeat_message)
            return redirect("registry:household_detail", pk=household.pk)
        data = form.cleaned_data
        try:
            case = services.case_open(
                household=household,
                primary_person=data["primary_person"],
                office=data["office"],
                owner=data["owner"],
                risk=data["risk"],
                summary=data["summary"],
                actor=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Case %(reference)s opened.") % {"reference": case.reference}
            )
            return redirect("cases:detail", reference=case.reference)
    return render(
        request, "cases/case_open.html", {"form": form, "household": household, "members": members}
    )


def _case_or_404(request, reference) -> Case:
    try:
        return selectors.case_detail(request.user, reference)
    except Case.DoesNotExist:
        audit_denied(
            request=request, status=404, object_type="cases.case", object_id=reference[:40]
        )
        raise Http404 from None


@staff_required(*CASE_ROLES)
def case_detail(request, reference):
    case = _case_or_404(request, reference)
    audit_record(actor=request.user, action=AuditAction.VIEW, obj=case, request=request)
    kind = request.GET.get("kind") if request.GET.get("kind") in CaseEvent.Kind.values else None
    events = selectors.case_timeline(case, request.user, kind=kind)
    latest, history = selectors.case_assessments(case)
    context = {
        "case": case,
        "members": household_members(case.household),
        "timeline": [(event, event_text(event)) for event in events],
        "event_kinds": CaseEvent.Kind.choices,
        "kind": kind,
        "assessments": latest,
        "assessment_history": history,
        "goals": selectors.case_plan(case),
        "notes": selectors.case_notes(case, request.user),
        "documents": selectors.case_documents(case),
        "approvals": selectors.case_approvals(case),
        "sections": sections.for_case(case, request.user),
        "can_work": selectors.can_work_on(request.user, case),
        "is_supervisor": selectors.is_case_supervisor(request.user, case),
        "action_statuses": PlanAction.Status.choices,
        "today": timezone.localdate(),
    }
    return render(request, "cases/case_detail.html", context)


def _case_refused(request, case) -> str:
    # The case's own worker is refused only what is a supervisor's to do.
    if selectors.can_work_on(request.user, case):
        return _("Only a supervisor of the case's office can do this.")
    return _("Only the case's social worker or a supervisor of its office can do this.")


def _back_to_case(request, case) -> str:
    anchor = request.POST.get("anchor", "")
    return reverse("cases:detail", args=[case.reference]) + (
        f"#{anchor}" if anchor.isidentifier() else ""
    )


case_action = object_action(
    roles=CASE_ROLES, load=_case_or_404, refused=_case_refused, back=_back_to_case
)


# Lazy (here and in CASE_FORMS): built at import, read in the language of each request.
TRANSITIONS = {
    "start_assessment": (services.case_start_assessment, gettext_lazy("Assessment started.")),
    "start_planning": (services.case_start_planning, gettext_lazy("Planning started.")),
}


@case_action
def transition(request, case, name):
    if name == "activate":
        approval = services.case_activate(case=case, actor=request.user)
        if approval:
            return _(
                "The plan of a critical-risk case needs a supervisor's approval; the request was sent."
            )
        return _("The plan is active.")
    if name not in TRANSITIONS:
        raise Http404
    service, message = TRANSITIONS[name]
    service(case=case, actor=request.user)
    return message


@case_action
def assessment_add(request, case):
    data = cleaned_or_raise(AssessmentForm(request.POST), request.user)
    services.assessment_record(
        case=case, domain=data["domain"], need=data["need"], notes=data["notes"], actor=request.user
    )
    return _("Assessment recorded.")


@case_action
def goal_add(request, case):
    data = cleaned_or_raise(GoalForm(request.POST), request.user)
    services.goal_add(case=case, description=data["description"], actor=request.user)
    return _("Goal added.")


@case_action
def action_add(request, case, goal_id):
    goal = get_object_or_404(PlanGoal, pk=goal_id, case=case)
    data = cleaned_or_raise(ActionForm(request.POST), request.user)
    services.action_add(
        goal=goal,
        description=data["description"],
        due_date=data["due_date"],
        responsible_agency=data["responsible_agency"],
        responsible_office=data["responsible_office"],
        pillar=data["pillar"],
        actor=request.user,
    )
    return _("Action added.")


@case_action
def action_status(request, case, action_id):
    action = get_object_or_404(
        PlanAction.objects.select_related("goal__case"), pk=action_id, goal__case=case
    )
    data = cleaned_or_raise(ActionStatusForm(request.POST), request.user)
    services.action_set_status(action=action, status=data["status"], actor=request.user)
    return _("Action updated.")


@case_action
def note_add(request, case):
    data = cleaned_or_raise(NoteForm(request.POST), request.user)
    services.note_add(
        case=case, body=data["body"], confidential=data["confidential"], actor=request.user
    )
    return _("Note added.")


@case_action
def document_add(request, case):
    form = DocumentForm(request.POST, request.FILES)
    data = cleaned_or_raise(form, request.user)
    services.document_add(case=case, title=data["title"], upload=data["file"], actor=request.user)
    return _("Document added.")


@case_action
def risk_set(request, case):
    data = cleaned_or_raise(RiskForm(request.POST), request.user)
    services.case_set_risk(case=case, risk=data["risk"], actor=request.user)
    return _("Risk level changed.")


@case_action
def closure_request(request, case):
    data = cleaned_or_raise(ReasonForm(request.POST), request.user)
    services.case_request_closure(case=case, reason=data["reason"], actor=request.user)
    return _("Closure requested; a supervisor will decide.")


@case_action
def reopen(request, case):
    data = cleaned_or_raise(ReasonForm(request.POST), request.user)
    services.case_reopen(case=case, reason=data["reason"], actor=request.user)
    return _("Case reopened.")


@case_action
def assign(request, case):
    data = cleaned_or_raise(
        AssignForm(request.POST, workers=selectors.social_workers_of([case.office_id])),
        request.user,
    )
    services.case_assign(
        case=case, to_owner=data["owner"], reason=data["reason"], actor=request.user
    )
    return _("Case reassigned.")


@case_action
def transfer(request, case):
    offices = Office.objects.filter(agency=case.office.agency_id, is_active=True)
    form = TransferForm(
        request.POST, offices=offices, workers=selectors.social_workers_of(offices.values("pk"))
    )
    data = cleaned_or_raise(form, request.user)
    services.case_transfer(
        case=case,
        to_office=data["office"],
        to_owner=data["owner"],
        reason=data["reason"],
        actor=request.user,
    )
    return _("Case transferred.")


@case_action
def decide(request, case, approval_id):
    approval = get_object_or_404(
        Approval.objects.select_related("case__office"), pk=approval_id, case=case
    )
    data = cleaned_or_raise(DecisionForm(request.POST), request.user)
    services.approval_decide(
        approval=approval,
        approve=data["decision"] == "approve",
        comment=data["comment"],
        actor=request.user,
    )
    return _("Approved.") if data["decision"] == "approve" else _("Returned to the social worker.")


def _agency_offices(case: Case):
    return Office.objects.filter(agency=case.office.agency_id, is_active=True)


# The case page's forms, fetched when their section is opened (htmx), so the page itself renders
# fast: name -> (form factory, target URL name, who may use it, submit label, section anchor).
CASE_FORMS = {
    "assessment": (
        lambda case: AssessmentForm(),
        "cases:assessment_add",
        "worker",
        gettext_lazy("Record the assessment"),
        "assessment",
    ),
    "goal": (
        lambda case: GoalForm(),
        "cases:goal_add",
        "worker",
        gettext_lazy("Add the goal"),
        "plan",
    ),
    "action": (
        lambda case: ActionForm(initial={"responsible_agency": case.office.agency_id}),
        "cases:action_add",
        "worker",
        gettext_lazy("Add the action"),
        "plan",
    ),
    "note": (
        lambda case: NoteForm(),
        "cases:note_add",
        "worker",
        gettext_lazy("Add the note"),
        "notes",
    ),
    "document": (
        lambda case: DocumentForm(),
        "cases:document_add",
        "worker",
        gettext_lazy("Upload"),
        "documents",
    ),
    "closure": (
        lambda case: ReasonForm(),
        "cases:closure_request",
        "worker",
        gettext_lazy("Request closure"),
        "",
    ),
    "reopen": (lambda case: ReasonForm(), "cases:reopen", "worker", gettext_lazy("Reopen"), ""),
    "risk": (
        lambda case: RiskForm(initial={"risk": case.risk}),
        "cases:risk_set",
        "worker",
        gettext_lazy("Save"),
        "",
    ),
    "assign": (
        lambda case: AssignForm(
            workers=selectors.social_workers_of([case.office_id]).exclude(pk=case.owner_id)
        ),
        "cases:assign",
        "supervisor",
        gettext_lazy("Reassign"),
        "assignment",
    ),
    "transfer": (
        lambda case: TransferForm(
            offices=_agency_offices(case).exclude(pk=case.office_id),
            workers=selectors.social_workers_of(_agency_offices(case).values("pk")),
        ),
        "cases:transfer",
        "supervisor",
        gettext_lazy("Transfer"),
        "assignment",
    ),
}


@staff_required(*CASE_ROLES)
def case_form(request, reference, name):
    """One of the case page's forms: a fragment for htmx, or a page of its own without JavaScript."""
    if name not in CASE_FORMS:
        raise Http404
    case = _case_or_404(request, reference)
    make_form, target, who, submit, anchor = CASE_FORMS[name]
    allowed = selectors.is_case_supervisor if who == "supervisor" else selectors.can_work_on
    if not allowed(request.user, case):
        raise PermissionDenied
    args = [case.reference]
    if name == "action":
        goal_id = request.GET.get("goal", "")
        if not goal_id.isdigit():
            raise Http404
        args.append(get_object_or_404(PlanGoal, pk=goal_id, case=case).pk)
    context = {
        "case": case,
        "form": make_form(case),
        "action": reverse(target, args=args),
        "submit": submit,
        "anchor": anchor,
        "multipart": name == "document",
    }
    template = "cases/_form.html" if request.htmx else "cases/form_page.html"
    return render(request, template, context)


@staff_required(*CASE_ROLES)
def document_download(request, reference, document_id):
    case = _case_or_404(request, reference)
    document = get_object_or_404(case.documents, pk=document_id)
    audit_record(actor=request.user, action=AuditAction.DOWNLOAD, obj=document, request=request)
    return download_response(document)


@staff_required(Role.SUPERVISOR)
def approvals(request):
    pending = list(selectors.approvals_pending_for(request.user)[:200])
    return render(request, "cases/approvals.html", {"approvals": pending})
