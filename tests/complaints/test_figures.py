"""The figures the dashboards read (selectors.complaint_figures), on a small hand-made set of
complaints whose answers are worked out below."""

from datetime import date, timedelta

import pytest

from apps.complaints.models import Complaint
from apps.complaints.selectors import complaint_figures
from tests.complaints.factories import category, complaint
from tests.sla.factories import at

pytestmark = pytest.mark.django_db
JAN = at(2026, 1, 10, 9)
FEB = at(2026, 2, 3, 9)


def made(of, *, created, answered_after=None, **facts) -> Complaint:
    one = complaint(of=of)
    values = {"created_at": created} | facts
    if answered_after is not None:
        values["first_resolved_at"] = created + answered_after
        values["resolved_at"] = created + answered_after
        values.setdefault("status", Complaint.Status.RESOLVED)
    Complaint.objects.filter(pk=one.pk).update(**values)
    return one


@pytest.fixture
def dataset(db):
    """NAF, "late" category, January: four complaints.
      acknowledged on time: yes, yes, no, not yet    → 2 of 3 = 66.7 %
      answered after 2, 4 and 9 days (one not yet)   → average 5 days, median 4 days
      answer deadline met: yes, no, no               → 1 of 3 = 33.3 %
      ratings 5, 4, 2                                → average 3.67, satisfied 2 of 3 = 66.7 %
      one of the three answered was reopened         → 33.3 %
    NAF, "rude" category, February: one, acknowledged late, unanswered.
    MOSD, January: one, answered in 1 day on time, rated 1.
    """
    late, rude, mosd = category(), category(), category("MOSD")
    made(
        late,
        created=JAN,
        acknowledged_on_time=True,
        answered_after=timedelta(days=2),
        resolved_on_time=True,
        rating=5,
    )
    made(
        late,
        created=JAN,
        acknowledged_on_time=True,
        answered_after=timedelta(days=4),
        resolved_on_time=False,
        rating=4,
    )
    made(
        late,
        created=JAN + timedelta(days=5),
        acknowledged_on_time=False,
        answered_after=timedelta(days=9),
        resolved_on_time=False,
        rating=2,
        reopen_count=1,
        status=Complaint.Status.REOPENED,
    )
    made(late, created=JAN + timedelta(days=20))
    made(rude, created=FEB, acknowledged_on_time=False)
    made(
        mosd,
        created=JAN,
        acknowledged_on_time=True,
        answered_after=timedelta(days=1),
        resolved_on_time=True,
        rating=1,
    )
    return late, rude, mosd


def test_per_agency(dataset):
    late, _rude, mosd = dataset
    rows = {row["agency"]: row for row in complaint_figures(by=("agency",))}
    naf, other = rows[late.agency_id], rows[mosd.agency_id]
    assert naf["received"] == 5
    assert naf["acknowledged_in_time"] == pytest.approx(50.0)  # 2 of 4 settled
    assert naf["resolved_in_time"] == pytest.approx(100 / 3)
    assert naf["resolve_average"] == timedelta(days=5)
    assert naf["resolve_median"] == timedelta(days=4)
    assert naf["satisfaction"] == pytest.approx(11 / 3)
    assert naf["satisfied"] == pytest.approx(200 / 3)
    assert naf["reopen_rate"] == pytest.approx(100 / 3)
    assert other["received"] == 1 and other["satisfied"] == 0.0
    assert other["resolve_median"] == timedelta(days=1)


def test_per_category_and_month(dataset):
    late, rude, _mosd = dataset
    rows = complaint_figures(by=("category", "month"), agencies=[late.agency_id])
    assert [(r["category"], r["month"], r["received"]) for r in rows] == [
        (late.pk, date(2026, 1, 1), 4),
        (rude.pk, date(2026, 2, 1), 1),
    ]
    january = rows[0]
    assert january["acknowledged_in_time"] == pytest.approx(200 / 3)
    assert january["resolve_average"] == timedelta(days=5)
    feb = rows[1]
    assert feb["acknowledged_in_time"] == 0.0
    assert feb["resolved_in_time"] is None and feb["resolve_average"] is None
    assert feb["satisfaction"] is None and feb["reopen_rate"] is None


def test_per_month_in_ammans_time(dataset):
    # 31 January 23:30 in Amman is January, whatever UTC says.
    made(dataset[0], created=at(2026, 1, 31, 23, 30))
    rows = complaint_figures(by=("month",))
    assert [(r["month"], r["received"]) for r in rows] == [
        (date(2026, 1, 1), 6),
        (date(2026, 2, 1), 1),
    ]


def test_a_period_and_bad_groups(dataset):
    rows = complaint_figures(by=("agency",), since=FEB, until=FEB + timedelta(days=1))
    assert [r["received"] for r in rows] == [1]
    with pytest.raises(ValueError):
        complaint_figures(by=("office",))
    with pytest.raises(ValueError):
        complaint_figures(by=())


def test_one_query_whatever_the_groups(dataset, django_assert_num_queries):
    with django_assert_num_queries(1):
        complaint_figures(by=("agency", "category", "month"))
