"""Open data at stable URLs without a language prefix (docs/open-data.md): the published catalogue
as JSON and CSV, and the HSDS 3.0 API (/services, /services/{id}, /organizations,
/organizations/{id}). Anyone may read them, from any site."""

import datetime as dt
import json

from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.dateparse import parse_datetime
from django.views.decorators.http import require_GET

from .. import exports, selectors
from ..selectors import SEARCH_LIMIT

MAX_AGE = 5 * 60
# A version of the catalogue is kept this long at most (an agency renamed, say, changes no card).
EXPORT_CACHE_SECONDS = 60 * 60
DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 200


class BadRequest(ValueError):
    """A query parameter the API does not understand; answered with 400 and the reason."""


def _url_builder(request):
    def build(name: str, args: tuple) -> str:
        return request.build_absolute_uri(reverse(name, args=args))

    return build


def _open(response):
    response["Access-Control-Allow-Origin"] = "*"
    patch_cache_control(response, public=True, max_age=MAX_AGE)
    return response


def _json(body, status: int = 200):
    return _open(JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False}))


def _error(message: str, status: int = 400):
    return _json({"error": message}, status=status)


def _language(request) -> str:
    language = request.GET.get("lang", "ar")
    if language not in exports.LANGUAGES:
        raise BadRequest("lang is ar or en")
    return language


def _positive_int(request, name: str, default: int, maximum: int | None = None) -> int:
    raw = request.GET.get(name)
    if raw in (None, ""):
        return default
    if not raw.isascii() or not raw.isdigit() or int(raw) < 1:
        raise BadRequest(f"{name} is a whole number from 1")
    value = int(raw)
    if maximum is not None and value > maximum:
        raise BadRequest(f"{name} is at most {maximum}")
    return value


def _paging(request) -> tuple[int, int]:
    page = _positive_int(request, "page", 1, maximum=1_000_000)
    return page, _positive_int(request, "per_page", DEFAULT_PER_PAGE, maximum=MAX_PER_PAGE)


def _api(view):
    """Turn a BadRequest into a 400 with its reason."""

    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except BadRequest as error:
            return _error(str(error))

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return require_GET(wrapped)


# JSON and CSV -----------------------------------------------------------------------------------


def _whole_catalogue(request, kind: str, build) -> str:
    """The export `kind`, built by `build()` once for each version of the published catalogue.

    Building thousands of cards takes most of a second; the version (selectors.catalogue_version,
    two small queries) changes with every write to a card or a life event, so a cached export is
    never out of date. The host is part of the key: the export holds absolute URLs.
    """
    key = f"catalogue:open-data:{kind}:{request.get_host()}:{selectors.catalogue_version()}"
    body = cache.get(key)
    if body is None:
        body = build()
        cache.set(key, body, EXPORT_CACHE_SECONDS)
    return body


@require_GET
def services_json(request):
    def build() -> str:
        url = _url_builder(request)
        records = [exports.service_record(s, url) for s in selectors.open_data_services()]
        body = {
            "publisher": "Masar",
            "generated_at": timezone.now().isoformat(),
            "count": len(records),
            "services": records,
        }
        return json.dumps(body, ensure_ascii=False, cls=DjangoJSONEncoder)

    body = _whole_catalogue(request, "json", build)
    return _open(HttpResponse(body, content_type="application/json"))


@require_GET
def services_csv(request):
    body = _whole_catalogue(
        request,
        "csv",
        lambda: exports.services_csv(selectors.open_data_services(), _url_builder(request)),
    )
    # With a byte-order mark, spreadsheets read the Arabic as UTF-8.
    response = HttpResponse("\ufeff" + body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="masar-services.csv"'
    return _open(response)


# HSDS -------------------------------------------------------------------------------------------


@_api
def hsds_root(request):
    return _json(
        {
            "version": exports.HSDS_VERSION,
            "profile": exports.HSDS_PROFILE,
            "openapi_url": exports.HSDS_OPENAPI,
        }
    )


def _agency_by_id(organization_id: str):
    for agency in selectors.open_data_agencies():
        if exports.organization_id(agency) == organization_id:
            return agency
    return None


@_api
def hsds_services(request):
    """Published services, paged; ?search= (the 20 best matches), ?organization_id=,
    ?modified_after=, ?lang=ar|en, ?page=, ?per_page=."""
    language = _language(request)
    page, per_page = _paging(request)
    services = selectors.published_services().select_related("agency").defer("search_vector")
    if organization := request.GET.get("organization_id"):
        agency = _agency_by_id(organization)
        services = services.filter(agency=agency) if agency else services.none()
    if modified_after := request.GET.get("modified_after"):
        try:
            since = parse_datetime(modified_after)
        except ValueError:
            since = None
        if since is None:
            raise BadRequest("modified_after is a date and time, e.g. 2026-01-31T00:00:00+03:00")
        if timezone.is_naive(since):
            since = timezone.make_aware(since, dt.UTC)
        services = services.filter(updated_at__gte=since)
    start = (page - 1) * per_page
    if search := request.GET.get("search", "").strip():
        found = selectors.service_search(
            search, language=language, queryset=services, limit=SEARCH_LIMIT
        ).services
        total, items = len(found), found[start : start + per_page]
    else:
        total = services.count()
        items = list(services.order_by("agency__code", "slug")[start : start + per_page])
    url = _url_builder(request)
    contents = [exports.hsds_service_summary(s, language, url) for s in items]
    return _json(exports.hsds_page(contents, page=page, per_page=per_page, total=total))


@_api
def hsds_service(request, pk):
    language = _language(request)
    service = selectors.open_data_services().filter(uuid=pk).first()
    if service is None:
        return _error("No published service has this id.", status=404)
    offices = selectors.open_data_offices([service.agency_id]).get(service.agency_id, [])
    return _json(exports.hsds_service(service, offices, language, _url_builder(request)))


@_api
def hsds_organizations(request):
    language = _language(request)
    page, per_page = _paging(request)
    agencies = selectors.open_data_agencies()
    start = (page - 1) * per_page
    url = _url_builder(request)
    contents = [
        exports.hsds_organization(agency, language, url)
        for agency in agencies[start : start + per_page]
    ]
    return _json(exports.hsds_page(contents, page=page, per_page=per_page, total=len(agencies)))


@_api
def hsds_organization(request, pk):
    """A fully nested organization: its offices as locations, and its services (one-to-one
    fields)."""
    language = _language(request)
    agency = _agency_by_id(str(pk))
    if agency is None:
        return _error("No organization with published services has this id.", status=404)
    url = _url_builder(request)
    offices = selectors.open_data_offices([agency.pk]).get(agency.pk, [])
    services = (
        selectors.published_services()
        .filter(agency=agency)
        .select_related("agency")
        .defer("search_vector")
        .order_by("slug")
    )
    record = exports.hsds_organization(agency, language, url)
    record["locations"] = [exports.hsds_location(office, language) for office in offices]
    record["services"] = [exports.hsds_service_summary(s, language, url) for s in services]
    return _json(record)
