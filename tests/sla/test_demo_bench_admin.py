"""The demo calendars, the benchmark at a small size, and the read-only admin."""

import io
from datetime import time

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.audit.models import AuditEvent
from apps.notifications.models import Message
from apps.organisations.models import Agency, User
from apps.sla import calendar, handlers, services
from apps.sla.bench import KIND as BENCH_KIND
from apps.sla.bench import SUPERVISOR, bench_sla
from apps.sla.demo import seed_sla_demo
from apps.sla.models import AgencyCalendar, Clock, Escalation, HolidayOverride
from tests.organisations.factories import enrol_totp
from tests.sla.factories import at, clock

pytestmark = pytest.mark.django_db
Kind = HolidayOverride.Kind


def test_the_demo_corrects_this_years_eid_for_mosd_once():
    assert seed_sla_demo() == 3
    mosd, naf = Agency.objects.get(code="MOSD"), Agency.objects.get(code="NAF")
    overrides = list(HolidayOverride.objects.filter(agency=mosd).order_by("date"))
    kinds = [o.kind for o in overrides]
    assert kinds.count(Kind.REMOVE) == 1 and kinds.count(Kind.ADD) == 2
    moved_from = next(o for o in overrides if o.kind == Kind.REMOVE)
    assert moved_from.name_en.startswith("Eid al-Fitr")
    assert moved_from.date.year == timezone.localdate().year
    assert not calendar.is_working_day(moved_from.date)  # still a public holiday for others
    assert calendar.is_working_day(moved_from.date, agency=mosd)
    assert calendar.working_hours(naf) == calendar.WorkingHours(time(8, 30), time(15, 30))
    assert AuditEvent.objects.filter(object_type="sla.agencycalendar").count() == 3
    # A second run changes nothing.
    assert seed_sla_demo() == 0
    assert HolidayOverride.objects.count() == 3
    assert AgencyCalendar.objects.count() == 2


def test_the_benchmark_measures_the_sweep_and_cleans_up(monkeypatch, fresh_broker_pools):
    monkeypatch.delitem(handlers._registry, BENCH_KIND, raising=False)
    output = io.StringIO()
    rows = bench_sla(output, clocks=60, due=12)
    assert [row["name"] for row in rows] == ["sla_sweep_due", "sla_sweep_nothing_due"]
    fields = {
        "name",
        "scale",
        "rows",
        "p50_ms",
        "p95_ms",
        "queries",
        "rps",
        "target_p95_ms",
        "note",
    }
    assert all(set(row) == fields for row in rows)
    assert rows[0]["rows"] == 12 and rows[0]["scale"] == "60-clocks"
    assert rows[0]["target_p95_ms"] == 60_000 and rows[1]["target_p95_ms"] == 50
    assert rows[1]["rows"] == 0 and rows[1]["queries"] <= 3
    assert "12 due clocks escalated" in output.getvalue()
    assert "24 outbox messages" in rows[0]["note"]
    assert not Clock.objects.exists() and not Escalation.objects.exists()
    assert not Message.objects.exists()
    assert not User.objects.filter(email=SUPERVISOR).exists()


def test_the_admin_lists_clocks_and_escalations_read_only(client, handler, supervisor):
    admin = User.objects.create_superuser(email="root@example.jo", password="Correct-horse-2026")
    client.force_login(enrol_totp(admin))
    c = clock("A-1", started_at=at(2026, 2, 1, 10), hours=2)
    services.sla_sweep(now=at(2026, 2, 1, 12))
    pages = [
        reverse("admin:sla_clock_changelist"),
        reverse("admin:sla_clock_changelist") + "?state=running&kind=tests.subject&level=1",
        reverse("admin:sla_escalation_changelist") + "?level=1",
        reverse("admin:sla_agencycalendar_changelist"),
        reverse("admin:sla_holidayoverride_changelist"),
    ]
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
    assert "A-1" in client.get(pages[1]).content.decode()
    assert client.get(reverse("admin:sla_clock_add")).status_code == 403
    assert client.post(reverse("admin:sla_clock_delete", args=[c.pk])).status_code == 403
