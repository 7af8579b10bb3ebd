"""The agency dashboard (dashboards:agency) on the hand-made set of tests/dashboards/dataset.py:
its figures, scoping, filters, languages and freshness."""

from datetime import date, timedelta

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import translation

from apps.dashboards import figures
from apps.dashboards.models import MonthlyFigure
from apps.organisations.models import Membership
from tests.dashboards.dataset import JAN
from tests.organisations.factories import office, staff

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root", "in_english")]
Role = Membership.Role
JAN_FEB = {"from": "2026-01", "to": "2026-02"}


def url(lang="en"):
    with translation.override(lang):
        return reverse("dashboards:agency")


def section(response, key):
    return next(s for s in response.context["sections"] if s.key == key)


def figure(found, label):
    return next(value for name, value, _ in found.figures if name == label)


def gauge(found, label):
    return next(value for name, value in found.gauges if name == label)


def bars(found, title):
    return dict(next(rows for name, rows in found.bars if name == title))


def warnings(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


# --- the figures ---------------------------------------------------------------------------


def test_agency_admin_reads_the_figures_of_the_period(client_for, naf_admin, refreshed):
    response = client_for(naf_admin).get(url(), JAN_FEB)
    assert response.status_code == 200
    assert response.context["current"] == refreshed["naf"]
    assert (response.context["first"], response.context["last"]) == (
        date(2026, 1, 1),
        date(2026, 2, 1),
    )
    complaints = section(response, "complaints")
    assert figure(complaints, "Received") == 5
    assert figure(complaints, "Median time to resolve, in hours") == 96.0
    assert figure(complaints, "Average satisfaction, out of 5") == pytest.approx(11 / 3)
    assert figure(complaints, "Satisfied (rated 4 or 5)") == pytest.approx(200 / 3)
    assert figure(complaints, "Reopen rate") == pytest.approx(100 / 3)
    assert gauge(complaints, "Acknowledged within time") == 50.0
    assert gauge(complaints, "Resolved within time") == pytest.approx(100 / 3)
    assert bars(complaints, "Complaints received by kind") == {
        "Complaint": 2,
        "Suggestion": 1,
        "Enquiry": 2,
    }
    assert bars(complaints, "Complaints received by category") == {
        refreshed["late"].name: 4,
        refreshed["rude"].name: 1,
    }
    applications = section(response, "applications")
    assert figure(applications, "Received") == 6
    assert figure(applications, "Decided") == 3
    assert figure(applications, "Median processing time, in hours") == 48.0
    assert figure(applications, "Approval rate") == pytest.approx(200 / 3)
    assert gauge(applications, "Decided within the promised time") == 50.0
    # Trends: one value per month of the period.
    _title, series, _unit = complaints.trends[0]
    assert series == [("Received", [4, 1])]
    assert response.context["months"] == [date(2026, 1, 1), date(2026, 2, 1)]
    # Nothing of referrals or cases in this set: zeros and dashes, never an error.
    referrals = section(response, "referrals")
    assert figure(referrals, "Sent") == 0
    assert figure(referrals, "Median time to answer, in hours") is None
    html = response.content.decode()
    assert "<caption>Complaints: key figures</caption>" in html
    assert "96</td>" in html
    assert "66.7%" in html
    assert "3.67</td>" in html
    assert "—" in html


def test_one_office(client_for, naf_admin, refreshed):
    client = client_for(naf_admin)
    response = client.get(url(), JAN_FEB | {"office": refreshed["amman"].pk})
    assert response.status_code == 200
    assert response.context["office"] == refreshed["amman"]
    assert figure(section(response, "applications"), "Received") == 5  # not the unrouted one
    assert figure(section(response, "complaints"), "Received") == 0
    response = client.get(url(), JAN_FEB | {"office": refreshed["naf_head"].pk})
    assert figure(section(response, "complaints"), "Received") == 5
    assert figure(section(response, "applications"), "Received") == 0


def test_months_outside_the_period_are_left_out(client_for, naf_admin, refreshed):
    response = client_for(naf_admin).get(url(), {"from": "2026-03", "to": "2026-03"})
    assert figure(section(response, "complaints"), "Received") == 1
    assert figure(section(response, "complaints"), "Median time to resolve, in hours") is None


# --- scoping -------------------------------------------------------------------------------


def test_an_agency_admin_sees_only_their_agency(client_for, naf_admin, refreshed):
    client = client_for(naf_admin)
    response = client.get(url())
    assert response.status_code == 200
    assert response.context["agencies"] == [refreshed["naf"]]
    assert 'name="agency" id="id_agency"' not in response.content.decode()
    assert client.get(url(), {"agency": refreshed["mosd"].pk}).status_code == 404
    assert client.get(url(), {"agency": "NAF"}).status_code == 404
    # An office of another agency, with the admin's agency or without.
    mosd_office = refreshed["mosd_head"].pk
    assert client.get(url(), {"office": mosd_office}).status_code == 404
    assert (
        client.get(url(), {"agency": refreshed["naf"].pk, "office": mosd_office}).status_code == 404
    )
    assert client.get(url(), {"office": "x"}).status_code == 404


def test_oversight_sees_every_agency(client_for, oversight, refreshed):
    client = client_for(oversight)
    response = client.get(url(), JAN_FEB)
    assert response.status_code == 200
    assert len(response.context["agencies"]) > 2
    assert 'name="agency" id="id_agency"' in response.content.decode()
    response = client.get(url(), JAN_FEB | {"agency": refreshed["mosd"].pk})
    assert response.context["current"] == refreshed["mosd"]
    complaints = section(response, "complaints")
    assert figure(complaints, "Received") == 1
    assert figure(complaints, "Median time to resolve, in hours") == 24.0
    response = client.get(url(), JAN_FEB | {"agency": refreshed["naf"].pk})
    assert figure(section(response, "complaints"), "Received") == 5


def test_other_roles_are_refused(client_for, refreshed, anonymous_client):
    worker = staff("NAF", "AM", Role.SOCIAL_WORKER, email="worker.am@naf.example.jo")
    supervisor = staff("NAF", "AM", Role.SUPERVISOR, email="supervisor.am@naf.example.jo")
    assert client_for(worker).get(url()).status_code == 403
    assert client_for(supervisor).get(url()).status_code == 403
    response = anonymous_client.get(url())
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_the_menu_links_the_page(client_for, naf_admin, oversight, db):
    worker = staff("NAF", "AM", Role.SOCIAL_WORKER, email="worker.am@naf.example.jo")
    home = reverse("dashboards:home")
    assert f'href="{url()}"' in client_for(naf_admin).get(home).content.decode()
    assert f'href="{url()}"' in client_for(oversight).get(home).content.decode()
    assert f'href="{url()}"' not in client_for(worker).get(home).content.decode()


# --- bad filters ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"from": "January", "to": "2026-02"}, "Give the months as year and month"),
        ({"from": "2026-13"}, "Give the months as year and month"),
        ({"to": "2026-02-31"}, "Give the months as year and month"),
        ({"from": "2026-03", "to": "2026-01"}, "The first month comes after the last one"),
        ({"from": "2020-01", "to": "2026-01"}, "Choose at most 36 months"),
    ],
)
def test_bad_periods_show_the_default_with_a_message(
    client_for, naf_admin, refreshed, travel, query, message
):
    travel(JAN + timedelta(days=60))  # 11 March 2026
    response = client_for(naf_admin).get(url(), query)
    assert response.status_code == 200
    assert any(text.startswith(message) for text in warnings(response))
    assert (response.context["first"], response.context["last"]) == (
        date(2025, 3, 1),
        date(2026, 3, 1),
    )
    assert len(response.context["months"]) == 13
    assert figure(section(response, "complaints"), "Received") == 6


def test_the_default_period_is_the_last_twelve_months_and_this_one(
    client_for, naf_admin, refreshed, travel
):
    travel(JAN + timedelta(days=30))  # 9 February 2026
    response = client_for(naf_admin).get(url())
    assert not warnings(response)
    assert response.context["first"] == date(2025, 2, 1)
    assert response.context["last"] == date(2026, 2, 1)
    assert figure(section(response, "complaints"), "Received") == 5


# --- languages and freshness ---------------------------------------------------------------


@pytest.mark.parametrize(("lang", "word"), [("ar", "الشكاوى"), ("en", "Complaints")])
def test_both_languages(client_for, naf_admin, refreshed, lang, word):
    response = client_for(naf_admin).get(url(lang), JAN_FEB)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'lang="{lang}"' in html
    assert ('dir="rtl"' in html) == (lang == "ar")
    assert word in html
    assert "<svg" in html  # the charts


def test_the_page_says_how_fresh_the_figures_are(client_for, naf_admin, dataset, travel):
    client = client_for(naf_admin)
    response = client.get(url(), JAN_FEB)
    assert "No figures have been computed for this period yet." in response.content.decode()
    travel(JAN.replace(month=3, day=5, hour=10, minute=0))
    figures.refresh(date(2026, 1, 1), date(2026, 3, 1))
    # One row older than the others: the page gives the oldest.
    MonthlyFigure.objects.filter(month=date(2026, 2, 1), domain="complaints").update(
        computed_at=JAN.replace(month=3, day=5, hour=8, minute=15)
    )
    response = client.get(url(), JAN_FEB)
    assert response.context["computed_at"] == JAN.replace(month=3, day=5, hour=8, minute=15)
    assert "Figures as of 5 March 2026, 08:15 (Amman time)" in response.content.decode()


# --- queries -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "period", [{"from": "2026-01", "to": "2026-01"}, {"from": "2025-03", "to": "2026-02"}]
)
def test_a_fixed_number_of_queries(
    client_for, naf_admin, refreshed, django_assert_num_queries, period
):
    client = client_for(naf_admin)
    client.get(url(), period)  # the session and the calendars warm up
    # More rows: every office of the agency, every month, every domain.
    offices = list(office("NAF", None).agency.offices.all())
    MonthlyFigure.objects.bulk_create(
        MonthlyFigure(
            month=figures.add_months(date(2025, 3, 1), n),
            agency_id=o.agency_id,
            office=o,
            domain="cases",
            counters={"opened": 1},
            computed_at=JAN,
        )
        for n in range(12)
        for o in offices
    )
    # The rows changed: summed again (the rows' query), then read from the cache.
    with django_assert_num_queries(QUERIES + 1):
        response = client.get(url(), period)
    assert response.status_code == 200
    opened = figure(section(response, "cases"), "Opened")
    with django_assert_num_queries(QUERIES):
        response = client.get(url(), period)
    assert (
        figure(section(response, "cases"), "Opened")
        == opened
        == len(offices) * (1 if period["from"] == "2026-01" else 12)
    )


QUERIES = 9


# --- exports -------------------------------------------------------------------------------


def test_a_section_by_month_as_csv(client_for, naf_admin, refreshed):
    from apps.audit.models import AuditEvent

    client = client_for(naf_admin)
    page = client.get(url(), JAN_FEB).content.decode()
    assert "table=complaints&amp;export=csv" in page
    response = client.get(url(), JAN_FEB | {"table": "complaints", "export": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == (
        'Month,Received,"Median time to resolve, in hours","Average satisfaction, out of 5",'
        "Satisfied (rated 4 or 5),Reopen rate,Acknowledged within time,Resolved within time"
    )
    assert lines[1:] == [
        "2026-01-01,4,96.0,3.67,66.67,33.33,66.67,33.33",
        "2026-02-01,1,,,,,0.0,",
        "Whole period,5,96.0,3.67,66.67,33.33,50.0,33.33",
    ]
    assert (
        AuditEvent.objects.filter(
            action=AuditEvent.Action.EXPORT, object_type="dashboards.agency.complaints"
        ).count()
        == 1
    )
    xlsx = client.get(url(), JAN_FEB | {"table": "applications", "export": "xlsx"})
    assert xlsx.status_code == 200
    assert xlsx.content[:2] == b"PK"


def test_exports_stay_in_scope(client_for, naf_admin, refreshed):
    from apps.audit.models import AuditEvent

    client = client_for(naf_admin)
    assert client.get(url(), {"table": "nothing", "export": "csv"}).status_code == 404
    assert client.get(url(), {"table": "complaints", "export": "pdf"}).status_code == 404
    assert (
        client.get(
            url(), {"agency": refreshed["mosd"].pk, "table": "complaints", "export": "csv"}
        ).status_code
        == 404
    )
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).exists()


def test_referral_and_case_figures_from_their_counters(client_for, naf_admin, dataset):
    """The keys figures_referrals_* and figures_cases write (their docstrings), summed over two
    offices and two months."""
    naf, amman, head = dataset["naf"], dataset["amman"], dataset["naf_head"]

    def row(month, office, domain, counters):
        return MonthlyFigure(
            month=month,
            agency=naf,
            office=office,
            domain=domain,
            counters=counters,
            computed_at=JAN,
        )

    jan, feb = date(2026, 1, 1), date(2026, 2, 1)
    MonthlyFigure.objects.bulk_create(
        [
            row(jan, amman, "referrals_sent", {"sent": 3, "completed": 1}),
            row(feb, head, "referrals_sent", {"sent": 2}),
            row(
                jan,
                amman,
                "referrals_received",
                {
                    "received": 4,
                    "answered": 3,
                    "answered_settled": 4,
                    "answered_in_time": 3,
                    "hours_to_answer": {"10": 2, "30": 1},
                    "hours_to_complete": {"100": 1},
                    "decline_reasons": {"not_eligible": 1},
                    "outcomes": {"other": 1},
                },
            ),
            row(
                feb,
                head,
                "referrals_received",
                {"received": 1, "answered_settled": 1, "hours_to_answer": {"50": 1}},
            ),
            row(jan, amman, "cases", {"opened": 2, "closed": 1, "by_risk": {"high": 2}}),
            row(feb, amman, "cases", {"opened": 1, "actions_by_pillar": {"karama": 4}}),
        ]
    )
    response = client_for(naf_admin).get(url(), JAN_FEB)
    referrals = section(response, "referrals")
    assert figure(referrals, "Sent") == 5
    assert figure(referrals, "Received") == 5
    assert figure(referrals, "Median time to answer, in hours") == 20.0  # 10, 10, 30, 50
    assert figure(referrals, "Median time to complete, in hours") == 100.0
    assert gauge(referrals, "Answered within time") == 60.0  # 3 of 5 settled
    assert bars(referrals, "Reasons for declining") == {"The person is not eligible": 1}
    assert bars(referrals, "Outcomes") == {"Other outcome": 1}
    _title, series, _unit = referrals.trends[0]
    assert series == [("Sent", [3, 2]), ("Received", [4, 1])]
    cases = section(response, "cases")
    assert figure(cases, "Opened") == 3
    assert figure(cases, "Closed") == 1
    assert bars(cases, "Cases opened by risk level") == {"High": 2}
    assert bars(cases, "Plan actions added by pillar") == {"Karama (dignity)": 4}
