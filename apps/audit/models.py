from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.organisations.models import Agency


class AuditEvent(models.Model):
    """Append-only record of who did or read what, when and from where; never the personal data
    itself (docs/audit.md).

    Rows are only ever inserted (services.audit_record); the database refuses UPDATE, DELETE and
    TRUNCATE on the table (migration 0003), and the admin is read-only.
    """

    class Action(models.TextChoices):
        VIEW = "view", _("Viewed")
        CREATE = "create", _("Created")
        UPDATE = "update", _("Updated")
        DELETE = "delete", _("Deleted")
        TRANSITION = "transition", _("Changed status")
        EXPORT = "export", _("Exported")
        DOWNLOAD = "download", _("Downloaded")
        # Outside the user's scope: the page answered 404.
        ACCESS_DENIED = "access_denied", _("Access denied (out of scope)")
        # In sight but not the user's role to do: 403.
        PERMISSION_DENIED = "permission_denied", _("Permission denied (role)")
        SIGN_IN = "sign_in", _("Signed in")
        SIGN_OUT = "sign_out", _("Signed out")
        SIGN_IN_FAILED = "sign_in_failed", _("Sign-in failed")

    # The indexes below lead with their own columns; the foreign keys need no index of their own.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        db_index=False,
        verbose_name=_("actor"),
    )
    # The agency the event is accounted to, fixed when it is written: the actor's (or, for a
    # failed sign-in, the account's). Agency administrators see their agency's events.
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
        verbose_name=_("agency"),
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    object_type = models.CharField(_("object type"), max_length=60, blank=True)
    object_id = models.CharField(_("object id"), max_length=40, blank=True)
    detail = models.CharField(_("detail"), max_length=200, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    request_id = models.CharField(_("request id"), max_length=64, blank=True)
    at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        # One per filter of the audit log page, each ending in the page's order (newest first,
        # id to break ties), so that a filtered page is read from the index in order and stops
        # after one page, whatever the size of the table.
        indexes = [
            models.Index(fields=["-at", "-id"], name="audit_at"),
            models.Index(fields=["actor", "-at", "-id"], name="audit_actor"),
            models.Index(fields=["action", "-at", "-id"], name="audit_action"),
            models.Index(fields=["object_type", "object_id", "-at", "-id"], name="audit_object"),
            models.Index(fields=["agency", "-at", "-id"], name="audit_agency"),
            # An agency administrator looking for one kind of event (failed sign-ins, refusals):
            # rare in a big agency, so the agency index alone would read all its rows.
            models.Index(fields=["agency", "action", "-at", "-id"], name="audit_agency_action"),
        ]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_id} {self.action} {self.object_type}:{self.object_id}"
