"""Demo data for `make run`: staff of every role, households and cases in every state.

Idempotent: a second run changes nothing that the first made. Never runs in production.
Lives in the top layer because it seeds every app.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from apps.applications.demo import seed_applications_demo
from apps.cases.demo import seed_cases_demo
from apps.catalogue.demo import seed_catalogue_demo
from apps.complaints.demo import seed_complaints_demo
from apps.dashboards import figures
from apps.organisations.demo import seed_organisations_demo, sign_in_list
from apps.referrals.demo import seed_referrals_demo
from apps.sla.demo import seed_sla_demo


class Command(BaseCommand):
    help = "Load idempotent demo data (refuses to run under production settings)."

    def handle(self, *args, **options):
        if settings.MASAR_ENV == "production":
            raise CommandError("seed_demo creates known passwords and never runs in production.")
        seed_organisations_demo()
        seed_sla_demo()
        services = seed_catalogue_demo()
        cases = seed_cases_demo()
        referrals = seed_referrals_demo()
        complaints = seed_complaints_demo()
        applications = seed_applications_demo()
        # The dashboards' monthly figures at once, rather than at the beat task's next hour.
        current = figures.first_of_month(timezone.localdate())
        figures.refresh(figures.add_months(current, -23), figures.add_months(current, 1))
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready ({services} new service cards, {cases} new demo cases, "
                f"{referrals} new demo referrals, {complaints} new demo complaints, "
                f"{applications} new demo applications)."
            )
        )
        self.stdout.write(sign_in_list())
