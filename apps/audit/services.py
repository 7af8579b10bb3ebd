from django.db import models

from .models import AuditEvent

Action = AuditEvent.Action


def _client_ip(request) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def audit_record(
    *,
    actor,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    detail: str = "",
    request=None,
) -> AuditEvent:
    """Record an event. `detail` must never hold personal data (names, numbers, notes)."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        object_type=object_type,
        object_id=object_id,
        detail=detail[:200],
        ip_address=_client_ip(request),
    )
