"""The request id: taken from a sane X-Request-ID or made, echoed, kept in a context variable for
services that are not given the request, and stamped on log lines; the client's address."""

import logging
import re

import pytest
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import path

from apps.audit import context
from apps.audit.middleware import RequestIdMiddleware
from apps.audit.models import AuditEvent
from apps.audit.services import audit_denied, audit_record

seen = {}


def a_service(*, actor):
    """Stands for any service: it is given no request."""
    return audit_record(actor=actor, action=AuditEvent.Action.UPDATE, object_type="test.thing")


def a_view(request):
    seen["context"] = context.current()
    seen["request_id"] = request.request_id
    logging.getLogger("masar.test").warning("inside the view")
    a_service(actor=request.user)
    return HttpResponse("ok")


urlpatterns = [path("probe/", a_view)]
pytestmark = pytest.mark.urls(__name__)


@pytest.fixture(autouse=True)
def _forget():
    seen.clear()


def test_a_request_gets_an_id_that_reaches_the_response_the_context_and_the_audit_event(
    social_worker, client_for
):
    response = client_for(social_worker).get("/probe/")

    request_id = response["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", request_id)
    assert seen["request_id"] == seen["context"].request_id == request_id
    recorded = AuditEvent.objects.get(object_type="test.thing")
    assert (recorded.request_id, recorded.ip_address) == (request_id, "127.0.0.1")
    assert recorded.actor == social_worker


def test_every_request_gets_its_own_id(client, db):
    assert client.get("/probe/")["X-Request-ID"] != client.get("/probe/")["X-Request-ID"]


@pytest.mark.parametrize(
    "header",
    ["2f1c6a1e-8a0b-4c4e-9d55-0f9d3c0e7a11", "lb.trace_0001-abc", "A" * 64],
)
def test_a_sane_request_id_from_the_proxy_is_kept(header, client, db):
    response = client.get("/probe/", headers={"X-Request-ID": header})

    assert response["X-Request-ID"] == header
    assert AuditEvent.objects.get().request_id == header


@pytest.mark.parametrize(
    "header",
    [
        "short",
        "A" * 65,
        "id with spaces",
        "x\r\nSet-Cookie: a=b",
        "<script>1234567</script>",
        "-abcdefgh",
    ],
)
def test_an_insane_request_id_is_replaced(header, client, db):
    response = client.get("/probe/", headers={"X-Request-ID": header})

    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])
    assert AuditEvent.objects.get().request_id == response["X-Request-ID"]


def test_the_context_is_cleared_after_the_request(client, db):
    client.get("/probe/")

    assert seen["context"] is not None
    assert context.current() is None
    assert audit_record(actor=None, action="view", object_type="test.thing").request_id == ""


def test_log_lines_carry_the_request_id(client, db, caplog):
    handler_filter = context.RequestIdFilter()
    caplog.handler.addFilter(handler_filter)
    try:
        response = client.get("/probe/")
    finally:
        caplog.handler.removeFilter(handler_filter)

    [line] = [r for r in caplog.records if r.name == "masar.test"]
    assert line.request_id == response["X-Request-ID"]


def test_log_lines_outside_a_request_say_so():
    record = logging.LogRecord("masar.test", logging.INFO, __file__, 1, "outside", None, None)
    assert context.RequestIdFilter().filter(record) is True
    assert record.request_id == "-"


def test_the_logging_configuration_uses_the_filter(settings):
    console = settings.LOGGING["handlers"]["console"]
    assert "request_id" in console["filters"]
    assert "%(request_id)s" in settings.LOGGING["formatters"][console["formatter"]]["format"]


# The client's address --------------------------------------------------------------------------

META = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "10.9.9.9, 203.0.113.7, 198.51.100.2"}


@pytest.mark.parametrize(
    ("proxies", "meta", "expected"),
    [
        # Not behind our proxies: whatever a client writes in X-Forwarded-For is ignored.
        (0, META, "127.0.0.1"),
        # nginx appended the address it was reached from: the last entry.
        (1, META, "198.51.100.2"),
        # A load balancer in front of nginx: the second from the end.
        (2, META, "203.0.113.7"),
        # Fewer entries than proxies: the request did not come through them.
        (4, META, "127.0.0.1"),
        (1, {"REMOTE_ADDR": "127.0.0.1"}, "127.0.0.1"),
        (1, {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "not-an-address"}, "127.0.0.1"),
        (1, {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": " 2001:db8::1 "}, "2001:db8::1"),
        (0, {"REMOTE_ADDR": ""}, None),
    ],
)
def test_the_client_address(proxies, meta, expected, settings):
    settings.AUDIT_TRUSTED_PROXY_COUNT = proxies
    assert context.client_ip(meta) == expected


def test_behind_a_proxy_the_event_records_the_client(settings, client, db):
    settings.AUDIT_TRUSTED_PROXY_COUNT = 1

    client.get("/probe/", headers={"X-Forwarded-For": "192.0.2.1, 198.51.100.2"})

    assert AuditEvent.objects.get().ip_address == "198.51.100.2"


def test_a_refusal_the_view_recorded_is_not_recorded_again(social_worker, rf: RequestFactory):
    request = rf.get("/probe/")
    request.user = social_worker
    middleware = RequestIdMiddleware(lambda r: HttpResponse())

    audit_denied(request=request, status=403, object_type="test.thing", object_id="1")
    middleware.process_exception(request, PermissionDenied())

    assert AuditEvent.objects.filter(action=AuditEvent.Action.PERMISSION_DENIED).count() == 1
