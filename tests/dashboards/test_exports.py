"""CSV and XLSX exports of the dashboards' tables (apps/dashboards/exports.py)."""

import csv
import io
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.http import Http404
from django.test import RequestFactory
from django.utils import translation
from openpyxl import load_workbook

from apps.audit.models import AuditEvent
from apps.dashboards.exports import export_response

COLUMNS = [
    ("office", "Office"),
    ("sent", "Referrals sent"),
    ("within", "% within time"),
    ("month", "Month"),
]
ROWS = [
    {"office": "Amman East", "sent": 120, "within": 87.5, "month": date(2026, 1, 1)},
    {"office": "Irbid", "sent": 0, "within": None, "month": date(2026, 2, 1)},
    {"office": "Zarqa", "sent": 7, "within": Decimal("66.7"), "month": date(2026, 3, 1)},
]


@pytest.fixture
def export(agency_admin):
    def run(
        fmt,
        *,
        rows=ROWS,
        columns=COLUMNS,
        filename="referrals-2026",
        label="dashboards.agency.referrals",
        language="en",
    ):
        request = RequestFactory().get("/en/staff/dashboards/agency/export/")
        request.user = agency_admin
        with translation.override(language):
            return export_response(
                request,
                rows=rows,
                columns=columns,
                filename=filename,
                fmt=fmt,
                audit_object_label=label,
            )

    return run


def read_csv(response) -> list[list[str]]:
    assert response.content.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs for UTF-8
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def read_xlsx(response):
    return load_workbook(io.BytesIO(response.content)).active


def test_csv_holds_the_rows(export):
    response = export("csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="referrals-2026.csv"'
    assert response["Cache-Control"] == "private, no-store"
    assert read_csv(response) == [
        ["Office", "Referrals sent", "% within time", "Month"],
        ["Amman East", "120", "87.5", "2026-01-01"],
        ["Irbid", "0", "", "2026-02-01"],
        ["Zarqa", "7", "66.7", "2026-03-01"],
    ]


def test_xlsx_holds_numbers_as_numbers_and_dates_as_dates(export):
    response = export("xlsx")
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"] == 'attachment; filename="referrals-2026.xlsx"'
    sheet = read_xlsx(response)
    assert [c.value for c in sheet[1]] == ["Office", "Referrals sent", "% within time", "Month"]
    assert all(c.font.bold for c in sheet[1])
    assert not any(c.font.bold for c in sheet[2])
    assert [
        [c.value.isoformat() if isinstance(c.value, datetime) else c.value for c in row]
        for row in sheet.iter_rows(min_row=2)
    ] == [
        ["Amman East", 120, 87.5, "2026-01-01T00:00:00"],
        ["Irbid", 0, None, "2026-02-01T00:00:00"],
        ["Zarqa", 7, 66.7, "2026-03-01T00:00:00"],
    ]
    assert sheet["B2"].data_type == "n" and sheet["C4"].data_type == "n"
    assert sheet["D2"].is_date and sheet["D2"].number_format == "yyyy-mm-dd"
    assert sheet.sheet_view.rightToLeft is not True
    assert sheet.freeze_panes == "A2"


def test_moments_are_written_in_amman_time(export):
    rows = [{"at": datetime(2026, 1, 10, 7, 30, tzinfo=UTC)}]  # 10:30 in Amman
    columns = [("at", "When")]
    assert read_csv(export("csv", rows=rows, columns=columns))[1] == ["2026-01-10 10:30"]
    cell = read_xlsx(export("xlsx", rows=rows, columns=columns))["A2"]
    assert cell.value.isoformat() == "2026-01-10T10:30:00"
    assert cell.number_format == "yyyy-mm-dd hh:mm"


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_formulas_are_written_as_text(export, fmt):
    rows = [
        {"office": '=HYPERLINK("http://evil.example","x")', "sent": -3},
        {"office": "+1+1", "sent": 1},
        {"office": "-2+3", "sent": 2},
        {"office": "@SUM(A1)", "sent": 3},
        {"office": "Fine = fine", "sent": 4},
    ]
    columns = [("office", "=Office"), ("sent", "Sent")]
    response = export(fmt, rows=rows, columns=columns)
    if fmt == "csv":
        values = read_csv(response)
    else:
        sheet = read_xlsx(response)
        assert not [c for row in sheet.iter_rows() for c in row if c.data_type == "f"]
        values = [[c.value for c in row] for row in sheet.iter_rows()]
    sent = [str(row[1]) for row in values[1:]]
    assert [row[0] for row in values] == [
        "'=Office",
        '\'=HYPERLINK("http://evil.example","x")',
        "'+1+1",
        "'-2+3",
        "'@SUM(A1)",
        "Fine = fine",
    ]
    # A negative number is a number, not text to neutralise.
    assert sent == ["-3", "1", "2", "3", "4"]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_each_export_is_audited(export, agency_admin, fmt):
    export(fmt)
    event = AuditEvent.objects.get()
    assert event.action == AuditEvent.Action.EXPORT
    assert event.actor == agency_admin
    assert event.object_type == "dashboards.agency.referrals"
    assert event.detail == f"export:referrals-2026:{fmt}"
    assert event.agency_id == agency_admin.memberships.get().office.agency_id


def test_an_unknown_format_answers_404_and_records_nothing(export):
    with pytest.raises(Http404):
        export("pdf")
    assert not AuditEvent.objects.exists()


def test_arabic_headers_and_a_right_to_left_sheet(export):
    columns = [("office", "المكتب"), ("sent", "الإحالات المرسلة")]
    rows = [{"office": "عمّان الشرقية", "sent": 12}]
    csv_response = export("csv", rows=rows, columns=columns, filename="الإحالات", language="ar")
    xlsx_response = export("xlsx", rows=rows, columns=columns, filename="الإحالات", language="ar")
    assert read_csv(csv_response) == [["المكتب", "الإحالات المرسلة"], ["عمّان الشرقية", "12"]]
    # A non-ASCII name goes as RFC 5987 filename*.
    assert csv_response["Content-Disposition"] == (
        "attachment; filename*=utf-8''%D8%A7%D9%84%D8%A5%D8%AD%D8%A7%D9%84%D8%A7%D8%AA.csv"
    )
    sheet = read_xlsx(xlsx_response)
    assert sheet.sheet_view.rightToLeft is True
    assert sheet.title == "الإحالات"
    assert [c.value for c in sheet[1]] == ["المكتب", "الإحالات المرسلة"]
    assert sheet["B2"].value == 12


def test_the_file_name_cannot_leave_its_folder(export):
    response = export("csv", filename="../../etc/passwd.csv")
    assert response["Content-Disposition"] == 'attachment; filename="etc-passwd.csv"'
    assert AuditEvent.objects.get().detail == "export:etc-passwd:csv"
