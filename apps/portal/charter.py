"""The customer charter: the citizen's rights and obligations, and the times each agency promises
(its published services' processing and referral-answer times and fees, its complaint subjects'
times to acknowledge and to resolve). One agency at a time, its services by keyset pages, so the
page reads the same few rows however many cards the catalogue holds."""

from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import render
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from apps.catalogue.selectors import catalogue_page, published_services
from apps.complaints.models import ComplaintCategory
from apps.core.models import in_active_language
from apps.organisations.models import Agency

from .forms import CharterForm

SERVICES_PER_PAGE = 50


def _agencies() -> list[tuple[str, str]]:
    """(code, name) of the agencies that promise something: a published service or a complaint
    subject offered, by name in the active language. One query."""
    offered = ComplaintCategory.objects.filter(agency=OuterRef("pk"), is_active=True)
    rows = Agency.objects.filter(
        Exists(published_services().filter(agency=OuterRef("pk"))) | Exists(offered)
    ).values_list("pk", "code", "name_ar", "name_en")
    return sorted(
        ((pk, code, in_active_language(ar, en)) for pk, code, ar, en in rows), key=lambda a: a[2]
    )


@require_GET
def charter(request):
    agencies = _agencies()
    choices = [(code, name) for _pk, code, name in agencies]
    form = CharterForm(
        request.GET if "agency" in request.GET else None,
        agencies=choices,
        initial={"agency": choices[0][0] if choices else ""},
    )
    chosen = None
    if form.is_bound:
        # An agency that promises nothing here, or none at all, is not a page of the charter.
        if not form.is_valid():
            raise Http404
        chosen = form.cleaned_data["agency"]
    elif choices:
        chosen = choices[0][0]
    context = {"form": form, "agency": None, "page": None, "categories": []}
    if chosen is not None:
        pk, code, name = next(agency for agency in agencies if agency[1] == chosen)
        language = get_language()
        cards = (
            published_services()
            .filter(agency_id=pk)
            .only(
                "slug",
                "name_ar",
                "name_en",
                "fee",
                "fee_note_ar",
                "fee_note_en",
                "processing_days",
                "referral_response_days",
                "agency__code",
            )
        )
        order = "name_en" if (language or "").startswith("en") else "name_ar"
        context |= {
            "agency": {"code": code, "name": name},
            "page": catalogue_page(
                cards, language=language, cursor=request.GET.get("cursor"), size=SERVICES_PER_PAGE
            ),
            "categories": list(
                ComplaintCategory.objects.filter(agency_id=pk, is_active=True)
                .only("name_ar", "name_en", "acknowledge_hours", "resolve_days")
                .order_by(order, "pk")
            ),
            "query": urlencode({"agency": code}),
        }
    return render(request, "portal/charter.html", context)
