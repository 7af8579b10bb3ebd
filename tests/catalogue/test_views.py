"""The catalogue's pages: public ones open to everyone, staff ones to agency administrators only,
and what each persona may do there."""

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from apps.audit.models import AuditEvent
from apps.catalogue import services
from apps.catalogue.models import Channel, Pillar, Service, ServiceChange
from tests.catalogue.factories import card, life_event

Status = Service.Status
pytestmark = pytest.mark.django_db


def url(name: str, *args, language: str = "en") -> str:
    with translation.override(language):
        return reverse(f"catalogue:{name}", args=args)


def login_url(language: str = "en") -> str:
    with translation.override(language):
        return reverse("account_login")


def text(response) -> str:
    return response.content.decode()


# Public pages -----------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["ar", "en"])
def test_the_public_pages_open_without_signing_in(language, anonymous_client, mosd_card, naf_card):
    life_event(
        "elderly_care", mosd_card, name_ar="رعاية كبار السن", name_en="Caring for an older person"
    )
    pages = {
        url("list", language=language): [mosd_card, naf_card],
        url("detail", mosd_card.slug, language=language): [mosd_card],
        url("life_events", language=language): [mosd_card],
        url("life_event", "elderly_care", language=language): [mosd_card],
    }
    for page, cards in pages.items():
        response = anonymous_client.get(page)
        assert response.status_code == 200, page
        body = text(response)
        direction = "rtl" if language == "ar" else "ltr"
        assert f'<html lang="{language}" dir="{direction}">' in body
        for service in cards:
            name = service.name_ar if language == "ar" else service.name_en
            assert escape(name) in body, (page, name)


def test_the_card_page_says_what_is_needed_what_it_costs_how_long_and_where(
    anonymous_client, mosd_card, agency_admin
):
    services.service_update(
        service=mosd_card,
        actor=agency_admin,
        fee=2.5,
        processing_days=7,
        eligibility_en="Jordanians aged 60 and over.",
    )
    body = text(anonymous_client.get(url("detail", mosd_card.slug)))
    assert "A copy of the ID card" in body
    assert "2.500 Jordanian dinars" in body
    assert "7 working days" in body
    assert "Jordanians aged 60 and over." in body
    assert "Ministry of Social Development - Irbid office" in body
    assert "Ministry of Social Development - Head office" in body


def test_the_arabic_card_shows_the_arabic_content(anonymous_client, mosd_card):
    body = text(anonymous_client.get(url("detail", mosd_card.slug, language="ar")))
    assert escape(mosd_card.name_ar) in body
    assert escape(mosd_card.summary_ar) in body
    assert "صورة الهوية الشخصية" in body
    assert mosd_card.name_en not in body
    assert "A copy of the ID card" not in body


@pytest.mark.parametrize("slug", ["mosd-draft", "no-such-card"])
def test_drafts_and_unknown_cards_are_not_found(slug, anonymous_client, mosd_draft):
    assert anonymous_client.get(url("detail", slug)).status_code == 404


def test_a_retired_card_says_it_is_gone(anonymous_client, mosd_card, agency_admin):
    services.service_retire(service=mosd_card, actor=agency_admin)
    response = anonymous_client.get(url("detail", mosd_card.slug))
    assert response.status_code == 410
    assert "This service is no longer offered" in text(response)
    assert escape(mosd_card.name_en) not in text(anonymous_client.get(url("list")))


def test_apply_online_is_shown_only_when_the_service_is_applicable_online(anonymous_client):
    online = card("HCD", slug="hcd-online", applicable_online=True, channels=[Channel.ONLINE])
    offline = card("HCD", slug="hcd-offline")
    assert "Available online" in text(anonymous_client.get(url("detail", online.slug)))
    assert "Available online" not in text(anonymous_client.get(url("detail", offline.slug)))


def test_refer_is_shown_to_signed_in_staff_on_referrable_cards_only(
    anonymous_client, citizen, social_worker, client_for
):
    referrable = card("NAF", slug="naf-referrable", referrable=True, referral_response_days=5)
    plain = card("NAF", slug="naf-plain")
    page = url("detail", referrable.slug)
    assert "Refer a case" in text(client_for(social_worker).get(page))
    assert "within 5 working days" in text(client_for(social_worker).get(page))
    assert "Refer a case" not in text(anonymous_client.get(page))
    assert "Refer a case" not in text(client_for(citizen).get(page))
    assert "Refer a case" not in text(client_for(social_worker).get(url("detail", plain.slug)))


def test_the_catalogue_filters_by_agency_pillar_channel_and_life_event(anonymous_client):
    naf = card("NAF", slug="naf-a", pillar=Pillar.KARAMA, channels=[Channel.OFFICE])
    ssc = card("SSC", slug="ssc-a", pillar=Pillar.FORSA, channels=[Channel.ONLINE])
    hcd = card("HCD", slug="hcd-a", pillar=Pillar.TAMKEEN, channels=[Channel.MOBILE_APP])
    life_event("disability", hcd)
    cases = {
        "agency=NAF": naf,
        "pillar=forsa": ssc,
        "channel=mobile_app": hcd,
        "life_event=disability": hcd,
    }
    for query, expected in cases.items():
        body = text(anonymous_client.get(f"{url('list')}?{query}"))
        shown = [s for s in (naf, ssc, hcd) if f'href="{url("detail", s.slug)}"' in body]
        assert shown == [expected], query


@pytest.mark.parametrize(
    "query",
    ["agency=NOPE", "pillar=karama2", "channel=<script>", "life_event=unknown&pillar=karama"],
)
def test_unknown_filter_values_are_left_out_with_a_message(query, anonymous_client, naf_card):
    response = anonymous_client.get(f"{url('list')}?{query}")
    assert response.status_code == 200
    body = text(response)
    assert "was not understood and was left out" in body
    assert "<script>" not in body
    assert escape(naf_card.name_en) in body


def test_the_catalogue_pages_by_name_without_counting(anonymous_client):
    for n in range(23):
        card("MOL", slug=f"mol-{n:02}", name_en=f"Labour service {n:02}")
    first = anonymous_client.get(url("list"))
    page = first.context["page"]
    assert [s.name_en for s in page][:2] == ["Labour service 00", "Labour service 01"]
    assert len(page) == 20 and page.next_cursor
    second = anonymous_client.get(f"{url('list')}?cursor={page.next_cursor}")
    assert [s.name_en for s in second.context["page"]] == [
        "Labour service 20",
        "Labour service 21",
        "Labour service 22",
    ]
    broken = anonymous_client.get(f"{url('list')}?cursor=not-a-cursor")
    assert broken.status_code == 200
    assert broken.context["page"].is_first


def test_the_list_and_card_pages_issue_a_fixed_number_of_queries(
    anonymous_client, django_assert_max_num_queries
):
    cards = [
        card("NAF", slug=f"naf-q{n}", documents=[("وثيقة", "A document")] * 3) for n in range(12)
    ]
    life_event("job_loss", *cards)
    with django_assert_max_num_queries(4):
        anonymous_client.get(url("list"))
    with django_assert_max_num_queries(4):
        anonymous_client.get(f"{url('list')}?agency=NAF&life_event=job_loss&channel=office")
    with django_assert_max_num_queries(4):
        anonymous_client.get(url("detail", cards[0].slug))
    with django_assert_max_num_queries(2):
        anonymous_client.get(url("life_events"))
    with django_assert_max_num_queries(2):
        anonymous_client.get(url("life_event", "job_loss"))


def test_an_unknown_life_event_is_not_found(anonymous_client, db):
    assert anonymous_client.get(url("life_event", "nothing")).status_code == 404


# Staff pages: who gets them --------------------------------------------------------------------

STAFF_PAGES = ["staff_list", "staff_create"]


@pytest.mark.parametrize("name", STAFF_PAGES)
@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("agency_admin", 200),
        ("other_agency_admin", 200),
        ("social_worker", 403),
        ("supervisor", 403),
        ("other_agency_worker", 403),
        ("citizen", 403),
    ],
)
def test_the_staff_pages_are_for_agency_admins(name, persona, status, request, client_for):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(url(name)).status_code == status


@pytest.mark.parametrize("name", STAFF_PAGES)
def test_anonymous_visitors_are_sent_to_sign_in_from_the_staff_pages(name, anonymous_client):
    response = anonymous_client.get(url(name, language="ar"))
    assert response.status_code == 302
    assert response.url == f"{login_url('ar')}?next={url(name, language='ar')}"


def test_an_admin_lists_their_agencys_cards_with_drafts_and_others_read_only(
    agency_admin, client_for, mosd_card, mosd_draft, naf_card, naf_draft
):
    client = client_for(agency_admin)
    mine = text(client.get(url("staff_list")))
    assert escape(mosd_card.name_en) in mine and mosd_draft.name_en in mine
    assert naf_card.name_en not in mine and naf_draft.name_en not in mine
    others = text(client.get(f"{url('staff_list')}?scope=others"))
    assert naf_card.name_en in others
    assert naf_draft.name_en not in others and mosd_card.name_en not in others
    assert url("staff_edit", naf_card.slug) not in others
    assert "Read-only" in others


@pytest.mark.parametrize(
    ("slug", "status"),
    [("mosd-day-care", 200), ("mosd-draft", 200), ("naf-emergency-aid", 200), ("naf-draft", 404)],
)
def test_the_staff_card_page_shows_what_the_admin_may_see(
    slug, status, agency_admin, client_for, mosd_card, mosd_draft, naf_card, naf_draft
):
    response = client_for(agency_admin).get(url("staff_detail", slug))
    assert response.status_code == status
    if status == 200:
        editable = slug.startswith("mosd")
        assert (url("staff_edit", slug) in text(response)) is editable
        assert ("only its agency can change it" in text(response)) is not editable


def test_another_agencys_card_cannot_be_edited(agency_admin, client_for, naf_card, naf_draft):
    client = client_for(agency_admin)
    assert client.get(url("staff_edit", naf_card.slug)).status_code == 403
    assert client.post(url("staff_edit", naf_card.slug), {"name_en": "Taken"}).status_code == 403
    assert client.post(url("staff_publish", naf_draft.slug)).status_code == 404
    assert client.post(url("staff_retire", naf_card.slug)).status_code == 403
    naf_card.refresh_from_db()
    assert (naf_card.name_en, naf_card.status) == ("Emergency cash aid", Status.PUBLISHED)
    assert (
        AuditEvent.objects.filter(
            action=AuditEvent.Action.PERMISSION_DENIED,
            actor=agency_admin,
            object_id=str(naf_card.pk),
        ).count()
        == 3
    )


# Staff pages: what they do ---------------------------------------------------------------------


def form_data(**overrides) -> dict:
    data = {
        "pillar": Pillar.TAMKEEN,
        "name_ar": "الإرشاد الأسري",
        "name_en": "Family counselling",
        "summary_ar": "جلسات إرشاد للأسر التي تمر بخلافات.",
        "summary_en": "Counselling sessions for families in conflict.",
        "description_ar": "",
        "description_en": "",
        "eligibility_ar": "",
        "eligibility_en": "",
        "fee": "0",
        "fee_note_ar": "",
        "fee_note_en": "",
        "channels": [Channel.OFFICE, Channel.CALL_CENTRE],
        "processing_days": "5",
        "referral_response_days": "",
        "documents-TOTAL_FORMS": "2",
        "documents-INITIAL_FORMS": "0",
        "documents-MIN_NUM_FORMS": "0",
        "documents-MAX_NUM_FORMS": "30",
        "documents-0-name_ar": "صورة الهوية",
        "documents-0-name_en": "ID card",
        "documents-1-name_ar": "",
        "documents-1-name_en": "",
    }
    return data | overrides


def test_an_admin_creates_edits_and_publishes_a_card(agency_admin, client_for, office_agency):
    client = client_for(agency_admin)
    response = client.post(url("staff_create"), form_data(agency=office_agency.pk))
    service = Service.objects.get(name_en="Family counselling")
    assert response.status_code == 302
    assert response.url == url("staff_detail", service.slug)
    assert (service.status, service.agency.code) == (Status.DRAFT, "MOSD")
    assert [d.name_en for d in service.documents.all()] == ["ID card"]

    edit = form_data(
        processing_days="3",
        **{
            "documents-INITIAL_FORMS": "1",
            "documents-0-DELETE": "on",
            "documents-1-name_ar": "دفتر العائلة",
            "documents-1-name_en": "Family book",
        },
    )
    response = client.post(url("staff_edit", service.slug), edit)
    assert response.status_code == 302
    service.refresh_from_db()
    assert service.processing_days == 3
    assert [d.name_en for d in service.documents.all()] == ["Family book"]

    response = client.post(url("staff_publish", service.slug), follow=True)
    assert "The card is published in the catalogue." in text(response)
    again = client.post(url("staff_publish", service.slug), follow=True)
    assert "This change is not possible any more" in text(again)
    service.refresh_from_db()
    assert service.status == Status.PUBLISHED
    assert ServiceChange.objects.filter(service=service, action="published").count() == 1

    history = text(client.get(url("staff_history", service.slug)))
    assert "Processing time in working days" in history
    assert "Family book" in history
    assert "Published" in history


def test_publishing_an_incomplete_card_says_what_is_missing(agency_admin, client_for):
    draft = card("MOSD", slug="mosd-incomplete", publish=False, summary_en="", channels=[])
    client = client_for(agency_admin)
    page = text(client.get(url("staff_detail", draft.slug)))
    assert "Before this card can be published, add:" in page
    response = client.post(url("staff_publish", draft.slug), follow=True)
    body = text(response)
    assert "The card cannot be published yet." in body
    assert "The summary in both Arabic and English." in body
    assert "At least one channel" in body
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_a_form_with_errors_saves_nothing_and_says_why(agency_admin, client_for, office_agency):
    data = form_data(
        agency=office_agency.pk,
        fee="-1",
        channels=["pigeon"],
        **{"documents-0-name_en": ""},
    )
    response = client_for(agency_admin).post(url("staff_create"), data)
    assert response.status_code == 200
    body = text(response)
    assert "The form has errors; nothing was saved." in body
    assert "Name the document in both Arabic and English." in body
    assert not Service.objects.exists()


def test_an_admin_cannot_create_a_card_for_another_agency(agency_admin, client_for):
    from apps.organisations.models import Agency

    naf = Agency.objects.get(code="NAF")  # loaded again, if need be, by the persona
    response = client_for(agency_admin).post(url("staff_create"), form_data(agency=naf.pk))
    assert response.status_code == 200
    assert not Service.objects.exists()


def test_a_published_card_cannot_be_emptied_from_the_form(agency_admin, client_for, mosd_card):
    data = form_data(summary_en="", name_en=mosd_card.name_en)
    response = client_for(agency_admin).post(url("staff_edit", mosd_card.slug), data)
    assert response.status_code == 200
    assert "A published card must stay complete." in text(response)
    mosd_card.refresh_from_db()
    assert mosd_card.summary_en


def test_retire_and_return_to_draft_from_the_card_page(agency_admin, client_for, mosd_card):
    client = client_for(agency_admin)
    client.post(url("staff_retire", mosd_card.slug))
    assert Service.objects.get(pk=mosd_card.pk).status == Status.RETIRED
    client.post(url("staff_draft", mosd_card.slug))
    assert Service.objects.get(pk=mosd_card.pk).status == Status.DRAFT
    assert client.get(url("staff_publish", mosd_card.slug)).status_code == 405


def test_an_admin_reads_the_history_of_another_agencys_card(
    agency_admin, client_for, naf_card, naf_draft
):
    client = client_for(agency_admin)
    assert client.get(url("staff_history", naf_card.slug)).status_code == 200
    assert client.get(url("staff_history", naf_draft.slug)).status_code == 404


def test_the_staff_pages_issue_a_fixed_number_of_queries(
    agency_admin, client_for, django_assert_max_num_queries
):
    cards = [card("MOSD", slug=f"mosd-q{n}") for n in range(15)]
    for service in cards[:3]:
        services.service_update(service=service, actor=agency_admin, fee_note_en="Per visit")
    client = client_for(agency_admin)
    client.get(url("staff_list"))  # the session's first request writes its idle clock
    # Four of each are the session, the user, their roles and their second factor.
    with django_assert_max_num_queries(6):
        client.get(url("staff_list"))
    with django_assert_max_num_queries(6):
        client.get(f"{url('staff_list')}?scope=others&status=published&q=test")
    with django_assert_max_num_queries(9):
        client.get(url("staff_detail", cards[0].slug))
    with django_assert_max_num_queries(7):
        client.get(url("staff_history", cards[0].slug))
    with django_assert_max_num_queries(8):
        client.get(url("staff_edit", cards[0].slug))
