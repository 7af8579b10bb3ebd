from django.shortcuts import render

from apps.organisations.navigation import ROLE_DUTIES, actions_for
from apps.organisations.permissions import staff_required
from apps.organisations.selectors import memberships_of


@staff_required()
def home(request):
    memberships = [
        {"membership": m, "duties": ROLE_DUTIES[m.role], "actions": actions_for(m.role)}
        for m in memberships_of(request.user)
    ]
    return render(request, "dashboards/home.html", {"memberships": memberships})
