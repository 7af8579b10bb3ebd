"""The monthly figures (apps/dashboards/figures.py) on the hand-made set of tests/dashboards/dataset.py."""

from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from apps.complaints.selectors import complaint_figures
from apps.dashboards import figures
from apps.dashboards.models import MonthlyFigure
from tests.dashboards.dataset import FEB, JAN

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root", "in_english")]
Domain = MonthlyFigure.Domain
JAN_1, FEB_1, MAR_1, APR_1 = (date(2026, m, 1) for m in (1, 2, 3, 4))


def rows(domain, **where):
    return MonthlyFigure.objects.filter(domain=domain, **where)


def snapshot():
    return sorted(
        ((r.month, r.agency_id, r.office_id or 0, r.domain), r.counters)
        for r in MonthlyFigure.objects.all()
    )


# --- summing -------------------------------------------------------------------------------


def test_combine_adds_numbers_splits_and_histograms():
    total = figures.combine(
        [
            {"received": 2, "by_kind": {"complaint": 2}, "resolved_hours": {"5": 1}},
            {
                "received": 3,
                "by_kind": {"complaint": 1, "enquiry": 4},
                "resolved_hours": {"5": 2, "7": 1},
            },
            {},
        ]
    )
    assert total == {
        "received": 5,
        "by_kind": {"complaint": 3, "enquiry": 4},
        "resolved_hours": {"5": 3, "7": 1},
    }


@pytest.mark.parametrize(
    ("histogram", "median"),
    [
        ({}, None),
        (None, None),
        ({"5": 1}, 5.0),
        ({"5": 1, "27": 1}, 16.0),
        ({"27": 1, "5": 2}, 5.0),
        ({"1": 2, "3": 2}, 2.0),
        ({"10": 3, "2": 1, "100": 1}, 10.0),
        ({"4": 0, "8": 1}, 8.0),
    ],
)
def test_median_hours_reads_the_histogram_as_percentile_cont(histogram, median):
    assert figures.median_hours(histogram) == median


def test_share_and_ratio():
    assert figures.share(1, 4) == 25.0
    assert figures.share(0, 0) is None
    assert figures.share(None, 3) == 0.0
    assert figures.ratio(11, 3) == pytest.approx(3.6667, abs=1e-4)
    assert figures.ratio(5, 0) is None


def test_months():
    assert figures.add_months(date(2026, 1, 1), -1) == date(2025, 12, 1)
    assert figures.add_months(date(2026, 12, 1), 1) == date(2027, 1, 1)
    assert figures.add_months(date(2026, 3, 1), -14) == date(2025, 1, 1)


def test_refresh_wants_months():
    with pytest.raises(ValueError):
        figures.refresh(date(2026, 1, 2), FEB_1)


# --- complaints ----------------------------------------------------------------------------


def test_complaint_counters(refreshed):
    naf, late, rude = refreshed["naf"], refreshed["late"], refreshed["rude"]
    january = rows(Domain.COMPLAINTS, agency=naf, month=JAN_1).get()
    assert january.office == refreshed["naf_head"]
    assert january.counters == {
        "received": 4,
        "by_kind": {"complaint": 2, "suggestion": 1, "enquiry": 1},
        "by_category": {str(late.pk): 4},
        "acknowledged_settled": 3,
        "acknowledged_in_time": 2,
        "resolved_settled": 3,
        "resolved_in_time": 1,
        "answered": 3,
        "resolved_seconds": (48 + 96 + 216) * 3600,
        "resolved_hours": {"48": 1, "96": 1, "216": 1},
        "rating_count": 3,
        "rating_sum": 11,
        "satisfied": 2,
        "reopened": 1,
    }
    february = rows(Domain.COMPLAINTS, agency=naf, month=FEB_1).get()
    assert february.counters["received"] == 1
    assert february.counters["by_category"] == {str(rude.pk): 1}
    assert "resolved_hours" not in february.counters
    assert rows(Domain.COMPLAINTS, agency=naf, month=MAR_1).get().counters["received"] == 1


def test_complaint_figures_over_two_months(refreshed):
    total = figures.combine(
        rows(Domain.COMPLAINTS, agency=refreshed["naf"], month__gte=JAN_1, month__lt=MAR_1)
    )
    assert total["received"] == 5
    assert total["by_kind"] == {"complaint": 2, "suggestion": 1, "enquiry": 2}
    assert figures.share(total["acknowledged_in_time"], total["acknowledged_settled"]) == 50.0
    assert figures.share(total["resolved_in_time"], total["resolved_settled"]) == pytest.approx(
        33.33, abs=0.01
    )
    assert figures.median_hours(total["resolved_hours"]) == 96.0
    assert figures.ratio(total["rating_sum"], total["rating_count"]) == pytest.approx(11 / 3)
    assert figures.share(total["satisfied"], total["rating_count"]) == pytest.approx(200 / 3)
    assert figures.share(total["reopened"], total["answered"]) == pytest.approx(100 / 3)


@pytest.mark.parametrize("by", [("agency",), ("agency", "month")])
def test_complaint_figures_equal_the_complaints_selector(refreshed, by):
    """The monthly rows, summed, say what apps.complaints.selectors.complaint_figures says."""
    start, end = figures.bounds(JAN_1, APR_1)
    expected = complaint_figures(by=by, since=start, until=end)
    assert len(expected) == 4 if by == ("agency", "month") else 2
    for reference in expected:
        where = {"agency_id": reference["agency"]}
        if "month" in reference:
            where["month"] = reference["month"]
        total = figures.combine(rows(Domain.COMPLAINTS, month__gte=JAN_1, month__lt=APR_1, **where))
        median = reference["resolve_median"]
        average = reference["resolve_average"]
        assert total["received"] == reference["received"]
        assert figures.share(
            total["acknowledged_in_time"], total["acknowledged_settled"]
        ) == pytest.approx(reference["acknowledged_in_time"], nan_ok=True) or (
            reference["acknowledged_in_time"] is None and not total["acknowledged_settled"]
        )
        assert _same(
            figures.share(total["resolved_in_time"], total["resolved_settled"]),
            reference["resolved_in_time"],
        )
        assert _same(
            figures.median_hours(total.get("resolved_hours")),
            None if median is None else median / timedelta(hours=1),
        )
        assert _same(
            figures.ratio(total["resolved_seconds"], total["answered"]),
            None if average is None else average.total_seconds(),
        )
        assert _same(
            figures.ratio(total["rating_sum"], total["rating_count"]), reference["satisfaction"]
        )
        assert _same(
            figures.share(total["satisfied"], total["rating_count"]), reference["satisfied"]
        )
        assert _same(figures.share(total["reopened"], total["answered"]), reference["reopen_rate"])


def _same(mine, theirs) -> bool:
    if mine is None or theirs is None:
        return mine is None and theirs is None
    return mine == pytest.approx(theirs)


# --- applications --------------------------------------------------------------------------


def test_application_counters(refreshed):
    naf = refreshed["naf"]
    january = rows(Domain.APPLICATIONS, agency=naf, month=JAN_1).get()
    assert january.office == refreshed["amman"]
    assert january.counters == {
        "received": 5,
        "decided": 3,
        "approved": 2,
        "rejected": 1,
        "settled": 4,
        "within_time": 2,
        "by_status": {"approved": 1, "rejected": 1, "fulfilled": 1, "under_review": 2},
        "decided_hours": {"24": 1, "72": 1, "48": 1},
    }
    february = rows(Domain.APPLICATIONS, agency=naf, month=FEB_1).get()
    assert february.office is None
    assert february.counters["received"] == 1
    assert february.counters["by_status"] == {"withdrawn": 1}
    assert february.counters["decided"] == 0
    total = figures.combine([january, february])
    assert figures.median_hours(total["decided_hours"]) == 48.0
    assert figures.share(total["within_time"], total["settled"]) == 50.0
    assert figures.share(total["approved"], total["decided"]) == pytest.approx(200 / 3)


# --- the refresh ---------------------------------------------------------------------------


def test_refresh_twice_leaves_the_same_rows(refreshed):
    before = snapshot()
    assert before
    figures.refresh(JAN_1, APR_1)
    assert snapshot() == before
    assert MonthlyFigure.objects.count() == len(before)


def test_refresh_leaves_other_months_alone(refreshed):
    untouched = {
        r.pk: (r.counters, r.computed_at) for r in MonthlyFigure.objects.exclude(month=FEB_1)
    }
    # A row of February that no longer has data goes; January and March stay as they were.
    MonthlyFigure.objects.filter(month=FEB_1, domain=Domain.COMPLAINTS).update(
        counters={"received": 99}
    )
    from apps.complaints.models import Complaint

    Complaint.objects.filter(created_at__gte=FEB, created_at__lt=FEB + timedelta(days=1)).delete()
    figures.refresh(FEB_1, MAR_1)
    assert not rows(Domain.COMPLAINTS, month=FEB_1).exists()
    assert rows(Domain.APPLICATIONS, month=FEB_1).exists()
    assert {
        r.pk: (r.counters, r.computed_at) for r in MonthlyFigure.objects.exclude(month=FEB_1)
    } == untouched


def test_refresh_records_when(dataset, travel):
    moment = travel(timezone.now().replace(microsecond=0))
    figures.refresh(JAN_1, FEB_1)
    assert set(MonthlyFigure.objects.values_list("computed_at", flat=True)) == {moment}
    assert set(MonthlyFigure.objects.values_list("month", flat=True)) == {JAN_1}


def test_missing_domain_modules_are_skipped(monkeypatch, dataset):
    monkeypatch.setattr(
        figures,
        "DOMAINS",
        ["apps.dashboards.figures_complaints", "apps.dashboards.figures_not_there"],
    )
    assert figures.refresh(JAN_1, FEB_1) == {"complaints": 2}


def test_the_command_and_the_task(dataset, travel):
    from apps.dashboards import tasks

    travel(JAN + timedelta(days=30))  # 9 February
    written = tasks.refresh_recent()
    assert written["complaints"] == 3  # NAF January and February, MOSD January
    assert set(MonthlyFigure.objects.values_list("month", flat=True)) == {JAN_1, FEB_1}
    MonthlyFigure.objects.all().delete()
    travel(JAN + timedelta(days=80))  # 31 March
    call_command("dashboards_refresh", "--months", "2", stdout=_Null())
    assert set(MonthlyFigure.objects.values_list("month", flat=True)) == {FEB_1, MAR_1}


class _Null:
    def write(self, text):
        pass


def test_the_beat_runs_the_refresh_tasks(settings):
    from config.celery import app

    app.loader.import_default_modules()
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    for name in ("apps.dashboards.tasks.refresh_recent", "apps.dashboards.tasks.refresh_year"):
        assert name in scheduled
        assert name in app.tasks
