from celery import shared_task

from . import services
from .models import Message


# One message per task, well within the lease (services.LEASE) so a live worker keeps its claim.
@shared_task(soft_time_limit=60, time_limit=90)
def deliver(message_id: int) -> bool:
    message = Message.objects.filter(pk=message_id).first()
    if message is None:
        return False
    return services.message_deliver(message=message)


@shared_task(soft_time_limit=120, time_limit=150)
def resend_pending() -> int:
    return services.messages_resend_pending()
