"""The outbox: write messages with the event that causes them, deliver each once.

`notify` and `notify_address` are what workflow apps call (docs/notifications.md). Delivery is a
claim (a guarded update, pending → sending, with a lease), a send through the channel's backend,
and a guarded update to sent; a failure goes back to pending with an exponential back-off, and
after NOTIFICATIONS_MAX_ATTEMPTS to failed, where admins see it and may retry it.
"""

import logging
import smtplib
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.utils import parseaddr
from functools import partial

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMultiAlternatives
from django.core.validators import validate_email
from django.db import DatabaseError, connection, transaction
from django.db.models import Q
from django.template import TemplateDoesNotExist, TemplateSyntaxError
from django.utils import timezone
from kombu.exceptions import OperationalError

from apps.audit.services import Action as AuditAction
from apps.audit.services import audit_record
from apps.core.exceptions import TransitionNotAllowed
from apps.core.text import normalise_mobile
from apps.organisations.models import User

from .models import Message
from .rendering import LANGUAGE_CODES, check_template, render_message
from .sms import SmsGatewayError, sms_backend

logger = logging.getLogger(__name__)

Channel = Message.Channel
Status = Message.Status
# Longer than the deliver task's hard time limit, so a live worker never loses its claim.
LEASE = timedelta(minutes=5)
# A pending row whose task was queued this long ago and has not run is presumed lost with it
# (a Redis restart without persistence, say) and is queued again by the sweep.
REQUEUE_AFTER = timedelta(minutes=5)
SWEEP_BATCH = 500
SWEEP_LIMIT = 20_000
INTERRUPTED = "Interrupted: the worker stopped before recording the result"


def _email_domain() -> str:
    return parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "localhost"


def _describe(error: BaseException) -> str:
    """What went wrong, without personal data: exception messages of mail and HTTP libraries
    repeat addresses and numbers, so only the type and a code are kept."""
    kind = type(error).__name__
    if isinstance(error, SmsGatewayError | TemplateDoesNotExist):
        return f"{kind}: {error}"[:300]
    if isinstance(error, smtplib.SMTPResponseException):
        return f"{kind}: SMTP {error.smtp_code}"
    return kind


@contextmanager
def _relaxed_commits():
    """Delivery's own updates (claim, sent, failed) commit without waiting for the disk.

    Other workers see each commit at once, so the claim is as exclusive as before; only a
    PostgreSQL crash in the next fraction of a second could undo one, and an undone claim or
    "sent" shows as one more delivery of the same message with the same idempotency key, the
    window "Delivery guarantees" already allows (docs/notifications.md). Otherwise each message
    waits for two disk flushes, most of a delivery's time. Set for the session and reset after,
    not per transaction, to spare each update a BEGIN, a SET and a COMMIT of its own.
    """
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO OFF")
    try:
        yield
    finally:
        # A connection that cannot take the RESET is broken, and is closed rather than reused.
        with suppress(DatabaseError), connection.cursor() as cursor:
            cursor.execute("RESET synchronous_commit")


def backoff(attempts: int) -> timedelta:
    """The wait after the n-th failed attempt: 1, 2, 4, 8, 16… minutes."""
    return timedelta(minutes=2 ** max(attempts - 1, 0))


# Writing ----------------------------------------------------------------------------------


def _enqueue(ids: list[int], *, eta: datetime | None = None) -> None:
    """Queue the delivery tasks; called after the transaction that wrote the rows commits.

    A broker that cannot be reached must not fail a request whose transaction has already
    committed: the rows stay pending with no task queued (queued_at cleared), the error is
    logged, and the resend sweep queues them once the broker is back. `retry=False` and the
    broker's short connection timeout (CELERY_BROKER_TRANSPORT_OPTIONS) keep that quick.
    """
    from .tasks import deliver  # tasks import this module

    for position, pk in enumerate(ids):
        try:
            deliver.apply_async((pk,), eta=eta, retry=False)
        except OperationalError as error:
            left = ids[position:]
            # queued_at means nothing once a row is not pending: no need to test the status.
            Message.objects.filter(pk__in=left).update(queued_at=None)
            logger.warning(
                "Broker unreachable (%s); %d message(s) left for the resend sweep",
                type(error).__name__,
                len(left),
            )
            return


def _write(rows: list[Message]) -> list[Message]:
    now = timezone.now()
    for row in rows:
        check_template(row.template, row.channel)
        if row.channel == Channel.IN_APP:
            # Nothing to send: rendered now in the recipient's language, so the list is cheap.
            rendered = render_message(
                template=row.template,
                channel=row.channel,
                language=row.language,
                context=row.context,
                link=row.link,
            )
            row.body, row.status, row.sent_at = rendered.body, Status.SENT, now
        else:
            row.status, row.next_attempt_at, row.queued_at = Status.PENDING, now, now
    # No savepoint of its own: if the insert fails, the caller's transaction fails with it.
    with transaction.atomic(savepoint=False):
        Message.objects.bulk_create(rows)
        to_send = [row.pk for row in rows if row.channel != Channel.IN_APP]
        if to_send:
            transaction.on_commit(partial(_enqueue, to_send))
    return rows


@dataclass(frozen=True)
class Notice:
    """What `notify` takes, for `notify_many`."""

    recipient: User
    template: str
    context: dict
    channels: tuple[str, ...] = ("in_app", "email")
    link: str = ""


def _rows(notice: Notice) -> list[Message]:
    recipient = notice.recipient
    if not recipient.is_active:
        return []
    addresses = {Channel.IN_APP: "", Channel.EMAIL: recipient.email, Channel.SMS: ""}
    rows = []
    for channel in dict.fromkeys(notice.channels):
        if channel not in Channel.values:
            raise ValueError(f"Unknown channel {channel!r}")
        if channel != Channel.IN_APP and not addresses[channel]:
            logger.info(
                "No %s address for user %s; %s skipped", channel, recipient.pk, notice.template
            )
            continue
        rows.append(
            Message(
                recipient=recipient,
                address=addresses[channel],
                language=recipient.language,
                channel=channel,
                template=notice.template,
                context=notice.context,
                link=notice.link,
            )
        )
    return rows


def notify(
    *,
    recipient: User,
    template: str,
    context: dict,
    channels: tuple[str, ...] = ("in_app", "email"),
    link: str = "",
) -> list[Message]:
    """One outbox row per channel, in the caller's transaction, in the recipient's language.

    A channel the recipient has no address for is skipped (users have an email address but no
    mobile number, so "sms" reaches people only through notify_address); an inactive user gets
    nothing. Raises TemplateDoesNotExist at once when the template lacks a channel's file.
    """
    return _write(_rows(Notice(recipient, template, context, channels, link)))


def notify_many(notices: list[Notice]) -> list[Message]:
    """What `notify` does for each notice, in one INSERT (a batch of referrals routed at once)."""
    return _write([row for notice in notices for row in _rows(notice)])


def notify_address(
    *,
    language: str,
    template: str,
    context: dict,
    email: str = "",
    phone: str = "",
    link: str = "",
) -> list[Message]:
    """Email and/or SMS rows for someone without an account (an anonymous complainant).

    Empty addresses are skipped; a malformed one raises ValueError (the caller's form should
    have refused it). `phone` may be written any way normalise_mobile reads a Jordanian mobile.
    """
    if language not in LANGUAGE_CODES:
        language = settings.LANGUAGE_CODE
    rows = []
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise ValueError("Not an email address") from None
        rows.append((Channel.EMAIL, email))
    if phone:
        number = normalise_mobile(phone)
        if number is None:
            raise ValueError("Not a Jordanian mobile number")
        rows.append((Channel.SMS, number))
    return _write(
        [
            Message(
                address=address,
                language=language,
                channel=channel,
                template=template,
                context=context,
                link=link,
            )
            for channel, address in rows
        ]
    )


# Delivering -------------------------------------------------------------------------------


def _send(message: Message, subject: str, body: str, html: str) -> None:
    key = str(message.idempotency_key)
    if message.channel == Channel.SMS:
        sms_backend().send(to=message.address, body=body, key=key)
        return
    email = EmailMultiAlternatives(
        subject,
        body,
        settings.DEFAULT_FROM_EMAIL,
        [message.address],
        # The same Message-ID on a resend lets mail servers and clients drop the repeat.
        headers={"Message-ID": f"<{key}@{_email_domain()}>"},
    )
    if html:
        email.attach_alternative(html, "text/html")
    email.send()


def _fail(message: Message, error: BaseException, *, permanent: bool) -> None:
    now = timezone.now()
    claim = Q(pk=message.pk, status=Status.SENDING, attempts=message.attempts)
    if permanent or message.attempts >= settings.NOTIFICATIONS_MAX_ATTEMPTS:
        Message.objects.filter(claim).update(
            status=Status.FAILED,
            sending_until=None,
            next_attempt_at=None,
            last_error=_describe(error),
        )
        logger.warning("Message %s failed for good: %s", message.pk, _describe(error))
        return
    due = now + backoff(message.attempts)
    changed = Message.objects.filter(claim).update(
        status=Status.PENDING,
        sending_until=None,
        next_attempt_at=due,
        queued_at=due,
        last_error=_describe(error),
    )
    if changed:
        # A second late so that a worker clock a little ahead still finds the row due; if the
        # task is lost anyway, the sweep queues the row again.
        _enqueue([message.pk], eta=due + timedelta(seconds=1))


def message_deliver(*, message: Message) -> bool:
    """Claim, render in the message's language, send, record. True when this call sent it.

    The claim is a guarded update (pending and due → sending, with a lease until now + LEASE):
    of two runs of the same task only one proceeds, and a row whose worker died is released by
    the sweep when its lease runs out. A crash after the send and before the final update can
    still send twice; the idempotency key given to the gateway and the email's Message-ID let
    the far end drop the repeat (docs/notifications.md, "Delivery guarantees").
    """
    with _relaxed_commits():
        return _deliver(message)


def _deliver(message: Message) -> bool:
    now = timezone.now()
    due = message.next_attempt_at is not None and message.next_attempt_at <= now
    if message.status != Status.PENDING or not due:
        return False
    # Guarded on the status and attempts read with the row: every change to a pending row's
    # due time also changes its attempts or status, so if the claim succeeds the row is as read
    # (and due), and the instance needs no reloading. If anyone changed it meanwhile, the claim
    # fails and the sweep comes back to the row.
    claimed = Message.objects.filter(
        pk=message.pk, status=Status.PENDING, attempts=message.attempts
    ).update(
        status=Status.SENDING,
        sending_until=now + LEASE,
        next_attempt_at=None,
        attempts=message.attempts + 1,
    )
    if not claimed:
        return False
    message.status, message.sending_until = Status.SENDING, now + LEASE
    message.next_attempt_at = None
    message.attempts += 1
    try:
        rendered = render_message(
            template=message.template,
            channel=message.channel,
            language=message.language,
            context=message.context,
            link=message.link,
        )
    except (TemplateDoesNotExist, TemplateSyntaxError) as error:
        # Trying again cannot help until someone fixes the template.
        _fail(message, error, permanent=True)
        return False
    try:
        _send(message, rendered.subject, rendered.body, rendered.html)
    except Exception as error:  # any failure of a backend (SMTP, HTTP, time limit) is retried
        _fail(message, error, permanent=False)
        return False
    recorded = Message.objects.filter(
        pk=message.pk, status=Status.SENDING, attempts=message.attempts
    ).update(
        status=Status.SENT,
        sent_at=timezone.now(),
        sending_until=None,
        next_attempt_at=None,
        subject=rendered.subject,
        body=rendered.body,
    )
    if not recorded:
        # Only if this worker outlived its lease and the row was claimed again meanwhile.
        logger.error("Message %s was sent after its claim had expired", message.pk)
    return True


def messages_resend_pending(*, batch: int = SWEEP_BATCH, limit: int = SWEEP_LIMIT) -> int:
    """The sweep: release rows whose lease ran out, queue pending rows that are due and have no
    task on the queue. Returns how many rows it queued."""
    now = timezone.now()
    expired = Message.objects.filter(status=Status.SENDING, sending_until__lt=now)
    expired.filter(attempts__gte=settings.NOTIFICATIONS_MAX_ATTEMPTS).update(
        status=Status.FAILED, sending_until=None, last_error=INTERRUPTED
    )
    expired.update(
        status=Status.PENDING,
        sending_until=None,
        next_attempt_at=now,
        queued_at=None,
        last_error=INTERRUPTED,
    )
    due = Message.objects.filter(status=Status.PENDING, next_attempt_at__lte=now).filter(
        Q(queued_at__isnull=True) | Q(queued_at__lt=now - REQUEUE_AFTER)
    )
    queued = 0
    while queued < limit:
        with transaction.atomic():
            ids = list(
                due.order_by("next_attempt_at")
                .select_for_update(skip_locked=True)
                .values_list("pk", flat=True)[:batch]
            )
            if not ids:
                break
            Message.objects.filter(pk__in=ids).update(queued_at=now)
            transaction.on_commit(partial(_enqueue, ids))
        queued += len(ids)
        if len(ids) < batch:
            break
    if queued:
        logger.info("Resend sweep queued %d message(s)", queued)
    return queued


# Admin and the inbox ----------------------------------------------------------------------


def message_retry(*, message: Message, actor: User) -> None:
    """Give a failed message a new round of attempts (the admin's "retry")."""
    now = timezone.now()
    with transaction.atomic():
        changed = Message.objects.filter(pk=message.pk, status=Status.FAILED).update(
            status=Status.PENDING, attempts=0, next_attempt_at=now, queued_at=now
        )
        if not changed:
            raise TransitionNotAllowed
        audit_record(actor=actor, action=AuditAction.TRANSITION, obj=message, detail="retry")
        transaction.on_commit(partial(_enqueue, [message.pk]))
    message.status = Status.PENDING


def message_mark_read(*, message: Message, actor: User) -> None:
    if message.recipient_id != actor.pk:
        raise PermissionDenied
    # By primary key and read_at only: naming the channel too would let the planner pick the
    # partial index of everyone's unread messages (see Message.Meta.indexes).
    Message.objects.filter(pk=message.pk, read_at__isnull=True).update(read_at=timezone.now())


def messages_mark_all_read(*, actor: User) -> int:
    return Message.objects.filter(
        recipient=actor, channel=Channel.IN_APP, read_at__isnull=True
    ).update(read_at=timezone.now())
