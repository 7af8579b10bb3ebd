"""CSV and XLSX downloads of the dashboards' tables, each recorded in the audit log
(docs/charts.md, "Exports").

The caller decides what goes in: agency-level exports carry figures, never personal data
(names, ID numbers, phone numbers); this module only writes what it is given, safely.
"""

import csv
import io
import re
from datetime import date, datetime
from decimal import Decimal

from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import get_language_bidi

from apps.audit.models import AuditEvent
from apps.audit.services import audit_record

FORMATS = ("csv", "xlsx")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection, OWASP):
# such text is written with a leading apostrophe, which shows it as text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_DATE_FORMAT = "yyyy-mm-dd"
XLSX_DATETIME_FORMAT = "yyyy-mm-dd hh:mm"


def _text(value) -> str:
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _is_number(value) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def _local(moment: datetime) -> datetime:
    """A moment as the wall-clock time in Amman, without a zone (spreadsheets have none)."""
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return moment.replace(tzinfo=None)


def _csv_cell(value) -> str:
    if value is None:
        return ""
    if _is_number(value):
        return str(value)  # as machines read it: a dot for decimals, no grouping
    if isinstance(value, datetime):
        return _local(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return _text(value)


def _xlsx_cell(value):
    if value is None or _is_number(value):
        return value
    if isinstance(value, datetime):
        return _local(value)
    if isinstance(value, date):
        return value
    return _text(value)


def _clean_filename(filename: str) -> str:
    """The file's name without its folder, extension or characters a file system refuses; kept in
    Arabic if it is."""
    name = re.sub(r"\.(csv|xlsx)$", "", filename.strip(), flags=re.IGNORECASE)
    name = re.sub(r"[^\w.-]+", "-", name.replace("/", "-").replace("\\", "-")).strip(".-")
    return name[:80] or "export"


def csv_bytes(rows: list[dict], columns: list[tuple[str, str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([_text(label) for _, label in columns])
    for row in rows:
        writer.writerow([_csv_cell(row.get(key)) for key, _ in columns])
    # The byte order mark tells Excel the file is UTF-8, so that Arabic opens readable.
    return buffer.getvalue().encode("utf-8-sig")


def _xlsx_bytes(rows: list[dict], columns: list[tuple[str, str]], title: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    # A sheet title: at most 31 characters, none of []:*?/\
    sheet.title = re.sub(r"[\[\]:*?/\\]", "-", title)[:31] or "export"
    sheet.sheet_view.rightToLeft = get_language_bidi()
    bold = Font(bold=True)
    sheet.append([_text(label) for _, label in columns])
    for cell in sheet[1]:
        cell.font = bold
    sheet.freeze_panes = "A2"
    widths = [len(str(label)) for _, label in columns]
    for row in rows:
        values = [_xlsx_cell(row.get(key)) for key, _ in columns]
        sheet.append(values)
        widths = [
            max(w, len(str(v)) if v is not None else 0) for w, v in zip(widths, values, strict=True)
        ]
    for index, column in enumerate(sheet.iter_cols(min_row=2, max_row=sheet.max_row), start=1):
        for cell in column:
            if isinstance(cell.value, datetime):
                cell.number_format = XLSX_DATETIME_FORMAT
            elif isinstance(cell.value, date):
                cell.number_format = XLSX_DATE_FORMAT
        letter = sheet.cell(row=1, column=index).column_letter
        sheet.column_dimensions[letter].width = min(max(widths[index - 1], 8) + 2, 60)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_response(
    request,
    *,
    rows: list[dict],
    columns: list[tuple[str, str]],
    filename: str,
    fmt: str,
    audit_object_label: str,
) -> HttpResponse:
    """A download of `rows` (dicts) as CSV or XLSX, one column per (key, label) of `columns` in
    that order, and an EXPORT event in the audit log for `audit_object_label` (what was exported,
    e.g. "dashboards.agency.referrals"; never personal data) with the detail
    "export:<filename>:<fmt>".

    CSV: UTF-8 with a byte order mark, numbers with a decimal dot, dates ISO 8601. XLSX: a bold
    header, numbers as numbers and dates as dates, right to left when the page is Arabic. Text
    that a spreadsheet would run as a formula is written with a leading apostrophe. A format
    other than csv or xlsx answers 404 and records nothing.
    """
    fmt = (fmt or "").lower()
    if fmt not in FORMATS:
        raise Http404("Unknown export format.")
    name = _clean_filename(filename)
    content = csv_bytes(rows, columns) if fmt == "csv" else _xlsx_bytes(rows, columns, name)
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"{name}.{fmt}"
    )
    # Figures of an agency stay out of shared caches and the browser's.
    response["Cache-Control"] = "private, no-store"
    audit_record(
        actor=request.user,
        action=AuditEvent.Action.EXPORT,
        object_type=audit_object_label,
        detail=f"export:{name}:{fmt}",
        request=request,
    )
    return response
