"""Measure the background jobs in-process: `manage.py bench_jobs --scale LABEL` (docs/benchmark.md).

Referral routing over the bench referrals, the SLA sweep over a million running clocks, and the
delivery of ten thousand notifications; each part makes its own rows and removes them after.
Results are merged into bench/results.json and bench/results.md with the pages'.
"""

import os

from django.core.management.base import BaseCommand

from apps.core.bench import save_results, table
from apps.notifications.bench import bench_notifications
from apps.referrals.bench import bench_routing, bench_routing_worker
from apps.sla.bench import bench_sla

JOBS = ("routing", "sla", "notifications")


class Command(BaseCommand):
    help = "Measure routing, the SLA sweep and notification delivery (docs/benchmark.md)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", required=True, help="label of the data size, e.g. small")
        parser.add_argument("--only", choices=JOBS, action="append", help="run only these jobs")
        parser.add_argument("--command", default="make bench", help="the command, for the report")

    def handle(self, *args, **options):
        only = set(options["only"] or JOBS)
        loads, rows = [], []
        for job in JOBS:
            if job not in only:
                continue
            loads.append(os.getloadavg()[0])
            self.stdout.write(f"{job}:")
            if job == "routing":
                rows += bench_routing(self.stdout, scale=options["scale"])
                broker = os.environ.get("BENCH_BROKER_URL")
                if broker:
                    rows += bench_routing_worker(
                        self.stdout, scale=options["scale"], broker_url=broker
                    )
                else:
                    self.stdout.write("routing (worker): BENCH_BROKER_URL unset; left out")
            elif job == "sla":
                rows += bench_sla(self.stdout)
            else:
                rows += bench_notifications(self.stdout)
        load = f"1-minute load average {min(loads):.1f}–{max(loads):.1f} during the run"
        self.stdout.write(
            save_results(
                rows, scale=options["scale"], command=options["command"], load=load, part="jobs"
            )
        )
        self.stdout.write(table(rows))
