from django.shortcuts import render
from django.views.decorators.http import require_GET

from apps.core.pagination import keyset_page
from apps.organisations.models import Membership
from apps.organisations.permissions import staff_required

from . import selectors
from .filters import AuditEventFilter

Role = Membership.Role
PAGE_SIZE = 50


@staff_required(Role.OVERSIGHT, Role.AGENCY_ADMIN)
@require_GET
def audit_log(request):
    """The audit trail, newest first, one keyset page at a time (no OFFSET, no COUNT).

    Reading it is not itself audited: the page shows ids, codes and staff addresses, never a
    person's record, and recording every look at the log would fill the log with its readers.
    """
    filterset = AuditEventFilter(request.GET, queryset=selectors.events_visible_to(request.user))
    page, rows = None, []
    if filterset.is_valid():
        page = keyset_page(
            selectors.for_display(filterset.qs),
            order=("-at", "-id"),
            types=("datetime", "int"),
            cursor=request.GET.get("cursor"),
            size=PAGE_SIZE,
        )
        names = dict(selectors.object_types())
        rows = [(event, names.get(event.object_type, event.object_type)) for event in page]
    query = request.GET.copy()
    query.pop("cursor", None)
    return render(
        request,
        "audit/audit_log.html",
        {"filter": filterset, "page": page, "rows": rows, "query": query.urlencode()},
    )
