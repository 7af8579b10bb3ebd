"""The bell, the list of notifications and marking them read: each user sees only their own."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.notifications.models import Message
from apps.notifications.selectors import UNREAD_CAP
from apps.notifications.services import notify
from tests.notifications.conftest import TEMPLATE
from tests.organisations.factories import UserFactory

pytestmark = pytest.mark.django_db

LIST = "/{lang}/notifications/"


def in_app(user, count: int = 1, link: str = "") -> list[Message]:
    rows = []
    for _ in range(count):
        rows += notify(
            recipient=user, template=TEMPLATE, context={}, channels=("in_app",), link=link
        )
    return rows


def test_anonymous_visitors_are_sent_to_sign_in(anonymous_client):
    response = anonymous_client.get(LIST.format(lang="en"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    response = anonymous_client.post("/en/notifications/read-all/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_citizen_sees_their_own_notifications_newest_first(client_for, citizen):
    older, newer = in_app(citizen, 2)
    in_app(UserFactory(email="someone.else@example.jo"))
    response = client_for(citizen).get(LIST.format(lang="en"))
    assert response.status_code == 200
    assert [m.pk for m in response.context["page"]] == [newer.pk, older.pk]
    assert response.templates[0].name == "notifications/list.html"
    assert "base_public.html" in [t.name for t in response.templates]
    assert newer.body in response.content.decode()


def test_the_list_is_in_the_readers_language_and_staff_get_the_staff_layout(
    client_for, social_worker
):
    social_worker.language = "ar"
    social_worker.save()
    in_app(social_worker)
    response = client_for(social_worker).get(LIST.format(lang="ar"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "base_staff.html" in [t.name for t in response.templates]
    assert "إشعار تجريبي من مسار: الإشعارات تصلك." in page
    assert "تعليم الكل كمقروء" in page and "جديد" in page


def test_the_list_pages_by_keyset_with_the_same_queries_on_every_page(
    client_for, citizen, django_assert_num_queries
):
    rows = in_app(citizen, 45)
    client = client_for(citizen)
    first = client.get(LIST.format(lang="en"))
    assert len(first.context["page"]) == 20
    cursor = first.context["page"].next_cursor
    with CaptureQueriesContext(connection) as queries:
        second = client.get(LIST.format(lang="en") + f"?cursor={cursor}")
    count = len(queries)  # before the next request clears the connection's log
    assert [m.pk for m in second.context["page"]] == [m.pk for m in reversed(rows)][20:40]
    third = client.get(LIST.format(lang="en") + f"?cursor={second.context['page'].next_cursor}")
    assert len(third.context["page"]) == 5 and third.context["page"].next_cursor is None
    with django_assert_num_queries(count):
        client.get(LIST.format(lang="en") + f"?cursor={cursor}")
    # A cursor that is not one gives the first page, not an error.
    assert client.get(LIST.format(lang="en") + "?cursor=%%%").status_code == 200


def test_opening_a_notification_marks_it_read_and_follows_its_link_in_the_readers_language(
    client_for, citizen
):
    [message] = in_app(citizen, link="/ar/services/")
    response = client_for(citizen).post(f"/en/notifications/{message.pk}/open/")
    assert response.status_code == 302 and response["Location"] == "/en/services/"
    message.refresh_from_db()
    assert message.read_at is not None


def test_opening_one_without_a_link_or_with_a_foreign_one_comes_back_to_the_list(
    client_for, citizen
):
    plain, foreign = in_app(citizen) + in_app(citizen, link="https://evil.example/")
    client = client_for(citizen)
    for message in (plain, foreign):
        response = client.post(f"/en/notifications/{message.pk}/open/")
        assert response["Location"] == "/en/notifications/"


def test_another_users_notification_answers_404_and_stays_unread(client_for, citizen):
    [theirs] = in_app(UserFactory(email="other@example.jo"), link="/en/")
    response = client_for(citizen).post(f"/en/notifications/{theirs.pk}/open/")
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_opening_asks_for_a_post(client_for, citizen):
    [message] = in_app(citizen)
    assert client_for(citizen).get(f"/en/notifications/{message.pk}/open/").status_code == 405


def test_mark_all_as_read_touches_only_the_users_own(client_for, citizen):
    in_app(citizen, 3)
    [theirs] = in_app(UserFactory(email="other@example.jo"))
    response = client_for(citizen).post("/en/notifications/read-all/", follow=True)
    assert "All notifications are marked as read." in response.content.decode()
    assert not Message.objects.filter(recipient=citizen, read_at__isnull=True).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None


def bell(response) -> str:
    page = response.content.decode()
    start = page.index('href="/en/notifications/"')
    return page[start : page.index("</a>", start)]


@pytest.mark.parametrize(
    ("page", "persona"), [("/en/staff/", "social_worker"), ("/en/", "citizen")]
)
def test_the_bell_shows_the_unread_count_with_one_query_whatever_their_number(
    request, client_for, django_assert_num_queries, page, persona
):
    user = request.getfixturevalue(persona)
    client = client_for(user)
    client.get(page)  # the session's first request writes it; measure the ones after
    with CaptureQueriesContext(connection) as queries:
        response = client.get(page)
    count = len(queries)  # before the next request clears the connection's log
    assert "Notifications: none unread" in bell(response)
    # The bell adds one query to the page: a count capped by a LIMIT.
    [bell_query] = [q["sql"] for q in queries if "notifications_message" in q["sql"]]
    assert "COUNT(*)" in bell_query and "LIMIT 100" in bell_query

    in_app(user, 3)
    with django_assert_num_queries(count):
        response = client.get(page)
    assert "Notifications: 3 unread" in bell(response) and ">3</span>" in bell(response)

    in_app(user, UNREAD_CAP)
    with django_assert_num_queries(count):
        response = client.get(page)
    assert "Notifications: more than 99 unread" in bell(response)
    assert ">99+</span>" in bell(response)


def test_the_bell_is_absent_for_anonymous_visitors(anonymous_client):
    response = anonymous_client.get("/en/")
    assert "/en/notifications/" not in response.content.decode()
