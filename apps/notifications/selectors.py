from django.db.models import QuerySet

from apps.organisations.models import User

from .models import Message

# The bell shows "99+" beyond this: counting stops there, whatever the backlog.
UNREAD_CAP = 100


def messages_visible_to(user: User) -> QuerySet[Message]:
    """A user's in-app messages; nobody sees anyone else's (email and SMS rows are the admin's)."""
    if not user.is_authenticated:
        return Message.objects.none()
    return Message.objects.filter(recipient=user, channel=Message.Channel.IN_APP)


def unread_count(user: User) -> int:
    """At most UNREAD_CAP, in one query served by the partial index message_unread."""
    return (
        messages_visible_to(user)
        .filter(read_at__isnull=True)
        .order_by()
        .values("pk")[:UNREAD_CAP]
        .count()
    )
