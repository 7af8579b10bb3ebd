from django.db import models
from django.db.models import Case, IntegerField, Subquery, Value, When

from apps.organisations.models import Membership, User

from . import context
from .models import AuditEvent

Action = AuditEvent.Action
# The HTTP answer to a refused access, and how the refusal is recorded.
DENIALS = {404: Action.ACCESS_DENIED, 403: Action.PERMISSION_DENIED}


def _agency_of(user_id: int, object_agency_id: int | None) -> Subquery:
    """The agency an event of this user is accounted to, as a subquery of the INSERT (no extra
    round trip): the agency of the user's active membership; for someone who works for several
    agencies, the object's own agency if it has one (`agency_id`) and they work for it, otherwise
    the lowest agency id, so that the choice is stable."""
    order: list = ["office__agency_id"]
    if object_agency_id is not None:
        order.insert(
            0,
            Case(
                When(office__agency_id=object_agency_id, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            ),
        )
    memberships = Membership.objects.filter(user_id=user_id, is_active=True).order_by(*order)
    return Subquery(memberships.values("office__agency_id")[:1])


def _event(
    *,
    actor,
    action: str,
    obj: models.Model | None,
    object_type: str,
    object_id: str,
    detail: str,
    request,
) -> AuditEvent:
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
    if actor is not None and not actor.is_authenticated:
        actor = None
    current = context.current()
    request_id = getattr(request, "request_id", None) or (current.request_id if current else "")
    if request is not None:
        ip_address = getattr(request, "client_ip", None) or context.client_ip(request.META)
    else:
        ip_address = current.ip_address if current else None
    # Whose agency the event belongs to: the actor's; without one (a failed sign-in), that of
    # the account it is about.
    subject = actor if actor is not None else (obj if isinstance(obj, User) else None)
    return AuditEvent(
        actor=actor,
        agency_id=(
            _agency_of(subject.pk, getattr(obj, "agency_id", None)) if subject is not None else None
        ),
        action=action,
        object_type=object_type[:60],
        object_id=str(object_id)[:40],
        detail=detail[:200],
        ip_address=ip_address,
        request_id=request_id[:64],
    )


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
    """Record an event. `detail` must never hold personal data (names, ID numbers, phone
    numbers, note text): codes, statuses and ids only.

    The request id and the client's address come from `request`, or, for a service that is not
    given it, from the request being served (apps.audit.context); both are empty outside one.
    """
    event = _event(
        actor=actor,
        action=action,
        obj=obj,
        object_type=object_type,
        object_id=object_id,
        detail=detail,
        request=request,
    )
    event.save(force_insert=True)
    # The agency was computed by the database; let the attribute load from there if read.
    event.__dict__.pop("agency_id", None)
    return event


def audit_record_many(*, actor, action: str, objs: list[models.Model], detail: str = "") -> None:
    """The same event about many objects, in one INSERT (a batch of referrals routed at once)."""
    AuditEvent.objects.bulk_create(
        [
            _event(
                actor=actor,
                action=action,
                obj=obj,
                object_type="",
                object_id="",
                detail=detail,
                request=None,
            )
            for obj in objs
        ]
    )


def audit_denied(
    *,
    request,
    status: int,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    detail: str = "",
) -> AuditEvent | None:
    """Record a refused access check, once per request: 404 for an object outside the user's
    scope (ACCESS_DENIED), 403 for a role the user does not hold (PERMISSION_DENIED).

    Without a detail, the name of the refused page (its URL name) is recorded. Returns None when
    the request's refusal was already recorded (a view that records it, then raises
    PermissionDenied, which the middleware would record again).
    """
    if getattr(request, "_audit_denied", False):
        return None
    request._audit_denied = True
    if not detail and getattr(request, "resolver_match", None) is not None:
        detail = request.resolver_match.view_name
    return audit_record(
        actor=request.user,
        action=DENIALS[status],
        obj=obj,
        object_type=object_type,
        object_id=object_id,
        detail=detail,
        request=request,
    )
