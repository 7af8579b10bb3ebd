"""Agency administrators manage their agency's service cards; other agencies' published cards are
read-only to them. Cards outside the user's scope answer 404, cards in sight but not theirs to
change 403; both failed checks are audited."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from apps.audit.services import audit_denied
from apps.core.exceptions import TransitionNotAllowed
from apps.core.models import in_active_language
from apps.organisations.models import Membership
from apps.organisations.permissions import staff_required

from .. import selectors, services
from ..filters import StaffCatalogueFilter
from ..forms import DocumentFormSet, ServiceForm, documents_of
from ..models import Channel, Pillar, Service, ServiceChange
from .public import query_without_cursor

Role = Membership.Role
admin_required = staff_required(Role.AGENCY_ADMIN)


def _visible_or_404(request, slug: str) -> Service:
    service = (
        selectors.services_visible_to(request.user)
        .select_related("agency")
        .defer("search_vector")
        .filter(slug=slug)
        .first()
    )
    if service is None:
        audit_denied(
            request=request, status=404, object_type="catalogue.service", object_id=slug[:40]
        )
        raise Http404
    return service


def _refuse(request, service: Service, what: str):
    audit_denied(request=request, status=403, obj=service, detail=what)
    raise PermissionDenied


def _editable_or_403(request, slug: str, what: str) -> Service:
    service = _visible_or_404(request, slug)
    if not selectors.can_edit(request.user, service):
        _refuse(request, service, what)
    return service


def _attach(form, error: ValidationError) -> None:
    """A service's ValidationError on the form: on its field when the form has one."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        form.add_error(name if name in form.fields else None, errors)


@admin_required
def service_list(request):
    filterset = StaffCatalogueFilter(request.GET or None, queryset=Service.objects.none())
    others = filterset.is_valid() and filterset.form.cleaned_data.get("scope") == filterset.OTHERS
    if others:
        queryset = selectors.published_services().exclude(
            agency__in=selectors.agencies_editable_by(request.user).values("pk")
        )
    else:
        queryset = selectors.services_editable_by(request.user)
    filterset.queryset = queryset
    page = (
        selectors.staff_page(filterset.qs, cursor=request.GET.get("cursor"))
        if not filterset.is_bound or filterset.is_valid()
        else None
    )
    return render(
        request,
        "catalogue/staff/service_list.html",
        {
            "filter": filterset,
            "page": page,
            "others": others,
            "query": query_without_cursor(request),
        },
    )


@admin_required
@require_http_methods(["GET", "POST"])
def service_create(request):
    agencies = selectors.agencies_editable_by(request.user)
    form = ServiceForm(
        request.POST or None, agencies=agencies, initial={"agency": agencies.first()}
    )
    formset = DocumentFormSet(request.POST or None, prefix="documents")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        if not form.claim(request.user):
            messages.info(request, form.repeat_message)
            return redirect("catalogue:staff_list")
        try:
            service = services.service_create(
                agency=form.cleaned_data["agency"],
                documents=documents_of(formset),
                actor=request.user,
                **form.card_fields(),
            )
        except ValidationError as error:
            _attach(form, error)
        else:
            messages.success(request, _("The card was saved as a draft."))
            return redirect("catalogue:staff_detail", slug=service.slug)
    return render(
        request,
        "catalogue/staff/service_form.html",
        {"form": form, "formset": formset, "service": None},
    )


@admin_required
def service_detail(request, slug):
    service = _visible_or_404(request, slug)
    editable = selectors.can_edit(request.user, service)
    return render(
        request,
        "catalogue/staff/service_detail.html",
        {
            "service": service,
            "editable": editable,
            "problems": services.publish_problems(service)
            if editable and service.status == Service.Status.DRAFT
            else [],
            "documents": selectors.service_documents(service),
            "offices": selectors.service_offices(service),
        },
    )


@admin_required
@require_http_methods(["GET", "POST"])
def service_edit(request, slug):
    service = _editable_or_403(request, slug, "edit")
    documents = selectors.service_documents(service)
    initial = {name: getattr(service, name) for name in services.EDITABLE_FIELDS}
    form = ServiceForm(request.POST or None, initial=initial)
    formset = DocumentFormSet(
        request.POST or None,
        prefix="documents",
        initial=[{"name_ar": d.name_ar, "name_en": d.name_en} for d in documents],
    )
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            services.service_update(
                service=service,
                documents=documents_of(formset),
                actor=request.user,
                **form.card_fields(),
            )
        except ValidationError as error:
            _attach(form, error)
        else:
            messages.success(request, _("The card was saved."))
            return redirect("catalogue:staff_detail", slug=service.slug)
    return render(
        request,
        "catalogue/staff/service_form.html",
        {"form": form, "formset": formset, "service": service},
    )


def _transition(request, slug: str, run, done: str):
    service = _editable_or_403(request, slug, run.__name__)
    try:
        run(service=service, actor=request.user)
    except (TransitionNotAllowed, ValidationError) as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)
    return redirect("catalogue:staff_detail", slug=service.slug)


@admin_required
@require_POST
def service_publish(request, slug):
    return _transition(
        request, slug, services.service_publish, _("The card is published in the catalogue.")
    )


@admin_required
@require_POST
def service_retire(request, slug):
    return _transition(
        request, slug, services.service_retire, _("The card was retired from the catalogue.")
    )


@admin_required
@require_POST
def service_return_to_draft(request, slug):
    return _transition(
        request, slug, services.service_return_to_draft, _("The card is a draft again.")
    )


# History ----------------------------------------------------------------------------------------

FIELD_LABELS = {
    **{name: Service._meta.get_field(name).verbose_name for name in services.EDITABLE_FIELDS},
    services.DOCUMENTS: gettext_lazy("required documents"),
    "status": gettext_lazy("status"),
}


def _shown(name: str, value) -> str:
    """A value of the history as a person reads it."""
    if value in (None, "", []):
        return "—"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if name == "pillar" and value in Pillar.values:
        return Pillar(value).label
    if name == "status" and value in Service.Status.values:
        return Service.Status(value).label
    if name == "channels":
        return ", ".join(str(Channel(v).label) if v in Channel.values else v for v in value)
    if name == services.DOCUMENTS:
        return "\n".join(in_active_language(ar, en) for ar, en in value)
    return str(value)


def _rows(change: ServiceChange) -> list[tuple[str, str, str]]:
    return [
        (
            capfirst(FIELD_LABELS.get(name, name)),
            _shown(name, values.get("before")),
            _shown(name, values.get("after")),
        )
        for name, values in change.changes.items()
    ]


@admin_required
def service_history(request, slug):
    service = _visible_or_404(request, slug)
    page = selectors.service_history(service, cursor=request.GET.get("cursor"))
    return render(
        request,
        "catalogue/staff/service_history.html",
        {
            "service": service,
            "page": page,
            "changes": [(change, _rows(change)) for change in page],
        },
    )
