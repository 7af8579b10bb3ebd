"""The outbox services: rows written with the caller's transaction, rendered in the recipient's
language, delivered once, retried with back-off, failed for good, swept up when lost."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection, transaction
from django.template import TemplateDoesNotExist
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from apps.audit.models import AuditEvent
from apps.core.exceptions import TransitionNotAllowed
from apps.notifications import services
from apps.notifications.models import Message
from apps.notifications.tasks import deliver, resend_pending
from tests.notifications.conftest import TEMPLATE
from tests.organisations.factories import UserFactory

Status = Message.Status
FAILING = "tests.notifications.backends.FailingSmsBackend"
PHONE = "+962791234567"

pytestmark = pytest.mark.django_db


def sms(**fields) -> Message:
    """An SMS row written as notify_address writes it, without queuing its task."""
    now = timezone.now()
    pending = fields.get("status", Status.PENDING) == Status.PENDING
    values = {
        "address": PHONE,
        "language": "en",
        "channel": Message.Channel.SMS,
        "template": TEMPLATE,
        "status": Status.PENDING,
        "next_attempt_at": now if pending else None,
        "queued_at": now,
        **fields,
    }
    return Message.objects.create(**values)


def test_notify_writes_one_row_per_channel_and_sends_email_after_commit(
    django_capture_on_commit_callbacks,
):
    user = UserFactory(language="en")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        rows = services.notify(
            recipient=user, template=TEMPLATE, context={}, link="/en/notifications/"
        )
        assert mail.outbox == []  # nothing leaves before the commit
    assert len(callbacks) == 1
    assert {row.channel for row in rows} == {"in_app", "email"}
    in_app = Message.objects.get(channel="in_app")
    email = Message.objects.get(channel="email")
    assert in_app.status == Status.SENT and in_app.read_at is None
    assert in_app.body == "A test notification from Masar: notifications reach you."
    assert email.status == Status.SENT and email.attempts == 1 and email.address == user.email
    assert email.subject == "Masar: test message"
    assert len(mail.outbox) == 1


def test_notify_is_rolled_back_with_the_callers_transaction(django_capture_on_commit_callbacks):
    user = UserFactory()
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        services.notify(recipient=user, template=TEMPLATE, context={})
        raise RuntimeError("the event failed")
    assert callbacks == []
    assert not Message.objects.exists()
    assert mail.outbox == []


def test_a_channel_without_an_address_is_skipped(django_capture_on_commit_callbacks):
    # Users hold no mobile number: SMS to a user is skipped, the rest goes out.
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        rows = services.notify(
            recipient=user, template=TEMPLATE, context={}, channels=("in_app", "sms")
        )
    assert [row.channel for row in rows] == ["in_app"]
    assert Message.objects.count() == 1


def test_an_inactive_user_gets_nothing():
    user = UserFactory(is_active=False)
    assert services.notify(recipient=user, template=TEMPLATE, context={}) == []
    assert not Message.objects.exists()


def test_a_missing_template_fails_in_the_caller_not_in_a_worker():
    with pytest.raises(TemplateDoesNotExist):
        services.notify(recipient=UserFactory(), template="nothing.here", context={})
    assert not Message.objects.exists()


def test_notify_address_writes_email_and_sms_for_someone_without_an_account(
    django_capture_on_commit_callbacks, sms_outbox
):
    with django_capture_on_commit_callbacks(execute=True):
        rows = services.notify_address(
            language="en", template=TEMPLATE, context={}, email="a@example.jo", phone="0791234567"
        )
    assert {(row.channel, row.address) for row in rows} == {
        ("email", "a@example.jo"),
        ("sms", PHONE),
    }
    assert all(row.recipient_id is None for row in rows)
    assert [m["to"] for m in sms_outbox] == [PHONE]
    sent = Message.objects.get(channel="sms")
    assert sms_outbox[0]["key"] == str(sent.idempotency_key)
    assert sent.status == Status.SENT and sent.body == "Masar: a test message. Nothing to do."


@pytest.mark.parametrize(
    ("fields", "error"),
    [({"email": "not an address"}, "email"), ({"phone": "12345"}, "mobile")],
)
def test_notify_address_refuses_a_malformed_address(fields, error):
    with pytest.raises(ValueError, match=error):
        services.notify_address(language="ar", template=TEMPLATE, context={}, **fields)
    assert not Message.objects.exists()


def test_notify_address_with_no_address_writes_nothing():
    assert services.notify_address(language="ar", template=TEMPLATE, context={}) == []


@pytest.mark.parametrize(
    ("language", "subject", "sms_text", "in_app", "direction"),
    [
        (
            "ar",
            "مسار: رسالة تجريبية",
            "مسار: رسالة تجريبية، لا يلزمك أي إجراء.",
            "إشعار تجريبي من مسار: الإشعارات تصلك.",
            'dir="rtl"',
        ),
        (
            "en",
            "Masar: test message",
            "Masar: a test message. Nothing to do.",
            "A test notification from Masar: notifications reach you.",
            'dir="ltr"',
        ),
    ],
)
def test_messages_are_rendered_in_the_recipients_language(
    django_capture_on_commit_callbacks, sms_outbox, language, subject, sms_text, in_app, direction
):
    user = UserFactory(language=language)
    # The sender works in the other language: what counts is the recipient's.
    other = "en" if language == "ar" else "ar"
    with django_capture_on_commit_callbacks(execute=True), translation.override(other):
        services.notify(recipient=user, template=TEMPLATE, context={})
        services.notify_address(language=language, template=TEMPLATE, context={}, phone=PHONE)
    assert Message.objects.get(channel="in_app").body == in_app
    email = mail.outbox[0]
    assert email.subject == subject
    html, mimetype = email.alternatives[0]
    assert mimetype == "text/html" and direction in html and f'lang="{language}"' in html
    assert sms_outbox[0]["body"] == sms_text
    assert Message.objects.get(channel="sms").language == language


def test_email_carries_the_idempotency_key_as_its_message_id(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        [row] = services.notify(
            recipient=UserFactory(), template=TEMPLATE, context={}, channels=("email",)
        )
    assert mail.outbox[0].extra_headers["Message-ID"] == f"<{row.idempotency_key}@masar.jo>"
    assert mail.outbox[0].from_email == "Masar <no-reply@masar.jo>"


def test_a_delivery_task_that_runs_twice_sends_once(django_capture_on_commit_callbacks, sms_outbox):
    with django_capture_on_commit_callbacks(execute=True):
        [row] = services.notify_address(language="en", template=TEMPLATE, context={}, phone=PHONE)
    assert deliver.delay(row.pk).get() is False  # the second run finds it sent
    assert deliver(row.pk) is False
    row.refresh_from_db()
    assert (row.status, row.attempts, len(sms_outbox)) == (Status.SENT, 1, 1)


def test_of_two_claims_on_the_same_row_only_one_sends(sms_outbox):
    row = sms()
    first, second = Message.objects.get(pk=row.pk), Message.objects.get(pk=row.pk)
    assert services.message_deliver(message=first) is True
    assert services.message_deliver(message=second) is False
    assert len(sms_outbox) == 1


def test_a_row_not_yet_due_is_not_claimed(sms_outbox):
    row = sms(next_attempt_at=timezone.now() + timedelta(minutes=3))
    assert services.message_deliver(message=row) is False
    row.refresh_from_db()
    assert (row.status, row.attempts, sms_outbox) == (Status.PENDING, 0, [])


def test_failures_back_off_exponentially_then_fail_for_good(settings, sms_outbox):
    settings.SMS_BACKEND = FAILING
    row = sms()
    waits = []
    for attempt in range(1, settings.NOTIFICATIONS_MAX_ATTEMPTS + 1):
        before = timezone.now()
        assert services.message_deliver(message=row) is False
        row.refresh_from_db()
        assert row.attempts == attempt
        # The error's kind only: the gateway's text repeated the number.
        assert row.last_error == "ConnectionError" and PHONE not in row.last_error
        if row.status == Status.PENDING:
            waits.append(round((row.next_attempt_at - before).total_seconds() / 60))
            # Time passes: the row is due again.
            Message.objects.filter(pk=row.pk).update(next_attempt_at=timezone.now())
            row.refresh_from_db()
    assert waits == [1, 2, 4, 8, 16]
    assert row.status == Status.FAILED and row.next_attempt_at is None
    assert sms_outbox == []


def test_a_missing_template_at_delivery_fails_at_once(sms_outbox):
    row = sms(template="gone.away")
    assert services.message_deliver(message=row) is False
    row.refresh_from_db()
    assert row.status == Status.FAILED and row.attempts == 1
    assert row.last_error.startswith("TemplateDoesNotExist: notifications/gone.away/sms.txt")


def test_the_sweep_releases_a_row_whose_worker_died_and_sends_it_once(
    django_capture_on_commit_callbacks, sms_outbox
):
    past = timezone.now() - timedelta(seconds=1)
    row = sms(status=Status.SENDING, attempts=1, sending_until=past)
    with django_capture_on_commit_callbacks(execute=True):
        assert resend_pending() == 1
    row.refresh_from_db()
    assert (row.status, row.attempts, len(sms_outbox)) == (Status.SENT, 2, 1)
    assert row.last_error == services.INTERRUPTED


def test_the_sweep_leaves_a_row_that_is_still_within_its_lease(
    django_capture_on_commit_callbacks, sms_outbox
):
    row = sms(
        status=Status.SENDING, attempts=1, sending_until=timezone.now() + timedelta(minutes=4)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert resend_pending() == 0
    row.refresh_from_db()
    assert row.status == Status.SENDING and sms_outbox == []


def test_a_row_whose_worker_died_on_its_last_attempt_fails(settings):
    past = timezone.now() - timedelta(seconds=1)
    row = sms(
        status=Status.SENDING, attempts=settings.NOTIFICATIONS_MAX_ATTEMPTS, sending_until=past
    )
    assert resend_pending() == 0
    row.refresh_from_db()
    assert row.status == Status.FAILED and row.last_error == services.INTERRUPTED


def test_the_sweep_queues_rows_with_no_task_and_leaves_recently_queued_ones(
    django_capture_on_commit_callbacks, sms_outbox
):
    now = timezone.now()
    lost = sms(queued_at=None)  # the broker was down when it was written
    stale = sms(queued_at=now - services.REQUEUE_AFTER - timedelta(seconds=1))
    sms(queued_at=now)  # its task is on the queue
    sms(next_attempt_at=now + timedelta(minutes=2), queued_at=None)  # backing off
    with django_capture_on_commit_callbacks(execute=True):
        assert resend_pending() == 2
    assert sorted(m["key"] for m in sms_outbox) == sorted(
        str(m.idempotency_key) for m in (lost, stale)
    )


def test_the_sweep_works_in_batches(django_capture_on_commit_callbacks, sms_outbox):
    for _ in range(5):
        sms(queued_at=None)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert services.messages_resend_pending(batch=2) == 5
    assert len(callbacks) == 3 and len(sms_outbox) == 5


def test_an_admin_retry_gives_a_failed_message_new_attempts(
    django_capture_on_commit_callbacks, sms_outbox, settings
):
    admin = UserFactory(is_staff=True, is_superuser=True)
    row = sms(status=Status.FAILED, attempts=settings.NOTIFICATIONS_MAX_ATTEMPTS, queued_at=None)
    with django_capture_on_commit_callbacks(execute=True):
        services.message_retry(message=row, actor=admin)
    row.refresh_from_db()
    assert (row.status, row.attempts, len(sms_outbox)) == (Status.SENT, 1, 1)
    event = AuditEvent.objects.get(object_type="notifications.message")
    assert (event.actor, event.detail, event.object_id) == (admin, "retry", str(row.pk))
    with pytest.raises(TransitionNotAllowed):
        services.message_retry(message=row, actor=admin)


def test_delivery_updates_use_the_primary_key_even_when_statistics_missed_a_backlog(sms_outbox):
    """With statistics of an empty table and a backlog of pending rows, each guarded update of
    a delivery must still find its row by primary key, not scan a partial index of the backlog."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE notifications_message")
    now = timezone.now()
    rows = Message.objects.bulk_create(
        Message(
            address=PHONE,
            language="ar",
            channel=Message.Channel.SMS,
            template=TEMPLATE,
            status=Status.PENDING,
            next_attempt_at=now,
            queued_at=now,
        )
        for _ in range(2000)
    )
    with CaptureQueriesContext(connection) as queries:
        assert services.message_deliver(message=rows[-1]) is True
    updates = [q["sql"] for q in queries if q["sql"].startswith("UPDATE")]
    assert len(updates) == 2  # the claim and "sent"
    for sql in updates:
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN " + sql)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        assert "notifications_message_pkey" in plan, plan
