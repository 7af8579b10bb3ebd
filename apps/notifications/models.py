import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

IN_APP = Q(channel="in_app")


class Message(models.Model):
    """One message to one person on one channel: the outbox row.

    Written in the transaction of the event that causes it, so it exists exactly when the event
    does; the Celery task only carries it out, and the resend sweep picks up what a lost task
    left behind (docs/notifications.md).
    """

    class Channel(models.TextChoices):
        IN_APP = "in_app", _("In the application")
        EMAIL = "email", _("Email")
        SMS = "sms", _("SMS")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="messages",
        verbose_name=_("recipient"),
        help_text=_("Empty for people without an account, reached by address only."),
    )
    address = models.CharField(
        _("destination"),
        max_length=254,
        blank=True,
        help_text=_("Email address or mobile number (E.164) the message goes to."),
    )
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    template = models.CharField(_("template"), max_length=100)
    context = models.JSONField(_("template data"), default=dict, blank=True)
    link = models.CharField(_("link"), max_length=500, blank=True)
    # What was sent, rendered in the message's language: at delivery for email and SMS, when
    # written for in-app messages (so the list renders no template per row).
    subject = models.CharField(_("subject"), max_length=255, blank=True)
    body = models.TextField(_("text"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    # The kind of error only (exception class and a short reason), never personal data.
    last_error = models.CharField(_("last error"), max_length=300, blank=True)
    # A pending row may be claimed from this time on (now, or after a back-off); NULL otherwise.
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    # When a task for the row was last put on the queue; NULL when none is known to be there.
    # The sweep leaves recently queued rows alone, so a backlog is not queued again and again.
    queued_at = models.DateTimeField(_("queued"), null=True, blank=True)
    # The claim's lease: a row still "sending" after this is presumed lost with its worker.
    sending_until = models.DateTimeField(_("being sent until"), null=True, blank=True)
    # Sent to the SMS gateway and as the email's Message-ID, so that a resend after a crash
    # between sending and recording it can be recognised downstream.
    idempotency_key = models.UUIDField(
        _("idempotency key"), default=uuid.uuid4, unique=True, editable=False
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        constraints = [
            models.CheckConstraint(
                condition=Q(recipient__isnull=False) | ~IN_APP,
                name="message_in_app_has_recipient",
            ),
            models.CheckConstraint(
                condition=IN_APP | ~Q(address=""), name="message_email_sms_has_address"
            ),
        ]
        indexes = [
            # The bell: a user's unread in-app messages (counted on every page).
            models.Index(
                fields=["recipient"],
                condition=IN_APP & Q(read_at__isnull=True),
                name="message_unread",
            ),
            # The list page, newest first, in the keyset order.
            models.Index(
                fields=["recipient", "-created_at", "-id"],
                condition=IN_APP,
                name="message_inbox",
            ),
            # The resend sweep: pending rows that are due, and rows whose lease has run out.
            # next_attempt_at is set exactly while a row is pending, sending_until while it is
            # being sent. The conditions name those columns, not the status, on purpose: the
            # claim and the other guarded updates by primary key also test the status, and with
            # statistics from a quiet moment PostgreSQL would serve them from a partial index on
            # status, scanning a whole backlog for each row (measured: 2 ms a claim at 10,000).
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(next_attempt_at__isnull=False),
                name="message_pending_due",
            ),
            models.Index(
                fields=["sending_until"],
                condition=Q(sending_until__isnull=False),
                name="message_sending_lease",
            ),
            # The admin's list of failed messages.
            models.Index(
                fields=["-created_at", "-id"], condition=Q(status="failed"), name="message_failed"
            ),
        ]

    def __str__(self):
        return f"{self.template} · {self.get_channel_display()} · {self.pk}"
