"""Settings of the Celery worker that test_reliability.py starts and kills: the test settings,
plus the app that registers the tests' deadline handler in that process."""

from config.settings.test import *  # noqa: F403
from config.settings.test import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "tests.sla.apps.SlaTestsConfig"]
CELERY_TASK_ALWAYS_EAGER = False
