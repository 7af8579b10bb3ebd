"""A Django app for the real-worker test only (worker_settings.py): it registers, in the worker
process, a handler for the tests' clock kind, slow enough that the worker can be killed while
a sweep is half done."""

import time

from django.apps import AppConfig

KIND = "tests.subject"  # the clock kind of every SLA test
SLOW_ESCALATION_SECONDS = 0.02


class SlowHandler:
    def label(self, clock) -> str:
        return f"Thing {clock.subject_id}"

    def url(self, clock) -> str:
        return f"/ar/staff/things/{clock.subject_id}/"

    def escalate(self, clock, level: int) -> None:
        time.sleep(SLOW_ESCALATION_SECONDS)


class SlaTestsConfig(AppConfig):
    name = "tests.sla"
    label = "sla_tests"

    def ready(self):
        from apps.sla import handlers

        handlers.register(KIND, SlowHandler())
