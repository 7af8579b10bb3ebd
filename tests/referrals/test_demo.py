"""The demo referrals: every state a visitor should see, both directions, made once."""

import pytest
from django.utils import timezone

from apps.audit.models import AuditEvent
from apps.cases.demo import seed_cases_demo
from apps.cases.models import CaseEvent
from apps.catalogue.demo import seed_catalogue_demo
from apps.notifications.models import Message
from apps.organisations.demo import seed_organisations_demo
from apps.organisations.models import User
from apps.referrals.demo import seed_referrals_demo
from apps.referrals.models import Referral, ReferralUpdate, RoutingRule
from apps.sla.models import Clock

pytestmark = pytest.mark.django_db
Status = Referral.Status


def demo_user(handle: str) -> User:
    return User.objects.get(email=f"{handle}@masar.demo")


def counts() -> tuple:
    return (
        Referral.objects.count(),
        ReferralUpdate.objects.count(),
        CaseEvent.objects.filter(kind=CaseEvent.Kind.REFERRAL).count(),
        Clock.objects.count(),
        Message.objects.count(),
        AuditEvent.objects.count(),
        RoutingRule.objects.count(),
    )


def test_the_demo_referrals_show_every_state_in_both_directions(client_for):
    seed_organisations_demo()
    seed_catalogue_demo()
    seed_cases_demo()
    assert seed_referrals_demo() == 9

    statuses = set(Referral.objects.values_list("status", flat=True))
    assert statuses == {
        Status.ROUTED,
        Status.INFO_REQUESTED,
        Status.ACCEPTED,
        Status.COMPLETED,
        Status.DECLINED,
        Status.UNROUTED,
    }
    directions = set(
        Referral.objects.values_list("from_office__agency__code", "to_agency__code").distinct()
    )
    assert directions == {("MOSD", "NAF"), ("NAF", "MOSD")}
    # Routed by governorate: the Irbid family's referral went to the Irbid office.
    declined = Referral.objects.get(status=Status.DECLINED)
    assert declined.to_office.governorate.code == "IR"
    assert declined.decline_reason and declined.closing_note
    accepted = Referral.objects.get(status=Status.ACCEPTED)
    assert accepted.updates.filter(kind=ReferralUpdate.Kind.PROGRESS).exists()
    assert set(
        Referral.objects.filter(status=Status.COMPLETED).values_list("outcome", flat=True)
    ) == {Referral.Outcome.DELIVERED, Referral.Outcome.OTHER}
    # Consents recorded, one referral made without, with its reason.
    assert Referral.objects.filter(consent__isnull=True).count() == 1
    assert Referral.objects.get(consent__isnull=True).consent_override
    # English content from the English-speaking worker.
    assert Referral.objects.filter(reason__startswith="The father's working hours").exists()
    assert RoutingRule.objects.count() == 2

    # One overdue: its answer clock is past due, and the receiving supervisor's list says so.
    late = Clock.objects.filter(
        kind="referrals.referral", purpose="answer", stopped_at=None, due_at__lt=timezone.now()
    )
    assert late.count() == 1
    page = client_for(demo_user("supervisor.naf.amman")).get(
        "/en/staff/referrals/received/", {"overdue": "true"}
    )
    assert [r.pk for r, _clock in page.context["rows"]] == [int(late.get().subject_id)]
    # The unrouted one waits in the NAF admin's queue.
    page = client_for(demo_user("admin.naf")).get("/en/staff/referrals/unrouted/")
    assert len(page.context["rows"]) == 1

    # A second run changes nothing.
    before = counts()
    assert seed_referrals_demo() == 0
    assert counts() == before
