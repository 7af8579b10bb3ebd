"""Admins see failed messages with their last error, read-only, and can retry them."""

import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from apps.notifications.models import Message
from tests.notifications.conftest import TEMPLATE
from tests.organisations.factories import UserFactory, enrol_totp

pytestmark = pytest.mark.django_db

Status = Message.Status
CHANGELIST = "/en/admin/notifications/message/"


@pytest.fixture
def superuser():
    return enrol_totp(UserFactory(email="root@example.jo", is_staff=True, is_superuser=True))


def failed_sms(**fields) -> Message:
    values = {
        "address": "+962791234567",
        "language": "ar",
        "channel": Message.Channel.SMS,
        "template": TEMPLATE,
        "status": Status.FAILED,
        "attempts": 6,
        "last_error": "SmsGatewayError: gateway answered HTTP 503",
        **fields,
    }
    return Message.objects.create(**values)


def test_the_changelist_shows_failed_messages_and_their_last_error(client_for, superuser):
    failed = failed_sms()
    Message.objects.create(
        address="+962791234568",
        language="en",
        channel=Message.Channel.SMS,
        template=TEMPLATE,
        status=Status.SENT,
        sent_at=timezone.now(),
    )
    response = client_for(superuser).get(CHANGELIST + "?status__exact=failed")
    assert response.status_code == 200
    assert [m.pk for m in response.context["cl"].result_list] == [failed.pk]
    assert "gateway answered HTTP 503" in response.content.decode()
    detail = client_for(superuser).get(f"{CHANGELIST}{failed.pk}/change/")
    assert detail.status_code == 200
    assert 'name="_save"' not in detail.content.decode()  # read-only
    assert client_for(superuser).get(CHANGELIST + "add/").status_code == 403


def test_the_retry_action_sends_failed_messages_again(
    client_for, superuser, django_capture_on_commit_callbacks, sms_outbox
):
    failed = failed_sms()
    sent = failed_sms(status=Status.SENT, last_error="")
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(superuser).post(
            CHANGELIST,
            {"action": "retry", "_selected_action": [failed.pk, sent.pk]},
            follow=True,
        )
    assert "1 message will be sent again." in response.content.decode()
    failed.refresh_from_db()
    assert failed.status == Status.SENT and failed.attempts == 1
    assert [m["to"] for m in sms_outbox] == ["+962791234567"]


def test_staff_without_the_change_permission_cannot_retry(client_for):
    viewer = enrol_totp(UserFactory(email="viewer@example.jo", is_staff=True))
    viewer.user_permissions.add(Permission.objects.get(codename="view_message"))
    failed = failed_sms()
    response = client_for(viewer).get(CHANGELIST)
    assert response.status_code == 200
    assert 'value="retry"' not in response.content.decode()
    client_for(viewer).post(CHANGELIST, {"action": "retry", "_selected_action": [failed.pk]})
    failed.refresh_from_db()
    assert failed.status == Status.FAILED


def test_sendtestnotification_queues_the_test_message(capsys, sms_outbox):
    user = UserFactory(email="staff@example.jo", language="en")
    call_command("sendtestnotification", "--user", "STAFF@example.jo", "--phone", "0791234567")
    rows = Message.objects.order_by("pk")
    assert [(m.channel, m.recipient_id) for m in rows] == [
        ("in_app", user.pk),
        ("email", user.pk),
        ("sms", None),
    ]
    assert "message" in capsys.readouterr().out
    with pytest.raises(CommandError):
        call_command("sendtestnotification")
    with pytest.raises(CommandError):
        call_command("sendtestnotification", "--phone", "123")
