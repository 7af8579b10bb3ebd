"""The complaint form's rate limit, per client address (apps/core/ratelimits.py). Tracking has
its own, on the one tracking page of every reference (apps/portal/tracking.py)."""

from django.conf import settings

from apps.core.ratelimits import limited


def submit_limited(request) -> bool:
    return limited(request, "complaints.submit", settings.COMPLAINTS_SUBMIT_RATE)
