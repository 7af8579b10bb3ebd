"""A small hand-made set of complaints and applications whose figures are worked out below, for
the agency dashboard's tests: conftest.py makes its fixtures available; a test module asks for
media_root and in_english with `pytest.mark.usefixtures`."""

from datetime import date, timedelta

import pytest
from django.utils import translation

from apps.applications.models import Application
from apps.applications.selectors import CLOCK_KIND, DECIDE
from apps.complaints.models import Complaint
from apps.dashboards import figures
from apps.organisations.models import Agency, Membership
from apps.sla.models import Clock
from tests.applications.factories import submitted
from tests.complaints.factories import category, complaint
from tests.organisations.factories import UserFactory, office, staff
from tests.sla.factories import at

Role = Membership.Role
JAN = at(2026, 1, 10, 9)
FEB = at(2026, 2, 3, 9)
MAR = at(2026, 3, 4, 9)
H = timedelta(hours=1)


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def in_english():
    with translation.override("en"):
        yield


def made_complaint(of, *, created, answered_after=None, **facts) -> Complaint:
    one = complaint(of=of)
    values = {"created_at": created} | facts
    if answered_after is not None:
        values["first_resolved_at"] = created + answered_after
        values["resolved_at"] = created + answered_after
        values.setdefault("status", Complaint.Status.RESOLVED)
    Complaint.objects.filter(pk=one.pk).update(**values)
    return one


def made_application(applicant, *, submitted_at, status, decided_after=None, clock=None, **facts):
    """An application with exactly these facts; `clock`: (due after submission, stopped after
    submission or None for a running clock) of its decision deadline, or no clock."""
    one = submitted(applicant=applicant)
    values = {"submitted_at": submitted_at, "status": status} | facts
    if decided_after is not None:
        values["decided_at"] = submitted_at + decided_after
    Application.objects.filter(pk=one.pk).update(**values)
    Clock.objects.filter(kind=CLOCK_KIND, subject_id=str(one.pk)).delete()
    if clock is not None:
        due, stopped = clock
        Clock.objects.create(
            kind=CLOCK_KIND,
            subject_id=str(one.pk),
            purpose=DECIDE,
            agency=one.agency,
            office=values.get("office", one.office),
            budget=due,
            started_at=submitted_at,
            due_at=submitted_at + due,
            stopped_at=None if stopped is None else submitted_at + stopped,
        )
    return one


@pytest.fixture
def dataset(db):
    """Complaints (NAF, "late" category at its head office), January:
      kinds: complaint, complaint, suggestion, enquiry
      acknowledged on time: yes, yes, no, not yet    → 2 of 3 = 66.7 %
      answered after 48, 96 and 216 hours (one not)  → median 96 hours
      answer deadline met: yes, no, no               → 1 of 3 = 33.3 %
      ratings 5, 4, 2                                → average 3.67, satisfied 2 of 3 = 66.7 %
      one of the three answered was reopened         → 33.3 %
    NAF, "rude" category, February: one enquiry, acknowledged late, unanswered.
    NAF, March: one complaint (outside the January–February figures).
    MOSD, January: one, answered in 24 hours on time, rated 1.

    Applications (NAF, Amman office), January:
      approved after 24 h in time, rejected after 72 h late, fulfilled after 48 h in time,
      under review with a deadline past, under review with a deadline to come
      → received 5, decided 3, approved 2 (66.7 %), median 48 h, within time 2 of 4 settled (50 %)
    NAF, no office, February: one withdrawn. A draft (never submitted) is not counted.
    """
    late, rude, mosd = category(), category(), category("MOSD")
    made_complaint(
        late,
        created=JAN,
        acknowledged_on_time=True,
        answered_after=48 * H,
        resolved_on_time=True,
        rating=5,
    )
    made_complaint(
        late,
        created=JAN,
        acknowledged_on_time=True,
        answered_after=96 * H,
        resolved_on_time=False,
        rating=4,
        reopen_count=1,
    )
    made_complaint(
        late,
        created=JAN + timedelta(days=5),
        kind=Complaint.Kind.SUGGESTION,
        acknowledged_on_time=False,
        answered_after=216 * H,
        resolved_on_time=False,
        rating=2,
    )
    made_complaint(late, created=JAN + timedelta(days=6), kind=Complaint.Kind.ENQUIRY)
    made_complaint(rude, created=FEB, kind=Complaint.Kind.ENQUIRY, acknowledged_on_time=False)
    made_complaint(late, created=MAR)
    made_complaint(
        mosd,
        created=JAN,
        acknowledged_on_time=True,
        answered_after=24 * H,
        resolved_on_time=True,
        rating=1,
    )

    applicant = UserFactory(email="applicant@example.jo")
    amman = office("NAF", "AM")
    status = Application.Status
    made_application(
        applicant,
        submitted_at=JAN,
        status=status.APPROVED,
        decided_after=24 * H,
        clock=(40 * H, 24 * H),
        office=amman,
    )
    made_application(
        applicant,
        submitted_at=JAN,
        status=status.REJECTED,
        decided_after=72 * H,
        clock=(40 * H, 72 * H),
        office=amman,
    )
    made_application(
        applicant,
        submitted_at=JAN + timedelta(days=1),
        status=status.FULFILLED,
        decided_after=48 * H,
        clock=(60 * H, 48 * H),
        office=amman,
    )
    made_application(
        applicant,
        submitted_at=JAN + timedelta(days=2),
        status=status.UNDER_REVIEW,
        clock=(40 * H, None),
        office=amman,
    )
    made_application(
        applicant,
        submitted_at=JAN + timedelta(days=3),
        status=status.UNDER_REVIEW,
        clock=(timedelta(days=3650), None),
        office=amman,
    )
    made_application(applicant, submitted_at=FEB, status=status.WITHDRAWN, office=None)
    made_application(applicant, submitted_at=None, status=status.DRAFT, office=amman)
    return {
        "naf": Agency.objects.get(code="NAF"),
        "mosd": Agency.objects.get(code="MOSD"),
        "naf_head": office("NAF", None),
        "mosd_head": office("MOSD", None),
        "amman": amman,
        "late": late,
        "rude": rude,
        "mosd_category": mosd,
    }


@pytest.fixture
def refreshed(dataset):
    figures.refresh(date(2026, 1, 1), date(2026, 4, 1))
    return dataset


@pytest.fixture
def naf_admin(db):
    return staff("NAF", None, Role.AGENCY_ADMIN, email="admin@naf.example.jo")


@pytest.fixture
def mosd_admin(db):
    return staff("MOSD", None, Role.AGENCY_ADMIN, email="admin@mosd.example.jo")


@pytest.fixture
def oversight(db):
    return staff("MOSD", None, Role.OVERSIGHT, email="oversight@example.jo")
