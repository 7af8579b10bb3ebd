from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchRank, TrigramSimilarity
from django.db.models import (
    Count,
    Exists,
    F,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    TextField,
)
from django.db.models.functions import Cast, Greatest

from apps.core.models import in_active_language
from apps.core.pagination import KeysetPage, keyset_page
from apps.organisations.models import Agency, Office, User
from apps.organisations.selectors import agencies_administered_by

from .models import (
    LifeEvent,
    LifeEventService,
    RequiredDocument,
    SearchWord,
    Service,
    ServiceChange,
)
from .search import fts_query, highlight, lexemes, query_terms, searchable

Status = Service.Status
# A search shows the best matches, not every card that shares a word with the query.
SEARCH_LIMIT = 20
# The typo fallback corrects single words; shorter ones have too few trigrams to compare.
MIN_FALLBACK_TERM = 3
# pg_trgm's similarity threshold (the `%` operator), which the candidates already pass.
MIN_SIMILARITY = 0.3
CORRECTION_CANDIDATES = 200
PAGE_SIZE = 20


def _language(language: str) -> str:
    return "en" if (language or "").startswith("en") else "ar"


def _in(language: str, arabic: str, english: str) -> str:
    """Bilingual content in `language`, falling back to the other (in_active_language, for a
    language given rather than active)."""
    return (english or arabic) if language == "en" else (arabic or english)


# Scopes -----------------------------------------------------------------------------------------


def agencies_editable_by(user: User) -> QuerySet[Agency]:
    """The agencies whose cards the user may write: those they administer."""
    return agencies_administered_by(user)


def published_services() -> QuerySet[Service]:
    return Service.objects.filter(status=Status.PUBLISHED)


def _for_display(queryset: QuerySet[Service]) -> QuerySet[Service]:
    """Cards with their agency, without the search vector, which no page shows."""
    return queryset.select_related("agency").defer("search_vector")


def services_visible_to(user: User) -> QuerySet[Service]:
    """For the staff pages: every card of the agencies the user administers, whatever its status,
    and the published cards of every other agency (read-only)."""
    if not user.is_authenticated:
        return published_services()
    own = agencies_administered_by(user).values("pk")
    return Service.objects.filter(Q(agency__in=own) | Q(status=Status.PUBLISHED))


def services_editable_by(user: User) -> QuerySet[Service]:
    if not user.is_authenticated:
        return Service.objects.none()
    return Service.objects.filter(agency__in=agencies_administered_by(user).values("pk"))


def can_edit(user: User, service: Service) -> bool:
    return agencies_editable_by(user).filter(pk=service.agency_id).exists()


# Public pages -----------------------------------------------------------------------------------


def catalogue_page(
    queryset: QuerySet[Service], *, language: str, cursor: str | None, size: int = PAGE_SIZE
) -> KeysetPage:
    """A page of cards by name in the page's language (index service_pub_name_<language>)."""
    name = f"name_{_language(language)}"
    return keyset_page(
        _for_display(queryset),
        order=(name, "id"),
        types=("str", "int"),
        cursor=cursor,
        size=size,
    )


def service_card(slug: str) -> Service:
    """A published card by its web address; Service.DoesNotExist otherwise."""
    return _for_display(published_services()).get(slug=slug)


def service_documents(service: Service) -> list[RequiredDocument]:
    return list(service.documents.order_by("position", "id"))


def service_offices(service: Service) -> list[Office]:
    """Where to go: the agency's active offices, the head office first, then by governorate."""
    return list(
        Office.objects.filter(agency_id=service.agency_id, is_active=True)
        .select_related("governorate")
        .order_by("-is_head_office", "governorate__position", "pk")
    )


def service_life_events(service: Service) -> list[LifeEvent]:
    return list(LifeEvent.objects.filter(links__service=service).order_by("position", "code"))


def life_events_with_services() -> list[LifeEvent]:
    """Every life event with its published services in order (`published_links`): two queries."""
    links = (
        LifeEventService.objects.filter(service__status=Status.PUBLISHED)
        .select_related("service__agency")
        .order_by("position", "id")
    )
    return list(
        LifeEvent.objects.prefetch_related(
            Prefetch("links", queryset=links, to_attr="published_links")
        )
    )


def life_event_detail(code: str) -> LifeEvent:
    """A life event with its published services in order; LifeEvent.DoesNotExist otherwise."""
    links = (
        LifeEventService.objects.filter(service__status=Status.PUBLISHED)
        .select_related("service__agency")
        .order_by("position", "id")
    )
    return LifeEvent.objects.prefetch_related(
        Prefetch("links", queryset=links, to_attr="published_links")
    ).get(code=code)


# Search -----------------------------------------------------------------------------------------


@dataclass
class SearchResults:
    query: str
    services: list[Service] = field(default_factory=list)
    # Nothing matched the query as typed: these cards match it with its words corrected to the
    # closest words of the catalogue (`corrected`, as the cards write them).
    approximate: bool = False
    corrected: str = ""
    # More cards matched than are shown.
    truncated: bool = False


def _full_text(base: QuerySet[Service], terms: list[str], language: str, limit: int):
    tsquery = fts_query(terms)
    return list(
        base.filter(search_vector=tsquery)
        .annotate(
            rank=SearchRank(F("search_vector"), tsquery),
            tsquery_text=Cast(tsquery, output_field=TextField()),
        )
        .order_by("-rank", f"name_{language}", "pk")[: limit + 1]
    )


def service_search(
    query: str,
    *,
    language: str,
    queryset: QuerySet[Service] | None = None,
    limit: int = SEARCH_LIMIT,
) -> SearchResults:
    """Published cards (or `queryset`) matching a query in Arabic or English, best first.

    Full text: every word of the query as a prefix, stemmed by the `arabic` or the `english`
    configuration, over the normalised card text (GIN index service_search_vector), ranked by
    ts_rank with the names weighing most. When that finds nothing, the typo fallback corrects
    each word to the closest word of the catalogue's vocabulary (trigram similarity, GIN index
    search_word_trgm), drops the words it cannot correct, and searches again. Each result
    carries `name_marked` and `summary_marked` in `language`, escaped, with the matching words
    in <mark>. One query; three when falling back.
    """
    language = _language(language)
    terms = query_terms(query)
    results = SearchResults(query=" ".join(searchable(query or "").split())[:200])
    if not terms:
        return results
    base = _for_display(published_services() if queryset is None else queryset)
    rows = _full_text(base, terms, language, limit)
    if not rows:
        corrected = _corrected(terms)
        if corrected and [word for word, _shown in corrected] != terms:
            rows = _full_text(base, [word for word, _shown in corrected], language, limit)
            results.approximate = bool(rows)
            results.corrected = " ".join(shown for _word, shown in corrected)
    stems = lexemes(rows[0].tsquery_text) if rows else []
    results.truncated = len(rows) > limit
    results.services = rows[:limit]
    for service in results.services:
        service.name_marked = highlight(_in(language, service.name_ar, service.name_en), stems)
        service.summary_marked = highlight(
            _in(language, service.summary_ar, service.summary_en), stems
        )
    return results


def _corrected(terms: list[str]) -> list[tuple[str, str]]:
    """Each term as the closest catalogue word, (word, as written); terms too short to correct
    are kept, terms with no close word dropped."""
    long_terms = [term for term in terms if len(term) >= MIN_FALLBACK_TERM]
    if not long_terms:
        return []
    close = Q()
    for term in long_terms:
        close |= Q(word__trigram_similar=term)  # `%`: similarity at least pg_trgm's 0.3
    similarity = {f"s{i}": TrigramSimilarity("word", term) for i, term in enumerate(long_terms)}
    scores = [F(name) for name in similarity]
    closest = Greatest(*scores) if len(scores) > 1 else scores[0]
    candidates = list(
        SearchWord.objects.filter(close)
        .annotate(**similarity)
        .order_by(closest.desc(), "word")
        .values("word", "shown", *similarity)[:CORRECTION_CANDIDATES]
    )
    corrected = []
    for term in terms:
        if term not in long_terms:
            corrected.append((term, term))
            continue
        key = f"s{long_terms.index(term)}"
        best = max(candidates, key=lambda c: (c[key], c["word"] == term), default=None)
        if best is not None and best[key] >= MIN_SIMILARITY:
            corrected.append((best["word"], best["shown"]))
    return corrected


# Staff pages ------------------------------------------------------------------------------------


def staff_page(queryset: QuerySet[Service], *, cursor: str | None, size: int = 25) -> KeysetPage:
    """Cards most recently changed first (index service_agency_updated)."""
    return keyset_page(
        _for_display(queryset),
        order=("-updated_at", "-id"),
        types=("datetime", "int"),
        cursor=cursor,
        size=size,
    )


def service_history(service: Service, *, cursor: str | None, size: int = 50) -> KeysetPage:
    return keyset_page(
        ServiceChange.objects.filter(service=service).select_related("actor"),
        order=("-id",),
        types=("int",),
        cursor=cursor,
        size=size,
    )


# Open data --------------------------------------------------------------------------------------


def open_data_services() -> QuerySet[Service]:
    """Published cards with everything the exports show: three queries whatever their number."""
    return (
        _for_display(published_services())
        .prefetch_related(
            Prefetch("documents", queryset=RequiredDocument.objects.order_by("position", "id")),
            Prefetch(
                "life_event_links",
                queryset=LifeEventService.objects.select_related("life_event").order_by(
                    "life_event__position", "life_event__code"
                ),
            ),
        )
        .order_by("agency__code", "slug")
    )


def catalogue_filter_choices() -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(code, name) of the agencies that have published cards, and of the life events, by name
    in the active language: the choices of the catalogue's filters. Two queries."""
    agencies = Agency.objects.filter(
        Exists(published_services().filter(agency=OuterRef("pk")))
    ).values_list("code", "name_ar", "name_en")
    events = LifeEvent.objects.values_list("code", "name_ar", "name_en")
    agency_choices = sorted(
        ((code, in_active_language(ar, en)) for code, ar, en in agencies), key=lambda c: c[1]
    )
    event_choices = [(code, in_active_language(ar, en)) for code, ar, en in events]
    return agency_choices, event_choices


def retired_card_exists(slug: str) -> bool:
    return Service.objects.filter(slug=slug, status=Status.RETIRED).exists()


def catalogue_version() -> str:
    """Changes whenever a published card, or the set of published cards, or a life event's
    services change: the number and the last change of published cards, and of life-event links
    (which life_event_load replaces, so their last id moves). Two small queries."""
    cards = published_services().aggregate(count=Count("pk"), changed=Max("updated_at"))
    links = LifeEventService.objects.aggregate(count=Count("pk"), last=Max("pk"))
    changed = cards["changed"].isoformat() if cards["changed"] else "-"
    return f"{cards['count']}-{changed}-{links['count']}-{links['last']}"


def open_data_offices(agency_ids) -> dict[int, list[Office]]:
    """The active offices of these agencies, head office first then by governorate: one query."""
    offices: dict[int, list[Office]] = {}
    for office in (
        Office.objects.filter(agency_id__in=agency_ids, is_active=True)
        .select_related("agency", "governorate")
        .order_by("agency_id", "-is_head_office", "governorate__position", "pk")
    ):
        offices.setdefault(office.agency_id, []).append(office)
    return offices


def open_data_agencies() -> list[Agency]:
    """The agencies that have published cards, by code."""
    return list(
        Agency.objects.filter(Exists(published_services().filter(agency=OuterRef("pk")))).order_by(
            "code"
        )
    )
