"""Keyset pagination: pages of a big table without OFFSET and without counting it."""

import base64
import datetime as dt
import json
from dataclasses import dataclass

from django.db.models import Q, QuerySet


@dataclass
class KeysetPage:
    items: list
    next_cursor: str | None
    is_first: bool

    def __iter__(self):
        return iter(self.items)

    def __len__(self):
        return len(self.items)


def _encode(values: list) -> str:
    raw = json.dumps([v.isoformat() if isinstance(v, dt.date | dt.datetime) else v for v in values])
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _decode(cursor: str, count: int) -> list | None:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = json.loads(raw)
    except (ValueError, TypeError):
        return None
    if not isinstance(values, list) or len(values) != count:
        return None
    return values


def _parse(value, field_type: str):
    """A cursor value back in its field's type; TypeError/ValueError if it is not one."""
    if field_type == "datetime":
        return dt.datetime.fromisoformat(value)
    if field_type == "date":
        return dt.date.fromisoformat(value)
    if field_type == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError(value)
        return value
    if not isinstance(value, str):
        raise TypeError(value)
    return value


def keyset_page(
    queryset: QuerySet,
    *,
    order: tuple[str, ...],
    types: tuple[str, ...],
    cursor: str | None,
    size: int = 25,
) -> KeysetPage:
    """One page of `queryset` ordered by `order` (e.g. ("-updated_at", "-id")), the last field
    unique. `types` names each field's kind ("datetime", "date", "int", "str") to read cursors
    back. Fields must not be NULL (annotate a Coalesce where they may be). A malformed cursor
    gives the first page."""
    values = _decode(cursor, len(order)) if cursor else None
    if values is not None:
        try:
            values = [_parse(v, t) for v, t in zip(values, types, strict=True)]
        except (ValueError, TypeError):
            values = None
    if values is not None:
        # (a, b, c) after (x, y, z) in the given directions, as a disjunction of prefixes.
        condition = Q()
        for i, name in enumerate(order):
            field = name.lstrip("-")
            lookup = "lt" if name.startswith("-") else "gt"
            step = Q(**{f"{field}__{lookup}": values[i]})
            for j in range(i):
                step &= Q(**{order[j].lstrip("-"): values[j]})
            condition |= step
        # The first field's bound once more, on its own: the disjunction is no index condition,
        # and without it a page deep in a big table is found by reading every row above it.
        first, lookup = order[0].lstrip("-"), "lte" if order[0].startswith("-") else "gte"
        queryset = queryset.filter(Q(**{f"{first}__{lookup}": values[0]}) & condition)
    rows = list(queryset.order_by(*order)[: size + 1])
    has_more = len(rows) > size
    rows = rows[:size]
    next_cursor = None
    if has_more and rows:
        last = rows[-1]
        next_cursor = _encode([getattr(last, name.lstrip("-")) for name in order])
    return KeysetPage(items=rows, next_cursor=next_cursor, is_first=values is None)
