"""Settings of the Celery workers that test_worker.py starts and kills: the test settings, the
app that can slow routing down, every task on the test's private queue, and Redis handing an
unacknowledged task (its worker killed) to another worker after seconds rather than hours."""

from config.settings import test
from config.settings.test import *  # noqa: F403
from config.settings.test import INSTALLED_APPS, env

INSTALLED_APPS = [*INSTALLED_APPS, "tests.referrals.apps.SlowRoutingConfig"]
CELERY_TASK_ALWAYS_EAGER = False
# Notifications queued by routing stay on the private queue, where these workers take them.
CELERY_TASK_DEFAULT_QUEUE = env("REFERRAL_TEST_QUEUE")
CELERY_BROKER_TRANSPORT_OPTIONS = {
    **getattr(test, "CELERY_BROKER_TRANSPORT_OPTIONS", {}),
    "visibility_timeout": 3,
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
}
