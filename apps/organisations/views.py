from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from . import services
from .forms import SetPasswordForm, StaffInviteForm
from .models import Membership
from .permissions import staff_required
from .selectors import agencies_administered_by, offices_administered_by, staff_visible_to

Role = Membership.Role


@staff_required(Role.AGENCY_ADMIN)
def staff_list(request):
    page = Paginator(staff_visible_to(request.user), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "organisations/staff_list.html",
        {"page": page, "agencies": agencies_administered_by(request.user)},
    )


@staff_required(Role.AGENCY_ADMIN)
@require_http_methods(["GET", "POST"])
def staff_invite(request):
    form = StaffInviteForm(request.POST or None, offices=offices_administered_by(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            user, invited = services.staff_invite(
                **form.cleaned_data,
                actor=request.user,
                build_link=lambda token: request.build_absolute_uri(
                    reverse("organisations:invite_accept", args=[token])
                ),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if invited:
                messages.success(
                    request, _("An invitation was emailed to %(email)s.") % {"email": user.email}
                )
            else:
                messages.success(
                    request,
                    _("%(name)s already had an account and now holds the new role.")
                    % {"name": user},
                )
            return redirect("organisations:staff_list")
    return render(request, "organisations/staff_invite.html", {"form": form})


@require_http_methods(["GET", "POST"])
def invite_accept(request, token):
    try:
        invite = services.staff_invite_for_token(token)
    except ValidationError as error:
        return render(
            request, "organisations/invite_invalid.html", {"errors": error.messages}, status=410
        )
    form = SetPasswordForm(request.POST or None, user=invite.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.staff_invite_accept(token=token, password=form.cleaned_data["password1"])
        except ValidationError as error:
            return render(
                request, "organisations/invite_invalid.html", {"errors": error.messages}, status=410
            )
        messages.success(
            request,
            _("Your password is set. Sign in, then set up your second sign-in factor."),
        )
        return redirect("account_login")
    return render(request, "organisations/invite_accept.html", {"form": form, "invite": invite})
