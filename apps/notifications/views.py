from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.core.pagination import keyset_page
from apps.organisations.permissions import is_staff_member

from . import selectors, services
from .rendering import link_in

PAGE_SIZE = 20


@login_required
def notification_list(request):
    page = keyset_page(
        selectors.messages_visible_to(request.user),
        order=("-created_at", "-id"),
        types=("datetime", "int"),
        cursor=request.GET.get("cursor"),
        size=PAGE_SIZE,
    )
    base = "base_staff.html" if is_staff_member(request.user) else "base_public.html"
    return render(request, "notifications/list.html", {"page": page, "base_template": base})


@login_required
@require_POST
def notification_open(request, message_id: int):
    """Mark one message read, then go where it points (in the reader's current language)."""
    message = get_object_or_404(selectors.messages_visible_to(request.user), pk=message_id)
    services.message_mark_read(message=message, actor=request.user)
    link = link_in(message.link, get_language())
    # Links are written by our own code; checked anyway, so a bad one cannot lead off the site.
    if link and url_has_allowed_host_and_scheme(
        link, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(link)
    return redirect("notifications:list")


@login_required
@require_POST
def notification_read_all(request):
    count = services.messages_mark_all_read(actor=request.user)
    if count:
        messages.success(request, _("All notifications are marked as read."))
    return redirect("notifications:list")
