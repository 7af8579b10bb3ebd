"""The demo applications: the demo citizen's applications in every state a visitor should see,
made through the services with real files, once."""

import pytest
from django.core.management import call_command

from apps.applications import selectors
from apps.applications.demo import APPLICATIONS, seed_applications_demo
from apps.applications.models import Application, ApplicationDocument, ApplicationUpdate
from apps.audit.models import AuditEvent
from apps.cases.demo import seed_cases_demo
from apps.cases.models import CaseEvent
from apps.catalogue.demo import seed_catalogue_demo
from apps.notifications.models import Message
from apps.organisations.demo import seed_organisations_demo
from apps.organisations.models import User
from apps.sla.demo import seed_sla_demo
from apps.sla.models import Clock

pytestmark = pytest.mark.django_db
Status = Application.Status


def demo_user(handle: str) -> User:
    return User.objects.get(email=f"{handle}@masar.demo")


def counts() -> tuple:
    return (
        Application.objects.count(),
        ApplicationDocument.objects.count(),
        ApplicationUpdate.objects.count(),
        Clock.objects.filter(kind=selectors.CLOCK_KIND).count(),
        Message.objects.filter(template__startswith="applications.").count(),
        AuditEvent.objects.filter(object_type__startswith="applications.").count(),
        CaseEvent.objects.filter(message__startswith="application_").count(),
    )


@pytest.fixture
def seeded(db):
    seed_organisations_demo()
    seed_sla_demo()
    seed_catalogue_demo()
    seed_cases_demo()
    return seed_applications_demo()


def test_the_demo_citizen_has_an_application_in_every_state(seeded):
    assert seeded == len(APPLICATIONS) == 8
    citizen = demo_user("citizen")
    mine = selectors.applications_of(citizen)
    assert sorted(mine.values_list("status", flat=True)) == sorted(
        set(Status.values) - {Status.UNROUTED}
    )
    # Matched in the registry by both numbers, every one.
    assert not mine.filter(person__isnull=True).exists()
    # Arabic and English forms.
    details = [a.form_data["details"] for a in mine]
    assert any(text.isascii() for text in details)
    assert any(not text.isascii() for text in details)


def test_each_state_has_what_the_services_leave(seeded):
    by_status = {a.status: a for a in Application.objects.select_related("case", "office")}
    draft = by_status[Status.DRAFT]
    assert draft.office is None and draft.documents.count() == 1
    assert by_status[Status.SUBMITTED].office is not None
    assert by_status[Status.SUBMITTED].assigned_to is None
    question = selectors.open_question(by_status[Status.INFO_REQUESTED])
    assert question is not None and question.body
    approved = by_status[Status.APPROVED]
    # Joined the Al-Abdallah household's active case, written on its timeline.
    assert approved.case is not None and approved.case.status == "active"
    assert approved.updates.filter(message="case_joined").exists()
    assert CaseEvent.objects.filter(case=approved.case, message="application_case_joined").exists()
    assert approved.updates.filter(kind=ApplicationUpdate.Kind.ANSWER).count() == 2
    rejected = by_status[Status.REJECTED]
    assert rejected.rejection_reason == Application.RejectionReason.OTHER
    assert rejected.rejection_note
    assert by_status[Status.FULFILLED].closed_at is not None
    assert by_status[Status.WITHDRAWN].closed_at is not None
    # Files stored, of the types read from their content.
    types = set(ApplicationDocument.objects.values_list("content_type", flat=True))
    assert types == {"application/pdf", "image/png"}
    assert all(d.file.storage.exists(d.file.name) for d in ApplicationDocument.objects.all())


def test_decision_clocks_run_for_the_undecided_and_stop_for_the_rest(seeded):
    by_status = {a.status: a for a in Application.objects.all()}
    for status in (Status.SUBMITTED, Status.UNDER_REVIEW):
        clock = selectors.decision_clock(by_status[status])
        assert clock is not None and clock.paused_at is None, status
    paused = selectors.decision_clock(by_status[Status.INFO_REQUESTED])
    assert paused is not None and paused.paused_at is not None
    for status in (Status.APPROVED, Status.REJECTED, Status.FULFILLED, Status.WITHDRAWN):
        assert selectors.decision_clock(by_status[status]) is None, status
    assert not Clock.objects.filter(
        kind=selectors.CLOCK_KIND, subject_id=str(by_status[Status.DRAFT].pk)
    ).exists()


def test_the_citizen_and_the_office_were_told(seeded):
    citizen = demo_user("citizen")
    events = set(
        Message.objects.filter(recipient=citizen, template="applications.citizen").values_list(
            "context__event", flat=True
        )
    )
    assert {"submitted", "info_requested", "approved", "rejected", "fulfilled"} <= events
    assert Message.objects.filter(
        recipient=demo_user("supervisor.naf.amman"), context__event="routed"
    ).exists()


def test_the_office_queues_hold_them(seeded):
    worker = demo_user("worker.naf.amman")
    visible = selectors.applications_visible_to(worker)
    assert visible.filter(status=Status.UNDER_REVIEW).exists()
    assert not visible.filter(status=Status.DRAFT).exists()
    assert selectors.applications_visible_to(demo_user("supervisor.naf.amman")).count() >= 4


def test_tracking_answers_with_the_last_four_digits(seeded):
    application = Application.objects.get(status=Status.UNDER_REVIEW)
    assert selectors.application_to_track(application.reference, "2001") == application
    assert selectors.application_to_track(application.reference, "1234") is None
    draft = Application.objects.get(status=Status.DRAFT)
    assert selectors.application_to_track(draft.reference, "2001") is None


def test_a_second_run_changes_nothing(seeded):
    before = counts()
    assert seed_applications_demo() == 0
    assert counts() == before


def test_seed_demo_makes_the_applications_once(db):
    call_command("seed_demo")
    first = counts()
    assert first[0] == len(APPLICATIONS)
    assert set(Application.objects.values_list("status", flat=True)) == set(Status.values) - {
        Status.UNROUTED
    }
    call_command("seed_demo")
    assert counts() == first
