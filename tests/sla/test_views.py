"""The agency administrator's calendar pages: working hours and holidays of their agency only."""

from datetime import date, time

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from apps.audit.models import AuditEvent
from apps.organisations.models import Agency
from apps.organisations.navigation import staff_menu
from apps.sla import calendar, services
from apps.sla.models import AgencyCalendar, HolidayOverride

pytestmark = pytest.mark.django_db
Kind = HolidayOverride.Kind


def url(name: str, *args, language: str = "en") -> str:
    with translation.override(language):
        return reverse(f"sla:{name}", args=args)


def text(response) -> str:
    return response.content.decode()


@pytest.fixture
def admin(client_for, agency_admin):
    return client_for(agency_admin)


@pytest.fixture
def mosd():
    return Agency.objects.get(code="MOSD")


def test_the_menu_leads_agency_admins_to_their_calendar(admin, agency_admin, supervisor):
    assert "sla:calendar" in [item.url_name for item in staff_menu(agency_admin)]
    assert "sla:calendar" not in [item.url_name for item in staff_menu(supervisor)]
    response = admin.get(url("calendar"))
    assert response.status_code == 302 and response["Location"] == url("agency_calendar", "MOSD")


@pytest.mark.parametrize("language", ["ar", "en"])
def test_the_page_lists_the_public_holidays_with_their_estimated_flag(
    admin, language, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12):
        response = admin.get(url("agency_calendar", "MOSD", language=language) + "?year=2026")
    assert response.status_code == 200
    body = text(response)
    names = {h.date: h for h in calendar.public_holidays(2026)}
    eid = names[date(2026, 3, 20)]
    assert (eid.name_ar if language == "ar" else eid.name_en) in body
    assert body.count('datetime="2026-') == len(names)
    if language == "en":
        assert "estimated date" in body and "Independence Day" in body
        assert "08:00–15:00" in body and "national working hours" in body


def test_other_personas_are_kept_out(client_for, supervisor, anonymous_client, other_agency_admin):
    page = url("agency_calendar", "MOSD")
    assert client_for(supervisor).get(page).status_code == 403
    response = anonymous_client.get(page)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    # Another agency's administrator: not found, and the attempt is audited.
    assert client_for(other_agency_admin).get(page).status_code == 404
    assert AuditEvent.objects.filter(
        actor=other_agency_admin, action=AuditEvent.Action.ACCESS_DENIED, object_id="MOSD"
    ).exists()


def test_adding_a_holiday(admin, agency_admin, mosd):
    response = admin.post(
        url("holiday_add", "MOSD"),
        {"date": "2026-04-14", "name_ar": "عطلة رسمية", "name_en": "Official holiday"},
    )
    assert response.status_code == 302
    assert response["Location"] == url("agency_calendar", "MOSD") + "?year=2026"
    override = HolidayOverride.objects.get(agency=mosd)
    assert (override.date, override.kind, override.created_by) == (
        date(2026, 4, 14),
        Kind.ADD,
        agency_admin,
    )
    assert AuditEvent.objects.filter(
        actor=agency_admin, object_type="sla.agencycalendar", detail="holiday added 2026-04-14"
    ).exists()
    body = text(admin.get(response["Location"]))
    assert "Official holiday" in body and "Added by the agency" in body


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"date": "2026-04-17", "name_en": "A Friday"}, "already a day off"),
        ({"date": "2026-05-25", "name_en": "Twice"}, "is already a holiday"),
        ({"date": "2026-04-14"}, "Give the holiday a name"),
        ({"date": "14/04/2026", "name_en": "Bad date"}, "Enter a valid date"),
        ({"date": "1890-04-14", "name_en": "Too early"}, "Choose a date between 2000 and 2100"),
    ],
)
def test_a_holiday_that_cannot_be_added_is_explained(admin, data, message):
    response = admin.post(url("holiday_add", "MOSD"), data)
    assert response.status_code == 200
    assert message in text(response)
    assert not HolidayOverride.objects.exists()


def test_a_double_submit_adds_once(admin, client_for, agency_admin):
    form = {"date": "2026-04-14", "name_en": "Official holiday", "once": "token-1"}
    assert admin.post(url("holiday_add", "MOSD"), form).status_code == 302
    assert admin.post(url("holiday_add", "MOSD"), form).status_code == 302
    assert HolidayOverride.objects.count() == 1


def test_cancelling_and_observing_again_a_public_holiday(admin, mosd):
    response = admin.post(url("holiday_cancel", "MOSD", "2026-05-25"))
    assert response.status_code == 302
    assert HolidayOverride.objects.get(agency=mosd).kind == Kind.REMOVE
    assert not calendar.is_working_day(date(2026, 5, 25))
    assert calendar.is_working_day(date(2026, 5, 25), agency=mosd)
    body = text(admin.get(response["Location"]))
    assert "Cancelled: a working day" in body and "Observe again" in body
    admin.post(url("holiday_restore", "MOSD", "2026-05-25"))
    assert not HolidayOverride.objects.exists()
    assert not calendar.is_working_day(date(2026, 5, 25), agency=mosd)


def test_cancelling_a_day_that_is_no_holiday_changes_nothing(admin):
    response = admin.post(url("holiday_cancel", "MOSD", "2026-04-14"), follow=True)
    assert "is not a holiday of this agency" in text(response)
    assert not HolidayOverride.objects.exists()


def test_moving_an_estimated_eid_day(admin, agency_admin, mosd):
    page = url("holiday_move", "MOSD", "2026-03-22")
    response = admin.get(page)
    assert response.status_code == 200 and "Eid al-Fitr Holiday" in text(response)
    response = admin.post(page, {"to_date": "2026-03-23"})
    assert response.status_code == 302
    rows = list(HolidayOverride.objects.filter(agency=mosd).values_list("date", "kind", "name_en"))
    assert rows == [
        (date(2026, 3, 22), Kind.REMOVE, "Eid al-Fitr Holiday"),
        (date(2026, 3, 23), Kind.ADD, "Eid al-Fitr Holiday"),
    ]
    assert AuditEvent.objects.filter(detail="holiday moved 2026-03-22 to 2026-03-23").exists()
    # Both halves are listed.
    body = text(admin.get(url("agency_calendar", "MOSD") + "?year=2026"))
    assert "Cancelled: a working day" in body and "Added by the agency" in body


def test_moving_onto_another_holiday_changes_nothing(admin):
    response = admin.post(url("holiday_move", "MOSD", "2026-03-22"), {"to_date": "2026-05-25"})
    assert response.status_code == 200 and "is already a holiday" in text(response)
    assert not HolidayOverride.objects.exists()


@pytest.mark.parametrize("day", ["2026-04-14", "2026-13-01", "yesterday"])
def test_moving_what_is_no_holiday_is_not_found(admin, day):
    assert admin.get(url("holiday_move", "MOSD", day)).status_code == 404


def test_another_agencys_holidays_are_out_of_reach(client_for, other_agency_admin, agency_admin):
    mosd = Agency.objects.get(code="MOSD")
    services.holiday_add(agency=mosd, day=date(2026, 4, 14), name_en="MoSD day", actor=agency_admin)
    naf = client_for(other_agency_admin)
    for response in (
        naf.post(url("holiday_cancel", "MOSD", "2026-04-14")),
        naf.post(url("holiday_restore", "MOSD", "2026-05-25")),
        naf.post(url("holiday_move", "MOSD", "2026-04-14"), {"to_date": "2026-04-15"}),
        naf.post(url("holiday_add", "MOSD"), {"date": "2026-04-16", "name_en": "NAF day"}),
        naf.post(url("working_hours", "MOSD"), {"day_start": "09:00", "day_end": "16:00"}),
    ):
        assert response.status_code == 404
    assert list(HolidayOverride.objects.values_list("date", flat=True)) == [date(2026, 4, 14)]
    assert AgencyCalendar.objects.get(agency=mosd).day_start is None
    # Its own calendar is its own.
    assert naf.get(url("calendar"))["Location"] == url("agency_calendar", "NAF")


def test_only_posts_change_anything(admin):
    assert admin.get(url("holiday_cancel", "MOSD", "2026-05-25")).status_code == 405
    assert admin.get(url("holiday_add", "MOSD")).status_code == 405
    assert not HolidayOverride.objects.exists()


def test_setting_and_resetting_the_working_hours(admin, agency_admin, mosd):
    assert admin.get(url("working_hours", "MOSD")).status_code == 200
    response = admin.post(url("working_hours", "MOSD"), {"day_start": "08:30", "day_end": "15:30"})
    assert response.status_code == 302
    row = AgencyCalendar.objects.get(agency=mosd)
    assert (row.day_start, row.day_end, row.updated_by) == (time(8, 30), time(15, 30), agency_admin)
    assert calendar.working_hours(mosd) == calendar.WorkingHours(time(8, 30), time(15, 30))
    assert AuditEvent.objects.filter(detail="working hours 08:30-15:30").exists()
    body = text(admin.get(url("agency_calendar", "MOSD")))
    assert "08:30–15:30" in body and "set by the agency" in body
    admin.post(url("working_hours", "MOSD"), {"use_default": "on"})
    row.refresh_from_db()
    assert row.day_start is None and row.day_end is None


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"day_start": "15:00", "day_end": "08:00"}, "must end after it starts"),
        ({"day_start": "08:00"}, "Give both the start and the end"),
        ({"day_start": "8 o'clock", "day_end": "15:00"}, "Enter a valid time"),
    ],
)
def test_impossible_working_hours_are_explained(admin, data, message, mosd):
    response = admin.post(url("working_hours", "MOSD"), data)
    assert response.status_code == 200 and message in text(response)
    assert not AgencyCalendar.objects.filter(agency=mosd).exists()


def test_a_bad_year_shows_this_year_with_a_message(admin):
    response = admin.get(url("agency_calendar", "MOSD") + "?year=soon")
    assert response.status_code == 200
    body = text(response)
    assert "Choose a year between 2000 and 2100" in body
    assert f"Holidays in {timezone.localdate().year}" in body
