from celery import shared_task
from django.utils import timezone

from apps.organisations.models import Office, User

from . import figures, kept

# Records change after their month (a complaint of March answered in May), so the months before
# the last two are recomputed each night (docs/dashboards.md).
NIGHTLY_MONTHS = 13


def _refresh_last(months: int) -> dict[str, int]:
    current = figures.first_of_month(timezone.localdate())
    return figures.refresh(figures.add_months(current, 1 - months), figures.add_months(current, 1))


@shared_task(soft_time_limit=600, time_limit=660)
def refresh_recent() -> dict[str, int]:
    """The current and the previous month."""
    return _refresh_last(2)


@shared_task(soft_time_limit=1800, time_limit=1860)
def refresh_year() -> dict[str, int]:
    return _refresh_last(NIGHTLY_MONTHS)


@shared_task(soft_time_limit=120, time_limit=150)
def count_office_figures(office_id: int, viewer_id: int) -> None:
    """Count an office's dashboard figures again, as the viewer sees them (kept.py)."""
    office = Office.objects.filter(pk=office_id).first()
    viewer = User.objects.filter(pk=viewer_id, is_active=True).first()
    if office and viewer:
        kept.count(office, viewer)
