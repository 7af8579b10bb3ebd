import django_filters
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from .models import Channel, LifeEventService, Pillar, Service
from .search import MAX_QUERY, searchable


class CatalogueFilter(django_filters.FilterSet):
    """Filters of the public catalogue. The agency and life-event choices come from the view (the
    agencies with published cards, the life events), one query each; every filter is served by
    an index (see Service.Meta.indexes and LifeEventService's)."""

    q = django_filters.CharFilter(
        label=_("Search for a service"), method="filter_nothing", max_length=MAX_QUERY
    )
    agency = django_filters.ChoiceFilter(
        label=_("Agency"), field_name="agency__code", empty_label=_("All agencies")
    )
    pillar = django_filters.ChoiceFilter(
        label=_("Pillar"), choices=Pillar.choices, empty_label=_("All pillars")
    )
    life_event = django_filters.ChoiceFilter(
        label=_("Life event"), method="filter_life_event", empty_label=_("Any life event")
    )
    channel = django_filters.ChoiceFilter(
        label=_("Channel"),
        choices=Channel.choices,
        method="filter_channel",
        empty_label=_("Any channel"),
    )

    class Meta:
        model = Service
        fields = ["q", "agency", "pillar", "life_event", "channel"]

    def __init__(self, *args, agencies, life_events, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["agency"].extra["choices"] = agencies
        self.filters["life_event"].extra["choices"] = life_events

    def filter_nothing(self, queryset, name, value):
        return queryset  # the search is run by the view, on the filtered cards

    def filter_life_event(self, queryset, name, value):
        links = LifeEventService.objects.filter(service=OuterRef("pk"), life_event__code=value)
        return queryset.filter(Exists(links))

    def filter_channel(self, queryset, name, value):
        return queryset.filter(channels__contains=[value])


class StaffCatalogueFilter(django_filters.FilterSet):
    """The staff list: the user's agency's cards (any status) or other agencies' published ones."""

    MINE = "mine"
    OTHERS = "others"

    q = django_filters.CharFilter(label=_("Name"), method="filter_name", max_length=MAX_QUERY)
    scope = django_filters.ChoiceFilter(
        label=_("Cards"),
        choices=[(MINE, _("My agency's cards")), (OTHERS, _("Other agencies' cards (read-only)"))],
        empty_label=None,
        method="filter_nothing",
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Service.Status.choices, empty_label=_("Any status")
    )

    class Meta:
        model = Service
        fields = ["q", "scope", "status"]

    def filter_nothing(self, queryset, name, value):
        return queryset  # the view picks the scope's queryset

    def filter_name(self, queryset, name, value):
        value = searchable(value)
        # LIKE on the normalised names, served by the trigram index service_name_trgm.
        return queryset.filter(search_name__contains=value) if value else queryset
