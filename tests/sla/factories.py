from datetime import datetime

from apps.organisations.models import Agency
from apps.sla.calendar import AMMAN
from apps.sla.services import clock_start
from tests.organisations.factories import office
from tests.sla.apps import KIND


def at(year, month, day, hour=0, minute=0) -> datetime:
    """An instant in Amman."""
    return datetime(year, month, day, hour, minute, tzinfo=AMMAN)


def clock(
    subject_id,
    *,
    started_at: datetime,
    days: int = 0,
    hours: float = 0,
    agency: str = "MOSD",
    governorate: str | None = "AM",
    purpose: str = "response",
    with_office: bool = True,
):
    """A running clock of the tests' kind (its handler must be registered: the `handler`
    fixture) at an office of the agency."""
    at_office = office(agency, governorate)  # loads the reference data if a test emptied it
    return clock_start(
        kind=KIND,
        subject_id=str(subject_id),
        purpose=purpose,
        agency=Agency.objects.get(code=agency),
        office=at_office if with_office else None,
        days=days,
        hours=hours,
        started_at=started_at,
    )
