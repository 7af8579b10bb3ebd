from django.apps import apps
from django.db.models import QuerySet
from django.db.models.functions import Lower
from django.utils.text import capfirst

from apps.organisations.models import Membership, User
from apps.organisations.selectors import agencies_administered_by, roles_of

from .models import AuditEvent

Role = Membership.Role


def events_visible_to(user: User) -> QuerySet[AuditEvent]:
    """Oversight reads every event; an agency administrator the events accounted to the agencies
    they administer (AuditEvent.agency: what their staff did, and failed sign-ins to their staff's
    accounts); everyone else none."""
    roles = roles_of(user)
    if Role.OVERSIGHT in roles:
        return AuditEvent.objects.all()
    if Role.AGENCY_ADMIN in roles:
        # Ids as literals: the planner then picks the (agency, at, id) index for one agency.
        agencies = list(agencies_administered_by(user).order_by().values_list("pk", flat=True))
        return AuditEvent.objects.filter(agency_id__in=agencies)
    return AuditEvent.objects.none()


def users_with_email(email: str) -> QuerySet[User]:
    """The account with this address, whatever its case, through the unique index on
    lower(email)."""
    return User.objects.alias(email_lower=Lower("email")).filter(email_lower=email.strip().lower())


def for_display(events: QuerySet[AuditEvent]) -> QuerySet[AuditEvent]:
    """The columns the audit log shows, with the actor and the agency in the same query."""
    return events.select_related("actor", "agency").only(
        "at",
        "action",
        "object_type",
        "object_id",
        "detail",
        "ip_address",
        "request_id",
        "actor__email",
        "agency__name_ar",
        "agency__name_en",
    )


def object_types() -> list[tuple[str, str]]:
    """(label, name) of the project's models, the kinds of object events are about, by name in
    the active language; read from the code, never from the table (a DISTINCT over tens of
    millions of rows)."""
    types = [
        (model._meta.label_lower, capfirst(model._meta.verbose_name))
        for model in apps.get_models()
        if model.__module__.startswith("apps.") and model is not AuditEvent
    ]
    return sorted(types, key=lambda pair: str(pair[1]))
