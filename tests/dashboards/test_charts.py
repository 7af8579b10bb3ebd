"""The dashboards' SVG charts: geometry, right-to-left mirroring, the table of the same numbers,
escaping; and a demo page of every chart checked by axe in a real browser (docs/charts.md)."""

import os
import re
from datetime import date
from html.parser import HTMLParser

import bootstrap_wrapper
import pytest
from django.template import Context, Template
from django.utils import translation

from apps.dashboards import charts

MONTHS = [date(2025, 11, 1), date(2025, 12, 1), date(2026, 1, 1), date(2026, 2, 1)]


def render(source: str, language: str = "en", **context) -> str:
    with translation.override(language):
        return Template("{% load charts %}" + source).render(Context(context))


class Elements(HTMLParser):
    """Every element's attributes and text, enough to read a chart back."""

    def __init__(self, html: str):
        super().__init__()
        self.elements: list[tuple[str, dict, list[str]]] = []
        self._open: list[list[str]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        text: list[str] = []
        self.elements.append((tag, dict(attrs), text))
        if tag not in {"rect", "line", "path", "meta", "link"}:
            self._open.append(text)

    def handle_startendtag(self, tag, attrs):
        self.elements.append((tag, dict(attrs), []))

    def handle_endtag(self, tag):
        if self._open and tag not in {"rect", "line", "path"}:
            self._open.pop()

    def handle_data(self, data):
        for text in self._open:
            text.append(data)

    def all(self, tag: str) -> list[tuple[dict, str]]:
        return [(a, "".join(t).strip()) for name, a, t in self.elements if name == tag]


def table_cells(html: str) -> list[list[str]]:
    rows = re.findall(r"<tr>(.*?)</tr>", html, re.S)
    return [
        [c.strip() for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)] for row in rows
    ]


# Bars -----------------------------------------------------------------------------------------


def test_bar_widths_are_proportional_to_the_values():
    bars = charts.bar_geometry([("a", 10), ("b", 40), ("c", 20)])["bars"]
    widths = [b["bar_width"] for b in bars]
    assert widths[1] > 0
    assert widths[0] == pytest.approx(widths[1] / 4, abs=0.02)
    assert widths[2] == pytest.approx(widths[1] / 2, abs=0.02)
    # The largest bar leaves room for its value label inside the drawing.
    assert bars[1]["value_x"] < charts.BAR_WIDTH


def test_zero_and_none_draw_no_bar_and_say_so():
    bars = charts.bar_geometry([("a", 0), ("b", None), ("c", 5)])["bars"]
    assert [b["bar_width"] for b in bars[:2]] == [0.0, 0.0]
    assert [b["text"] for b in bars] == ["0", "—", "5"]


def test_all_zero_bars_are_drawn_without_dividing_by_zero():
    geometry = charts.bar_geometry([("a", 0), ("b", 0)])
    assert [b["bar_width"] for b in geometry["bars"]] == [0.0, 0.0]
    assert geometry["largest"] is None


@pytest.mark.parametrize("bad", [-1, -0.5, float("nan"), "12", True])
def test_a_negative_or_non_number_bar_value_is_refused(bad):
    with pytest.raises(ValueError):
        charts.bar_geometry([("a", 3), ("b", bad)])


def test_bars_grow_from_the_right_in_arabic():
    rows = [("a", 10), ("b", 40)]
    ltr = charts.bar_geometry(rows, rtl=False)["bars"]
    rtl = charts.bar_geometry(rows, rtl=True)["bars"]
    width = charts.BAR_WIDTH
    for left, right in zip(ltr, rtl, strict=True):
        assert left["bar_x"] == 0
        # The bar's right edge is the drawing's right edge: mirrored, same width.
        assert right["bar_x"] + right["bar_width"] == pytest.approx(width)
        assert right["bar_width"] == left["bar_width"]
        assert right["value_x"] == pytest.approx(width - left["value_x"])
        assert right["label_x"] == width and left["label_x"] == 0


def test_bar_chart_in_arabic_puts_labels_on_the_right():
    html = render("{% bar_chart rows title='T' %}", "ar", rows=[("أ", 10), ("ب", 40)])
    page = Elements(html)
    (svg, _), *_ = page.all("svg")
    assert svg["direction"] == "rtl"
    labels = [a for a, text in page.all("text") if text in {"أ", "ب"}]
    # Under direction: rtl, "start" is the right edge: the labels run leftwards from x = width.
    assert {(a["x"], a["text-anchor"]) for a in labels} == {("400", "start")}
    rects = [a for a, _ in page.all("rect")]
    assert all(float(a["x"]) + float(a["width"]) == pytest.approx(400) for a in rects)


def test_bar_chart_has_an_accessible_name_and_the_numbers_as_a_table():
    html = render(
        "{% bar_chart rows title='Referrals by agency' unit='%' %}",
        rows=[("MoSD", 12.5), ("NAF", 1234), ("Empty", None)],
    )
    page = Elements(html)
    (svg, _), *_ = page.all("svg")
    assert svg["role"] == "img"
    title_id, desc_id = svg["aria-labelledby"].split()
    titles = {a.get("id"): text for a, text in page.all("title")}
    descs = {a.get("id"): text for a, text in page.all("desc")}
    assert titles[title_id] == "Referrals by agency"
    assert descs[desc_id] == "Bar chart of 3 items; the largest is NAF: 1,234%."
    # The same numbers as in the drawing, in a table with a caption and scoped headers.
    assert "<summary>Show the numbers</summary>" in html
    assert "<caption>Referrals by agency</caption>" in html
    assert table_cells(html) == [
        ["Item", "Value"],
        ["MoSD", "12.5%"],
        ["NAF", "1,234%"],
        ["Empty", "—"],
    ]
    assert html.count('scope="row"') == 3
    drawn = [text for _, text in page.all("text")]
    assert {"12.5%", "1,234%", "—"} <= set(drawn)


def test_numbers_are_written_as_the_language_writes_them():
    rows = [("a", 1234.5)]
    assert "1,234.5" in render("{% bar_chart rows title='T' %}", "en", rows=rows)
    arabic = render("{% bar_chart rows title='T' %}", "ar", rows=rows)
    # Django's Arabic formats: a decimal comma, Western digits as everywhere on the site.
    assert "1234,5" in arabic
    # ... but never in the coordinates the browser reads.
    assert not re.search(r'(x|y|width)="\d+,\d', arabic)


def test_labels_are_escaped():
    html = render(
        "{% bar_chart rows title=title %}",
        rows=[("<script>alert(1)</script>", 3)],
        title="<b>T</b>",
    )
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b&gt;T&lt;/b&gt;" in html


def test_a_bar_chart_without_rows_says_there_are_no_figures():
    html = render("{% bar_chart rows title='T' %}", rows=[])
    assert "No figures for this period." in html
    assert "Bar chart without figures." in html


# Lines ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("largest", "whole", "expected"),
    [
        (0, True, [0, 1, 2]),
        (1, True, [0, 1, 2]),
        (7, True, [0, 2, 4, 6, 8]),
        (10, True, [0, 5, 10]),
        (37, True, [0, 10, 20, 30, 40]),
        (95, True, [0, 25, 50, 75, 100]),
        (1234, True, [0, 500, 1000, 1500]),
        (0.8, False, [0, 0.2, 0.4, 0.6, 0.8]),
    ],
)
def test_y_axis_has_three_to_five_nice_ticks(largest, whole, expected):
    ticks = charts.nice_ticks(largest, whole=whole)
    assert ticks == pytest.approx(expected)
    assert 3 <= len(ticks) <= 5
    assert ticks[-1] >= largest


def test_line_points_follow_the_values_and_break_at_none():
    geometry = charts.line_geometry([("Sent", [0, 10, None, 20])], MONTHS)
    series = geometry["series"][0]
    assert len(series["points"]) == 3
    xs = [p["x"] for p in series["points"]]
    assert xs == sorted(xs)  # time runs left to right
    ys = [p["y"] for p in series["points"]]
    bottom, top = geometry["plot"]["bottom"], geometry["plot"]["top"]
    assert ys[0] == bottom
    # 10 is half of 20, and 20 is the top tick.
    assert ys[2] == pytest.approx(top)
    assert ys[1] == pytest.approx((top + bottom) / 2)
    # A gap where the figure is missing: the line starts again after it.
    assert series["path"].count("M") == 2
    assert geometry["rows"][2]["values"] == ["—"]


def test_all_zero_series_lie_on_the_axis():
    geometry = charts.line_geometry([("a", [0, 0, 0, 0]), ("b", [0, 0, 0, 0])], MONTHS)
    bottom = geometry["plot"]["bottom"]
    assert {p["y"] for s in geometry["series"] for p in s["points"]} == {bottom}
    assert [t["text"] for t in geometry["y_ticks"]] == ["0", "1", "2"]


def test_one_month_is_drawn_in_the_middle():
    geometry = charts.line_geometry([("a", [4])], [date(2026, 3, 1)])
    (point,) = geometry["series"][0]["points"]
    middle = (charts.LINE_MARGIN["start"] + charts.LINE_WIDTH - charts.LINE_MARGIN["end"]) / 2
    assert point["x"] == pytest.approx(middle)
    assert geometry["series"][0]["path"].startswith("M")


def test_line_values_must_be_non_negative_and_one_per_month():
    with pytest.raises(ValueError):
        charts.line_geometry([("a", [1, -2, 3, 4])], MONTHS)
    with pytest.raises(ValueError):
        charts.line_geometry([("a", [1, 2])], MONTHS)
    with pytest.raises(ValueError):
        charts.line_geometry([("a", [])], [])


def test_time_runs_right_to_left_in_arabic():
    series = [("a", [1, 2, 3, 4])]
    ltr = charts.line_geometry(series, MONTHS, rtl=False)
    rtl = charts.line_geometry(series, MONTHS, rtl=True)
    left_xs = [p["x"] for p in ltr["series"][0]["points"]]
    right_xs = [p["x"] for p in rtl["series"][0]["points"]]
    assert right_xs == sorted(right_xs, reverse=True)
    assert right_xs == pytest.approx([charts.LINE_WIDTH - x for x in left_xs])
    assert [p["y"] for p in rtl["series"][0]["points"]] == [
        p["y"] for p in ltr["series"][0]["points"]
    ]
    # The y axis and its numbers move to the right.
    assert rtl["y_ticks"][0]["x"] == pytest.approx(charts.LINE_WIDTH - ltr["y_ticks"][0]["x"])
    assert [label["x"] for label in rtl["x_labels"]] == right_xs


def test_line_chart_tooltips_months_and_table():
    html = render(
        "{% line_chart series months title='Complaints received' %}",
        series=[("Received", [3, 5, 0, 1200]), ("Resolved", [1, None, 2, 4])],
        months=MONTHS,
    )
    page = Elements(html)
    x_labels = [text for _, text in page.all("text")]
    assert [t for t in x_labels if t in {"Nov", "Dec", "Jan", "Feb", "2025", "2026"}] == [
        "Nov",
        "2025",
        "Dec",
        "Jan",
        "2026",
        "Feb",
    ]
    tooltips = [text for _, text in page.all("title")]
    assert "Received, February 2026: 1,200" in tooltips
    assert "Resolved, January 2026: 2" in tooltips
    assert table_cells(html) == [
        ["Month", "Received", "Resolved"],
        ["November 2025", "3", "1"],
        ["December 2025", "5", "—"],
        ["January 2026", "0", "2"],
        ["February 2026", "1,200", "4"],
    ]
    (svg, _), *_ = page.all("svg")
    descs = {a.get("id"): text for a, text in page.all("desc")}
    assert descs[svg["aria-labelledby"].split()[1]] == (
        "Line chart of Received, Resolved, from November 2025 to February 2026."
    )


def test_a_long_trend_writes_at_most_six_months_under_the_axis():
    months = [date(2025 + (m // 12), m % 12 + 1, 1) for m in range(2, 26)]  # Mar 2025 - Feb 2027
    with translation.override("en"):
        geometry = charts.line_geometry([("a", list(range(24)))], months)
    labels = geometry["x_labels"]
    assert [label["short"] for label in labels] == ["Mar", "Jul", "Nov", "Mar", "Jul", "Nov"]
    assert [label["year"] for label in labels] == ["2025", "", "", "2026", "", ""]
    # Every month keeps its point and its row in the table.
    assert len(geometry["series"][0]["points"]) == len(geometry["rows"]) == 24


def test_a_line_chart_without_series_says_so():
    html = render("{% line_chart series months title='T' %}", series=[], months=MONTHS)
    assert "Line chart without figures." in html
    assert table_cells(html)[0] == ["Month"]


def test_line_chart_months_in_arabic():
    html = render(
        "{% line_chart series months title='T' %}",
        "ar",
        series=[("a", [1, 2, 3, 4])],
        months=MONTHS,
    )
    assert "يناير" in html and "فبراير 2026" in html


# Gauge ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "status"), [(95, "met"), (90, "met"), (85, "close"), (80, "close"), (79.9, "missed")]
)
def test_gauge_colour_follows_the_target(value, status):
    geometry = charts.gauge_geometry(value, target=90)
    assert geometry["status"] == status
    assert geometry["colour"] == charts.GAUGE_COLOURS[status]


def test_gauge_arc_ends_where_the_value_is():
    assert charts.gauge_geometry(50)["arc"].endswith(" 100.0,20.0")
    assert charts.gauge_geometry(100)["arc"].endswith(" 180.0,100.0")
    assert charts.gauge_geometry(0)["arc"] == ""
    # Mirrored in Arabic: it fills from the right.
    rtl = charts.gauge_geometry(25, rtl=True)["arc"]
    ltr = charts.gauge_geometry(25)["arc"]
    assert rtl.startswith("M180.0,100.0") and ltr.startswith("M20.0,100.0")


def test_gauge_refuses_what_is_not_a_percentage():
    for bad in (-1, 100.5):
        with pytest.raises(ValueError):
            charts.gauge_geometry(bad)
    with pytest.raises(ValueError):
        charts.gauge_geometry(50, target=120)


def test_gauge_without_a_value_shows_a_dash():
    html = render("{% gauge value title='Answered within time' target=90 %}", value=None)
    page = Elements(html)
    assert "—" in [text for _, text in page.all("text")]
    assert "No figure for this period." in html
    assert table_cells(html) == [["Value", "—"], ["Target", "90%"], ["Status", "—"]]


def test_gauge_says_the_status_in_words_too():
    html = render("{% gauge 87.5 title='Answered within time' target=90 %}")
    assert "87.5%" in [text for _, text in Elements(html).all("text")]
    assert "Close to the target" in html
    assert table_cells(html) == [
        ["Value", "87.5%"],
        ["Target", "90%"],
        ["Status", "Close to the target"],
    ]


def test_each_chart_on_a_page_has_its_own_ids():
    html = render("{% gauge 1 title='a' %}{% gauge 2 title='b' %}")
    ids = re.findall(r' id="([^"]+)"', html)
    assert len(ids) == 4 and len(set(ids)) == 4


# The demo page ---------------------------------------------------------------------------------

DEMO = """{% load charts %}
<main class="container py-3"><h1 class="h4">Charts</h1>
<div class="row">
  <div class="col-md-6">{% bar_chart rows title="Referrals by agency" %}</div>
  <div class="col-md-6">{% line_chart series months title="Complaints by month" %}</div>
  <div class="col-md-4">{% gauge 87.5 title="Answered within time" target=90 %}</div>
  <div class="col-md-4">{% gauge 96 title="Acknowledged within time" target=90 %}</div>
  <div class="col-md-4">{% gauge 40 title="Resolved within time" target=80 %}</div>
  <div class="col-md-4">{% gauge None title="Satisfied" target=80 %}</div>
</div></main>"""


def demo_page(language: str) -> str:
    """Every chart on one page with the site's Bootstrap build, for a real browser."""
    rtl = language == "ar"
    css_file = "bootstrap.rtl.min.css" if rtl else "bootstrap.min.css"
    css = (bootstrap_wrapper.get_bootstrap_dir() / "css" / css_file).read_text()
    body = render(
        DEMO,
        language,
        rows=[
            ("وزارة التنمية الاجتماعية" if rtl else "Ministry of Social Development", 1234),
            ("صندوق المعونة الوطنية" if rtl else "National Aid Fund", 3050),
            ("Empty", None),
            ("Zero", 0),
        ],
        series=[
            ("Received", [3, 5, None, 12]),
            ("Resolved", [1, 4, 6, 9]),
            ("Reopened", [0, 0, 1, 0]),
        ],
        months=MONTHS,
    )
    return (
        f'<!doctype html><html lang="{language}" dir="{"rtl" if rtl else "ltr"}"><head>'
        '<meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Charts</title><style>{css}</style></head><body>{body}</body></html>"
    )


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium, as in tests/browser."""
    return {
        **browser_type_launch_args,
        "executable_path": os.environ.get("MASAR_CHROMIUM", "/usr/bin/chromium"),
        "args": ["--no-sandbox", "--disable-gpu", "--no-first-run"],
    }


@pytest.mark.browser
@pytest.mark.parametrize("language", ["en", "ar"])
def test_demo_page_on_a_phone_is_accessible(page, language):
    from axe_playwright_python.sync_playwright import Axe

    page.set_viewport_size({"width": 390, "height": 844})
    page.set_content(demo_page(language))
    # Nothing wider than the phone: the charts scale with their viewBox.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    widths = page.eval_on_selector_all(
        "svg[role=img]", "els => els.map(e => e.getBoundingClientRect().width)"
    )
    assert len(widths) == 6 and all(0 < w <= 390 for w in widths)
    # The numbers open under "Show the numbers".
    page.locator("details > summary").first.click()
    assert page.get_by_role("table").first.is_visible()
    results = Axe().run(page)
    bad = [
        v["id"] for v in results.response["violations"] if v["impact"] in {"serious", "critical"}
    ]
    assert not bad
