from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apps.audit.services import Action, audit_denied, audit_record
from apps.organisations.selectors import memberships_of

from . import selectors, services
from .forms import ConsentForm, HouseholdForm, MemberAddForm, PersonForm, SearchForm
from .models import HouseholdMember
from .permissions import registry_staff_required

Relationship = HouseholdMember.Relationship


def _visible_or_404(request, queryset: QuerySet, pk):
    """The object if the user may see it; otherwise the failed check is audited and 404 raised."""
    obj = queryset.filter(pk=pk).first()
    if obj is None:
        audit_denied(
            request=request,
            status=404,
            object_type=queryset.model._meta.label_lower,
            object_id=str(pk)[:40],
        )
        raise Http404
    return obj


def _message_errors(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@registry_staff_required
@require_GET
def search(request):
    form = SearchForm(request.GET or None)
    results = None
    if form.is_valid() and form.cleaned_data["q"]:
        results = selectors.person_search(request.user, form.cleaned_data["q"])
    return render(request, "registry/search.html", {"form": form, "results": results})


def _household_target(request):
    """The household (and relationship) a new registration joins, from ?household=&relationship=."""
    household_pk = request.GET.get("household")
    if not household_pk:
        return None, ""
    if not household_pk.isdigit():
        raise Http404
    household = _visible_or_404(
        request, selectors.households_visible_to(request.user), household_pk
    )
    return household, request.GET.get("relationship", "")


def _person_initial(request, household) -> dict:
    initial = {key: request.GET[key] for key in ("id_type", "id_number") if request.GET.get(key)}
    if household is not None:
        initial["governorate"] = household.governorate_id
    else:
        membership = memberships_of(request.user).first()
        if membership is not None:
            initial["governorate"] = membership.office.governorate_id
    return initial


@registry_staff_required
@require_http_methods(["GET", "POST"])
def person_create(request):
    household, relationship = _household_target(request)
    if household is not None and relationship not in Relationship.values:
        messages.error(request, _("Choose the person's relationship to the head of household."))
        return redirect("registry:household_member_add", pk=household.pk)
    form = PersonForm(request.POST or None, initial=_person_initial(request, household))
    candidates, existing = [], None
    if request.method == "POST" and form.is_valid():
        existing = selectors.person_with_id(
            id_type=form.cleaned_data["id_type"], id_number=form.cleaned_data["id_number"]
        )
        if existing is not None:
            form.add_error(
                "id_number", _("A person with this ID type and number is already registered.")
            )
        elif not form.cleaned_data["register_anyway"]:
            candidates = selectors.duplicate_candidates(**form.name_data())
        if existing is None and not candidates:
            try:
                # Registered and added to the household together, or not at all.
                with transaction.atomic():
                    person = services.person_register(**form.person_data(), actor=request.user)
                    if household is not None:
                        services.household_member_add(
                            household=household,
                            person=person,
                            relationship=relationship,
                            actor=request.user,
                        )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The person was registered."))
                if household is not None:
                    return redirect("registry:household_detail", pk=household.pk)
                return redirect("registry:person_detail", pk=person.pk)
    shown = [p.pk for p in candidates] + ([existing.pk] if existing else [])
    visible = set(
        selectors.people_visible_to(request.user).filter(pk__in=shown).values_list("pk", flat=True)
        if shown
        else []
    )
    return render(
        request,
        "registry/person_form.html",
        {
            "form": form,
            "household": household,
            "relationship": Relationship(relationship).label if relationship else "",
            "candidates": [(p, p.pk in visible) for p in candidates],
            "existing": existing,
            "existing_visible": existing is not None and existing.pk in visible,
        },
    )


@registry_staff_required
@require_GET
def person_detail(request, pk):
    person = _visible_or_404(
        request, selectors.people_visible_to(request.user).select_related("governorate"), pk
    )
    audit_record(actor=request.user, action=Action.VIEW, obj=person, request=request)
    history = list(selectors.membership_history(person))
    current = next((m for m in history if m.left_at is None), None)
    return render(
        request,
        "registry/person_detail.html",
        {
            "person": person,
            "current": current,
            "past": [m for m in history if m.left_at is not None],
            "agencies": person.agencies.order_by("code"),
            "consents": selectors.consents_of(person),
            "consent_form": ConsentForm(),
        },
    )


@registry_staff_required
@require_POST
def consent_give(request, pk):
    person = _visible_or_404(request, selectors.people_visible_to(request.user), pk)
    form = ConsentForm(request.POST)
    if form.is_valid():
        try:
            services.consent_give(person=person, **form.cleaned_data, actor=request.user)
        except ValidationError as error:
            _message_errors(request, error)
        else:
            messages.success(request, _("The consent was recorded."))
    else:
        for name, errors in form.errors.items():
            for error in errors:
                messages.error(
                    request,
                    _("%(field)s: %(error)s") % {"field": form.fields[name].label, "error": error},
                )
    return redirect("registry:person_detail", pk=person.pk)


@registry_staff_required
@require_POST
def consent_withdraw(request, pk):
    consent = _visible_or_404(
        request, selectors.consents_visible_to(request.user).select_related("person"), pk
    )
    try:
        services.consent_withdraw(consent=consent, actor=request.user)
    except ValidationError as error:
        _message_errors(request, error)
    else:
        messages.success(request, _("The consent was withdrawn."))
    if not selectors.people_visible_to(request.user).filter(pk=consent.person_id).exists():
        # The withdrawn consent was what let this agency see the person.
        messages.info(request, _("Your agency no longer has access to this person's record."))
        return redirect("registry:search")
    return redirect("registry:person_detail", pk=consent.person_id)


@registry_staff_required
@require_http_methods(["GET", "POST"])
def household_create(request):
    head_pk = request.GET.get("head", "")
    if not head_pk.isdigit():
        raise Http404
    head = _visible_or_404(request, selectors.people_visible_to(request.user), head_pk)
    form = HouseholdForm(request.POST or None, initial={"governorate": head.governorate_id})
    if request.method == "POST" and form.is_valid():
        try:
            household = services.household_create(
                head=head, **form.cleaned_data, actor=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Household %(reference)s was created.") % {"reference": household.reference},
            )
            return redirect("registry:household_detail", pk=household.pk)
    return render(request, "registry/household_form.html", {"form": form, "head": head})


@registry_staff_required
@require_GET
def household_detail(request, pk):
    household = _visible_or_404(
        request, selectors.households_visible_to(request.user).select_related("governorate"), pk
    )
    audit_record(actor=request.user, action=Action.VIEW, obj=household, request=request)
    members = list(selectors.household_members(household))
    past = list(selectors.household_past_members(household))
    people = {m.person_id for m in members + past}
    visible = set(
        selectors.people_visible_to(request.user).filter(pk__in=people).values_list("pk", flat=True)
    )
    return render(
        request,
        "registry/household_detail.html",
        {
            "household": household,
            "members": [(m, m.person_id in visible) for m in members],
            "past": [(m, m.person_id in visible) for m in past],
        },
    )


@registry_staff_required
@require_http_methods(["GET", "POST"])
def household_member_add(request, pk):
    household = _visible_or_404(request, selectors.households_visible_to(request.user), pk)
    form = MemberAddForm(request.POST or None)
    register_url = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        person = (
            selectors.people_visible_to(request.user)
            .filter(id_type=data["id_type"], id_number=data["id_number"])
            .first()
        )
        if person is None:
            query = {
                "household": household.pk,
                "relationship": data["relationship"],
                "id_type": data["id_type"],
                "id_number": data["id_number"],
            }
            register_url = f"{reverse('registry:person_create')}?{urlencode(query)}"
            # add_error drops the field from cleaned_data: read it first.
            form.add_error(
                "id_number",
                _("No one with this ID is registered in the records you can see."),
            )
        else:
            try:
                services.household_member_add(
                    household=household,
                    person=person,
                    relationship=data["relationship"],
                    actor=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The person was added to the household."))
                return redirect("registry:household_detail", pk=household.pk)
    return render(
        request,
        "registry/household_member_add.html",
        {
            "form": form,
            "household": household,
            "register_url": register_url,
            "relationships": Relationship.choices,
        },
    )
