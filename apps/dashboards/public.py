"""The public transparency page and its open data (docs/transparency.md), no sign-in: per agency
and completed month, the agency dashboard's figures summed over the agency's offices from the
monthly figures, never one computed from fewer than ``settings.DASHBOARDS_MIN_GROUP`` records.

The page reads the rows of one month (the open data those of the last twelve at most) in one
query, whatever the number of cases, referrals or complaints behind them; what it computes from
them is kept in the cache for five minutes, as long as a browser or a proxy may keep the answer.
"""

import json
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import TextChoices
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from apps.cases.models import Case, Pillar
from apps.complaints.models import Complaint
from apps.core.models import in_active_language
from apps.referrals.models import Referral

from .exports import csv_bytes
from .figures import add_months, combine, first_of_month, median_hours, ratio, share
from .models import MonthlyFigure

Domain = MonthlyFigure.Domain
MONTHS = 12  # completed months published
MAX_AGE = 5 * 60
CACHE_VERSION = 1


@dataclass(frozen=True)
class Indicator:
    """One published figure of an agency's month.

    kind: ``count`` (fields: the counter), ``share`` (part, whole: a percentage), ``median``
    (a histogram in hours), ``average`` (sum, count) or ``breakdown`` (a {choice: n} counter,
    one figure per choice of ``choices``). ``base`` is the number of records behind a figure: the
    count itself, the whole of a share, the records of a histogram, the count of an average.
    """

    key: str
    domain: str
    kind: str
    fields: tuple[str, ...]
    label: str
    unit: str = "count"
    choices: type[TextChoices] | None = None


INDICATORS = [
    Indicator("referrals_sent", Domain.REFERRALS_SENT, "count", ("sent",), _("Referrals sent")),
    Indicator(
        "referrals_received",
        Domain.REFERRALS_RECEIVED,
        "count",
        ("received",),
        _("Referrals received"),
    ),
    Indicator(
        "referrals_answered_in_time",
        Domain.REFERRALS_RECEIVED,
        "share",
        ("answered_in_time", "answered_settled"),
        _("Referrals answered within the promised time"),
        "percent",
    ),
    Indicator(
        "referrals_answer_median_hours",
        Domain.REFERRALS_RECEIVED,
        "median",
        ("hours_to_answer",),
        _("Median time to answer a referral"),
        "hours",
    ),
    Indicator(
        "referrals_completed",
        Domain.REFERRALS_RECEIVED,
        "count",
        ("completed",),
        _("Referrals completed"),
    ),
    Indicator(
        "referrals_complete_median_hours",
        Domain.REFERRALS_RECEIVED,
        "median",
        ("hours_to_complete",),
        _("Median time from acceptance to completion"),
        "hours",
    ),
    Indicator(
        "referrals_declined",
        Domain.REFERRALS_RECEIVED,
        "count",
        ("declined",),
        _("Referrals declined"),
    ),
    Indicator(
        "referrals_decline_reasons",
        Domain.REFERRALS_RECEIVED,
        "breakdown",
        ("decline_reasons",),
        _("Referrals declined, by reason"),
        choices=Referral.DeclineReason,
    ),
    Indicator(
        "referrals_outcomes",
        Domain.REFERRALS_RECEIVED,
        "breakdown",
        ("outcomes",),
        _("Referrals completed, by outcome"),
        choices=Referral.Outcome,
    ),
    Indicator(
        "complaints_received",
        Domain.COMPLAINTS,
        "count",
        ("received",),
        _("Complaints, suggestions and enquiries received"),
    ),
    Indicator(
        "complaints_by_kind",
        Domain.COMPLAINTS,
        "breakdown",
        ("by_kind",),
        _("Received, by kind"),
        choices=Complaint.Kind,
    ),
    Indicator(
        "complaints_acknowledged_in_time",
        Domain.COMPLAINTS,
        "share",
        ("acknowledged_in_time", "acknowledged_settled"),
        _("Acknowledged within the promised time"),
        "percent",
    ),
    Indicator(
        "complaints_resolved_in_time",
        Domain.COMPLAINTS,
        "share",
        ("resolved_in_time", "resolved_settled"),
        _("Answered within the promised time"),
        "percent",
    ),
    Indicator(
        "complaints_resolution_median_hours",
        Domain.COMPLAINTS,
        "median",
        ("resolved_hours",),
        _("Median time to answer"),
        "hours",
    ),
    Indicator(
        "complaints_satisfaction_average",
        Domain.COMPLAINTS,
        "average",
        ("rating_sum", "rating_count"),
        _("Average satisfaction (1 to 5)"),
        "rating",
    ),
    Indicator(
        "complaints_satisfied",
        Domain.COMPLAINTS,
        "share",
        ("satisfied", "rating_count"),
        _("Satisfied (rated 4 or 5)"),
        "percent",
    ),
    Indicator(
        "complaints_reopened",
        Domain.COMPLAINTS,
        "share",
        ("reopened", "answered"),
        _("Reopened after the answer"),
        "percent",
    ),
    Indicator(
        "applications_received",
        Domain.APPLICATIONS,
        "count",
        ("received",),
        _("Online applications received"),
    ),
    Indicator(
        "applications_decision_median_hours",
        Domain.APPLICATIONS,
        "median",
        ("decided_hours",),
        _("Median time to a decision"),
        "hours",
    ),
    Indicator(
        "applications_within_time",
        Domain.APPLICATIONS,
        "share",
        ("within_time", "settled"),
        _("Decided within the promised time"),
        "percent",
    ),
    Indicator(
        "applications_approved",
        Domain.APPLICATIONS,
        "share",
        ("approved", "decided"),
        _("Approved, of the decided"),
        "percent",
    ),
    Indicator("cases_opened", Domain.CASES, "count", ("opened",), _("Cases opened")),
    Indicator("cases_closed", Domain.CASES, "count", ("closed",), _("Cases closed")),
    Indicator(
        "cases_opened_by_risk",
        Domain.CASES,
        "breakdown",
        ("by_risk",),
        _("Cases opened, by risk level"),
        choices=Case.Risk,
    ),
    Indicator(
        "plan_actions_by_pillar",
        Domain.CASES,
        "breakdown",
        ("actions_by_pillar",),
        _("Plan actions added, by pillar of the social protection strategy"),
        choices=Pillar,
    ),
]
SECTIONS = [
    (_("Referrals between agencies"), (Domain.REFERRALS_SENT, Domain.REFERRALS_RECEIVED)),
    (_("Complaints, suggestions and enquiries"), (Domain.COMPLAINTS,)),
    (_("Online applications"), (Domain.APPLICATIONS,)),
    (_("Cases"), (Domain.CASES,)),
]
ROUNDING = {"percent": 1, "hours": 1, "rating": 2}


def min_group() -> int:
    return getattr(settings, "DASHBOARDS_MIN_GROUP", 10)


def published_months(today: date | None = None) -> list[date]:
    """The completed months the page offers, newest first: never the current one."""
    current = first_of_month(today or timezone.localdate())
    return [add_months(current, -n) for n in range(1, MONTHS + 1)]


# --- computing the figures -------------------------------------------------------------------


def _figure(value, base: int, minimum: int, unit: str) -> dict:
    if base < minimum or value is None:
        return {"value": None, "suppressed": base < minimum}
    if unit in ROUNDING:
        value = round(value, ROUNDING[unit])
    return {"value": value, "suppressed": False}


def _breakdown(counts: dict, choices, minimum: int) -> dict[str, dict]:
    """A figure per choice; below the minimum suppressed. When a single one is, the smallest
    shown one is too, so that the total less the others does not give it away."""
    values = {choice: (counts or {}).get(choice, 0) for choice in choices.values}
    figures = {choice: _figure(n, n, minimum, "count") for choice, n in values.items()}
    hidden = [choice for choice, figure in figures.items() if figure["suppressed"]]
    shown = [choice for choice, figure in figures.items() if not figure["suppressed"]]
    if len(hidden) == 1 and shown:
        smallest = min(shown, key=lambda choice: (values[choice], choice))
        figures[smallest] = {"value": None, "suppressed": True}
    return figures


def indicator_values(counters: dict[str, dict], minimum: int) -> dict[str, dict]:
    """{indicator key (a breakdown's as ``key.choice``): {"value", "suppressed"}} of one agency's
    month, from its summed counters per domain."""
    result = {}
    for indicator in INDICATORS:
        found = counters.get(indicator.domain, {})
        fields = [found.get(name) for name in indicator.fields]
        if indicator.kind == "count":
            n = fields[0] or 0
            result[indicator.key] = _figure(n, n, minimum, indicator.unit)
        elif indicator.kind == "share":
            part, whole = fields
            result[indicator.key] = _figure(share(part, whole), whole or 0, minimum, indicator.unit)
        elif indicator.kind == "average":
            total, count = fields
            result[indicator.key] = _figure(
                ratio(total, count), count or 0, minimum, indicator.unit
            )
        elif indicator.kind == "median":
            histogram = fields[0] or {}
            base = sum(histogram.values())
            result[indicator.key] = _figure(median_hours(histogram), base, minimum, indicator.unit)
        else:
            for choice, figure in _breakdown(fields[0], indicator.choices, minimum).items():
                result[f"{indicator.key}.{choice}"] = figure
    return result


def _compute(months: list[date], minimum: int) -> list[dict]:
    rows = (
        MonthlyFigure.objects.filter(month__in=months)
        .order_by()
        .values_list(
            "month",
            "agency_id",
            "agency__code",
            "agency__name_ar",
            "agency__name_en",
            "domain",
            "counters",
            "computed_at",
        )
    )
    groups: dict[tuple, dict] = {}
    for month, agency_id, code, name_ar, name_en, domain, counters, computed_at in rows:
        group = groups.setdefault(
            (month, agency_id),
            {
                "month": month,
                "agency": {"code": code, "name_ar": name_ar, "name_en": name_en},
                "computed_at": computed_at,
                "counters": {},
            },
        )
        group["counters"].setdefault(domain, []).append(counters)
        group["computed_at"] = max(group["computed_at"], computed_at)
    result = []
    for group in groups.values():
        summed = {domain: combine(rows) for domain, rows in group.pop("counters").items()}
        result.append(group | {"values": indicator_values(summed, minimum)})
    result.sort(key=lambda group: (-group["month"].toordinal(), group["agency"]["code"]))
    return result


def published(months: list[date]) -> list[dict]:
    """Per (month, agency) of `months`: the agency, when its figures were computed, and the value
    of every indicator (None where suppressed). Kept in the cache for five minutes."""
    minimum = min_group()
    key = f"dashboards:public:{CACHE_VERSION}:{minimum}:" + ",".join(m.isoformat() for m in months)
    found = cache.get(key)
    if found is None:
        found = _compute(months, minimum)
        cache.set(key, found, MAX_AGE)
    return found


# --- the page --------------------------------------------------------------------------------


def _month(request, months: list[date]) -> date | None:
    """The month asked for (``?month=YYYY-MM``), one of `months`; None when none is asked."""
    raw = request.GET.get("month")
    if raw in (None, ""):
        return None
    try:
        year, number = (int(part) for part in raw.split("-"))
        asked = date(year, number, 1)
    except ValueError:
        raise Http404 from None
    if asked not in months:
        raise Http404  # the current month, a future one, or one no longer published
    return asked


def _public(response):
    patch_cache_control(response, public=True, max_age=MAX_AGE)
    return response


def _sections(values: dict[str, dict]) -> list[dict]:
    """The indicators of one agency's month, labelled in the active language, by section."""
    sections = []
    for title, domains in SECTIONS:
        items = []
        for indicator in INDICATORS:
            if indicator.domain not in domains:
                continue
            if indicator.kind == "breakdown":
                parts = [
                    {"label": label, **values[f"{indicator.key}.{choice}"]}
                    for choice, label in indicator.choices.choices
                ]
                items.append({"label": indicator.label, "unit": "count", "parts": parts})
            else:
                items.append(
                    {"label": indicator.label, "unit": indicator.unit, **values[indicator.key]}
                )
        sections.append({"title": title, "items": items})
    return sections


@require_GET
def page(request):
    months = published_months()
    month = _month(request, months) or months[0]
    agencies = [
        {
            "code": group["agency"]["code"],
            "name": in_active_language(group["agency"]["name_ar"], group["agency"]["name_en"]),
            "computed_at": group["computed_at"],
            "sections": _sections(group["values"]),
        }
        for group in published([month])
    ]
    context = {
        "months": months,
        "month": month,
        "agencies": agencies,
        "computed_at": max((a["computed_at"] for a in agencies), default=None),
        "min_group": min_group(),
    }
    return _public(render(request, "dashboards/public.html", context))


# --- open data -------------------------------------------------------------------------------


def _open_rows(request) -> tuple[list[date], list[dict]]:
    months = published_months()
    month = _month(request, months)
    chosen = [month] if month else months
    return chosen, published(chosen)


def _labels() -> dict[str, dict]:
    labels = {}
    for language in ("ar", "en"):
        with translation.override(language):
            for indicator in INDICATORS:
                if indicator.kind == "breakdown":
                    for choice, label in indicator.choices.choices:
                        entry = labels.setdefault(
                            f"{indicator.key}.{choice}", {"unit": "count", "label": {}}
                        )
                        entry["label"][language] = f"{indicator.label}: {label}"
                else:
                    entry = labels.setdefault(indicator.key, {"unit": indicator.unit, "label": {}})
                    entry["label"][language] = str(indicator.label)
    return labels


def _open(response):
    response["Access-Control-Allow-Origin"] = "*"
    return _public(response)


@require_GET
def open_data_json(request):
    months, groups = _open_rows(request)
    body = {
        "publisher": "Masar",
        "generated_at": timezone.localtime(),
        "min_group": min_group(),
        "months": [month.strftime("%Y-%m") for month in months],
        "indicators": _labels(),
        "rows": [
            {
                "month": group["month"].strftime("%Y-%m"),
                "agency": {
                    "code": group["agency"]["code"],
                    "name": {"ar": group["agency"]["name_ar"], "en": group["agency"]["name_en"]},
                },
                "computed_at": timezone.localtime(group["computed_at"]),
                "values": group["values"],
            }
            for group in groups
        ],
    }
    text = json.dumps(body, cls=DjangoJSONEncoder, ensure_ascii=False)
    return _open(HttpResponse(text, content_type="application/json; charset=utf-8"))


CSV_COLUMNS = [
    "month",
    "agency_code",
    "agency_name_ar",
    "agency_name_en",
    "indicator",
    "unit",
    "value",
    "suppressed",
]


@require_GET
def open_data_csv(request):
    _months, groups = _open_rows(request)
    units = {key: entry["unit"] for key, entry in _labels().items()}
    rows = [
        {
            "month": group["month"].strftime("%Y-%m"),
            "agency_code": group["agency"]["code"],
            "agency_name_ar": group["agency"]["name_ar"],
            "agency_name_en": group["agency"]["name_en"],
            "indicator": key,
            "unit": units[key],
            "value": figure["value"],
            "suppressed": "true" if figure["suppressed"] else "false",
        }
        for group in groups
        for key, figure in group["values"].items()
    ]
    body = csv_bytes(rows, [(column, column) for column in CSV_COLUMNS])
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="masar-performance.csv"'
    return _open(response)
