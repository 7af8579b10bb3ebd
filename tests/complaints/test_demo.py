"""The demo complaints: the categories of both agencies, and complaints in every state a visitor
should see, made through the services, once."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from apps.audit.models import AuditEvent
from apps.catalogue.demo import seed_catalogue_demo
from apps.complaints import selectors
from apps.complaints.demo import COMPLAINTS, seed_complaints_demo
from apps.complaints.models import Complaint, ComplaintCategory, ComplaintUpdate
from apps.notifications.models import Message
from apps.organisations.demo import seed_organisations_demo
from apps.organisations.models import User
from apps.sla.demo import seed_sla_demo
from apps.sla.models import Clock

pytestmark = pytest.mark.django_db
Status = Complaint.Status
Kind = Complaint.Kind


def demo_user(handle: str) -> User:
    return User.objects.get(email=f"{handle}@masar.demo")


def counts() -> tuple:
    return (
        ComplaintCategory.objects.count(),
        Complaint.objects.count(),
        ComplaintUpdate.objects.count(),
        Clock.objects.filter(kind="complaints.complaint").count(),
        Message.objects.filter(template__startswith="complaints.").count(),
        AuditEvent.objects.filter(object_type__startswith="complaints.").count(),
    )


@pytest.fixture
def seeded(db):
    seed_organisations_demo()
    seed_sla_demo()
    seed_catalogue_demo()
    made = seed_complaints_demo()
    return made


def test_the_demo_complaints_show_every_state_kind_and_language(seeded, client_for):
    assert seeded == len(COMPLAINTS) == 12
    assert set(ComplaintCategory.objects.values_list("agency__code", flat=True)) == {
        "MOSD",
        "NAF",
    }
    assert all(c.name_ar and c.name_en for c in ComplaintCategory.objects.all())
    assert set(Complaint.objects.values_list("status", flat=True)) == {
        Status.RECEIVED,
        Status.ASSIGNED,
        Status.WAITING,
        Status.IN_PROGRESS,
        Status.RESOLVED,
        Status.REOPENED,
        Status.CLOSED,
    }
    assert set(Complaint.objects.values_list("kind", flat=True)) == set(Kind.values)
    assert set(Complaint.objects.values_list("language", flat=True)) == {"ar", "en"}
    assert {c.channel for c in Complaint.objects.all()} == {"web", "phone", "walk_in"}
    assert sorted(Complaint.objects.exclude(rating=None).values_list("rating", flat=True)) == [
        2,
        5,
    ]
    # Every complaint has its history and its deadlines, and its complainant was told.
    for complaint in Complaint.objects.all():
        assert complaint.updates.filter(message="received").count() == 1
        assert Clock.objects.filter(kind="complaints.complaint", subject_id=str(complaint.pk))
    assert Message.objects.filter(template="complaints.citizen", context__event="resolved")
    # The demo citizen sent one, signed in.
    assert Complaint.objects.filter(user=demo_user("citizen")).count() == 1


def test_the_overdue_one_stands_out_in_its_office_queue(seeded, client_for):
    late = Complaint.objects.filter(due_at__lt=timezone.now())
    assert late.count() == 1
    page = client_for(demo_user("complaints.mosd.amman")).get(
        "/en/staff/complaints/", {"overdue": "true"}
    )
    assert [(c.pk, breached) for c, _clock, breached in page.context["rows"]] == [
        (late.get().pk, True)
    ]


def test_the_reopened_one_is_in_the_supervisor_queue_and_they_were_told(seeded, client_for):
    reopened = Complaint.objects.get(status=Status.REOPENED)
    supervisor = demo_user("supervisor.mosd.amman")
    page = client_for(supervisor).get("/ar/staff/complaints/", {"status": "reopened"})
    assert [c.pk for c, _clock, _breached in page.context["rows"]] == [reopened.pk]
    assert Message.objects.filter(
        recipient=supervisor, template="complaints.staff", context__event="reopened"
    ).exists()


def test_the_complaint_about_an_employee_is_hidden_from_them(seeded):
    about = Complaint.objects.get(named_employee__isnull=False)
    employee = about.named_employee
    assert employee == demo_user("worker.naf.amman")
    assert not selectors.complaints_visible_to(employee).filter(pk=about.pk).exists()
    assert about.assigned_to == demo_user("complaints.naf.amman")


def test_each_demo_officer_has_complaints_in_their_queue(seeded):
    for handle in ("complaints.naf.amman", "complaints.naf.irbid", "complaints.mosd.amman"):
        assert selectors.complaints_visible_to(demo_user(handle)).exists(), handle


def test_a_second_run_changes_nothing(seeded):
    before = counts()
    assert seed_complaints_demo() == 0
    assert counts() == before


def test_seed_demo_makes_the_complaints_once(db):
    call_command("seed_demo")
    first = counts()
    assert first[1] == len(COMPLAINTS)
    call_command("seed_demo")
    assert counts() == first
