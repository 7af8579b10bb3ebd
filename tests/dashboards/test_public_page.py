"""The public transparency page and its open data, from hand-made monthly figures whose sums are
known; "now" is Thursday 10 December 2026 in Amman, so November is the newest published month.

NAF, November 2026, two offices' referrals received (summed over the offices):
  received 8 + 5 = 13; answered in time 5 + 3 = 8 of 6 + 5 = 11 settled: 72.7 %;
  hours to answer {5: 4, 27: 2} + {27: 3, 100: 2}: 11 answers, the 6th is 27 hours;
  completed 3 (suppressed, and so is its median); declined 4 + 8 = 12, no capacity 3 + 8 = 11,
  not eligible 1 (suppressed).
MoSD, November 2026, cases: opened 50, closed 9 (suppressed); by risk low 12, medium 15, high 20,
  critical 3: critical suppressed, and low with it (the smallest shown), else 50 - 15 - 20 - 12
  would give critical away.
"""

import csv
import io
import json
from datetime import date, datetime

import pytest
from django.urls import reverse
from django.utils import formats, translation
from django.utils.translation import gettext

from apps.dashboards import public
from apps.dashboards.models import MonthlyFigure
from apps.referrals.models import Referral
from tests.organisations.factories import office
from tests.sla.factories import at

pytestmark = pytest.mark.django_db
NOW = at(2026, 12, 10, 12)
NOV, OCT, DEC = date(2026, 11, 1), date(2026, 10, 1), date(2026, 12, 1)


def figure(month, where, domain, counters):
    return MonthlyFigure.objects.create(
        month=month,
        agency=where.agency,
        office=where,
        domain=domain,
        counters=counters,
        computed_at=at(2026, 12, 10, 11),
    )


@pytest.fixture
def figures(travel):
    travel(NOW)
    naf_am, naf_ir, mosd = office("NAF", "AM"), office("NAF", "IR"), office("MOSD", "AM")
    received = MonthlyFigure.Domain.REFERRALS_RECEIVED
    figure(
        NOV,
        naf_am,
        received,
        {
            "received": 8,
            "answered_settled": 6,
            "answered_in_time": 5,
            "hours_to_answer": {"5": 4, "27": 2},
            "completed": 3,
            "hours_to_complete": {"74": 3},
            "declined": 4,
            "decline_reasons": {"no_capacity": 3, "not_eligible": 1},
            "outcomes": {"delivered": 3},
        },
    )
    figure(
        NOV,
        naf_ir,
        received,
        {
            "received": 5,
            "answered_settled": 5,
            "answered_in_time": 3,
            "hours_to_answer": {"27": 3, "100": 2},
            "declined": 8,
            "decline_reasons": {"no_capacity": 8},
        },
    )
    figure(
        NOV,
        mosd,
        MonthlyFigure.Domain.CASES,
        {
            "opened": 50,
            "closed": 9,
            "by_risk": {"low": 12, "medium": 15, "high": 20, "critical": 3},
            "actions_by_pillar": {"karama": 40},
        },
    )
    figure(
        NOV,
        mosd,
        MonthlyFigure.Domain.COMPLAINTS,
        {"received": 12, "rating_count": 10, "rating_sum": 42, "satisfied": 7},
    )
    figure(OCT, naf_am, received, {"received": 21, "answered_settled": 0})
    figure(DEC, naf_am, received, {"received": 500})  # the current month: never published
    return {"naf": naf_am.agency, "mosd": mosd.agency}


def values(agency_code, month=NOV):
    [group] = [
        g
        for g in public.published([month])
        if g["agency"]["code"] == agency_code and g["month"] == month
    ]
    return group["values"]


def test_figures_are_summed_over_offices_and_computed_from_the_counters(figures):
    naf = values("NAF")
    assert naf["referrals_received"] == {"value": 13, "suppressed": False}
    assert naf["referrals_answered_in_time"] == {"value": 72.7, "suppressed": False}
    assert naf["referrals_answer_median_hours"] == {"value": 27.0, "suppressed": False}
    assert naf["referrals_declined"] == {"value": 12, "suppressed": False}
    assert naf["referrals_decline_reasons.no_capacity"] == {"value": 11, "suppressed": False}
    mosd = values("MOSD")
    assert mosd["cases_opened"] == {"value": 50, "suppressed": False}
    assert mosd["cases_opened_by_risk.medium"] == {"value": 15, "suppressed": False}
    assert mosd["cases_opened_by_risk.high"] == {"value": 20, "suppressed": False}
    assert mosd["complaints_received"] == {"value": 12, "suppressed": False}
    assert mosd["complaints_satisfaction_average"] == {"value": 4.2, "suppressed": False}
    assert mosd["complaints_satisfied"] == {"value": 70.0, "suppressed": False}


def test_a_figure_from_fewer_records_than_the_minimum_is_suppressed(figures):
    hidden = {"value": None, "suppressed": True}
    naf = values("NAF")
    assert naf["referrals_completed"] == hidden  # 3
    assert naf["referrals_complete_median_hours"] == hidden  # from 3 records
    assert naf["referrals_decline_reasons.not_eligible"] == hidden  # 1
    assert naf["referrals_decline_reasons.duplicate"] == hidden  # 0
    assert naf["referrals_sent"] == hidden  # none
    mosd = values("MOSD")
    assert mosd["cases_closed"] == hidden  # 9
    assert mosd["cases_opened_by_risk.critical"] == hidden  # 3
    # The only one hidden would be 50 - 15 - 20 - 12: the smallest shown goes with it.
    assert mosd["cases_opened_by_risk.low"] == hidden


def test_the_minimum_is_a_setting(figures, settings):
    settings.DASHBOARDS_MIN_GROUP = 3
    assert values("NAF")["referrals_completed"] == {"value": 3, "suppressed": False}
    settings.DASHBOARDS_MIN_GROUP = 14
    assert values("NAF")["referrals_received"] == {"value": None, "suppressed": True}


def test_only_completed_months_are_published():
    assert public.published_months(date(2026, 12, 10)) == [
        date(2026, 11, 1),
        date(2026, 10, 1),
        date(2026, 9, 1),
        date(2026, 8, 1),
        date(2026, 7, 1),
        date(2026, 6, 1),
        date(2026, 5, 1),
        date(2026, 4, 1),
        date(2026, 3, 1),
        date(2026, 2, 1),
        date(2026, 1, 1),
        date(2025, 12, 1),
    ]


@pytest.mark.parametrize("language", ["ar", "en"])
def test_the_page_shows_the_newest_completed_month_to_anyone(figures, client, language):
    with translation.override(language):
        url = reverse("dashboards:public")
        response = client.get(url)
        fewer = gettext("fewer than %(n)s") % {"n": 10}
        reason = str(Referral.DeclineReason.NO_CAPACITY.label)
        share = formats.number_format(72.7, 1)  # 72,7 in Arabic
    assert url == f"/{language}/performance/"
    assert response.status_code == 200
    assert response["Cache-Control"] in ("public, max-age=300", "max-age=300, public")
    page = response.content.decode()
    assert f'lang="{language}" dir="{"rtl" if language == "ar" else "ltr"}"' in page
    assert (figures["naf"].name_ar if language == "ar" else figures["naf"].name_en) in page
    assert '<option value="2026-11" selected>' in page
    assert '<option value="2026-12"' not in page
    assert ">13<" in page and share in page and ">50<" in page
    assert fewer in page
    assert reason in page
    assert ">500<" not in page and ">21<" not in page  # December's and October's


def test_the_page_in_english_reads_plainly(figures, client):
    page = client.get("/en/performance/").content.decode()
    assert "Referrals received" in page
    assert "72.7%" in page
    assert "27.0 hours" in page
    assert "fewer than 10" in page
    assert "November 2026" in page


def test_another_completed_month_is_chosen_with_the_select(figures, client):
    page = client.get("/en/performance/", {"month": "2026-10"}).content.decode()
    assert '<option value="2026-10" selected>' in page
    assert ">21<" in page
    assert ">13<" not in page


@pytest.mark.parametrize("month", ["2026-12", "2027-01", "2025-11", "november", "2026-13", "2026"])
def test_the_current_a_future_an_old_or_a_malformed_month_is_not_found(figures, client, month):
    assert client.get("/en/performance/", {"month": month}).status_code == 404
    assert client.get("/en/performance/open-data.json", {"month": month}).status_code == 404
    assert client.get("/en/performance/open-data.csv", {"month": month}).status_code == 404


def test_a_month_without_figures_says_so(figures, client):
    page = client.get("/en/performance/", {"month": "2026-01"}).content.decode()
    assert "No figures have been published for this month yet." in page


def test_the_page_reads_the_figures_in_one_query_whatever_their_number(
    figures, client, django_assert_num_queries
):
    for code in ("AJ", "BA", "IR", "ZA"):
        figure(NOV, office("MOSD", code), MonthlyFigure.Domain.CASES, {"opened": 10})
    with django_assert_num_queries(1):
        response = client.get("/en/performance/")
    assert response.status_code == 200
    with django_assert_num_queries(0):  # kept in the cache for the five minutes it may be kept
        client.get("/en/performance/")


def test_the_open_data_json(figures, client):
    response = client.get("/en/performance/open-data.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "public" in response["Cache-Control"] and "max-age=300" in response["Cache-Control"]
    body = json.loads(response.content)
    assert set(body) == {"publisher", "generated_at", "min_group", "months", "indicators", "rows"}
    assert body["min_group"] == 10
    assert body["months"][0] == "2026-11" and len(body["months"]) == 12
    assert "2026-12" not in body["months"]
    assert [(row["month"], row["agency"]["code"]) for row in body["rows"]] == [
        ("2026-11", "MOSD"),
        ("2026-11", "NAF"),
        ("2026-10", "NAF"),
    ]
    naf = body["rows"][1]
    assert naf["agency"]["name"] == {"ar": figures["naf"].name_ar, "en": figures["naf"].name_en}
    datetime.fromisoformat(naf["computed_at"])
    assert naf["values"]["referrals_received"] == {"value": 13, "suppressed": False}
    assert naf["values"]["referrals_completed"] == {"value": None, "suppressed": True}
    assert set(naf["values"]) == set(body["indicators"])
    assert body["indicators"]["referrals_answered_in_time"]["unit"] == "percent"
    assert body["indicators"]["referrals_received"]["label"]["en"] == "Referrals received"
    assert set(body["indicators"]["referrals_received"]["label"]) == {"ar", "en"}


def test_the_open_data_json_of_one_month(figures, client):
    body = client.get("/ar/performance/open-data.json", {"month": "2026-10"}).json()
    assert body["months"] == ["2026-10"]
    assert [row["agency"]["code"] for row in body["rows"]] == ["NAF"]


def test_the_open_data_csv(figures, client):
    response = client.get("/en/performance/open-data.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert (
        list(rows[0])
        == public.CSV_COLUMNS
        == [
            "month",
            "agency_code",
            "agency_name_ar",
            "agency_name_en",
            "indicator",
            "unit",
            "value",
            "suppressed",
        ]
    )
    found = {(r["month"], r["agency_code"], r["indicator"]): r for r in rows}
    received = found[("2026-11", "NAF", "referrals_received")]
    assert (received["value"], received["unit"], received["suppressed"]) == ("13", "count", "false")
    assert received["agency_name_ar"] == figures["naf"].name_ar
    assert found[("2026-11", "NAF", "referrals_answered_in_time")]["value"] == "72.7"
    completed = found[("2026-11", "NAF", "referrals_completed")]
    assert (completed["value"], completed["suppressed"]) == ("", "true")
    assert found[("2026-11", "MOSD", "cases_opened_by_risk.critical")]["suppressed"] == "true"
    assert {r["month"] for r in rows} == {"2026-11", "2026-10"}


def test_no_personal_data_and_no_office_in_the_open_data(figures, client):
    body = client.get("/en/performance/open-data.json").content.decode()
    naf_am = office("NAF", "AM")
    assert naf_am.name_en not in body and naf_am.name_ar not in body


def test_the_footer_links_the_page(client):
    page = client.get("/en/charter/").content.decode()
    assert 'href="/en/performance/"' in page
