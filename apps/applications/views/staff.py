"""The office's pages: the review queue, the application's page with the actions its reader may
take now, its documents, and the POST actions (docs/applications.md, "The office's pages")."""

from django.core.cache import cache
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from apps.audit.actions import object_action
from apps.audit.services import Action as AuditAction
from apps.audit.services import audit_denied, audit_record
from apps.cases.selectors import cases_visible_to, offices_where
from apps.catalogue.models import Service
from apps.core.files import download_response
from apps.core.forms import cleaned_or_raise
from apps.core.models import in_active_language
from apps.core.pagination import keyset_page
from apps.core.references import normalise as normalise_reference
from apps.organisations.models import Membership, Office
from apps.organisations.permissions import staff_required
from apps.organisations.selectors import roles_of
from apps.registry.permissions import REGISTRY_STAFF
from apps.registry.selectors import people_visible_to
from apps.sla.models import Clock
from apps.sla.selectors import State, clock_state, clocks_for

from .. import selectors, services
from ..events import update_text
from ..filters import ApplicationFilter
from ..forms_staff import (
    ApproveForm,
    AssignForm,
    FulfilForm,
    QuestionForm,
    RejectForm,
    RouteForm,
)
from ..models import AT_OFFICE, Application

Role = Membership.Role
Status = Application.Status
STAFF_ROLES = (Role.SOCIAL_WORKER, Role.SUPERVISOR, Role.AGENCY_ADMIN)
PAGE_SIZE = 25
SERVICES_KEPT = 300
# What a queue row shows: the services' long texts and the applicants' answers stay unread.
QUEUE_COLUMNS = (
    "id",
    "reference",
    "status",
    "office_id",
    "agency_id",
    "updated_at",
    "submitted_at",
    "service__name_ar",
    "service__name_en",
    "applicant__full_name",
    "governorate__name_ar",
    "governorate__name_en",
    "assigned_to__full_name",
    "assigned_to__email",
)
# The applicant's form answers the page names; any other key is shown as it is stored.
ANSWER_LABELS = {"household_size": gettext_lazy("People in the household")}


# --- the queue -----------------------------------------------------------------------------------


def _services(user) -> list[tuple[int, str]]:
    """(id, name) of the online services of the user's agencies, for the queue's filter. Kept
    SERVICES_KEPT seconds per user and language: only the filter's options, never what the queue
    shows (that is applications_visible_to's), so a card published meanwhile appears in the list
    a few minutes later."""
    key = f"applications:queue-services:{user.pk}:{get_language()}"
    found = cache.get(key)
    if found is None:
        agencies = offices_where(user, *STAFF_ROLES).values("agency_id")
        found = [
            (pk, in_active_language(name_ar, name_en))
            for pk, name_ar, name_en in Service.objects.filter(
                agency__in=agencies, applicable_online=True
            )
            .order_by("name_ar", "pk")
            .values_list("pk", "name_ar", "name_en")
        ]
        cache.set(key, found, SERVICES_KEPT)
    return found


def _clocks(applications) -> dict[int, Clock]:
    """The decision clock of each application (the running one, else the last), in one query."""
    ids = [str(a.pk) for a in applications]
    found: dict[int, Clock] = {}
    if not ids:
        return found
    for clock in Clock.objects.filter(
        kind=selectors.CLOCK_KIND, purpose=selectors.DECIDE, subject_id__in=ids
    ).order_by("started_at", "pk"):
        found[int(clock.subject_id)] = clock  # the latest wins
    return found


def _row(application: Application, clock: Clock | None, now) -> tuple:
    """A queue row: the application, its deadline while the office owes a decision (the clock
    and its state), and whether it is overdue."""
    if clock is None or application.status not in AT_OFFICE:
        return application, None, None, False
    state = clock_state(clock, now)
    return application, clock, state, state == State.BREACHED


@staff_required(*STAFF_ROLES)
def queue(request):
    user = request.user
    filterset = ApplicationFilter(
        request.GET,
        queryset=selectors.applications_visible_to(user),
        user=user,
        services=_services(user),
    )
    page = None
    if filterset.is_valid():
        page = keyset_page(
            filterset.qs.select_related("service", "applicant", "governorate", "assigned_to").only(
                *QUEUE_COLUMNS
            ),
            order=("-updated_at", "-id"),
            types=("datetime", "int"),
            cursor=request.GET.get("cursor"),
            size=PAGE_SIZE,
        )
    clocks = _clocks(page.items) if page else {}
    now = timezone.now()
    query = request.GET.copy()
    query.pop("cursor", None)
    return render(
        request,
        "applications/staff/queue.html",
        {
            "filter": filterset,
            "page": page,
            "rows": [_row(a, clocks.get(a.pk), now) for a in page.items] if page else [],
            "query": query.urlencode(),
        },
    )


# --- the application's page ----------------------------------------------------------------------


def _application_or_404(request, reference) -> Application:
    """The application in the user's scope; outside it the failed look-up is audited and the
    answer is 404, whether the reference exists or not."""
    normalised = normalise_reference(reference)
    found = None
    if normalised:
        found = (
            selectors.applications_visible_to(request.user)
            .select_related(
                "service",
                "agency",
                "office",
                "governorate",
                "applicant",
                "assigned_to",
                "person",
                "case",
            )
            .filter(reference=normalised)
            .first()
        )
    if found is None:
        audit_denied(
            request=request,
            status=404,
            object_type="applications.application",
            object_id=(normalised or reference.replace("\x00", ""))[:40],
        )
        raise Http404
    return found


def _answers(form_data: dict) -> list[tuple[str, str]]:
    """The form's answers but the free text, as (label, value) in a stable order."""
    rows = []
    for key, value in sorted((form_data or {}).items()):
        if key == "details":
            continue
        if isinstance(value, list | tuple):
            value = ", ".join(str(item) for item in value)
        rows.append((str(ANSWER_LABELS.get(key, key)), "" if value is None else str(value)))
    return rows


def _powers(user, application: Application) -> dict:
    """What the user may do with the application now; the services decide again on POST."""
    status = application.status
    supervisor = selectors.supervises(user, application)
    reviewer = selectors.may_review(user, application)
    decides = supervisor or (reviewer and application.assigned_to_id == user.pk)
    return {
        "can_take": reviewer and application.assigned_to_id is None and status in AT_OFFICE,
        "can_assign": supervisor and status in AT_OFFICE,
        "can_request_info": decides and status == Status.UNDER_REVIEW,
        "can_approve": decides and status == Status.UNDER_REVIEW,
        "can_reject": decides and status in (Status.UNDER_REVIEW, Status.INFO_REQUESTED),
        "can_fulfil": decides and status == Status.APPROVED,
        "can_route": status == Status.UNROUTED
        and selectors.administers(user, application.agency_id),
    }


def _reviewers(application: Application):
    """The office's social workers the application may be given to (not the one who has it)."""
    return (
        selectors.reviewers_of(application.office_id or 0)
        .exclude(pk=application.assigned_to_id or 0)
        .order_by("full_name", "pk")
    )


def _offices(application: Application):
    return Office.objects.filter(agency=application.agency_id, is_active=True).order_by(
        "name_ar", "pk"
    )


@staff_required(*STAFF_ROLES)
def detail(request, reference):
    application = _application_or_404(request, reference)
    user = request.user
    audit_record(actor=user, action=AuditAction.VIEW, obj=application, request=request)
    powers = _powers(user, application)
    person_visible = (
        application.person_id is not None
        and bool(roles_of(user) & set(REGISTRY_STAFF))
        and people_visible_to(user).filter(pk=application.person_id).exists()
    )
    case_visible = (
        application.case_id is not None
        and cases_visible_to(user).filter(pk=application.case_id).exists()
    )
    context = {
        "application": application,
        "details": str((application.form_data or {}).get("details") or ""),
        "answers": _answers(application.form_data),
        "documents": list(application.documents.select_related("required_document")),
        "history": [(u, update_text(u)) for u in selectors.application_history(application)],
        "clocks": list(clocks_for(selectors.CLOCK_KIND, application.pk)),
        "person_visible": person_visible,
        "case_visible": case_visible,
        **powers,
    }
    if powers["can_assign"]:
        context["assign_form"] = AssignForm(reviewers=_reviewers(application))
    if powers["can_request_info"]:
        context["question_form"] = QuestionForm()
    if powers["can_approve"]:
        context["approve_form"] = ApproveForm()
    if powers["can_reject"]:
        context["reject_form"] = RejectForm()
    if powers["can_fulfil"]:
        context["fulfil_form"] = FulfilForm()
    if powers["can_route"]:
        context["route_form"] = RouteForm(offices=_offices(application))
    context["acts"] = any(powers.values())
    return render(request, "applications/staff/detail.html", context)


@staff_required(*STAFF_ROLES)
def document(request, reference, document_id):
    application = _application_or_404(request, reference)
    found = get_object_or_404(application.documents, pk=document_id)
    audit_record(actor=request.user, action=AuditAction.DOWNLOAD, obj=found, request=request)
    return download_response(found)


# --- actions -------------------------------------------------------------------------------------


application_action = object_action(
    roles=STAFF_ROLES,
    load=_application_or_404,
    refused=lambda request, application: _("You cannot do this on this application."),
    back=lambda request, application: reverse("applications:detail", args=[application.reference]),
)


@application_action
def take(request, application):
    services.application_assign(application=application, reviewer=request.user, actor=request.user)
    return _("The application is yours to review.")


@application_action
def assign(request, application):
    form = AssignForm(request.POST, reviewers=_reviewers(application))
    data = cleaned_or_raise(form, request.user)
    services.application_assign(
        application=application, reviewer=data["reviewer"], actor=request.user
    )
    return _("Application assigned to %(worker)s.") % {"worker": data["reviewer"]}


@application_action
def request_info(request, application):
    data = cleaned_or_raise(QuestionForm(request.POST), request.user)
    services.application_request_info(
        application=application, question=data["question"], actor=request.user
    )
    return _("Your question was sent; the deadline is paused until the applicant answers.")


@application_action
def approve(request, application):
    data = cleaned_or_raise(ApproveForm(request.POST), request.user)
    services.application_approve(application=application, note=data["note"], actor=request.user)
    if application.case_id:
        return _("Application approved; the applicant was told. It is on case %(case)s.") % {
            "case": application.case.reference
        }
    return _("Application approved; the applicant was told.")


@application_action
def reject(request, application):
    data = cleaned_or_raise(RejectForm(request.POST), request.user)
    services.application_reject(
        application=application, reason=data["reason"], note=data["note"], actor=request.user
    )
    return _("Application rejected; the applicant was told the reason.")


@application_action
def fulfil(request, application):
    data = cleaned_or_raise(FulfilForm(request.POST), request.user)
    services.application_fulfil(application=application, note=data["note"], actor=request.user)
    return _("Marked as delivered; the applicant was told.")


@application_action
def route(request, application):
    form = RouteForm(request.POST, offices=_offices(application))
    data = cleaned_or_raise(form, request.user)
    services.application_route_manually(
        application=application, office=data["office"], actor=request.user
    )
    return _("Application sent to %(office)s.") % {"office": data["office"]}


ACTIONS = {
    view.__name__: view for view in (take, assign, request_info, approve, reject, fulfil, route)
}


def action(request, reference, action):
    view = ACTIONS.get(action)
    if view is None:
        raise Http404
    return view(request, reference)
