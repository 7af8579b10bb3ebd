"""The public catalogue: no sign-in needed."""

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from apps.organisations.permissions import is_staff_member

from .. import selectors
from ..filters import CatalogueFilter
from ..models import LifeEvent, Service


def query_without_cursor(request) -> str:
    query = request.GET.copy()
    query.pop("cursor", None)
    return query.urlencode()


@require_GET
def service_list(request):
    """Browse by agency, pillar, life event and channel, by name; or search, best match first.
    Filters the page does not understand are left out and named in a message."""
    language = get_language()
    agencies, life_events = selectors.catalogue_filter_choices()
    filterset = CatalogueFilter(
        request.GET or None,
        queryset=selectors.published_services(),
        agencies=agencies,
        life_events=life_events,
    )
    problems = []
    if filterset.is_bound and not filterset.is_valid():
        fields = filterset.form.fields
        problems = [
            (fields[name].label if name in fields else "", errors)
            for name, errors in filterset.form.errors.items()
        ]
    cards = filterset.qs
    query = filterset.form.cleaned_data.get("q", "") if filterset.is_bound else ""
    results = page = None
    if query.strip():
        results = selectors.service_search(query, language=language, queryset=cards)
    else:
        page = selectors.catalogue_page(cards, language=language, cursor=request.GET.get("cursor"))
    return render(
        request,
        "catalogue/service_list.html",
        {
            "filter": filterset,
            "problems": problems,
            "results": results,
            "page": page,
            "query": query_without_cursor(request),
        },
    )


@require_GET
def service_detail(request, slug):
    try:
        service = selectors.service_card(slug)
    except Service.DoesNotExist:
        if selectors.retired_card_exists(slug):
            return render(request, "catalogue/service_retired.html", status=410)
        raise Http404 from None
    return render(
        request,
        "catalogue/service_detail.html",
        {
            "service": service,
            "documents": selectors.service_documents(service),
            "offices": selectors.service_offices(service),
            "life_events": selectors.service_life_events(service),
            "is_staff": is_staff_member(request.user),
        },
    )


@require_GET
def life_event_list(request):
    return render(
        request,
        "catalogue/life_event_list.html",
        {"life_events": selectors.life_events_with_services()},
    )


@require_GET
def life_event_detail(request, code):
    try:
        life_event = selectors.life_event_detail(code)
    except LifeEvent.DoesNotExist:
        raise Http404 from None
    online = sum(1 for link in life_event.published_links if link.service.applicable_online)
    context = {"life_event": life_event, "online_count": online}
    return render(request, "catalogue/life_event_detail.html", context)
