"""The agency dashboard's figures: monthly aggregates kept by a beat task (docs/dashboards.md).

A domain module (one per workflow) exposes

- ``DOMAIN``: one of ``MonthlyFigure.Domain``;
- ``counters(since, until)``: ``(month, agency_id, office_id, counters)`` for every group with
  data among the records whose month (Amman's time) is in ``[since, until)``; every number is
  counted by the database (``values().annotate()``), never by a loop over records.

A module that fills two domains (referrals: sent and received) exposes instead
``FIGURES = {domain: counters_function, ...}``.

Counters must be additive, so that any choice of months and offices sums into the figures:
numbers, ``{key: number}`` dicts (by kind, by category…) and duration histograms
``{"<whole hours>": count}`` under a key ending in ``_hours``. ``combine`` sums rows,
``median_hours`` reads a histogram, ``share`` makes a percentage.
"""

import importlib
from collections.abc import Callable, Iterable
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django.db import connection, transaction
from django.db.models import DateField, Func, IntegerField
from django.db.models.functions import TruncMonth
from django.utils import timezone

from .models import MonthlyFigure

AMMAN = ZoneInfo("Asia/Amman")
DOMAINS = [
    "apps.dashboards.figures_complaints",
    "apps.dashboards.figures_applications",
    "apps.dashboards.figures_referrals",
    "apps.dashboards.figures_cases",
]

LOCK = "dashboards.refresh:"

Row = tuple[date, int, int | None, dict]
Counters = Callable[[date, date], Iterable[Row]]


# --- helpers for the domain modules ----------------------------------------------------------


def month_of(field: str) -> TruncMonth:
    """The first day of the field's month in Amman's time, as a date."""
    return TruncMonth(field, tzinfo=AMMAN, output_field=DateField())


def bounds(since: date, until: date) -> tuple[datetime, datetime]:
    """The instants that open the months `since` and `until` in Amman."""
    return (
        datetime.combine(since, time(), tzinfo=AMMAN),
        datetime.combine(until, time(), tzinfo=AMMAN),
    )


class WholeHours(Func):
    """Whole hours from `start` to `end` (never below 0): a histogram's bucket."""

    template = "GREATEST(FLOOR(EXTRACT(EPOCH FROM (%(expressions)s)) / 3600), 0)::integer"
    arg_joiner = " - "
    output_field = IntegerField()

    def __init__(self, end: str, start: str):
        super().__init__(end, start)


class Seconds(Func):
    """Whole seconds from `start` to `end` (never below 0)."""

    template = "GREATEST(FLOOR(EXTRACT(EPOCH FROM (%(expressions)s))), 0)::bigint"
    arg_joiner = " - "
    output_field = IntegerField()

    def __init__(self, end: str, start: str):
        super().__init__(end, start)


def collect(
    totals: Iterable[dict],
    *splits: tuple[str, str, Iterable[dict]],
    keys=("month", "agency_id", "office_id"),
) -> list[Row]:
    """Merge the grouped rows of a domain's queries into (month, agency, office, counters).

    `totals` are rows of `keys` + plain counters; each split is (counter name, the split's column,
    rows of `keys` + that column + ``n``), stored as {str(value): n}. One pass over the groups,
    not over records.
    """
    merged: dict[tuple, dict] = {}
    for row in totals:
        key = tuple(row.pop(name) for name in keys)
        merged[key] = {name: value or 0 for name, value in row.items()}
    for counter, column, rows in splits:
        for row in rows:
            key = tuple(row[name] for name in keys)
            counts = merged.setdefault(key, {}).setdefault(counter, {})
            counts[str(row[column])] = counts.get(str(row[column]), 0) + row["n"]
    return [(*key, counters) for key, counters in merged.items()]


# --- the registry and the refresh ------------------------------------------------------------


def domain_counters() -> list[tuple[str, Counters]]:
    """(domain, counters function) of every registered module that exists."""
    found = []
    for path in DOMAINS:
        try:
            module = importlib.import_module(path)
        except ModuleNotFoundError as error:
            if error.name != path:
                raise
            continue
        figures = getattr(module, "FIGURES", None) or {module.DOMAIN: module.counters}
        found.extend(figures.items())
    return found


def first_of_month(day: date) -> date:
    return day.replace(day=1)


def add_months(month: date, n: int) -> date:
    index = month.year * 12 + month.month - 1 + n
    return date(index // 12, index % 12 + 1, 1)


def refresh(since: date, until: date) -> dict[str, int]:
    """Recompute the rows of the months in [since, until) for every domain, each domain in one
    transaction (delete the months' rows, insert the new ones): running it twice leaves the same
    rows, and months outside the range are not touched. Returns the rows written per domain."""
    if since != first_of_month(since) or until != first_of_month(until):
        raise ValueError("since and until are first days of months")
    written = {}
    for domain, counters in domain_counters():
        now = timezone.now()
        rows = [
            MonthlyFigure(
                month=month,
                agency_id=agency_id,
                office_id=office_id,
                domain=domain,
                counters=values,
                computed_at=now,
            )
            for month, agency_id, office_id, values in counters(since, until)
        ]
        with transaction.atomic():
            # The hourly and the nightly runs may overlap: one domain's refreshes take turns, so
            # the second deletes what the first wrote instead of colliding with it.
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [LOCK + domain])
            MonthlyFigure.objects.filter(domain=domain, month__gte=since, month__lt=until).delete()
            MonthlyFigure.objects.bulk_create(rows, batch_size=1000)
        written[domain] = len(rows)
    return written


# --- reading the rows ------------------------------------------------------------------------


def combine(rows: Iterable) -> dict:
    """The sum of the rows' counters (MonthlyFigure rows or counters dicts): numbers add, nested
    dicts (splits and histograms) add key by key."""
    total: dict = {}
    for row in rows:
        _add(total, row.counters if isinstance(row, MonthlyFigure) else row)
    return total


def _add(into: dict, counters: dict) -> None:
    for key, value in counters.items():
        if isinstance(value, dict):
            _add(into.setdefault(key, {}), value)
        elif value is not None:
            into[key] = into.get(key, 0) + value


def median_hours(histogram: dict | None) -> float | None:
    """The median of a {"<hours>": count} histogram, as PostgreSQL's percentile_cont(0.5) reads
    it (the mean of the two middle values when the count is even); None when it is empty."""
    buckets = sorted((int(hours), count) for hours, count in (histogram or {}).items() if count)
    n = sum(count for _, count in buckets)
    if not n:
        return None
    wanted = [(n - 1) // 2, n // 2]  # zero-based positions of the middle value(s)
    found = []
    seen = 0
    for hours, count in buckets:
        while wanted and wanted[0] < seen + count:
            found.append(hours)
            wanted.pop(0)
        seen += count
    return sum(found) / 2


def share(part, whole) -> float | None:
    """100 × part / whole (a percentage), None when the whole is empty."""
    if not whole:
        return None
    return 100.0 * (part or 0) / whole


def ratio(total, count) -> float | None:
    """total / count (an average), None when nothing is counted."""
    if not count:
        return None
    return (total or 0) / count
