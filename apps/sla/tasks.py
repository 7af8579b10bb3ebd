from datetime import date

from celery import shared_task

from . import services
from .services.sweep import BATCH_SIZE


# The sweep stops between batches after services.sweep.TIME_BUDGET (50 s), well inside these.
@shared_task(soft_time_limit=120, time_limit=150)
def sweep(batch_size: int = BATCH_SIZE) -> dict:
    return services.sla_sweep(batch_size=batch_size)


@shared_task(soft_time_limit=600, time_limit=660)
def recalculate(agency_id: int, day: str) -> int:
    return services.clocks_recalculate(agency_id=agency_id, day=date.fromisoformat(day))
