"""The escalation sweep, run eagerly: who is told at each level, when, and only once."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.db import IntegrityError
from django.utils import timezone, translation

from apps.notifications.models import Message
from apps.notifications.rendering import render_message
from apps.organisations.models import Membership
from apps.sla import services, tasks
from apps.sla.models import Clock, Escalation
from apps.sla.templatetags.sla import when
from tests.organisations.factories import staff
from tests.sla.factories import at, clock

pytestmark = pytest.mark.django_db
Role = Membership.Role

# A clock started Sunday 1 February 2026 at 10:00 with 2 business hours is due at 12:00; level 2
# comes 7 business hours later (Monday 12:00), level 3 7 more (Tuesday 12:00).
STARTED = at(2026, 2, 1, 10)
DUE = at(2026, 2, 1, 12)
LEVEL_2 = at(2026, 2, 2, 12)
LEVEL_3 = at(2026, 2, 3, 12)


def fresh(c: Clock) -> Clock:
    return Clock.objects.get(pk=c.pk)


def messages_to(user) -> list[Message]:
    return list(Message.objects.filter(recipient=user).order_by("pk"))


@pytest.fixture
def people(supervisor, agency_admin):
    return {"supervisor": supervisor, "admin": agency_admin}


def test_nothing_due_nothing_done(handler, people):
    clock("A-1", started_at=STARTED, hours=2)
    counts = services.sla_sweep(now=DUE - timedelta(minutes=1))
    assert counts["clocks"] == counts["escalations"] == 0
    assert not Escalation.objects.exists()
    assert handler.calls == []


def test_level_1_tells_the_office_supervisors_once(handler, people, social_worker):
    c = clock("A-1", started_at=STARTED, hours=2)
    counts = services.sla_sweep(now=DUE)
    assert counts == {
        "clocks": 1,
        "escalations": 1,
        "notifications": 1,
        "failed": 0,
        "batches": 1,
    }
    stored = fresh(c)
    assert stored.escalation_level == 1
    assert stored.next_escalation_at == LEVEL_2
    escalation = Escalation.objects.get(clock=c)
    assert (escalation.level, escalation.at, escalation.notified) == (1, DUE, 1)
    assert handler.calls == [("A-1", 1)]
    sent = messages_to(people["supervisor"])
    assert [m.channel for m in sent] == ["in_app", "email"]
    assert sent[0].template == "sla.escalated"
    assert sent[0].context["level"] == 1 and sent[0].link == "/ar/staff/things/A-1/"
    assert not messages_to(people["admin"]) and not messages_to(social_worker)
    # The same sweep again, or a retry of it: nothing more.
    assert services.sla_sweep(now=DUE + timedelta(minutes=30))["escalations"] == 0
    assert Escalation.objects.count() == 1 and len(messages_to(people["supervisor"])) == 2
    assert handler.calls == [("A-1", 1)]


def test_level_2_tells_the_agency_admins_and_level_3_everyone(handler, people):
    c = clock("A-1", started_at=STARTED, hours=2)
    services.sla_sweep(now=DUE)
    services.sla_sweep(now=LEVEL_2 - timedelta(minutes=1))
    assert fresh(c).escalation_level == 1
    services.sla_sweep(now=LEVEL_2)
    assert fresh(c).escalation_level == 2 and fresh(c).next_escalation_at == LEVEL_3
    assert len(messages_to(people["admin"])) == 2
    assert len(messages_to(people["supervisor"])) == 2
    services.sla_sweep(now=LEVEL_3)
    stored = fresh(c)
    assert stored.escalation_level == 3 and stored.next_escalation_at is None
    assert len(messages_to(people["admin"])) == 4
    assert len(messages_to(people["supervisor"])) == 4
    assert handler.calls == [("A-1", 1), ("A-1", 2), ("A-1", 3)]
    assert list(
        Escalation.objects.filter(clock=c).order_by("level").values_list("level", "at")
    ) == [
        (1, DUE),
        (2, LEVEL_2),
        (3, LEVEL_3),
    ]
    # Nothing after level 3.
    assert services.sla_sweep(now=LEVEL_3 + timedelta(days=30))["clocks"] == 0


def test_a_clock_missed_for_days_reaches_its_level_at_once_each_level_recorded_once(
    handler, people
):
    c = clock("A-1", started_at=STARTED, hours=2)
    counts = services.sla_sweep(now=at(2026, 2, 20, 9))
    assert counts["clocks"] == 1 and counts["escalations"] == 3
    assert fresh(c).escalation_level == 3
    assert list(
        Escalation.objects.filter(clock=c).values_list("level", flat=True).order_by("level")
    ) == [
        1,
        2,
        3,
    ]
    assert handler.calls == [("A-1", 1), ("A-1", 2), ("A-1", 3)]
    levels = [
        m.context["level"] for m in messages_to(people["supervisor"]) if m.channel == "in_app"
    ]
    assert levels == [1, 3]
    levels = [m.context["level"] for m in messages_to(people["admin"]) if m.channel == "in_app"]
    assert levels == [2, 3]


def test_catching_up_stops_at_the_level_the_time_calls_for(handler, people):
    c = clock("A-1", started_at=STARTED, hours=2)
    services.sla_sweep(now=LEVEL_2 + timedelta(hours=1))
    assert fresh(c).escalation_level == 2
    assert fresh(c).next_escalation_at == LEVEL_3


def test_the_unique_record_refuses_a_second_escalation_of_a_level(handler):
    c = clock("A-1", started_at=STARTED, hours=2)
    services.sla_sweep(now=DUE)
    with pytest.raises(IntegrityError):
        Escalation.objects.create(clock=c, level=1, at=timezone.now())


def test_a_level_already_recorded_is_not_notified_again(handler, people):
    """Even if the clock's level were behind its records (a restore from backup, a hand edit),
    the (clock, level) record decides."""
    c = clock("A-1", started_at=STARTED, hours=2)
    services.sla_sweep(now=DUE)
    Clock.objects.filter(pk=c.pk).update(escalation_level=0, next_escalation_at=DUE)
    counts = services.sla_sweep(now=DUE + timedelta(minutes=5))
    assert counts["escalations"] == 0
    assert fresh(c).escalation_level == 1
    assert len(messages_to(people["supervisor"])) == 2
    assert handler.calls == [("A-1", 1)]


def test_paused_and_stopped_clocks_are_not_escalated(handler, people):
    paused = clock("A-1", started_at=STARTED, hours=2)
    stopped = clock("A-2", started_at=STARTED, hours=2)
    services.clock_pause(clock=paused, at=at(2026, 2, 1, 11))
    services.clock_stop(clock=stopped, at=at(2026, 2, 1, 11))
    assert services.sla_sweep(now=LEVEL_3)["clocks"] == 0
    assert not Escalation.objects.exists() and not Message.objects.exists()


def test_without_a_supervisor_level_1_goes_to_the_agency_admins(handler, agency_admin):
    clock("A-1", started_at=STARTED, hours=2, with_office=False)
    clock("A-2", started_at=STARTED, hours=2, governorate="IR")  # nobody supervises Irbid
    services.sla_sweep(now=DUE)
    assert Escalation.objects.filter(level=1, notified=1).count() == 2
    assert len(messages_to(agency_admin)) == 4


def test_the_people_a_handler_withholds_are_never_told(handler, people):
    """The employee a complaint is about supervises the office: the office's other supervisor
    and the admins hear of it, never them; with no other supervisor, level 1 goes to the
    admins."""
    other = staff("MOSD", "AM", Role.SUPERVISOR, email="second.supervisor@mosd.example.jo")
    subject = people["supervisor"]
    handler.keep_from = {"A-1": {subject.pk}, "A-2": {subject.pk, other.pk}}
    clock("A-1", started_at=STARTED, hours=2)
    clock("A-2", started_at=STARTED, hours=2)
    services.sla_sweep(now=LEVEL_3)
    assert not messages_to(subject)
    assert {m.context["subject_id"] for m in messages_to(other)} == {"A-1"}
    told_admin = sorted(
        (m.context["subject_id"], m.context["level"])
        for m in messages_to(people["admin"])
        if m.channel == "in_app"
    )
    assert told_admin == [("A-1", 2), ("A-1", 3), ("A-2", 1), ("A-2", 2), ("A-2", 3)]


def test_inactive_people_and_other_offices_are_not_told(handler, people):
    irbid = staff("MOSD", "IR", Role.SUPERVISOR, email="supervisor.irbid@mosd.example.jo")
    naf_admin = staff("NAF", None, Role.AGENCY_ADMIN, email="admin@naf.example.jo")
    gone = staff("MOSD", "AM", Role.SUPERVISOR, email="gone@mosd.example.jo")
    Membership.objects.filter(user=gone).update(is_active=False)
    clock("A-1", started_at=STARTED, hours=2)
    services.sla_sweep(now=LEVEL_3)
    assert not messages_to(irbid) and not messages_to(naf_admin) and not messages_to(gone)
    assert messages_to(people["supervisor"]) and messages_to(people["admin"])


def test_each_person_is_told_in_their_language(handler, people):
    people["admin"].language = "en"
    people["admin"].save()
    clock("A-1", started_at=STARTED, hours=2)
    services.sla_sweep(now=LEVEL_2)
    arabic = Message.objects.get(recipient=people["supervisor"], channel="in_app")
    english = Message.objects.get(recipient=people["admin"], channel="in_app")
    assert arabic.language == "ar" and "Thing A-1 (ar)" in arabic.body
    assert english.language == "en" and english.context["label"] == "Thing A-1 (en)"
    assert english.link == "/en/staff/things/A-1/"
    # What is late, since when, at what level.
    with translation.override("en"):
        since = when(DUE)  # "Sun 1 Feb 2026 12:00" (the year unless it is this year)
    assert since.startswith("Sun 1 Feb")
    assert english.body == f"Thing A-1 (en) is late: due since {since} (escalation level 2 of 3)."


def test_an_escalation_that_fails_is_rolled_back_alone_and_retried(handler, people):
    handler.fail_for.add("A-2")
    ok = clock("A-1", started_at=STARTED, hours=2)
    broken = clock("A-2", started_at=STARTED, hours=2)
    counts = services.sla_sweep(now=DUE)
    assert counts["clocks"] == 1 and counts["failed"] == 1
    assert fresh(ok).escalation_level == 1
    assert fresh(broken).escalation_level == 0 and fresh(broken).next_escalation_at == DUE
    assert not Escalation.objects.filter(clock=broken).exists()
    assert len(messages_to(people["supervisor"])) == 2  # the broken clock's were rolled back
    handler.fail_for.clear()
    counts = services.sla_sweep(now=DUE + timedelta(minutes=1))
    assert counts["clocks"] == 1 and counts["failed"] == 0
    assert Escalation.objects.filter(clock=broken, level=1).exists()


def test_a_handler_that_stops_the_clock_ends_its_escalation(handler, people, monkeypatch):
    def stop_on_level_1(clock, level):
        handler.calls.append((clock.subject_id, level))
        services.clock_stop(clock=clock, at=DUE)

    monkeypatch.setattr(handler, "escalate", stop_on_level_1)
    c = clock("A-1", started_at=STARTED, hours=2)
    services.sla_sweep(now=at(2026, 2, 20, 9))
    stored = fresh(c)
    assert stored.stopped_at == DUE and stored.next_escalation_at is None
    assert stored.escalation_level == 1
    assert handler.calls == [("A-1", 1)]
    # Levels 2 and 3 were due as well, but the clock stopped first: no record of them.
    assert list(Escalation.objects.filter(clock=c).values_list("level", flat=True)) == [1]


def test_a_handler_that_stops_another_instance_leaves_no_next_escalation(
    handler, people, monkeypatch
):
    def stop_a_copy(clock, level):
        services.clock_stop(clock=Clock.objects.get(pk=clock.pk), at=DUE)

    monkeypatch.setattr(handler, "escalate", stop_a_copy)
    c = clock("A-1", started_at=STARTED, hours=2)
    services.sla_sweep(now=DUE)
    assert fresh(c).stopped_at == DUE and fresh(c).next_escalation_at is None


def test_due_clocks_are_taken_in_batches_oldest_first(handler, people):
    for number in range(5):
        clock(f"A-{number}", started_at=STARTED + timedelta(minutes=number), hours=2)
    counts = services.sla_sweep(now=DUE + timedelta(minutes=10), batch_size=2)
    assert counts["batches"] == 3 and counts["clocks"] == 5
    assert [subject for subject, _level in handler.calls] == [f"A-{n}" for n in range(5)]


def test_a_sweep_out_of_time_leaves_the_rest_to_the_next(handler, people):
    for number in range(5):
        clock(f"A-{number}", started_at=STARTED, hours=2)
    counts = services.sla_sweep(now=DUE, batch_size=2, time_budget=timedelta(0))
    assert counts["clocks"] == 2
    assert services.sla_sweep(now=DUE)["clocks"] == 3


def test_the_task_runs_the_sweep_and_beat_runs_it_every_minute(handler, people):
    clock("A-1", started_at=timezone.now() - timedelta(days=30), hours=1)
    result = tasks.sweep.delay().get()
    assert result["clocks"] == 1 and result["escalations"] == 3
    entry = settings.CELERY_BEAT_SCHEDULE["sla-sweep"]
    assert entry["task"] == "apps.sla.tasks.sweep" == tasks.sweep.name
    assert entry["schedule"] == 60.0


def test_the_email_and_text_message_say_what_is_late_since_when_and_where(
    handler, people, mailoutbox, django_capture_on_commit_callbacks
):
    people["supervisor"].language = "en"
    people["supervisor"].save()
    clock("A-1", started_at=STARTED, hours=2)
    with django_capture_on_commit_callbacks(execute=True):
        services.sla_sweep(now=DUE)
    with translation.override("en"):
        since = when(DUE)
    link = f"{settings.SITE_URL}/en/staff/things/A-1/"
    [email] = mailoutbox
    assert email.to == [people["supervisor"].email]
    assert email.subject == "Late: Thing A-1 (en) (escalation level 1)"
    assert f"Thing A-1 (en) is late: it was due {since} and has not been done." in email.body
    assert "Escalation level 1 of 3. You are told as a supervisor" in email.body
    assert link in email.body
    html, kind = email.alternatives[0]
    assert kind == "text/html" and f'href="{link}"' in html and 'lang="en" dir="ltr"' in html
    message = Message.objects.get(recipient=people["supervisor"], channel="email")
    sms = render_message(
        template="sla.escalated",
        channel="sms",
        language="en",
        context=message.context,
        link=message.link,
    )
    assert sms.body == f"Masar: Thing A-1 (en) is late, due since {since} (level 1 of 3). {link}"
