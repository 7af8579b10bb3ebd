"""The SMS backends; the HTTP one against a small gateway on 127.0.0.1 started by the test."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from apps.notifications.sms import (
    ConsoleSmsBackend,
    FileSmsBackend,
    HttpSmsBackend,
    LocmemSmsBackend,
    SmsGatewayError,
    sms_backend,
)

TO = "+962791234567"


class Gateway(ThreadingHTTPServer):
    """Records what it is sent; answers with `status` after `delay` seconds."""

    def __init__(self):
        super().__init__(("127.0.0.1", 0), Handler)
        self.received: list[dict] = []
        self.status = 202
        self.delay = 0.0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_port}/messages"


class Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        length = int(self.headers["Content-Length"])
        self.server.received.append(
            {
                "path": self.path,
                "headers": dict(self.headers),
                "json": json.loads(self.rfile.read(length)),
            }
        )
        time.sleep(self.server.delay)
        body = b'{"error": "number +962791234567 rejected"}'
        try:
            self.send_response(self.server.status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up waiting (the timeout test)

    def log_message(self, format, *args):
        pass


@pytest.fixture
def gateway(settings):
    server = Gateway()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.SMS_BACKEND = "apps.notifications.sms.HttpSmsBackend"
    settings.SMS_GATEWAY_URL = server.url
    settings.SMS_GATEWAY_TOKEN = "gateway-token"
    settings.SMS_SENDER_ID = "MASAR"
    settings.SMS_GATEWAY_TIMEOUT = 0.5
    yield server
    server.shutdown()
    server.server_close()
    thread.join(5)


def test_http_backend_posts_json_with_the_idempotency_key(gateway):
    sms_backend().send(to=TO, body="مرحباً", key="4b1d-key")
    [request] = gateway.received
    assert request["path"] == "/messages"
    assert request["json"] == {
        "to": TO,
        "text": "مرحباً",
        "sender": "MASAR",
        "idempotency_key": "4b1d-key",
    }
    assert request["headers"]["Authorization"] == "Bearer gateway-token"
    assert request["headers"]["Idempotency-Key"] == "4b1d-key"
    assert request["headers"]["Content-Type"].startswith("application/json")


@pytest.mark.parametrize("status", [400, 401, 500, 503])
def test_http_backend_raises_on_an_answer_that_is_not_2xx(gateway, status):
    gateway.status = status
    with pytest.raises(SmsGatewayError) as error:
        HttpSmsBackend().send(to=TO, body="x", key="k")
    # The status only: the gateway's answer repeated the number.
    assert str(error.value) == f"gateway answered HTTP {status}"


def test_http_backend_gives_up_after_its_timeout(gateway):
    gateway.delay = 2
    with pytest.raises(TimeoutError):
        HttpSmsBackend().send(to=TO, body="x", key="k")


def test_http_backend_raises_when_nothing_listens(gateway):
    gateway.shutdown()
    gateway.server_close()
    with pytest.raises(OSError):
        HttpSmsBackend().send(to=TO, body="x", key="k")


def test_http_backend_refuses_a_url_that_is_not_http(settings):
    settings.SMS_GATEWAY_URL = "file:///etc/passwd"
    with pytest.raises(SmsGatewayError):
        HttpSmsBackend().send(to=TO, body="x", key="k")


def test_file_backend_appends_one_json_line_per_message(settings, tmp_path):
    settings.SMS_FILE_PATH = tmp_path / "sms.jsonl"
    backend = FileSmsBackend()
    backend.send(to=TO, body="أهلاً\nسطر ثانٍ", key="a")
    backend.send(to=TO, body="two", key="b")
    lines = (tmp_path / "sms.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines] == [
        {"to": TO, "body": "أهلاً\nسطر ثانٍ", "key": "a"},
        {"to": TO, "body": "two", "key": "b"},
    ]


def test_console_backend_prints_the_message(capsys):
    ConsoleSmsBackend().send(to=TO, body="hello", key="k1")
    assert f"SMS to {TO} [k1]\nhello" in capsys.readouterr().out


def test_locmem_backend_is_the_test_default(sms_outbox):
    sms_backend().send(to=TO, body="hi", key="k")
    assert LocmemSmsBackend.outbox == [{"to": TO, "body": "hi", "key": "k"}]
