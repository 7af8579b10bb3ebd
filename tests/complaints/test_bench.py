"""`manage.py gen_bench_complaints`: the bench complaints are consistent with what the services
would have left (references, history, clocks and the queue's due times), made once, and never
over complaints it did not make."""

import pytest
from allauth.mfa.models import Authenticator
from django.core.management import CommandError, call_command
from django.db.models import Min
from django.utils import timezone

from apps.complaints.management.commands.gen_bench_complaints import BENCH_OFFICER
from apps.complaints.models import OPEN_STATUSES, Complaint, ComplaintUpdate
from apps.core.references import normalise
from apps.organisations.models import Membership, User
from apps.sla.models import Clock
from tests.complaints.factories import complaint

pytestmark = pytest.mark.django_db
N = 600


def generate(*args):
    call_command("gen_bench_complaints", "--complaints", str(N), *args)


def test_the_bench_complaints_are_what_the_services_would_leave():
    generate()
    complaints = list(Complaint.objects.all())
    assert len(complaints) == N
    assert {c.status for c in complaints} == {*OPEN_STATUSES, "resolved", "closed"}
    assert {c.kind for c in complaints} == {"complaint", "enquiry", "suggestion", "compliment"}
    assert {c.agency.code for c in complaints} == {"MOSD", "NAF"}
    assert all(normalise(c.reference) == c.reference for c in complaints)
    assert all(c.office_id == c.category.office_id for c in complaints)
    now = timezone.now()
    for c in complaints:
        assert c.created_at <= c.updated_at <= now
        if c.rating is not None:
            assert c.first_resolved_at is not None
        # The queue's due time is the earliest running, unpaused clock's, as _sync_due keeps it.
        due = Clock.objects.filter(
            kind="complaints.complaint",
            subject_id=str(c.pk),
            stopped_at__isnull=True,
            paused_at__isnull=True,
        ).aggregate(due=Min("due_at"))["due"]
        assert c.due_at == due, c.status
    # Each has its history, in order, never in the future.
    assert ComplaintUpdate.objects.filter(message="received").count() == N
    assert not ComplaintUpdate.objects.filter(at__gt=now).exists()
    assert ComplaintUpdate.objects.filter(message="resolved").count() == (
        Complaint.objects.filter(first_resolved_at__isnull=False).count()
    )


def test_the_bench_officer_works_the_biggest_office_queue(
    client_for, django_assert_max_num_queries
):
    generate()
    officer = User.objects.get(email=BENCH_OFFICER)
    assert Authenticator.objects.filter(user=officer, type=Authenticator.Type.TOTP).exists()
    membership = Membership.objects.get(user=officer, is_active=True)
    assert (membership.role, membership.office.agency.code, membership.office.governorate.code) == (
        "complaints_officer",
        "MOSD",
        "AM",
    )
    client = client_for(officer)
    client.get("/en/staff/complaints/")
    with django_assert_max_num_queries(12):
        page = client.get("/en/staff/complaints/")
    assert page.status_code == 200 and page.context["rows"]


def test_a_second_run_reuses_the_data_and_reset_makes_it_again():
    generate()
    first = list(Complaint.objects.order_by("pk").values_list("reference", "status"))
    clocks = Clock.objects.filter(kind="complaints.complaint").count()
    submitted = complaint(of=Complaint.objects.get(pk=1).category)  # as bench_pages does
    generate()
    assert (
        list(Complaint.objects.filter(pk__lte=N).order_by("pk").values_list("reference", "status"))
        == first
    )
    assert Complaint.objects.filter(pk=submitted.pk).exists()
    generate("--reset")
    # The same draw: the data is a function of the row numbers.
    assert list(Complaint.objects.order_by("pk").values_list("reference", "status")) == first
    assert Clock.objects.filter(kind="complaints.complaint").count() == clocks


def test_complaints_it_did_not_make_are_never_replaced():
    made = complaint()
    with pytest.raises(CommandError):
        generate()
    assert list(Complaint.objects.all()) == [made]
