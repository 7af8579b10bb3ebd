"""The audit log page: who sees which events, the filters, bad input, pages and query bounds."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.audit.models import AuditEvent
from apps.organisations.models import Membership
from tests.organisations.factories import staff

from .factories import event

Action = AuditEvent.Action
Role = Membership.Role
URL = "/{lang}/staff/audit/"
AMMAN = ZoneInfo("Asia/Amman")


@pytest.fixture
def trail(social_worker, other_agency_worker, citizen):
    """One event of each kind of actor, told apart by their object ids."""
    return {
        "mosd": event(actor=social_worker, object_type="cases.case", object_id="101"),
        "naf": event(actor=other_agency_worker, object_type="cases.case", object_id="202"),
        "citizen": event(actor=citizen, action=Action.DOWNLOAD, object_type="cases.casedocument"),
        # A failed sign-in to a MoSD account: no actor, accounted to the account's agency.
        "mosd_account": event(action=Action.SIGN_IN_FAILED, obj=social_worker, detail="password"),
    }


def shown(response) -> set[int]:
    """The events listed, but for the reader's own sign-in (client_for signs them in)."""
    return {e.pk for e, _ in response.context["rows"] if e.action != Action.SIGN_IN}


def get(client, lang="en", **params):
    return client.get(URL.format(lang=lang), params)


# Who sees what ---------------------------------------------------------------------------------


def test_oversight_sees_every_event(oversight, client_for, trail):
    response = get(client_for(oversight))

    assert response.status_code == 200
    assert shown(response) == {e.pk for e in trail.values()}


def test_an_agency_admin_sees_only_the_agencys_events(agency_admin, client_for, trail):
    response = get(client_for(agency_admin))

    assert response.status_code == 200
    assert shown(response) == {trail["mosd"].pk, trail["mosd_account"].pk}


def test_the_other_agencys_admin_sees_theirs(other_agency_admin, client_for, trail):
    assert shown(get(client_for(other_agency_admin))) == {trail["naf"].pk}


@pytest.mark.parametrize("persona", ["social_worker", "supervisor", "citizen"])
def test_others_are_refused_and_the_refusal_is_recorded(persona, request, client_for):
    user = request.getfixturevalue(persona)

    response = get(client_for(user))

    assert response.status_code == 403
    [refusal] = AuditEvent.objects.filter(action=Action.PERMISSION_DENIED)
    assert (refusal.actor, refusal.detail) == (user, "audit:log")


def test_anonymous_visitors_are_sent_to_sign_in(anonymous_client, db):
    response = get(anonymous_client)

    assert response.status_code == 302
    assert response.url.startswith("/en/accounts/login/")
    assert not AuditEvent.objects.filter(action=Action.PERMISSION_DENIED).exists()


def test_reading_the_log_is_not_itself_recorded(oversight, client_for, trail):
    before = AuditEvent.objects.count()
    get(client_for(oversight))
    # client_for signed in (one SIGN_IN event); the page itself wrote nothing.
    assert AuditEvent.objects.count() == before + 1
    assert AuditEvent.objects.latest("id").action == Action.SIGN_IN


@pytest.mark.parametrize(
    ("persona", "in_menu"), [("oversight", True), ("agency_admin", True), ("social_worker", False)]
)
def test_the_menu_links_to_the_log_for_oversight_and_agency_admins(
    persona, in_menu, request, client_for
):
    page = client_for(request.getfixturevalue(persona)).get("/en/staff/").content.decode()
    assert ('href="/en/staff/audit/"' in page) is in_menu


# What a row says -------------------------------------------------------------------------------


def test_times_are_shown_in_amman_and_actions_in_the_readers_language(
    oversight, client_for, social_worker
):
    # 22:30 in UTC on the 1st of March is 01:30 on the 2nd in Amman (UTC+3).
    event(
        actor=social_worker,
        object_type="registry.person",
        object_id="7",
        at=dt.datetime(2026, 3, 1, 22, 30, 5, tzinfo=dt.UTC),
    )
    client = client_for(oversight)

    english = get(client, object_type="registry.person").content.decode()
    arabic = get(client, lang="ar", object_type="registry.person").content.decode()

    assert "March 2, 2026" in english and "01:30:05" in english and "Viewed" in english
    assert "2 مارس، 2026" in arabic and "01:30:05" in arabic and "اطّلاع" in arabic
    assert "Viewed" not in arabic
    assert social_worker.email in english and "#7" in english


# Filters ---------------------------------------------------------------------------------------


def test_filtering_by_actor_email_in_any_case(oversight, client_for, trail, social_worker):
    response = get(client_for(oversight), actor=social_worker.email.upper())
    assert shown(response) == {trail["mosd"].pk}


def test_filtering_by_an_unknown_actor_shows_nothing(oversight, client_for, trail):
    response = get(client_for(oversight), actor="nobody@example.jo")
    assert response.status_code == 200 and shown(response) == set()


def test_filtering_by_action(oversight, client_for, trail):
    response = get(client_for(oversight), action=Action.SIGN_IN_FAILED)
    assert shown(response) == {trail["mosd_account"].pk}


def test_filtering_by_object_type_and_id(oversight, client_for, trail):
    client = client_for(oversight)
    assert shown(get(client, object_type="cases.case")) == {trail["mosd"].pk, trail["naf"].pk}
    assert shown(get(client, object_type="cases.case", object_id="202")) == {trail["naf"].pk}


def test_an_agency_admin_filters_within_their_agency_only(agency_admin, client_for, trail):
    response = get(client_for(agency_admin), object_type="cases.case", object_id="202")
    assert shown(response) == set()


def test_filtering_by_period_in_amman_days(oversight, client_for, social_worker):
    def at(*args):
        return dt.datetime(*args, tzinfo=AMMAN)

    before = event(
        actor=social_worker, object_id="1", object_type="cases.case", at=at(2026, 3, 1, 23, 59)
    )
    first = event(
        actor=social_worker, object_id="2", object_type="cases.case", at=at(2026, 3, 2, 0, 0)
    )
    last = event(
        actor=social_worker, object_id="3", object_type="cases.case", at=at(2026, 3, 3, 23, 59)
    )
    after = event(
        actor=social_worker, object_id="4", object_type="cases.case", at=at(2026, 3, 4, 0, 0)
    )
    client = client_for(oversight)

    assert shown(get(client, since="2026-03-02", until="2026-03-03")) == {first.pk, last.pk}
    assert shown(get(client, since="2026-03-04")) == {after.pk}
    assert before.pk not in shown(get(client, since="2026-03-02"))
    assert shown(get(client, until="2026-03-01")) == {before.pk}


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"since": "2026-02-30"}, "since", "Enter a valid date."),
        ({"until": "yesterday"}, "until", "Enter a valid date."),
        ({"since": "2026-03-05", "until": "2026-03-01"}, "until", "before its start"),
        ({"actor": "not an email"}, "actor", "Enter a valid email address."),
        ({"action": "erase"}, "action", "Select a valid choice."),
        ({"object_type": "auth.secret"}, "object_type", "Select a valid choice."),
        ({"object_id": "42"}, "object_type", "Choose the object type"),
        ({"object_type": "cases.case", "object_id": "x" * 41}, "object_id", "at most 40"),
    ],
)
def test_bad_filters_give_a_message_not_an_error(
    params, field, message, oversight, client_for, trail
):
    response = get(client_for(oversight), **params)

    assert response.status_code == 200
    assert message in " ".join(response.context["filter"].form.errors[field])
    content = response.content.decode()
    assert "Some filters are not valid; correct them and try again." in content
    assert response.context["page"] is None


# Pages and queries -----------------------------------------------------------------------------


def test_pages_go_newest_first_without_repeating_or_skipping(oversight, client_for, social_worker):
    start = dt.datetime(2026, 3, 1, 9, 0, tzinfo=AMMAN)
    created = [
        event(
            actor=social_worker,
            object_type="cases.case",
            object_id=str(i),
            at=start + dt.timedelta(minutes=i // 2),
        )
        for i in range(120)  # two events a minute: ties on the time are broken by id
    ]
    client = client_for(oversight)

    seen, params = [], {"object_type": "cases.case"}
    while True:
        response = get(client, **params)
        seen += [e.pk for e, _ in response.context["rows"]]
        cursor = response.context["page"].next_cursor
        if cursor is None:
            break
        assert "cursor=" in response.content.decode()
        params = {"object_type": "cases.case", "cursor": cursor}
        with CaptureQueriesContext(connection) as captured:
            get(client, **params)
        # The next page starts at the cursor in the index, without reading the rows above it.
        [query] = [q["sql"] for q in captured if 'FROM "audit_auditevent"' in q["sql"]]
        assert '"audit_auditevent"."at" <=' in query

    assert seen == [e.pk for e in sorted(created, key=lambda e: (e.at, e.pk), reverse=True)]
    assert len(response.context["rows"]) == 20  # 50 + 50 + 20


def test_a_malformed_cursor_gives_the_first_page(oversight, client_for, trail):
    response = get(client_for(oversight), cursor="not-a-cursor!")
    assert response.status_code == 200 and shown(response) == {e.pk for e in trail.values()}


def test_the_page_never_counts_the_table(
    oversight, client_for, trail, django_assert_max_num_queries
):
    client = client_for(oversight)
    with django_assert_max_num_queries(10) as captured:
        get(client)
    audit_queries = [q["sql"] for q in captured if "audit_auditevent" in q["sql"]]
    assert len(audit_queries) == 1
    assert not re.search(r"\bCOUNT\(", audit_queries[0])
    assert "LIMIT 51" in audit_queries[0]


@pytest.mark.parametrize("persona", ["oversight", "agency_admin"])
def test_the_page_takes_a_bounded_number_of_queries(
    persona, request, client_for, social_worker, django_assert_max_num_queries
):
    for i in range(60):
        other = staff("MOSD", "IR", Role.SOCIAL_WORKER) if i % 10 == 0 else social_worker
        event(actor=other, object_type="cases.case", object_id=str(i))
    client = client_for(request.getfixturevalue(persona))
    get(client)  # the session's first request writes its idle clock

    with django_assert_max_num_queries(8):
        response = get(client, action=Action.VIEW)

    assert len(response.context["rows"]) == 50
