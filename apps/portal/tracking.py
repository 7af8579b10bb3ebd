"""The one tracking page of every reference (no account needed): a reference number and a detail
on file. The kind of the reference (its first letter) says where to look: a complaint goes on to
the complaint's own page, an application to the page here. A wrong reference, a kind that is not
tracked and a wrong detail read the same, and nothing about the request is said until both
agree. Rate limited per client address and, for failed look-ups, per reference."""

from dataclasses import dataclass

from django.conf import settings
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from apps.applications.events import update_text
from apps.applications.models import Application
from apps.applications.selectors import application_to_track, decision_clock, public_history
from apps.complaints.selectors import complaint_to_track
from apps.complaints.views.public import FULL, STATUS, remember
from apps.core.ratelimits import blocked, failed, limited
from apps.core.references import normalise

from .forms import TrackForm

# The letter each workflow's references start with (apps/core/references.py).
APPLICATION, COMPLAINT = "A", "S"
APPLICATIONS_TRACKED = "applications_tracked"
# The last few only: a session is not a store of everything a kiosk looked up.
KEEP = 10
TOO_MANY = 429
Status = Application.Status


@dataclass(frozen=True)
class Meaning:
    what: str
    next: str


# Each status in the citizen's words: what it means, and what happens next.
MEANINGS = {
    Status.SUBMITTED: Meaning(
        gettext_lazy("We received your application and sent it to the office that handles it."),
        gettext_lazy("An employee of the office will review it. Nothing is needed from you."),
    ),
    Status.UNROUTED: Meaning(
        gettext_lazy("We received your application; the agency is choosing the office for it."),
        gettext_lazy("It will then be reviewed. Nothing is needed from you."),
    ),
    Status.UNDER_REVIEW: Meaning(
        gettext_lazy("An employee of the office is reviewing your application."),
        gettext_lazy("We will tell you of the decision by SMS. Nothing is needed from you."),
    ),
    Status.INFO_REQUESTED: Meaning(
        gettext_lazy("The office needs more information from you to decide."),
        gettext_lazy("Sign in to My requests to read the question and send what is asked."),
    ),
    Status.APPROVED: Meaning(
        gettext_lazy("Your application was approved."),
        gettext_lazy("The agency will deliver the service and tell you when it is done."),
    ),
    Status.REJECTED: Meaning(
        gettext_lazy("Your application was rejected; the reason is in the history below."),
        gettext_lazy("If you think the decision is wrong, you may send a complaint."),
    ),
    Status.FULFILLED: Meaning(
        gettext_lazy("The service was delivered."),
        gettext_lazy("Nothing more is needed."),
    ),
    Status.WITHDRAWN: Meaning(
        gettext_lazy("You withdrew this application."),
        gettext_lazy("Nothing more will be done with it. You may apply again at any time."),
    ),
}


def _form_url(reference: str = "") -> str:
    url = reverse("portal:track")
    return f"{url}?{urlencode({'reference': reference[:40]})}" if reference else url


def _remember_application(request, reference: str) -> None:
    tracked = [r for r in request.session.get(APPLICATIONS_TRACKED, []) if r != reference]
    request.session[APPLICATIONS_TRACKED] = [*tracked, reference][-KEEP:]


def _application(request, reference: str, verification: str) -> str | None:
    application = application_to_track(reference, verification)
    if application is None:
        return None
    _remember_application(request, application.reference)
    return reverse("portal:track_detail", args=[application.reference])


def _complaint(request, reference: str, verification: str) -> str | None:
    complaint, whole = complaint_to_track(reference, verification)
    if complaint is None:
        return None
    remember(request, complaint.reference, FULL if whole else STATUS)
    return reverse("complaints:track_detail", args=[complaint.reference])


LOOKUPS = {APPLICATION: _application, COMPLAINT: _complaint}


@never_cache
@require_http_methods(["GET", "POST"])
def track(request):
    form = TrackForm(request.POST or None, initial={"reference": request.GET.get("reference", "")})
    status = 200
    if request.method == "POST" and form.is_valid():
        reference = normalise(form.cleaned_data["reference"])
        if limited(request, "track", settings.TRACK_RATE) or (
            reference
            and blocked(request, "track-reference", reference, settings.TRACK_REFERENCE_RATE)
        ):
            status = TOO_MANY
            form.add_error(None, _("Too many attempts; please try again in an hour."))
        else:
            lookup = LOOKUPS.get(reference[0]) if reference else None
            found = (
                lookup(request, reference, form.cleaned_data["verification"]) if lookup else None
            )
            if found:
                return redirect(found)
            if reference:
                failed(request, "track-reference", reference, settings.TRACK_REFERENCE_RATE)
            form.add_error(
                None,
                _(
                    "We found no application or complaint with this reference number and these "
                    "details. Check both and try again."
                ),
            )
    return render(request, "portal/track.html", {"form": form}, status=status)


def _promise(clock) -> dict | None:
    """The decision's deadline as the citizen reads it: by when, stopped while they are asked
    for information, or late."""
    if clock is None:
        return None
    if clock.paused_at is not None:
        return {"state": "paused", "due": None}
    return {"state": "late" if timezone.now() >= clock.due_at else "due", "due": clock.due_at}


@never_cache
@require_GET
def track_detail(request, reference):
    if reference.startswith(f"{COMPLAINT}-"):
        return redirect("complaints:track_detail", reference=reference)
    if reference not in request.session.get(APPLICATIONS_TRACKED, []):
        return redirect(_form_url(reference))
    # Only what the page shows: nothing personal is read.
    application = get_object_or_404(
        Application.objects.select_related("service", "agency")
        .only(
            "reference",
            "status",
            "submitted_at",
            "service__name_ar",
            "service__name_en",
            "agency__name_ar",
            "agency__name_en",
        )
        .exclude(status=Status.DRAFT),
        reference=reference,
    )
    clock = decision_clock(application) if application.is_open else None
    context = {
        "application": application,
        "meaning": MEANINGS.get(application.status),
        "promise": _promise(clock),
        "timeline": [(update, update_text(update)) for update in public_history(application)],
    }
    return render(request, "portal/track_detail.html", context)
