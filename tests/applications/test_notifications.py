"""Every application notice renders on every channel, in both languages."""

import pytest

from apps.applications import services
from apps.applications.events import NOTICES
from apps.notifications.rendering import render_message

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["ar", "en"])
@pytest.mark.parametrize("template", [services.CITIZEN_TEMPLATE, services.STAFF_TEMPLATE])
@pytest.mark.parametrize("channel", ["in_app", "email", "sms"])
@pytest.mark.parametrize("event", sorted(NOTICES))
def test_each_notice_renders(event, channel, template, language):
    context = {
        "event": event,
        "reference": "A-7K3M-9QX2-F",
        "service_ar": "المعونة النقدية",
        "service_en": "Cash aid",
        "rejection_reason": "duplicate" if event == "rejected" else "",
        "question": "Which school?" if event == "info_requested" else "",
    }
    rendered = render_message(
        template=template, channel=channel, language=language, context=context, link=""
    )
    text = rendered.subject + rendered.body
    assert "A-7K3M-9QX2-F" in text
    assert ("المعونة النقدية" if language == "ar" else "Cash aid") in text
    if event == "rejected" and channel != "email":
        assert ("Already receiving the service" in text) == (language == "en")
