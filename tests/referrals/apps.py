"""A Django app for the real-worker test only (worker_settings.py): in a worker started with
REFERRAL_ROUTING_SLEEP, routing touches the file REFERRAL_ROUTING_STARTED and then waits inside
its transaction, with the referral's row locked, so that the test can kill the worker in the
middle of routing."""

import os
import time
from pathlib import Path

from django.apps import AppConfig


class SlowRoutingConfig(AppConfig):
    name = "tests.referrals"
    label = "referrals_tests"

    def ready(self):
        seconds = float(os.environ.get("REFERRAL_ROUTING_SLEEP", "0"))
        if not seconds:
            return
        from apps.referrals import services

        candidates = services.OfficeRouter.candidates
        started = Path(os.environ["REFERRAL_ROUTING_STARTED"])

        def slow(router, referral):
            started.touch()
            time.sleep(seconds)
            return candidates(router, referral)

        services.OfficeRouter.candidates = slow
