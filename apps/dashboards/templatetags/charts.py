"""Chart tags for the dashboards: SVG drawn on the server, with the same numbers as a table.

    {% load charts %}
    {% bar_chart rows title=_("Referrals by agency") unit="" %}
    {% line_chart series months title=_("Complaints received") %}
    {% gauge 87.5 title=_("Answered within time") target=90 %}

See apps/dashboards/charts.py for the geometry and docs/charts.md for the rules.
"""

import secrets

from django import template
from django.utils.translation import get_language_bidi, ngettext
from django.utils.translation import gettext as _

from apps.dashboards import charts

register = template.Library()


def _chart_id() -> str:
    # Unique on the page whatever the number of charts, and without state between requests.
    return f"chart-{secrets.token_hex(4)}"


@register.inclusion_tag("dashboards/charts/bar_chart.html")
def bar_chart(
    rows,
    *,
    title: str,
    unit: str = "",
    description: str = "",
    label_heading: str = "",
    value_heading: str = "",
):
    """Horizontal bars for a list of (label, value) pairs, values ≥ 0 or None."""
    rtl = get_language_bidi()
    geometry = charts.bar_geometry(list(rows), unit=unit, rtl=rtl)
    if not description:
        largest = geometry["largest"]
        count = len(geometry["bars"])
        if largest is None:
            description = _("Bar chart without figures.")
        else:
            description = ngettext(
                "Bar chart of %(count)s item; the largest is %(label)s: %(value)s.",
                "Bar chart of %(count)s items; the largest is %(label)s: %(value)s.",
                count,
            ) % {"count": count, "label": largest["label"], "value": largest["text"]}
    return {
        "chart": geometry,
        "id": _chart_id(),
        "title": title,
        "description": description,
        "direction": "rtl" if rtl else "ltr",
        "label_heading": label_heading or _("Item"),
        "value_heading": value_heading or (unit if unit and unit != "%" else _("Value")),
    }


@register.inclusion_tag("dashboards/charts/line_chart.html")
def line_chart(series, months, *, title: str, unit: str = "", description: str = ""):
    """Lines over months: series is a list of (name, values), one value per month (≥ 0 or None);
    months a list of dates (any day of the month)."""
    rtl = get_language_bidi()
    geometry = charts.line_geometry(list(series), list(months), unit=unit, rtl=rtl)
    if not description and not geometry["series"]:
        description = _("Line chart without figures.")
    elif not description:
        description = _("Line chart of %(series)s, from %(first)s to %(last)s.") % {
            "series": ", ".join(s["name"] for s in geometry["series"]),
            "first": geometry["first_month"],
            "last": geometry["last_month"],
        }
    return {
        "chart": geometry,
        "id": _chart_id(),
        "title": title,
        "description": description,
        "direction": "rtl" if rtl else "ltr",
    }


@register.inclusion_tag("dashboards/charts/gauge.html")
def gauge(value, *, title: str, target=None, description: str = ""):
    """A half-circle gauge for a percentage 0–100; None shows a dash."""
    rtl = get_language_bidi()
    geometry = charts.gauge_geometry(value, target=target, rtl=rtl)
    status_text = charts.gauge_status_text(geometry["status"])
    if not description:
        if value is None:
            description = _("No figure for this period.")
        elif target is None:
            description = geometry["text"]
        else:
            description = _("%(value)s against a target of %(target)s: %(status)s.") % {
                "value": geometry["text"],
                "target": geometry["target_text"],
                "status": status_text,
            }
    return {
        "chart": geometry,
        "id": _chart_id(),
        "title": title,
        "description": description,
        "direction": "rtl" if rtl else "ltr",
        "status_text": status_text,
    }
