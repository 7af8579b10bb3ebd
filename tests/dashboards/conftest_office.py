"""A small office whose dashboard figures are known by hand (tests/dashboards/test_office.py).

MoSD's Amman office, seen by its supervisor:

| worker | roles | open | high+ | overdue actions | referrals awaiting | applications | complaints | at risk | breached |
|---|---|---|---|---|---|---|---|---|---|
| Basma | social worker | 1 | 0 | 0 | 3 | 0 | — | 0 | 3 |
| Adel | social worker | 3 | 2 | 1 | 2 | 2 | — | 1 | 2 |
| Dana | complaints officer | — | — | — | 0 | 0 | 1 | 0 | 1 |
| Carim | social worker and complaints officer | 0 | 0 | 0 | 0 | 0 | 1 | 1 | 0 |

and, assigned to nobody, one routed referral whose answer is overdue. What must not count: a
closed case, a done action, an action of a closed case, a referral whose information was asked
(waiting for the sender), a paused clock, a stopped clock, a clock due in three working days,
another office's work, a former worker (inactive membership), and a complaint about the
supervisor (they never see it).

Rows and clocks are written directly: the figures are what is tested here, not the workflows
(each of which has its own tests).
"""

import datetime as dt
import itertools
from types import SimpleNamespace

import pytest
from django.utils import timezone

from apps.applications.models import Application
from apps.cases.models import Case, PlanAction, PlanGoal
from apps.cases.selectors import next_action_due
from apps.catalogue.models import Pillar
from apps.complaints.models import Complaint
from apps.organisations.models import Agency, Membership
from apps.referrals.models import Referral
from apps.sla.calendar import add_business_time
from apps.sla.models import Clock
from tests.cases.factories import open_case
from tests.catalogue.factories import card
from tests.complaints.factories import category
from tests.organisations.factories import MembershipFactory, UserFactory, office, staff

Role = Membership.Role
_numbers = itertools.count(1)


def _reference(kind: str) -> str:
    return f"{kind}-TEST-{next(_numbers):04d}"


class OfficeData:
    """Builders for rows of an office's work, with clocks."""

    def __init__(self, home, sender, sender_case):
        self.home = home
        self.agency = home.agency
        self.sender = sender
        self.sender_case = sender_case
        self.service = card("MOSD")
        self.citizen = UserFactory(email=f"citizen{next(_numbers)}@example.jo")
        self.category = category("MOSD", office=home)
        self.now = timezone.now()

    def due(self, when: str):
        """`breached`, `at_risk` or `later` (three working days away)."""
        if when == "breached":
            return self.now - dt.timedelta(hours=2)
        if when == "at_risk":
            return self.now + dt.timedelta(minutes=30)
        return add_business_time(self.now, days=3, agency=self.agency)

    def clock(self, kind, subject, when, *, purpose="answer", paused=False, stopped=False, at=None):
        due_at = self.due(when)
        return Clock.objects.create(
            kind=kind,
            subject_id=str(subject.pk),
            purpose=purpose,
            agency=self.agency,
            office=at or self.home,
            budget=dt.timedelta(hours=21),
            started_at=self.now - dt.timedelta(days=5),
            due_at=due_at,
            paused_at=self.now - dt.timedelta(hours=1) if paused else None,
            stopped_at=self.now - dt.timedelta(hours=1) if stopped else None,
            next_escalation_at=None if (paused or stopped) else due_at,
        )

    def referral(self, worker, status=Referral.Status.ROUTED, *, at=None, clock=None, **clock_kw):
        made = Referral.objects.create(
            reference=_reference("R"),
            case=self.sender_case,
            person=self.sender_case.primary_person,
            service=self.service,
            from_office=self.sender_case.office,
            from_worker=self.sender,
            to_agency=self.agency,
            to_office=at or self.home,
            assigned_to=worker,
            status=status,
            reason="The family lost its income.",
            consent_override="Consent recorded on paper.",
        )
        if clock:
            self.clock("referrals.referral", made, clock, at=at, **clock_kw)
        return made

    def application(self, worker, status=Application.Status.UNDER_REVIEW, *, clock=None, **kw):
        made = Application.objects.create(
            reference=_reference("A"),
            service=self.service,
            applicant=self.citizen,
            agency=self.agency,
            office=self.home,
            status=status,
            assigned_to=worker,
        )
        if clock:
            self.clock("applications.application", made, clock, purpose="decide", **kw)
        return made

    def complaint(self, officer, status=Complaint.Status.IN_PROGRESS, *, clock=None, **fields):
        made = Complaint.objects.create(
            reference=_reference("P"),
            channel=Complaint.Channel.WEB,
            agency=self.agency,
            office=self.home,
            category=self.category,
            description="The monthly aid has not been paid.",
            status=status,
            assigned_to=officer,
            **fields,
        )
        if clock:
            self.clock("complaints.complaint", made, clock, purpose="resolve")
        return made


def overdue_action(case, actor, *, days: int = 1, status=PlanAction.Status.PLANNED):
    """A plan action `days` past its due date (written directly: the services take a case
    through assessment and planning first, which is not what is tested here)."""
    goal = PlanGoal.objects.create(case=case, description="Stable income", created_by=actor)
    action = PlanAction.objects.create(
        goal=goal,
        description="Apply for NAF cash assistance",
        due_date=timezone.localdate() - dt.timedelta(days=days),
        responsible_agency=case.office.agency,
        pillar=Pillar.KARAMA,
        status=status,
    )
    Case.objects.filter(pk=case.pk).update(next_action_due=next_action_due(case))
    return action


def later_action(case, actor):
    return overdue_action(case, actor, days=-14)


@pytest.fixture
def office_data(supervisor):
    """The office of the table in this module's docstring; returns its people and rows."""
    home = office("MOSD", "AM")
    irbid = office("MOSD", "IR")
    sender = staff("NAF", "IR", Role.SOCIAL_WORKER, full_name="Naser Sender")
    sender_case = open_case(owner=sender)
    data = OfficeData(home, sender, sender_case)

    adel = staff("MOSD", "AM", Role.SOCIAL_WORKER, full_name="Adel Worker")
    basma = staff("MOSD", "AM", Role.SOCIAL_WORKER, full_name="Basma Worker")
    carim = staff("MOSD", "AM", Role.SOCIAL_WORKER, full_name="Carim Worker")
    MembershipFactory(user=carim, office=home, role=Role.COMPLAINTS_OFFICER)
    dana = staff("MOSD", "AM", Role.COMPLAINTS_OFFICER, full_name="Dana Officer")
    former = staff("MOSD", "AM", Role.SOCIAL_WORKER, full_name="Fadi Former")
    irbid_worker = staff("MOSD", "IR", Role.SOCIAL_WORKER, full_name="Ihab Irbid")

    # Adel: three open cases (high, critical, low), one closed high-risk case.
    high = open_case(owner=adel, risk=Case.Risk.HIGH)
    critical = open_case(owner=adel, risk=Case.Risk.CRITICAL)
    low = open_case(owner=adel, risk=Case.Risk.LOW)
    closed = open_case(owner=adel, risk=Case.Risk.HIGH)
    overdue_action(high, adel)  # counts
    overdue_action(high, adel, status=PlanAction.Status.DONE)  # done: no
    later_action(critical, adel)  # due in two weeks: no
    overdue_action(closed, adel)  # the case is closed: no
    Case.objects.filter(pk=closed.pk).update(status=Case.Status.CLOSED, closed_at=data.now)
    data.referral(adel, clock="breached")
    data.referral(adel, clock="at_risk")
    data.referral(adel, Referral.Status.ACCEPTED, clock="breached", purpose="complete")
    data.referral(adel, Referral.Status.INFO_REQUESTED, clock="breached", paused=True)
    data.application(adel, clock="later")
    data.application(adel, Application.Status.INFO_REQUESTED, clock="breached", paused=True)
    data.application(adel, Application.Status.APPROVED, clock="breached", stopped=True)

    # Basma: one open case, three referrals whose answer is overdue.
    open_case(owner=basma)
    for _ in range(3):
        data.referral(basma, clock="breached")

    # Carim: a complaint due within the next working day, and one about the supervisor.
    data.complaint(carim, clock="at_risk")
    data.complaint(carim, clock="breached", named_employee=supervisor)

    # Dana: one complaint past its deadline, one closed.
    data.complaint(dana, clock="breached")
    data.complaint(dana, Complaint.Status.CLOSED)

    # Nobody's: a routed referral nobody took, its answer overdue.
    data.referral(None, clock="breached")

    # Not this office's, and not a worker any more.
    open_case(owner=irbid_worker, risk=Case.Risk.CRITICAL)
    data.referral(irbid_worker, at=irbid, clock="breached")
    former_case = open_case(owner=former)
    Membership.objects.filter(user=former).update(is_active=False)

    return SimpleNamespace(
        home=home,
        irbid=irbid,
        adel=adel,
        basma=basma,
        carim=carim,
        dana=dana,
        former=former,
        former_case=former_case,
        irbid_worker=irbid_worker,
        cases={"high": high, "critical": critical, "low": low, "closed": closed},
        data=data,
        agency=Agency.objects.get(code="MOSD"),
    )
