from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from apps.dashboards import figures


class Command(BaseCommand):
    help = "Recompute the dashboards' monthly figures of the last N months (the current included)."

    def add_arguments(self, parser):
        parser.add_argument("--months", type=int, default=24)

    def handle(self, *args, months: int, **options):
        if months < 1:
            raise CommandError("--months is at least 1")
        current = figures.first_of_month(timezone.localdate())
        since = figures.add_months(current, 1 - months)
        until = figures.add_months(current, 1)
        # A month at a time: each transaction stays short on a national database.
        month = since
        while month < until:
            following = figures.add_months(month, 1)
            written = figures.refresh(month, following)
            self.stdout.write(
                f"{month:%Y-%m}: " + ", ".join(f"{d} {n}" for d, n in written.items())
            )
            month = following
