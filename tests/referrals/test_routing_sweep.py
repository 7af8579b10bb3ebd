"""What a lost routing task leaves behind is routed by the sweep; a broker that is down does not
fail the submission."""

from datetime import timedelta
from unittest import mock

from django.conf import settings
from django.utils import timezone
from kombu.exceptions import OperationalError

from apps.referrals import services
from apps.referrals.models import Referral, ReferralUpdate
from tests.referrals.factories import referral, reload

Status = Referral.Status


def test_a_submission_with_the_broker_down_is_saved_and_routed_by_the_sweep(
    social_worker, naf_supervisor, django_capture_on_commit_callbacks
):
    with (
        mock.patch(
            "apps.referrals.tasks.route.apply_async", side_effect=OperationalError("down")
        ) as queued,
        django_capture_on_commit_callbacks(execute=True),
    ):
        made = referral(sender=social_worker)
    assert queued.called
    assert reload(made).status == Status.SUBMITTED

    # Too recent: its task may still be on its way.
    assert services.referrals_route_pending() == 0
    Referral.objects.filter(pk=made.pk).update(submitted_at=timezone.now() - timedelta(minutes=2))
    assert services.referrals_route_pending() == 1
    assert reload(made).status == Status.ROUTED
    # Once: a second sweep, or the task arriving late, changes nothing.
    assert services.referrals_route_pending() == 0
    assert services.referral_route(referral_id=made.pk) == Status.ROUTED
    assert ReferralUpdate.objects.filter(referral=made, message="routed").count() == 1


def test_beat_runs_the_routing_sweep_every_minute():
    entry = settings.CELERY_BEAT_SCHEDULE["referrals-route-pending"]
    assert entry["task"] == "apps.referrals.tasks.route_pending"
    assert entry["schedule"] == 60.0
