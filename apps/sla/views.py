"""Agency administrators keep their agency's working hours and holidays. Another agency's
calendar answers 404, and the attempt is audited."""

from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from apps.audit.services import audit_denied
from apps.organisations.models import Agency, Membership
from apps.organisations.permissions import staff_required

from . import selectors, services
from .calendar import default_hours
from .forms import HolidayAddForm, HolidayMoveForm, WorkingHoursForm, YearForm

Role = Membership.Role
admin_required = staff_required(Role.AGENCY_ADMIN)


def _agency_or_404(request, code: str) -> Agency:
    agency = selectors.calendar_agencies_of(request.user).filter(code=code).first()
    if agency is None:
        audit_denied(
            request=request, status=404, object_type="sla.agencycalendar", object_id=code[:40]
        )
        raise Http404
    return agency


def _day_or_404(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise Http404 from None


def _calendar_url(agency: Agency, year: int) -> str:
    return f"{reverse('sla:agency_calendar', args=[agency.code])}?year={year}"


def _error(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@admin_required
def calendar_home(request):
    agency = selectors.calendar_agencies_of(request.user).first()
    if agency is None:
        raise Http404
    return redirect("sla:agency_calendar", agency=agency.code)


def _render_calendar(request, agency: Agency, year: int, add_form: HolidayAddForm):
    hours, own_hours = selectors.agency_hours(agency)
    return render(
        request,
        "sla/agency_calendar.html",
        {
            "agency": agency,
            "agencies": selectors.calendar_agencies_of(request.user),
            "year": year,
            "rows": selectors.agency_year(agency, year),
            "hours": hours,
            "own_hours": own_hours,
            "add_form": add_form,
        },
    )


@admin_required
def agency_calendar(request, agency):
    agency = _agency_or_404(request, agency)
    year = timezone.localdate().year
    if "year" in request.GET:
        form = YearForm(request.GET)
        if form.is_valid():
            year = form.cleaned_data["year"]
        else:
            messages.error(request, _("Choose a year between 2000 and 2100."))
    return _render_calendar(request, agency, year, HolidayAddForm())


@admin_required
@require_POST
def holiday_add(request, agency):
    agency = _agency_or_404(request, agency)
    form = HolidayAddForm(request.POST)
    if form.is_valid():
        day = form.cleaned_data["date"]
        if not form.claim(request.user):
            messages.info(request, form.repeat_message)
            return redirect(_calendar_url(agency, day.year))
        try:
            services.holiday_add(
                agency=agency,
                day=day,
                name_ar=form.cleaned_data["name_ar"],
                name_en=form.cleaned_data["name_en"],
                actor=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The holiday was added."))
            return redirect(_calendar_url(agency, day.year))
    year = form.cleaned_data["date"].year if form.cleaned_data.get("date") else None
    return _render_calendar(request, agency, year or timezone.localdate().year, form)


@admin_required
@require_POST
def holiday_cancel(request, agency, day):
    agency, day = _agency_or_404(request, agency), _day_or_404(day)
    try:
        services.holiday_cancel(agency=agency, day=day, actor=request.user)
    except ValidationError as error:
        _error(request, error)
    else:
        messages.success(request, _("The holiday was cancelled: it is a working day now."))
    return redirect(_calendar_url(agency, day.year))


@admin_required
@require_POST
def holiday_restore(request, agency, day):
    """Observe again a public holiday the agency had cancelled."""
    agency, day = _agency_or_404(request, agency), _day_or_404(day)
    try:
        services.holiday_add(agency=agency, day=day, actor=request.user)
    except ValidationError as error:
        _error(request, error)
    else:
        messages.success(request, _("The public holiday is observed again."))
    return redirect(_calendar_url(agency, day.year))


@admin_required
@require_http_methods(["GET", "POST"])
def holiday_move(request, agency, day):
    agency, day = _agency_or_404(request, agency), _day_or_404(day)
    holiday = next(
        (
            row
            for row in selectors.agency_year(agency, day.year)
            if row.date == day and not row.cancelled
        ),
        None,
    )
    if holiday is None:
        raise Http404
    form = HolidayMoveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        to_day = form.cleaned_data["to_date"]
        try:
            services.holiday_move(agency=agency, from_day=day, to_day=to_day, actor=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The holiday was moved."))
            return redirect(_calendar_url(agency, to_day.year))
    return render(
        request,
        "sla/holiday_move.html",
        {"agency": agency, "holiday": holiday, "form": form},
    )


@admin_required
@require_http_methods(["GET", "POST"])
def working_hours(request, agency):
    agency = _agency_or_404(request, agency)
    hours, own_hours = selectors.agency_hours(agency)
    initial = {"day_start": hours.start, "day_end": hours.end, "use_default": not own_hours}
    form = WorkingHoursForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.working_hours_set(
                agency=agency,
                day_start=form.cleaned_data["day_start"],
                day_end=form.cleaned_data["day_end"],
                actor=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The working hours were saved."))
            return redirect("sla:agency_calendar", agency=agency.code)
    return render(
        request,
        "sla/working_hours.html",
        {"agency": agency, "form": form, "default": default_hours()},
    )
