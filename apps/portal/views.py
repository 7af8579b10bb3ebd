from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from apps.organisations.permissions import is_staff_member


def home(request):
    return render(request, "portal/home.html")


@login_required
def after_login(request):
    """Staff land on their staff home, citizens on the public home."""
    if is_staff_member(request.user):
        return redirect("dashboards:home")
    return redirect("portal:home")
