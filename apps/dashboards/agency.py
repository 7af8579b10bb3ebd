"""The agency dashboard (agency admins: their agencies; oversight: every agency): referrals,
complaints, applications and cases of a period and an office, from the monthly figures
(figures.py, docs/dashboards.md). A fixed number of queries, whatever the period."""

import re
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlencode

from django.contrib import messages
from django.core.cache import cache
from django.db.models import Count, Max, Min
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from apps.applications.models import Application
from apps.audit.services import audit_denied
from apps.cases.models import Case
from apps.catalogue.models import Pillar
from apps.complaints.models import Complaint, ComplaintCategory
from apps.organisations.models import Agency, Membership, Office
from apps.organisations.permissions import staff_required
from apps.organisations.selectors import agencies_administered_by, roles_of
from apps.referrals.models import Referral

from .exports import export_response
from .figures import add_months, combine, first_of_month, median_hours, ratio, share
from .models import MonthlyFigure

Role = Membership.Role
Domain = MonthlyFigure.Domain
# The default period: the last twelve complete months and the current one.
DEFAULT_MONTHS = 13
# Longest period asked for: the rows read stay at most (months × offices) per domain.
MAX_MONTHS = 36
# The beat task refreshes the figures every hour; a cached sum outlives its rows only unread.
CACHE_SECONDS = 2 * 3600
MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def agencies_in_scope(user):
    """Every agency for oversight, the agencies they administer for an agency admin."""
    if Role.OVERSIGHT in roles_of(user):
        return Agency.objects.all()
    return agencies_administered_by(user)


# --- the filters ------------------------------------------------------------------------------


def _month(text: str) -> date | None:
    found = MONTH.match(text.strip())
    if not found:
        return None
    year, month = int(found[1]), int(found[2])
    if not (2000 <= year <= 2100 and 1 <= month <= 12):
        return None
    return date(year, month, 1)


def period(request) -> tuple[date, date]:
    """[first month, last month] asked for; the default, with a message, when the months are not
    valid."""
    current = first_of_month(timezone.localdate())
    default = (add_months(current, 1 - DEFAULT_MONTHS), current)
    given_from = request.GET.get("from", "").strip()
    given_to = request.GET.get("to", "").strip()
    if not given_from and not given_to:
        return default
    start = _month(given_from) if given_from else default[0]
    end = _month(given_to) if given_to else default[1]
    if start is None or end is None:
        messages.warning(
            request, _("Give the months as year and month (2026-03). The default period is shown.")
        )
        return default
    if start > end:
        messages.warning(
            request, _("The first month comes after the last one. The default period is shown.")
        )
        return default
    if (end.year - start.year) * 12 + end.month - start.month >= MAX_MONTHS:
        messages.warning(
            request,
            _("Choose at most %(months)s months. The default period is shown.")
            % {"months": MAX_MONTHS},
        )
        return default
    return start, end


def _chosen(request, name: str, choices: list, *, object_type: str):
    """The choice whose id the query string gives (None when it gives none); 404, recorded, for
    an id outside the choices."""
    given = request.GET.get(name, "").strip()
    if not given:
        return None
    found = next((c for c in choices if str(c.pk) == given), None)
    if found is None:
        audit_denied(request=request, status=404, object_type=object_type, object_id=given[:40])
        raise Http404
    return found


# --- the figures ------------------------------------------------------------------------------


@dataclass
class Section:
    """One domain's figures: key figures (label, value, unit), splits for bar charts, gauges and
    trends (a line chart each)."""

    key: str
    title: str
    figures: list[tuple[str, float | None, str]] = field(default_factory=list)
    gauges: list[tuple[str, float | None]] = field(default_factory=list)
    bars: list[tuple[str, list[tuple[str, int]]]] = field(default_factory=list)
    trends: list[tuple[str, list[tuple[str, list]], str]] = field(default_factory=list)


def _split(counts: dict | None, labels) -> list[tuple[str, int]]:
    """{key: n} as (label, n), in the choices' order, then any other key (largest first)."""
    counts = dict(counts or {})
    rows = [(str(label), counts.pop(value, 0)) for value, label in labels]
    rest = sorted(counts.items(), key=lambda item: -item[1])
    return [row for row in rows if row[1]] + [(str(key), n) for key, n in rest]


def _monthly(months: list[date], totals: dict[date, dict], reader) -> list:
    return [reader(totals.get(month, {})) for month in months]


HOURS = "hours"
PERCENT = "%"
OUT_OF_5 = "of5"


def complaints_section(total, by_month, months, categories) -> Section:
    section = Section("complaints", gettext_lazy("Complaints"))
    section.figures = [
        (pgettext("dashboard figure", "Received"), total.get("received", 0), ""),
        (_("Median time to resolve, in hours"), median_hours(total.get("resolved_hours")), HOURS),
        (
            _("Average satisfaction, out of 5"),
            ratio(total.get("rating_sum"), total.get("rating_count")),
            OUT_OF_5,
        ),
        (
            _("Satisfied (rated 4 or 5)"),
            share(total.get("satisfied"), total.get("rating_count")),
            PERCENT,
        ),
        (
            _("Reopen rate"),
            share(total.get("reopened"), total.get("answered")),
            PERCENT,
        ),
    ]
    section.gauges = [
        (
            _("Acknowledged within time"),
            share(total.get("acknowledged_in_time"), total.get("acknowledged_settled")),
        ),
        (
            _("Resolved within time"),
            share(total.get("resolved_in_time"), total.get("resolved_settled")),
        ),
    ]
    names = {str(c.pk): c.name for c in categories}
    by_category = {
        names.get(key, _("Other category")): n
        for key, n in (total.get("by_category") or {}).items()
    }
    section.bars = [
        (_("Complaints received by kind"), _split(total.get("by_kind"), Complaint.Kind.choices)),
        (_("Complaints received by category"), _split(by_category, [])),
    ]
    section.trends = [
        (
            _("Complaints received by month"),
            [
                (
                    pgettext("dashboard figure", "Received"),
                    _monthly(months, by_month, lambda c: c.get("received", 0)),
                )
            ],
            "",
        ),
        (
            _("Complaints resolved within time by month"),
            [
                (
                    _("Resolved within time"),
                    _monthly(
                        months,
                        by_month,
                        lambda c: share(c.get("resolved_in_time"), c.get("resolved_settled")),
                    ),
                )
            ],
            PERCENT,
        ),
    ]
    return section


def applications_section(total, by_month, months) -> Section:
    section = Section("applications", gettext_lazy("Applications"))
    section.figures = [
        (pgettext("dashboard figure", "Received"), total.get("received", 0), ""),
        (pgettext("dashboard figure", "Decided"), total.get("decided", 0), ""),
        (_("Median processing time, in hours"), median_hours(total.get("decided_hours")), HOURS),
        (_("Approval rate"), share(total.get("approved"), total.get("decided")), PERCENT),
    ]
    section.gauges = [
        (
            _("Decided within the promised time"),
            share(total.get("within_time"), total.get("settled")),
        )
    ]
    section.bars = [
        (
            _("Applications by status now"),
            _split(total.get("by_status"), Application.Status.choices),
        )
    ]
    section.trends = [
        (
            _("Applications by month"),
            [
                (
                    pgettext("dashboard figure", "Received"),
                    _monthly(months, by_month, lambda c: c.get("received", 0)),
                ),
                (
                    pgettext("dashboard figure", "Decided"),
                    _monthly(months, by_month, lambda c: c.get("decided", 0)),
                ),
            ],
            "",
        )
    ]
    return section


def referrals_section(sent, received, sent_by_month, received_by_month, months) -> Section:
    section = Section("referrals", gettext_lazy("Referrals"))
    section.figures = [
        (pgettext("dashboard figure", "Sent"), sent.get("sent", 0), ""),
        (pgettext("dashboard figure", "Received"), received.get("received", 0), ""),
        (
            _("Median time to answer, in hours"),
            median_hours(received.get("hours_to_answer")),
            HOURS,
        ),
        (
            _("Median time to complete, in hours"),
            median_hours(received.get("hours_to_complete")),
            HOURS,
        ),
    ]
    section.gauges = [
        (
            _("Answered within time"),
            share(received.get("answered_in_time"), received.get("answered_settled")),
        )
    ]
    section.bars = [
        (
            _("Reasons for declining"),
            _split(received.get("decline_reasons"), Referral.DeclineReason.choices),
        ),
        (_("Outcomes"), _split(received.get("outcomes"), Referral.Outcome.choices)),
    ]
    section.trends = [
        (
            _("Referrals by month"),
            [
                (
                    pgettext("dashboard figure", "Sent"),
                    _monthly(months, sent_by_month, lambda c: c.get("sent", 0)),
                ),
                (
                    pgettext("dashboard figure", "Received"),
                    _monthly(months, received_by_month, lambda c: c.get("received", 0)),
                ),
            ],
            "",
        )
    ]
    return section


def cases_section(total, by_month, months) -> Section:
    section = Section("cases", gettext_lazy("Cases"))
    section.figures = [
        (pgettext("dashboard figure", "Opened"), total.get("opened", 0), ""),
        (pgettext("dashboard figure", "Closed"), total.get("closed", 0), ""),
    ]
    section.bars = [
        (_("Cases opened by risk level"), _split(total.get("by_risk"), Case.Risk.choices)),
        (_("Plan actions added by pillar"), _split(total.get("actions_by_pillar"), Pillar.choices)),
    ]
    section.trends = [
        (
            _("Cases by month"),
            [
                (
                    pgettext("dashboard figure", "Opened"),
                    _monthly(months, by_month, lambda c: c.get("opened", 0)),
                ),
                (
                    pgettext("dashboard figure", "Closed"),
                    _monthly(months, by_month, lambda c: c.get("closed", 0)),
                ),
            ],
            "",
        )
    ]
    return section


def _sums(rows: list[MonthlyFigure]) -> tuple[dict, dict]:
    """The rows summed over the period per domain, and per domain and month."""
    rows_of: dict[str, list[MonthlyFigure]] = {domain: [] for domain in Domain.values}
    for row in rows:
        rows_of[row.domain].append(row)
    by_month: dict[str, dict[date, dict]] = {}
    for domain, found in rows_of.items():
        months_of: dict[date, list] = {}
        for row in found:
            months_of.setdefault(row.month, []).append(row)
        by_month[domain] = {month: combine(of) for month, of in months_of.items()}
    # The period's sums from the months' (a few dicts), not from every office's row again.
    total = {domain: combine(months.values()) for domain, months in by_month.items()}
    return total, by_month


def _sections(total: dict, by_month: dict, months: list[date], categories) -> list[Section]:
    return [
        referrals_section(
            total[Domain.REFERRALS_SENT],
            total[Domain.REFERRALS_RECEIVED],
            by_month[Domain.REFERRALS_SENT],
            by_month[Domain.REFERRALS_RECEIVED],
            months,
        ),
        complaints_section(
            total[Domain.COMPLAINTS], by_month[Domain.COMPLAINTS], months, categories
        ),
        applications_section(total[Domain.APPLICATIONS], by_month[Domain.APPLICATIONS], months),
        cases_section(total[Domain.CASES], by_month[Domain.CASES], months),
    ]


SECTIONS = ("referrals", "complaints", "applications", "cases")


def export_table(sums: tuple[dict, dict], months: list[date], key: str):
    """A section's key figures and gauges, one row per month and one for the whole period:
    (columns, rows) for exports.export_response. Figures only, nothing about a person."""
    total, by_month = sums
    no_months = {domain: {} for domain in Domain.values}

    def figures_of(sums: dict) -> list[tuple[str, float | None]]:
        found = next(s for s in _sections(sums, no_months, [], []) if s.key == key)
        values = [(label, value) for label, value, _unit in found.figures] + found.gauges
        return [(label, None if v is None else round(v, 2)) for label, v in values]

    table = []
    for month in months:
        sums = {domain: by_month[domain].get(month, {}) for domain in Domain.values}
        table.append(
            {"month": month} | {f"f{i}": v for i, (_label, v) in enumerate(figures_of(sums))}
        )
    whole = figures_of(total)
    table.append({"month": _("Whole period")} | {f"f{i}": v for i, (_label, v) in enumerate(whole)})
    columns = [("month", _("Month"))] + [(f"f{i}", label) for i, (label, _v) in enumerate(whole)]
    return columns, table


def period_sums(agency, office, first: date, until: date) -> tuple[tuple[dict, dict], object]:
    """((sums over the period, sums by month) per domain, the oldest computed_at) of the
    agency's rows for the months [first, until), and of one office when given.

    Summing a large agency's rows (months × offices, histograms of hundreds of hours each) takes
    a good part of the page's time, and the rows change only when the beat task refreshes them:
    the sums are cached under the rows' count and newest computed_at, which every refresh of
    those months changes."""
    rows = MonthlyFigure.objects.filter(agency=agency, month__gte=first, month__lt=until)
    if office is not None:
        rows = rows.filter(office=office)
    stamp = rows.aggregate(n=Count("pk"), newest=Max("computed_at"), oldest=Min("computed_at"))
    if not stamp["n"]:
        return _sums([]), None
    key = "dashboards:agency:{}:{}:{}:{}:{}:{}".format(
        agency.pk,
        office.pk if office is not None else "all",
        first.isoformat(),
        until.isoformat(),
        stamp["n"],
        stamp["newest"].timestamp(),
    )
    sums = cache.get(key)
    if sums is None:
        sums = _sums(list(rows.only("month", "domain", "counters")))
        cache.set(key, sums, CACHE_SECONDS)
    return sums, stamp["oldest"]


# --- the page ---------------------------------------------------------------------------------


@staff_required(Role.AGENCY_ADMIN, Role.OVERSIGHT)
def agency(request):
    agencies = list(agencies_in_scope(request.user).order_by("code"))
    if not agencies:
        raise Http404
    current = _chosen(request, "agency", agencies, object_type="organisations.agency")
    current = current or agencies[0]
    offices = list(
        Office.objects.filter(agency=current)
        .select_related("governorate")
        .order_by("-is_head_office", "governorate__position", "pk")
    )
    office = _chosen(request, "office", offices, object_type="organisations.office")
    first, last = period(request)
    until = add_months(last, 1)
    months = []
    month = first
    while month < until:
        months.append(month)
        month = add_months(month, 1)
    sums, computed_at = period_sums(current, office, first, until)
    wanted = request.GET.get("export", "")
    if wanted:
        key = request.GET.get("table", "")
        if key not in SECTIONS:
            raise Http404
        columns, table = export_table(sums, months, key)
        return export_response(
            request,
            rows=table,
            columns=columns,
            filename=f"{current.code}-{key}-{first:%Y-%m}-{last:%Y-%m}",
            fmt=wanted,
            audit_object_label=f"dashboards.agency.{key}",
        )
    categories = (
        ComplaintCategory.objects.filter(agency=current).only("name_ar", "name_en").order_by()
    )
    query = {"agency": current.pk, "from": f"{first:%Y-%m}", "to": f"{last:%Y-%m}"}
    if office is not None:
        query["office"] = office.pk
    return render(
        request,
        "dashboards/agency.html",
        {
            "agencies": agencies,
            "current": current,
            "offices": offices,
            "office": office,
            "first": first,
            "last": last,
            "months": months,
            "sections": _sections(*sums, months, list(categories)),
            "computed_at": computed_at,
            "units": {"hours": HOURS, "percent": PERCENT, "of5": OUT_OF_5},
            "query": urlencode(query),
        },
    )
