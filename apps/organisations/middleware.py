import time

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import get_language_from_path
from django.utils.translation import gettext as _

from .selectors import roles_of

LAST_SEEN_KEY = "masar_last_seen"
# Refresh the idle clock at most this often, so that not every request writes the session.
LAST_SEEN_RESOLUTION = 60


def _is_staff_page(path: str) -> bool:
    language = get_language_from_path(path)
    if language:
        path = path[len(language) + 1 :]
    return path.startswith(("/staff/", "/admin/"))


class StaffSessionMiddleware:
    """For staff: end the session after STAFF_IDLE_TIMEOUT idle seconds, and require a second
    factor before any staff page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and (user.is_staff or roles_of(user)):
            now = int(time.time())
            last_seen = request.session.get(LAST_SEEN_KEY)
            if last_seen is not None and now - last_seen > settings.STAFF_IDLE_TIMEOUT:
                logout(request)
                messages.info(
                    request,
                    _(
                        "You were signed out after 30 minutes without activity. Please sign in again."
                    ),
                )
                return redirect(f"{reverse('account_login')}?next={request.path}")
            if last_seen is None or now - last_seen >= LAST_SEEN_RESOLUTION:
                request.session[LAST_SEEN_KEY] = now
                request.session.set_expiry(settings.STAFF_IDLE_TIMEOUT)
            if _is_staff_page(request.path) and not _has_second_factor(user):
                messages.warning(
                    request,
                    _(
                        "Staff accounts must set up a second sign-in factor before opening staff pages."
                    ),
                )
                return redirect("mfa_activate_totp")
        return self.get_response(request)


def _has_second_factor(user) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
