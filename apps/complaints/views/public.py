"""The public pages: the complaint form (no account needed), the page that gives the reference,
and the complaint's tracking page, where the complainant follows the complaint, answers
questions, rates the handling and reopens it. The tracking form is the portal's, one for every
reference (apps/portal/tracking.py); it remembers a verified complaint here (`remember`)."""

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from .. import selectors, services
from ..events import citizen_text
from ..forms import AnswerForm, PublicComplaintForm, RateForm, ReasonForm
from ..models import Complaint
from ..ratelimits import submit_limited

FILED = "complaints_filed"
TRACKED = "complaints_tracked"
FULL, STATUS = "full", "status"
TOO_MANY = 429


def _fresh_once(form) -> None:
    """Nothing was saved: the corrected form may be sent again."""
    form.data = form.data.copy()
    form.data["once"] = uuid.uuid4().hex


@require_http_methods(["GET", "POST"])
def complaint_new(request):
    form = PublicComplaintForm(
        request.POST or None, request.FILES or None, agency_id=request.GET.get("agency")
    )
    status = 200
    if request.method == "POST":
        if submit_limited(request):
            status = TOO_MANY
            form.add_error(
                None,
                _("Many forms were sent from your connection; please try again in an hour."),
            )
        elif form.looks_automated():
            form.add_error(None, form.bot_message)
        elif form.is_valid():
            if not form.claim(request.user):
                messages.info(request, form.repeat_message)
                return redirect("complaints:filed")
            data = form.cleaned_data
            try:
                complaint = services.complaint_submit(
                    agency=data["agency"],
                    category=data["category"],
                    kind=data["kind"],
                    description=data["description"],
                    service=data["service"],
                    attachments=data["attachments"],
                    complainant=services.Complainant(
                        name=data["name"],
                        phone=data["phone"],
                        email=data["email"],
                        contact=data["contact"],
                        language=get_language(),
                        user=request.user if request.user.is_authenticated else None,
                    ),
                    channel=Complaint.Channel.WEB,
                    actor=None,
                )
            except ValidationError as error:
                form.add_error(None, error)
                _fresh_once(form)
            else:
                request.session[FILED] = complaint.reference
                remember(request, complaint.reference, FULL)
                return redirect("complaints:filed")
    return render(request, "complaints/public_form.html", {"form": form}, status=status)


@require_GET
def choices(request):
    """The subject and service lists of one agency (htmx, when the agency changes)."""
    form = PublicComplaintForm(agency_id=request.GET.get("agency"))
    return render(request, "complaints/partials/choices.html", {"form": form})


@require_GET
def filed(request):
    reference = request.session.get(FILED)
    complaint = Complaint.objects.filter(reference=reference).first() if reference else None
    if complaint is None:
        return redirect("complaints:new")
    return render(request, "complaints/public_filed.html", {"complaint": complaint})


def remember(request, reference: str, level: str) -> None:
    """Keep in the session that this visitor may see the complaint (FULL) or its status only."""
    tracked = dict(request.session.get(TRACKED, {}))
    if tracked.get(reference) != FULL:
        tracked[reference] = level
    # The last few only: a session is not a store of everything a kiosk looked up.
    request.session[TRACKED] = dict(list(tracked.items())[-10:])


def _level(request, complaint: Complaint) -> str | None:
    if request.user.is_authenticated and complaint.user_id == request.user.pk:
        return FULL
    return request.session.get(TRACKED, {}).get(complaint.reference)


def _tracking_form(reference: str = ""):
    """The portal's tracking form, the reference filled in when there is one."""
    url = reverse("portal:track")
    return redirect(f"{url}?{urlencode({'reference': reference[:40]})}" if reference else url)


@require_http_methods(["GET", "POST"])
def track(request):
    """The old address of the tracking form: the one form is the portal's."""
    return _tracking_form(request.GET.get("reference", "") or request.POST.get("reference", ""))


def _tracked_or_redirect(request, reference: str):
    complaint = (
        Complaint.objects.select_related("agency", "category", "service")
        .filter(reference=reference)
        .first()
    )
    level = _level(request, complaint) if complaint else None
    return complaint, level


@require_GET
def track_detail(request, reference):
    token = request.GET.get("t")
    if token:
        # The link in a message: remember it for the session, then drop the token from the
        # address bar (and from any Referer).
        if services.reference_from_token(token) == reference:
            remember(request, reference, FULL)
        else:
            messages.error(request, _("This link is not valid any more. Enter your details."))
        return redirect("complaints:track_detail", reference=reference)
    complaint, level = _tracked_or_redirect(request, reference)
    if complaint is None or level is None:
        return _tracking_form(reference)
    context = {"complaint": complaint, "whole": level == FULL}
    if level == FULL:
        context |= {
            "timeline": [
                (update, citizen_text(update)) for update in selectors.public_thread(complaint)
            ],
            "attachments": list(complaint.attachments.all()),
            "rate_form": RateForm() if services.may_rate(complaint) else None,
            "reopen_form": ReasonForm() if services.may_reopen(complaint) else None,
            "answer_form": AnswerForm() if complaint.status == Complaint.Status.WAITING else None,
            "reopen_until": services.reopen_until(complaint),
        }
    return render(request, "complaints/track_detail.html", context)


@require_POST
def track_action(request, reference, action):
    complaint, level = _tracked_or_redirect(request, reference)
    if complaint is None or level != FULL:
        raise Http404
    forms = {"rate": RateForm, "reopen": ReasonForm, "answer": AnswerForm}
    if action not in forms:
        raise Http404
    form = forms[action](request.POST)
    try:
        if not form.is_valid():
            raise ValidationError([e for errors in form.errors.values() for e in errors])
        if not form.claim(request.user):
            raise ValidationError(form.repeat_message)
        data = form.cleaned_data
        if action == "rate":
            services.complaint_rate(
                complaint=complaint, rating=data["rating"], comment=data["comment"]
            )
            done = _("Thank you for your rating.")
        elif action == "reopen":
            services.complaint_reopen(complaint=complaint, reason=data["reason"])
            done = _("Your complaint is reopened; the officer who answered it will look again.")
        else:
            services.complaint_provide_info(complaint=complaint, answer=data["answer"])
            done = _("Thank you; your answer was sent.")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
    return redirect("complaints:track_detail", reference=complaint.reference)
