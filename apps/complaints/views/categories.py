"""Agency administrators keep their agency's categories of complaints: the subjects the public
form offers, each with its deadlines and the office that handles it. Another agency's category
answers 404, and the attempt is audited."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from apps.audit.services import audit_denied
from apps.organisations.models import Agency, Membership, Office
from apps.organisations.permissions import staff_required

from .. import selectors, services
from ..forms import CategoryForm
from ..models import ComplaintCategory

admin_required = staff_required(Membership.Role.AGENCY_ADMIN)


def _category_or_404(request, pk: int) -> ComplaintCategory:
    category = selectors.categories_administered_by(request.user).filter(pk=pk).first()
    if category is None:
        audit_denied(
            request=request,
            status=404,
            object_type="complaints.complaintcategory",
            object_id=str(pk),
        )
        raise Http404
    return category


def _agencies(user):
    return Agency.objects.filter(pk__in=sorted(selectors.scope_of(user).administered))


def _offices(agencies) -> list:
    return Office.objects.filter(agency__in=agencies, is_active=True).select_related("agency")


def _save(request, form: CategoryForm, *, agency: Agency, category=None, done: str) -> bool:
    """Save through the service and say so; its refusals go on the form. True when the page
    should go back to the list (saved, or a second submission of the same form)."""
    data = form.cleaned_data
    if not form.claim(request.user):
        messages.info(request, form.repeat_message)
        return True
    try:
        services.complaint_category_save(
            agency=agency,
            name_ar=data["name_ar"],
            name_en=data["name_en"],
            acknowledge_hours=data["acknowledge_hours"],
            resolve_days=data["resolve_days"],
            office=data["office"],
            is_active=data["is_active"],
            category=category,
            actor=request.user,
        )
    except PermissionDenied:
        audit_denied(request=request, status=403, object_type="complaints.complaintcategory")
        raise
    except ValidationError as error:
        form.add_error(None, error)
        return False
    messages.success(request, done)
    return True


@admin_required
def category_list(request):
    return render(
        request,
        "complaints/categories.html",
        {
            "categories": list(selectors.categories_administered_by(request.user)),
            "several_agencies": len(selectors.scope_of(request.user).administered) > 1,
        },
    )


@admin_required
@require_http_methods(["GET", "POST"])
def category_create(request):
    agencies = _agencies(request.user)
    form = CategoryForm(
        request.POST or None,
        agencies=agencies,
        offices=_offices(agencies),
        initial={"agency": agencies.first()},
    )
    added = _("The category was added.")
    if (
        request.method == "POST"
        and form.is_valid()
        and _save(request, form, agency=form.cleaned_data["agency"], done=added)
    ):
        return redirect("complaints:categories")
    return render(request, "complaints/category_form.html", {"form": form, "category": None})


@admin_required
@require_http_methods(["GET", "POST"])
def category_edit(request, pk):
    category = _category_or_404(request, pk)
    initial = {
        name: getattr(category, name)
        for name in ("name_ar", "name_en", "acknowledge_hours", "resolve_days", "is_active")
    } | {"office": category.office_id}
    form = CategoryForm(
        request.POST or None,
        agencies=None,
        offices=_offices([category.agency_id]),
        editing=True,
        initial=initial,
    )
    saved = _("The category was saved.")
    if (
        request.method == "POST"
        and form.is_valid()
        and _save(request, form, agency=category.agency, category=category, done=saved)
    ):
        return redirect("complaints:categories")
    return render(request, "complaints/category_form.html", {"form": form, "category": category})


def _set_active(request, pk: int, active: bool):
    category = _category_or_404(request, pk)
    with transaction.atomic():
        # Locked: a second click, or two admins at once, find it changed and change nothing.
        category = ComplaintCategory.objects.select_for_update().get(pk=category.pk)
        if category.is_active == active:
            messages.info(
                request,
                _("The category is already offered on the form.")
                if active
                else _("The category was already withdrawn from the form."),
            )
            return redirect("complaints:categories")
        services.complaint_category_save(
            agency=category.agency,
            name_ar=category.name_ar,
            name_en=category.name_en,
            acknowledge_hours=category.acknowledge_hours,
            resolve_days=category.resolve_days,
            office=category.office,
            is_active=active,
            category=category,
            actor=request.user,
        )
    messages.success(
        request,
        _("The category is offered on the complaint form again.")
        if active
        else _("The category is no longer offered; its complaints stay as they are."),
    )
    return redirect("complaints:categories")


@admin_required
@require_POST
def category_deactivate(request, pk):
    return _set_active(request, pk, False)


@admin_required
@require_POST
def category_activate(request, pk):
    return _set_active(request, pk, True)
