from celery import shared_task

from .services import referral_route, referrals_route_pending


@shared_task(acks_late=True, time_limit=60, soft_time_limit=50)
def route(referral_id: int) -> str:
    """Route one submitted referral; safe to run twice (the service locks and checks the row)."""
    return referral_route(referral_id=referral_id)


@shared_task(acks_late=True, time_limit=120, soft_time_limit=100)
def route_pending() -> int:
    """Every minute: route what a lost task left submitted."""
    return referrals_route_pending()
