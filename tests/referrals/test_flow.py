"""The loop a referral closes: submitted, routed by governorate, answered, completed, and the
outcome back on the sender's case."""

from apps.cases.events import event_text
from apps.cases.models import CaseEvent
from apps.notifications.models import Message
from apps.referrals import services
from apps.referrals.models import Referral
from apps.sla.models import Clock
from tests.organisations.factories import office
from tests.referrals.factories import referral, reload

Status = Referral.Status


def test_a_referral_is_routed_answered_and_closed_with_its_outcome(
    social_worker, naf_worker, naf_supervisor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        made = referral(sender=social_worker)
    made = reload(made)
    assert made.status == Status.ROUTED
    assert made.to_office == office("NAF", "AM")
    answer = Clock.objects.get(subject_id=str(made.pk), purpose="answer")
    assert answer.stopped_at is None
    assert Message.objects.filter(recipient=naf_supervisor, template="referrals.update").exists()

    services.referral_assign(referral=made, worker=naf_worker, actor=naf_worker)
    services.referral_accept(referral=reload(made), actor=naf_worker)
    answer.refresh_from_db()
    assert answer.stopped_at is not None
    assert Clock.objects.filter(
        subject_id=str(made.pk), purpose="complete", stopped_at=None
    ).exists()

    services.referral_complete(
        referral=reload(made),
        outcome=Referral.Outcome.DELIVERED,
        note="Monthly aid starts next month.",
        actor=naf_worker,
    )
    done = reload(made)
    assert done.status == Status.COMPLETED
    assert not Clock.objects.filter(subject_id=str(made.pk), stopped_at=None).exists()
    texts = [
        event_text(e)
        for e in CaseEvent.objects.filter(case=made.case, kind=CaseEvent.Kind.REFERRAL)
    ]
    assert any("completed" in text and "Service delivered" in text for text in texts), texts
    assert Message.objects.filter(recipient=social_worker, context__event="completed").exists()
