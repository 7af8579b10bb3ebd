"""Referral pages: the case page's section, the referral form, the sent and received lists, the
referral page of each side with its actions, and the agency admin's routing rules."""

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.audit.actions import object_action
from apps.audit.services import Action as AuditAction
from apps.audit.services import audit_denied, audit_record
from apps.cases import selectors as case_selectors
from apps.cases.models import Case
from apps.catalogue.models import Service
from apps.core.files import download_response
from apps.core.forms import cleaned_or_raise
from apps.core.pagination import keyset_page
from apps.organisations.models import Governorate, Membership, Office
from apps.organisations.permissions import staff_required
from apps.organisations.selectors import agencies_administered_by
from apps.registry.models import Person
from apps.registry.selectors import household_members
from apps.sla.models import Clock

from . import selectors, services
from .events import update_text
from .filters import ReferralFilter
from .forms import (
    AssignForm,
    CompleteForm,
    DeclineForm,
    MessageForm,
    ReasonForm,
    ReferralForm,
    RouteForm,
    RoutingRuleForm,
)
from .models import OPEN_STATUSES, Referral, RoutingRule

Role = Membership.Role
Status = Referral.Status
STAFF_ROLES = (Role.SOCIAL_WORKER, Role.SUPERVISOR, Role.AGENCY_ADMIN)
PAGE_SIZE = 25


def _clocks(referrals) -> dict[int, Clock]:
    """The running (else the last) clock of each referral, in one query."""
    ids = [str(r.pk) for r in referrals]
    found: dict[int, Clock] = {}
    for clock in Clock.objects.filter(kind=services.KIND, subject_id__in=ids).order_by(
        "started_at", "pk"
    ):
        found[int(clock.subject_id)] = clock  # the latest wins
    return found


# --- the case page -------------------------------------------------------------------------------


def case_section(case: Case, user) -> dict:
    """Context of the case page's referral section (registered in apps.py)."""
    referrals = list(selectors.referrals_of_case(case))
    clocks = _clocks(referrals)
    return {
        "rows": [(r, clocks.get(r.pk)) for r in referrals],
        "can_refer": case.is_open and case_selectors.can_work_on(user, case),
    }


def _case_for_referral(request, reference) -> Case:
    try:
        case = case_selectors.case_detail(request.user, reference)
    except Case.DoesNotExist:
        audit_denied(
            request=request, status=404, object_type="cases.case", object_id=reference[:40]
        )
        raise Http404 from None
    if not case_selectors.can_work_on(request.user, case):
        audit_denied(request=request, status=403, obj=case, detail="referral_create")
        raise PermissionDenied
    return case


def _referral_form(case, data=None):
    members = household_members(case.household)
    return ReferralForm(
        data,
        services=Service.objects.filter(status=Service.Status.PUBLISHED, referrable=True)
        .select_related("agency")
        .order_by("agency__code", "name_ar"),
        people=Person.objects.filter(pk__in=[m.person_id for m in members]),
        documents=case.documents.all(),
        initial={"person": case.primary_person_id},
    )


@staff_required(Role.SOCIAL_WORKER, Role.SUPERVISOR)
def referral_create(request, case_reference):
    case = _case_for_referral(request, case_reference)
    form = _referral_form(case, request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not form.claim(request.user):
            messages.error(request, form.repeat_message)
            return redirect("cases:detail", reference=case.reference)
        data = form.cleaned_data
        try:
            referral = services.referral_create(
                case=case,
                person=data["person"],
                service=data["service"],
                reason=data["reason"],
                urgency=data["urgency"],
                whole_household=data["whole_household"],
                documents=list(data["documents"]),
                consent_override=data["consent_override"],
                submit="save_draft" not in request.POST,
                actor=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
            # Nothing was saved: the corrected form (consent overridden, say) may be sent again.
            form.data = form.data.copy()
            form.data["once"] = uuid.uuid4().hex
        else:
            if referral.status == Status.DRAFT:
                messages.success(request, _("Referral saved as a draft."))
            else:
                messages.success(
                    request,
                    _("Referral %(reference)s submitted; it is being routed to an office.")
                    % {"reference": referral.reference},
                )
            return redirect("referrals:detail", reference=referral.reference)
    return render(request, "referrals/referral_form.html", {"case": case, "form": form})


# --- lists ---------------------------------------------------------------------------------------


def _list(request, queryset, *, side: str, title: str):
    filterset = ReferralFilter(request.GET, queryset=queryset)
    page = None
    if filterset.is_valid():
        page = keyset_page(
            # Two joins, the rest by primary key: planning a six-way join cost more than the
            # whole page's other queries (docs/benchmark.md).
            filterset.qs.select_related("service", "person").prefetch_related(
                "to_agency", "to_office", "from_office", "assigned_to"
            ),
            order=("-updated_at", "-id"),
            types=("datetime", "int"),
            cursor=request.GET.get("cursor"),
            size=PAGE_SIZE,
        )
    clocks = _clocks(page.items) if page else {}
    query = request.GET.copy()
    query.pop("cursor", None)
    return render(
        request,
        "referrals/referral_list.html",
        {
            "filter": filterset,
            "page": page,
            "rows": [(r, clocks.get(r.pk)) for r in page.items] if page else [],
            "query": query.urlencode(),
            "side": side,
            "title": title,
        },
    )


@staff_required(*STAFF_ROLES)
def sent_list(request):
    return _list(
        request,
        selectors.sent_visible_to(request.user),
        side="sender",
        title=_("Referrals sent"),
    )


@staff_required(*STAFF_ROLES)
def received_list(request):
    return _list(
        request,
        selectors.received_visible_to(request.user),
        side="receiver",
        title=_("Referrals received"),
    )


@staff_required(Role.AGENCY_ADMIN)
def unrouted_list(request):
    return _list(
        request,
        selectors.received_visible_to(request.user).filter(status=Status.UNROUTED),
        side="receiver",
        title=_("Referrals waiting for an office"),
    )


# --- the referral page ---------------------------------------------------------------------------


def _referral_or_404(request, reference) -> tuple[Referral, str]:
    try:
        return selectors.referral_for(request.user, reference)
    except Referral.DoesNotExist:
        audit_denied(
            request=request, status=404, object_type="referrals.referral", object_id=reference[:40]
        )
        raise Http404 from None


@staff_required(*STAFF_ROLES)
def referral_detail(request, reference):
    referral, side = _referral_or_404(request, reference)
    audit_record(actor=request.user, action=AuditAction.VIEW, obj=referral, request=request)
    user = request.user
    sender = side == "sender" and selectors.may_act_as_sender(user, referral)
    receiver = side == "receiver" and selectors.may_act_as_receiver(user, referral)
    supervisor = side == "receiver" and selectors.may_act_as_receiver(
        user, referral, supervisor=True
    )
    context = {
        "referral": referral,
        "side": side,
        "thread": [(u, update_text(u)) for u in selectors.referral_thread(referral)],
        "documents": selectors.shared_documents(referral),
        "clocks": list(
            Clock.objects.filter(kind=services.KIND, subject_id=str(referral.pk)).order_by(
                "-started_at"
            )
        ),
        "can_send": sender and referral.status == Status.DRAFT,
        "can_cancel": sender and referral.status in (Status.DRAFT, *OPEN_STATUSES),
        "can_answer_info": sender and referral.status == Status.INFO_REQUESTED,
        "can_take": receiver
        and not supervisor
        and referral.assigned_to_id is None
        and referral.status in selectors.RECEIVED_OPEN,
        "can_answer": receiver and referral.status == Status.ROUTED,
        "can_decline": receiver and referral.status in (Status.ROUTED, Status.INFO_REQUESTED),
        "can_progress": receiver and referral.status == Status.ACCEPTED,
        "reason_form": ReasonForm(),
        "message_form": MessageForm(),
        "decline_form": DeclineForm(),
        "complete_form": CompleteForm(),
    }
    if supervisor and referral.status in selectors.RECEIVED_OPEN:
        context["assign_form"] = AssignForm(
            workers=case_selectors.social_workers_of([referral.to_office_id])
        )
    if referral.status == Status.UNROUTED and selectors.administers(user, referral.to_agency_id):
        context["route_form"] = RouteForm(
            offices=Office.objects.filter(agency=referral.to_agency_id, is_active=True).exclude(
                pk=referral.from_office_id
            )
        )
    return render(request, "referrals/referral_detail.html", context)


referral_action = object_action(
    roles=STAFF_ROLES,
    load=lambda request, reference: _referral_or_404(request, reference)[0],
    refused=lambda request, referral: _("You cannot do this on this referral."),
    back=lambda request, referral: reverse("referrals:detail", args=[referral.reference]),
)


@referral_action
def submit(request, referral):
    services.referral_submit(referral=referral, actor=request.user)
    return _("Referral submitted; it is being routed to an office.")


@referral_action
def cancel(request, referral):
    data = cleaned_or_raise(ReasonForm(request.POST), request.user)
    services.referral_cancel(referral=referral, reason=data["text"], actor=request.user)
    return _("Referral cancelled.")


@referral_action
def answer_info(request, referral):
    data = cleaned_or_raise(MessageForm(request.POST), request.user)
    services.referral_answer_info(referral=referral, answer=data["text"], actor=request.user)
    return _("Your answer was sent.")


@referral_action
def take(request, referral):
    services.referral_assign(referral=referral, worker=request.user, actor=request.user)
    return _("The referral is yours.")


@referral_action
def assign(request, referral):
    form = AssignForm(
        request.POST, workers=case_selectors.social_workers_of([referral.to_office_id or 0])
    )
    data = cleaned_or_raise(form, request.user)
    services.referral_assign(referral=referral, worker=data["worker"], actor=request.user)
    return _("Referral assigned.")


@referral_action
def accept(request, referral):
    services.referral_accept(referral=referral, actor=request.user)
    return _("Referral accepted. The sender was told.")


@referral_action
def decline(request, referral):
    data = cleaned_or_raise(DeclineForm(request.POST), request.user)
    services.referral_decline(
        referral=referral, reason=data["reason"], note=data["note"], actor=request.user
    )
    return _("Referral declined. The sender was told why.")


@referral_action
def request_info(request, referral):
    data = cleaned_or_raise(MessageForm(request.POST), request.user)
    services.referral_request_info(referral=referral, question=data["text"], actor=request.user)
    return _("Your question was sent; the answer deadline is paused until the sender replies.")


@referral_action
def progress(request, referral):
    data = cleaned_or_raise(MessageForm(request.POST), request.user)
    services.referral_progress(referral=referral, note=data["text"], actor=request.user)
    return _("Progress recorded.")


@referral_action
def complete(request, referral):
    data = cleaned_or_raise(CompleteForm(request.POST), request.user)
    services.referral_complete(
        referral=referral, outcome=data["outcome"], note=data["note"], actor=request.user
    )
    return _("Referral completed. The sender sees the outcome on the case.")


@referral_action
def route(request, referral):
    form = RouteForm(
        request.POST, offices=Office.objects.filter(agency=referral.to_agency_id, is_active=True)
    )
    data = cleaned_or_raise(form, request.user)
    services.referral_route_manually(referral=referral, office=data["office"], actor=request.user)
    return _("Referral sent to the office.")


ACTIONS = {
    view.__name__: view
    for view in (
        submit,
        cancel,
        answer_info,
        take,
        assign,
        accept,
        decline,
        request_info,
        progress,
        complete,
        route,
    )
}


def action(request, reference, action):
    view = ACTIONS.get(action)
    if view is None:
        raise Http404
    return view(request, reference)


@staff_required(*STAFF_ROLES)
def document_download(request, reference, document_id):
    """A shared document, for either side: only documents the sender chose to share."""
    referral, _side = _referral_or_404(request, reference)
    document = get_object_or_404(referral.documents, pk=document_id)
    audit_record(actor=request.user, action=AuditAction.DOWNLOAD, obj=document, request=request)
    return download_response(document)


# --- routing rules -------------------------------------------------------------------------------


def _rule_form(user, data=None) -> RoutingRuleForm:
    agencies = agencies_administered_by(user)
    return RoutingRuleForm(
        data,
        services=Service.objects.filter(agency__in=agencies, referrable=True)
        .exclude(status=Service.Status.RETIRED)
        .order_by("name_ar"),
        governorates=Governorate.objects.order_by("position"),
        offices=Office.objects.filter(agency__in=agencies, is_active=True).select_related(
            "governorate"
        ),
    )


@staff_required(Role.AGENCY_ADMIN)
def routing_rules(request):
    form = _rule_form(request.user, request.POST or None)
    if request.method == "POST":
        try:
            data = cleaned_or_raise(form, request.user)
            services.routing_rule_set(
                service=data["service"],
                governorate=data["governorate"],
                office=data["office"],
                actor=request.user,
            )
        except PermissionDenied:
            audit_denied(request=request, status=403, object_type="referrals.routingrule")
            raise
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Routing rule saved."))
            return redirect("referrals:routing_rules")
    rules = RoutingRule.objects.filter(
        service__agency__in=agencies_administered_by(request.user)
    ).select_related("service", "governorate", "office")
    return render(request, "referrals/routing_rules.html", {"form": form, "rules": rules})


@staff_required(Role.AGENCY_ADMIN)
@require_POST
def routing_rule_delete(request, rule_id):
    rule = get_object_or_404(
        RoutingRule.objects.select_related("service"),
        pk=rule_id,
        service__agency__in=agencies_administered_by(request.user),
    )
    services.routing_rule_delete(rule=rule, actor=request.user)
    messages.success(request, _("Routing rule removed."))
    return redirect(reverse("referrals:routing_rules"))
