"""Geometry of the dashboards' charts, drawn as SVG on the server (docs/charts.md).

Pure functions: numbers in, plain dicts of coordinates and display strings out; the templates in
templates/dashboards/charts/ only place them. Everything is computed left to right, then mirrored
(x → width − x) when the page reads right to left, so that in Arabic bars grow from the right and
time runs from right to left.

Text in the SVG is anchored by the side it extends to; the `<svg>` carries an explicit
`direction`, and under `direction: rtl` SVG's text-anchor "start" is the right edge, so the
anchor is chosen with the direction in mind (`_anchor`).
"""

import math
from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from django.template.defaultfilters import floatformat
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _

Number = int | float | Decimal

# Bootstrap 5 colours that keep at least 3:1 against white (WCAG 1.4.11 for graphics); series are
# also told apart by their marker and dash, never by colour alone.
SERIES_STYLES = [
    {"colour": "#0d6efd", "marker": "circle", "dash": ""},  # primary
    {"colour": "#198754", "marker": "square", "dash": "6 3"},  # success
    {"colour": "#6f42c1", "marker": "triangle", "dash": "2 3"},  # purple
    {"colour": "#dc3545", "marker": "diamond", "dash": "8 3 2 3"},  # danger
    {"colour": "#212529", "marker": "circle", "dash": "1 3"},  # dark
]
BAR_COLOUR = "#0d6efd"
TRACK_COLOUR = "#dee2e6"  # the gauge's empty arc: decoration, the filled arc carries the value
AXIS_COLOUR = "#6c757d"
TEXT_COLOUR = "#212529"
GAUGE_COLOURS = {
    "met": "#198754",  # success
    "close": "#997404",  # warning-text-emphasis: Bootstrap's yellow itself is 1.6:1 on white
    "missed": "#dc3545",  # danger
    None: "#0d6efd",  # no target: primary
}
# Points below the target that still count as close to it.
GAUGE_CLOSE_MARGIN = 10

# Roughly the advance of a digit at the charts' 13-14 px font, to leave room for value labels.
_CHAR_WIDTH = 8


def format_number(value: Number | None, decimals: int = 1) -> str:
    """A number as the active language writes it (Django's localisation, Western digits as on the
    rest of the site); whole numbers without decimals; None as a dash."""
    if value is None:
        return "—"
    return floatformat(value, f"-{decimals}g")


def format_value(value: Number | None, unit: str = "", decimals: int = 1) -> str:
    """A number with its unit: "45%" or "12 days"; None as a dash, without the unit."""
    text = format_number(value, decimals)
    if value is None or not unit:
        return text
    if unit == "%":
        return f"{text}%"
    return f"{text} {unit}"


def _check(value: Number | None) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise ValueError(f"A chart value must be a number or None, not {value!r}.")
    if not math.isfinite(value) or value < 0:
        raise ValueError(f"A chart value must be a finite number ≥ 0, not {value!r}.")
    return float(value)


def _anchor(extends: str, rtl: bool) -> str:
    """The SVG text-anchor for text that extends to the `extends` side ("left", "right") of its
    x, under the <svg>'s direction."""
    if extends == "middle":
        return "middle"
    if rtl:
        return "start" if extends == "left" else "end"
    return "end" if extends == "left" else "start"


def _mirror_side(extends: str, rtl: bool) -> str:
    if not rtl or extends == "middle":
        return extends
    return "left" if extends == "right" else "right"


def _x(x: float, width: float, rtl: bool) -> float:
    return round(width - x if rtl else x, 2)


# Bars -----------------------------------------------------------------------------------------

BAR_WIDTH = 400
BAR_ROW_HEIGHT = 46  # the label on a line of its own, then the bar: long labels fit a phone
BAR_HEIGHT = 18
BAR_LABEL_LENGTH = 48  # longer labels are cut in the drawing (the table has them whole)


def _shorten(label: str, length: int) -> str:
    return label if len(label) <= length else label[: length - 1].rstrip() + "…"


def bar_geometry(
    rows: Sequence[tuple[str, Number | None]], *, unit: str = "", rtl: bool = False
) -> dict:
    """Horizontal bars, one per (label, value); widths proportional to the values, the largest
    filling the width left after the longest value label. None is "no figure" (no bar, a dash);
    a negative value raises ValueError."""
    values = [_check(value) for _, value in rows]
    texts = [format_value(value, unit) for (_, value) in rows]
    largest = max((v for v in values if v is not None), default=0.0)
    value_room = max((len(t) for t in texts), default=1) * _CHAR_WIDTH + 8
    span = BAR_WIDTH - value_room
    bars = []
    for index, ((label, raw), value, text) in enumerate(zip(rows, values, texts, strict=True)):
        top = index * BAR_ROW_HEIGHT
        length = round(span * value / largest, 2) if value and largest else 0.0
        bar_y = top + 22
        value_x = length + 6
        bars.append(
            {
                "label": str(label),
                "short_label": _shorten(str(label), BAR_LABEL_LENGTH),
                "value": raw,
                "text": text,
                "label_x": _x(0, BAR_WIDTH, rtl),
                "label_y": top + 15,
                "label_anchor": _anchor(_mirror_side("right", rtl), rtl),
                "bar_x": round(BAR_WIDTH - length, 2) if rtl else 0.0,
                "bar_y": bar_y,
                "bar_width": length,
                "value_x": _x(value_x, BAR_WIDTH, rtl),
                "value_y": bar_y + BAR_HEIGHT - 4,
                "value_anchor": _anchor(_mirror_side("right", rtl), rtl),
            }
        )
    return {
        "width": BAR_WIDTH,
        "height": max(len(bars), 1) * BAR_ROW_HEIGHT,
        "bar_height": BAR_HEIGHT,
        "bars": bars,
        "colour": BAR_COLOUR,
        "text_colour": TEXT_COLOUR,
        # The first bar with the largest value, for the chart's description.
        "largest": next((b for b, v in zip(bars, values, strict=True) if v == largest and v), None),
    }


# Lines ----------------------------------------------------------------------------------------

LINE_WIDTH = 400
LINE_HEIGHT = 230
LINE_MARGIN = {"top": 14, "bottom": 44, "start": 48, "end": 22}
LINE_MONTH_LABELS = 6


def nice_ticks(largest: float, *, whole: bool = True) -> list[float]:
    """3 to 5 ticks from 0 on a 1-2-5 step (2.5 from 25 up) that cover `largest`; only whole
    steps when the data are whole numbers."""
    if largest <= 0:
        largest = 1.0
    wanted = largest / 4
    exponent = math.floor(math.log10(wanted))
    step = None
    for power in (exponent, exponent + 1):
        for mantissa in (1, 2, 2.5, 5):
            candidate = mantissa * 10**power
            if mantissa == 2.5 and candidate < 25:
                continue
            if whole and candidate < 1:
                continue
            if candidate >= wanted - 1e-12:
                step = candidate
                break
        if step is not None:
            break
    step = step or max(1.0, wanted)  # whole data under 4: steps of 1
    count = max(2, math.ceil(largest / step - 1e-9))
    return [round(step * i, 10) for i in range(count + 1)]


def _month_labels(months: Sequence[date]) -> list[dict]:
    """Every month's names; only one month in `step` is written under the axis (at most
    LINE_MONTH_LABELS of them, so that Arabic names do not run into each other on a phone), the
    year under the first written month and where the year changes, so that a trend over a year
    end reads without ambiguity."""
    step = math.ceil(len(months) / LINE_MONTH_LABELS)
    labels, last_year = [], None
    for index, month in enumerate(months):
        shown = index % step == 0
        year = month.year if shown and month.year != last_year else None
        if shown:
            last_year = month.year
        labels.append(
            {
                "short": date_format(month, "M") if shown else "",
                "long": date_format(month, "F Y"),
                "year": date_format(month, "Y") if year else "",
            }
        )
    return labels


def _marker_path(kind: str, x: float, y: float, size: float = 4.5) -> str:
    if kind == "square":
        s = size * 0.85
        return f"M{x - s:.2f},{y - s:.2f}h{2 * s:.2f}v{2 * s:.2f}h{-2 * s:.2f}z"
    if kind == "triangle":
        return f"M{x:.2f},{y - size - 1:.2f}L{x + size + 1:.2f},{y + size:.2f}L{x - size - 1:.2f},{y + size:.2f}z"
    if kind == "diamond":
        s = size + 1
        return f"M{x:.2f},{y - s:.2f}L{x + s:.2f},{y:.2f}L{x:.2f},{y + s:.2f}L{x - s:.2f},{y:.2f}z"
    return (
        f"M{x - size:.2f},{y:.2f}a{size},{size} 0 1,0 {2 * size:.2f},0"
        f"a{size},{size} 0 1,0 {-2 * size:.2f},0z"
    )


def line_geometry(
    series: Sequence[tuple[str, Sequence[Number | None]]],
    months: Sequence[date],
    *,
    unit: str = "",
    rtl: bool = False,
) -> dict:
    """One or more series over months. Each series is (name, values) with one value per month
    (None: no figure that month, the line breaks there). The y axis starts at 0 with 3 to 5 nice
    ticks; a single month is drawn in the middle; in RTL the first month is on the right."""
    months = list(months)
    if not months:
        raise ValueError("A line chart needs at least one month.")
    checked = []
    for name, values in series:
        values = list(values)
        if len(values) != len(months):
            raise ValueError(f"Series {name!r} has {len(values)} values for {len(months)} months.")
        checked.append((str(name), values, [_check(v) for v in values]))
    numbers = [v for _, _, vs in checked for v in vs if v is not None]
    whole = all(float(v).is_integer() for v in numbers)
    ticks = nice_ticks(max(numbers, default=0.0), whole=whole)
    top_value = ticks[-1]

    m = LINE_MARGIN
    plot_start, plot_end = m["start"], LINE_WIDTH - m["end"]
    plot_top, plot_bottom = m["top"], LINE_HEIGHT - m["bottom"]

    def x_of(index: int) -> float:
        if len(months) == 1:
            x = (plot_start + plot_end) / 2
        else:
            x = plot_start + index * (plot_end - plot_start) / (len(months) - 1)
        return _x(x, LINE_WIDTH, rtl)

    def y_of(value: float) -> float:
        return round(plot_bottom - (plot_bottom - plot_top) * value / top_value, 2)

    labels = _month_labels(months)
    x_labels = [
        {**label, "x": x_of(i), "y": plot_bottom + 18, "year_y": plot_bottom + 34}
        for i, label in enumerate(labels)
        if label["short"]
    ]
    y_ticks = [
        {
            "y": y_of(tick),
            "text": format_number(tick),
            "x": _x(plot_start - 6, LINE_WIDTH, rtl),
            "anchor": _anchor(_mirror_side("left", rtl), rtl),
        }
        for tick in ticks
    ]
    drawn = []
    for index, (name, raw_values, values) in enumerate(checked):
        style = SERIES_STYLES[index % len(SERIES_STYLES)]
        points, path, pen_down = [], [], False
        for i, (raw, value) in enumerate(zip(raw_values, values, strict=True)):
            if value is None:
                pen_down = False
                continue
            x, y = x_of(i), y_of(value)
            path.append(f"{'L' if pen_down else 'M'}{x},{y}")
            pen_down = True
            points.append(
                {
                    "x": x,
                    "y": y,
                    "marker": _marker_path(style["marker"], x, y),
                    "tooltip": f"{name}, {labels[i]['long']}: {format_value(raw, unit)}",
                }
            )
        drawn.append(
            {
                "name": name,
                **style,
                "path": " ".join(path),
                "points": points,
                "legend_marker": _marker_path(style["marker"], 14, 6, 3.5),
            }
        )
    rows = [
        {
            "month": labels[i]["long"],
            "values": [format_value(raw[i], unit) for _, raw, _ in checked],
        }
        for i in range(len(months))
    ]
    return {
        "width": LINE_WIDTH,
        "height": LINE_HEIGHT,
        "plot": {
            "x1": _x(plot_start, LINE_WIDTH, rtl),
            "x2": _x(plot_end, LINE_WIDTH, rtl),
            "top": plot_top,
            "bottom": plot_bottom,
        },
        "x_labels": x_labels,
        "y_ticks": y_ticks,
        "series": drawn,
        "rows": rows,
        "first_month": labels[0]["long"],
        "last_month": labels[-1]["long"],
        "axis_colour": AXIS_COLOUR,
        "text_colour": TEXT_COLOUR,
    }


# Gauge ----------------------------------------------------------------------------------------

GAUGE_WIDTH = 200
GAUGE_HEIGHT = 120
GAUGE_CENTRE = (100, 100)
GAUGE_RADIUS = 80


def gauge_status(value: float | None, target: float | None) -> str | None:
    """ "met", "close" (within GAUGE_CLOSE_MARGIN points below), "missed", or None (no value or no
    target)."""
    if value is None or target is None:
        return None
    if value >= target:
        return "met"
    if value >= target - GAUGE_CLOSE_MARGIN:
        return "close"
    return "missed"


def _arc_point(percent: float, rtl: bool) -> tuple[float, float]:
    """The point of the half circle at `percent` of the way from the start side."""
    angle = math.pi * (1 - percent / 100)
    cx, cy = GAUGE_CENTRE
    x = cx + GAUGE_RADIUS * math.cos(angle)
    y = cy - GAUGE_RADIUS * math.sin(angle)
    return _x(x, GAUGE_WIDTH, rtl), round(y, 2)


def _arc(start: float, end: float, rtl: bool) -> str:
    (x1, y1), (x2, y2) = _arc_point(start, rtl), _arc_point(end, rtl)
    # Left to right over the top is clockwise (sweep 1); mirrored, anticlockwise.
    sweep = 0 if rtl else 1
    return f"M{x1},{y1} A{GAUGE_RADIUS},{GAUGE_RADIUS} 0 0,{sweep} {x2},{y2}"


def gauge_geometry(
    value: Number | None, *, target: Number | None = None, rtl: bool = False
) -> dict:
    """A half-circle gauge for a percentage 0–100 (outside that range: ValueError). The filled
    arc grows from the start side (left, or right in RTL); its colour says whether the target is
    met, close or missed, and so does a word under the number."""
    checked = _check(value)
    checked_target = _check(target)
    for number in (checked, checked_target):
        if number is not None and number > 100:
            raise ValueError(f"A gauge shows a percentage, 0 to 100, not {number!r}.")
    status = gauge_status(checked, checked_target)
    target_mark = None
    if checked_target is not None:
        angle = math.pi * (1 - checked_target / 100)
        cx, cy = GAUGE_CENTRE
        inner, outer = GAUGE_RADIUS - 14, GAUGE_RADIUS + 14
        target_mark = {
            "x1": _x(cx + inner * math.cos(angle), GAUGE_WIDTH, rtl),
            "y1": round(cy - inner * math.sin(angle), 2),
            "x2": _x(cx + outer * math.cos(angle), GAUGE_WIDTH, rtl),
            "y2": round(cy - outer * math.sin(angle), 2),
        }
    return {
        "width": GAUGE_WIDTH,
        "height": GAUGE_HEIGHT,
        "track": _arc(0, 100, rtl),
        "arc": _arc(0, checked, rtl) if checked else "",
        "colour": GAUGE_COLOURS[status],
        "status": status,
        "text": format_value(value, "%"),
        "target_text": format_value(target, "%") if target is not None else "",
        "target_mark": target_mark,
        "centre_x": GAUGE_CENTRE[0],
        "value_y": GAUGE_CENTRE[1] - 12,
        "track_colour": TRACK_COLOUR,
        "text_colour": TEXT_COLOUR,
    }


def gauge_status_text(status: str | None) -> str:
    return {
        "met": _("Target met"),
        "close": _("Close to the target"),
        "missed": _("Target missed"),
    }.get(status, "")
