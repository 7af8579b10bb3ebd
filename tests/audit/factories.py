"""Audit events for the tests: written through `audit_record`, as the application writes them;
`at` pins the time (the column is set by the database layer to now)."""

import datetime as dt
from unittest import mock

from apps.audit.models import AuditEvent
from apps.audit.services import audit_record


def event(*, at: dt.datetime | None = None, **fields) -> AuditEvent:
    fields.setdefault("action", AuditEvent.Action.VIEW)
    fields.setdefault("actor", None)
    if at is None:
        return audit_record(**fields)
    with mock.patch("django.utils.timezone.now", return_value=at):
        return audit_record(**fields)
