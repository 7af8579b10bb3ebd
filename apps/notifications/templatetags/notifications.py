from django import template

from ..selectors import UNREAD_CAP, unread_count

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications(context) -> dict:
    """The signed-in user's unread in-app messages for the bell: one query, counted up to a cap
    ("99+" beyond it)."""
    count = unread_count(context["request"].user)
    return {"count": count, "more": count >= UNREAD_CAP, "shown": min(count, UNREAD_CAP - 1)}
