"""The catalogue search over the demo catalogue: Arabic and English queries and their expected
best matches, spelling variants and typos, highlighting, and bad input, which never fails."""

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from apps.catalogue import services
from apps.catalogue.demo import seed_catalogue_demo
from apps.catalogue.models import Service
from apps.catalogue.selectors import service_search
from apps.organisations.models import Agency

NAF_CASH_AID = {"naf-monthly-cash-aid", "naf-emergency-cash-aid", "naf-temporary-cash-aid"}


@pytest.fixture(scope="module")
def demo_catalogue(django_db_setup, django_db_blocker):
    """The demo catalogue, loaded once for the module and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        seed_catalogue_demo()
        yield
        transaction.set_rollback(True)


@pytest.fixture
def catalogue(demo_catalogue, db):
    """Each test runs in a savepoint inside the module's transaction."""


def slugs(query: str, language: str = "en") -> list[str]:
    return [service.slug for service in service_search(query, language=language).services]


def list_url(language: str = "en") -> str:
    with translation.override(language):
        return reverse("catalogue:list")


# Ranking ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["مساعدة نقدية", "مساعده نقديه", "cash aid"])
def test_cash_aid_finds_the_naf_cash_aid_services_first(catalogue, query):
    found = slugs(query, "ar")
    assert set(found[:3]) == NAF_CASH_AID
    assert found[3] == "naf-takaful"


def test_a_spelling_variant_finds_the_same_cards_in_the_same_order(catalogue):
    assert slugs("مساعدة نقدية") == slugs("مساعده نقديه") == slugs("مُسَاعَدَة نَقْدِيَّة")
    assert slugs("بطاقة الإعاقة") == slugs("بطاقه الاعاقه")


@pytest.mark.parametrize(
    ("query", "best"),
    [
        ("disability card", "hcd-disability-card"),
        ("بطاقة الإعاقة", "hcd-disability-card"),
        ("unemployment", "ssc-unemployment-insurance"),
        ("بدل تعطل", "ssc-unemployment-insurance"),
        ("تأمين صحي للأطفال", "hia-children-under-six"),
        ("work permit", "mol-work-permit"),
        ("تصريح عمل", "mol-work-permit"),
        ("تكافل", "naf-takaful"),
        ("birth certificate", "cspd-birth-registration"),
        ("تسجيل المولود", "cspd-birth-registration"),
        ("عنف أسري", "mosd-family-protection"),
        ("كبار السن", "mosd-elderly-care-home"),
        ("orphan", "zakat-orphan-sponsorship"),
        ("تطعيم", "moh-child-vaccination"),
        ("disab", "moh-disability-medical-committee"),
    ],
)
def test_queries_find_their_best_match_first(catalogue, query, best):
    results = service_search(query, language="en")
    assert not results.approximate
    assert results.services[0].slug == best


def test_pension_finds_both_pensions_first(catalogue):
    assert set(slugs("pension")[:2]) == {"ssc-old-age-pension", "ssc-survivors-pension"}


@pytest.mark.parametrize(
    ("query", "corrected", "best"),
    [
        ("disabilty card", "disability card", {"hcd-disability-card"}),
        ("unemplyment", "unemployment", {"ssc-unemployment-insurance"}),
        ("penssion", "pension", {"ssc-old-age-pension", "ssc-survivors-pension"}),
        ("المعونة النقدبة", "المعونة النقدي", NAF_CASH_AID),
        ("بطاقة الاعاقا", "بطاقة الإعاقة", {"hcd-disability-card"}),
        ("disabilty qwxzv", "disability", {"moh-disability-medical-committee"}),
    ],
)
def test_a_typo_is_corrected_to_the_closest_catalogue_words(catalogue, query, corrected, best):
    results = service_search(query, language="en")
    assert results.approximate
    assert results.corrected == corrected
    assert {s.slug for s in results.services[: len(best)]} == best


def test_the_search_is_in_both_languages_whatever_the_page(catalogue):
    assert slugs("disability card", "ar")[0] == "hcd-disability-card"
    assert slugs("بطاقة الإعاقة", "en")[0] == "hcd-disability-card"


def test_only_published_cards_are_found(catalogue, agency_admin):
    card = Service.objects.get(slug="mosd-elderly-home-care")
    services.service_retire(service=card, actor=agency_admin)
    services.service_create(
        agency=Agency.objects.get(code="MOSD"),
        actor=agency_admin,
        pillar="tamkeen",
        name_en="Home care for older people, new draft",
    )
    assert "mosd-elderly-home-care" not in slugs("home care")
    assert all(
        s.status == Service.Status.PUBLISHED
        for s in service_search("home care", language="en").services
    )


def test_a_search_shows_the_best_matches_only(catalogue):
    results = service_search("disability", language="en", limit=3)
    assert len(results.services) == 3
    assert results.truncated
    assert not service_search("disability card", language="en").truncated


# Highlighting -----------------------------------------------------------------------------------


def test_matches_are_highlighted_in_the_pages_language(catalogue):
    arabic = service_search("مساعدة نقدية", language="ar").services[0]
    assert "<mark>النقدية</mark>" in arabic.name_marked
    assert "<mark>مساعدة</mark> <mark>نقدية</mark>" in arabic.summary_marked
    english = service_search("disability card", language="en").services[0]
    assert english.name_marked == "<mark>Disability</mark> identification <mark>card</mark>"


def test_highlighting_escapes_the_card_text(catalogue, agency_admin):
    service = services.service_create(
        agency=Agency.objects.get(code="MOSD"),
        actor=agency_admin,
        pillar="karama",
        name_ar="<b>كوبونات</b> & خبز",
        name_en='<img src=x onerror="alert(1)"> Bread coupons & more',
        summary_ar="ملخص",
        summary_en="Coupons <script>alert(1)</script> for bread",
        channels=["office"],
        processing_days=1,
    )
    services.service_publish(service=service, actor=agency_admin)
    found = service_search("coupons", language="en").services[0]
    assert found.name_marked == (
        "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; Bread <mark>coupons</mark> &amp; more"
    )
    assert "<script>" not in found.summary_marked
    arabic = service_search("كوبونات", language="ar").services[0]
    assert arabic.name_marked == "&lt;b&gt;<mark>كوبونات</mark>&lt;/b&gt; &amp; خبز"


# Bad input --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        "ا",
        "!!!",
        "'; DROP TABLE catalogue_service; --",
        "a & b | !c:* <-> (d",
        "\\\\ ' '' \"",
        "<script>alert(1)</script>",
        "🙂🙂",
        "٠٧٩١٢٣٤٥٦٧",
        "مساعدة cash بطاقة card",
        "x" * 199,
    ],
)
def test_odd_queries_give_results_or_nothing_never_an_error(catalogue, anonymous_client, query):
    results = service_search(query, language="ar")
    assert isinstance(results.services, list)
    response = anonymous_client.get(list_url("ar"), {"q": query})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_bidi_controls_and_invisible_characters_are_ignored(catalogue):
    dirty = "\u202bمساعدة\u200f \u200dنقدية\u202c\ufeff"
    assert slugs(dirty) == slugs("مساعدة نقدية")
    assert slugs("disability\u200b card\u2066") == slugs("disability card")


def test_a_very_long_query_is_refused_with_a_message(catalogue, anonymous_client):
    response = anonymous_client.get(list_url(), {"q": "مساعدة " * 150})
    assert response.status_code == 200
    body = response.content.decode()
    assert "was not understood and was left out" in body
    assert "Ensure this value has at most 200 characters" in body
    # The selector itself cuts what it is given, whoever calls it.
    assert service_search("نقدية " + "x" * 5000, language="ar").services


def test_a_null_character_is_refused_with_a_message(catalogue, anonymous_client):
    response = anonymous_client.get(list_url(), {"q": "cash\x00aid"})
    assert response.status_code == 200
    assert "Null characters are not allowed." in response.content.decode()


def test_mixed_scripts_find_the_card_named_in_both(catalogue):
    assert slugs("بطاقة disability")[0] == "hcd-disability-card"


# The page ---------------------------------------------------------------------------------------


def test_the_search_page_shows_ranked_highlighted_results(catalogue, anonymous_client):
    body = anonymous_client.get(list_url("ar"), {"q": "مساعدة نقدية"}).content.decode()
    assert "<mark>مساعدة</mark>" in body
    monthly = body.index("/ar/services/naf-monthly-cash-aid/")
    takaful = body.index("/ar/services/naf-takaful/")
    assert monthly < takaful


def test_the_search_keeps_the_filters(catalogue, anonymous_client):
    everywhere = {s.slug for s in service_search("دعم", language="ar").services}
    response = anonymous_client.get(list_url(), {"q": "دعم", "agency": "ZAKAT"})
    found = {s.slug for s in response.context["results"].services}
    assert found and all(slug.startswith("zakat-") for slug in found)
    assert everywhere - found


def test_a_typo_says_what_was_searched_for_instead(catalogue, anonymous_client):
    body = anonymous_client.get(list_url(), {"q": "disabilty card"}).content.decode()
    assert escape("No service matches “disabilty card”. Results for “disability card”:") in body
    assert "<mark>Disability</mark> identification <mark>card</mark>" in body
    assert "/en/services/hcd-disability-card/" in body


def test_nothing_found_says_so(catalogue, anonymous_client):
    body = anonymous_client.get(list_url(), {"q": "qqqqqq zzzzzz"}).content.decode()
    assert escape("No service matches “qqqqqq zzzzzz”.") in body


def test_the_search_page_issues_a_fixed_number_of_queries(
    catalogue, anonymous_client, django_assert_max_num_queries
):
    # The filters' choices (two), the search, and for a typo the vocabulary and a second search.
    for query in ("مساعدة نقدية", "disability", "disabilty card", "qqqq"):
        with django_assert_max_num_queries(5):
            anonymous_client.get(list_url(), {"q": query, "pillar": "karama"})
