"""The supervisor's office dashboard: per worker, their caseload and what they owe; the office's
late and nearly late deadlines; the approvals waiting; and reassigning cases from there
(docs/supervision.md)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from apps.audit.services import audit_denied
from apps.cases.services import BULK_LIMIT, cases_bulk_reassign
from apps.core.pagination import keyset_page
from apps.organisations.models import Membership, Office
from apps.organisations.permissions import staff_required
from apps.sla.handlers import handler_for

from . import kept
from . import selectors_office as selectors
from .exports import export_response
from .forms_office import OfficeReassignForm

Role = Membership.Role
CASES_PAGE_SIZE = 50
WORKERS_SHOWN = 50
# The per-worker table as a file: the office's own staff and their figures, no citizen's data.
EXPORT_COLUMNS = [
    ("full_name", gettext_lazy("Worker")),
    ("email", gettext_lazy("Email")),
    ("open_cases", gettext_lazy("Open cases")),
    ("high_risk", gettext_lazy("High or critical risk")),
    ("overdue_actions", gettext_lazy("Overdue plan actions")),
    ("referrals_awaiting", gettext_lazy("Referrals awaiting an answer")),
    ("applications_in_review", gettext_lazy("Applications in review")),
    ("complaints_open", gettext_lazy("Complaints assigned")),
    ("at_risk", gettext_lazy("Deadlines at risk")),
    ("breached", gettext_lazy("Deadlines breached")),
]


def _office_or_404(request, office_id) -> tuple[Office, list[Office]]:
    """The supervised office with this id, and all the user's supervised offices; 404 (recorded)
    for any other office."""
    offices = selectors.supervised_offices(request.user)
    office = next((o for o in offices if str(o.pk) == str(office_id)), None)
    if office is None:
        audit_denied(
            request=request, status=404, object_type="organisations.office", object_id=office_id
        )
        raise Http404
    return office, offices


def dashboard_url(office: Office) -> str:
    return f"{reverse('dashboards:office')}?office={office.pk}"


@staff_required(Role.SUPERVISOR)
def office(request):
    chosen = request.GET.get("office", "")
    if chosen:
        if not chosen.isdigit():
            raise Http404
        current, offices = _office_or_404(request, chosen)
    else:
        offices = selectors.supervised_offices(request.user)
        if not offices:
            raise PermissionDenied
        current = offices[0]
    sort = request.GET.get("sort", "")
    sort = sort if sort in selectors.SORTS else selectors.DEFAULT_SORT
    figures = kept.figures(current, request.user, fresh="fresh" in request.GET)
    rows = selectors.sorted_rows(figures["rows"], sort)
    if wanted := request.GET.get("export", ""):
        return export_response(
            request,
            rows=[{key: getattr(row, key, None) for key, _label in EXPORT_COLUMNS} for row in rows],
            columns=[(key, str(label)) for key, label in EXPORT_COLUMNS],
            filename=f"office-{current.pk}-workers",
            fmt=wanted,
            audit_object_label="dashboards.office.workers",
        )
    return render(
        request,
        "dashboards/office.html",
        {
            "office": current,
            "offices": offices,
            # The first rows in the chosen order (those most behind by default); all on asking.
            "rows": rows if "all" in request.GET else rows[:WORKERS_SHOWN],
            "workers": len(rows),
            "totals": figures["totals"],
            "approvals": figures["approvals"],
            "computed_at": figures["computed_at"],
            "sort": sort,
        },
    )


@staff_required(Role.SUPERVISOR)
def office_deadlines(request, office_id):
    """The office's breached and at-risk deadlines; a fragment when htmx asks for it."""
    current, _offices = _office_or_404(request, office_id)
    when = selectors.window(current)
    clocks = selectors.office_deadlines(current, request.user, when)
    owners = selectors.deadline_owners(current, clocks)
    # The handlers' words and links, as in the escalation messages: two small queries a row,
    # DEADLINES_SHOWN rows at most.
    items = [
        {
            "clock": clock,
            "label": handler_for(clock.kind).label(clock),
            "url": handler_for(clock.kind).url(clock),
            "owner": owners.get(clock.pk, ""),
        }
        for clock in clocks
    ]
    template = (
        "dashboards/office/deadlines.html"
        if request.headers.get("HX-Request")
        else "dashboards/office/deadlines_page.html"
    )
    return render(
        request,
        template,
        {
            "office": current,
            "items": items,
            "when": when,
            "limit": selectors.DEADLINES_SHOWN,
            "dashboard_url": dashboard_url(current),
        },
    )


@staff_required(Role.SUPERVISOR)
def office_worker(request, office_id, user_id):
    """One worker's open cases, to reassign some of them."""
    current, _offices = _office_or_404(request, office_id)
    worker = selectors.worker_of_office(current, user_id)
    if worker is None:
        audit_denied(
            request=request, status=404, object_type="organisations.user", object_id=user_id
        )
        raise Http404
    when = selectors.window(current)
    queryset, order, types = selectors.worker_cases(current, worker, when)
    page = keyset_page(
        queryset, order=order, types=types, cursor=request.GET.get("cursor"), size=CASES_PAGE_SIZE
    )
    return render(
        request,
        "dashboards/office/worker.html",
        {
            "office": current,
            "worker": worker,
            "page": page,
            "targets": selectors.social_workers(current).exclude(pk=worker.pk),
            "when": when,
            "limit": BULK_LIMIT,
            "dashboard_url": dashboard_url(current),
        },
    )


@staff_required(Role.SUPERVISOR)
@require_POST
def office_reassign(request, office_id):
    """Give the ticked cases to another social worker of the office, all or none, each through
    the cases service (which checks, records the assignment and audits it)."""
    current, _offices = _office_or_404(request, office_id)
    worker_id = request.POST.get("worker", "")
    back = dashboard_url(current)
    if worker_id.isdigit() and selectors.worker_of_office(current, int(worker_id)):
        back = reverse("dashboards:office_worker", args=[current.pk, int(worker_id)])
    form = OfficeReassignForm(
        request.POST, office=current, workers=selectors.social_workers(current)
    )
    if not form.is_valid():
        if any(error.code == "foreign" for error in form.errors.as_data().get("cases", [])):
            audit_denied(request=request, status=404, object_type="cases.case")
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        messages.info(request, _("Nothing was changed."))
        return redirect(back)
    cases, owner = form.cleaned_data["cases"], form.cleaned_data["owner"]
    try:
        moved = cases_bulk_reassign(
            cases=cases, to_owner=owner, reason=form.cleaned_data["reason"], actor=request.user
        )
        kept.figures_changed(current)
    except PermissionDenied:
        audit_denied(request=request, status=403, object_type="cases.case")
        messages.error(request, _("You may not reassign these cases. Nothing was changed."))
        return redirect(back)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        messages.info(request, _("Nothing was changed."))
        return redirect(back)
    messages.success(
        request,
        ngettext(
            "%(count)d case reassigned to %(name)s.",
            "%(count)d cases reassigned to %(name)s.",
            moved,
        )
        % {"count": moved, "name": owner},
    )
    return redirect(dashboard_url(current))
