"""The catalogue's writes: who may change a card, what publishing needs, history, search columns."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from apps.audit.models import AuditEvent
from apps.catalogue import services
from apps.catalogue.models import Channel, LifeEventService, Pillar, Service, ServiceChange
from apps.core.exceptions import TransitionNotAllowed
from apps.organisations.models import Agency
from tests.catalogue.factories import card, complete_fields, life_event
from tests.organisations.factories import ensure_reference_data

Status = Service.Status
Action = ServiceChange.Action


def agency(code: str) -> Agency:
    ensure_reference_data()  # a browser test before this one may have emptied the tables
    return Agency.objects.get(code=code)


def create(actor, agency_code="MOSD", documents=(), **fields) -> Service:
    return services.service_create(
        agency=agency(agency_code),
        actor=actor,
        documents=[services.Document(*d) for d in documents],
        **complete_fields(**fields),
    )


# Create -----------------------------------------------------------------------------------------


def test_an_agency_admin_creates_a_draft_with_its_history_and_search_columns(agency_admin):
    service = create(
        agency_admin,
        name_ar="الرعاية النهارية",
        name_en="Day care",
        documents=[("دفتر العائلة", "Family book"), ("صورة الهوية", "ID card")],
    )
    service.refresh_from_db()
    assert service.status == Status.DRAFT
    assert service.created_by == agency_admin
    assert service.slug == "mosd-day-care"
    assert [d.name_en for d in service.documents.all()] == ["Family book", "ID card"]
    assert service.search_name == "الرعايه النهاريه day care"
    assert service.search_vector
    change = ServiceChange.objects.get(service=service)
    assert (change.action, change.actor) == (Action.CREATED, agency_admin)
    assert change.changes["name_en"] == {"before": None, "after": "Day care"}
    assert change.changes["required_documents"]["after"] == [
        ["دفتر العائلة", "Family book"],
        ["صورة الهوية", "ID card"],
    ]
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.CREATE, object_type="catalogue.service", object_id=str(service.pk)
    ).exists()


@pytest.mark.parametrize(
    "persona", ["other_agency_admin", "social_worker", "supervisor", "citizen"]
)
def test_only_an_admin_of_the_agency_creates_its_cards(persona, request, db):
    actor = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        create(actor, "MOSD")
    assert not Service.objects.exists()


def test_web_addresses_are_unique_and_kept_when_the_name_changes(agency_admin):
    first = create(agency_admin, name_en="Home care")
    second = create(agency_admin, name_en="Home care")
    assert (first.slug, second.slug) == ("mosd-home-care", "mosd-home-care-2")
    services.service_update(service=first, actor=agency_admin, name_en="Care at home")
    first.refresh_from_db()
    assert first.slug == "mosd-home-care"


def test_a_card_needs_a_name_and_a_pillar(agency_admin):
    with pytest.raises(ValidationError) as error:
        services.service_create(agency=agency("MOSD"), actor=agency_admin, pillar=Pillar.KARAMA)
    assert "name_ar" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.service_create(agency=agency("MOSD"), actor=agency_admin, name_en="Day care")
    assert "pillar" in error.value.message_dict


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("fee", Decimal("-1")),
        ("fee", Decimal("100000")),
        ("channels", ["pigeon"]),
        ("pillar", "other"),
        ("processing_days", 400),
        ("referral_response_days", 366),
        ("name_en", "x" * 201),
    ],
)
def test_bad_values_are_refused_by_field(agency_admin, field, value):
    with pytest.raises(ValidationError) as error:
        create(agency_admin, **{field: value})
    assert field in error.value.message_dict
    assert not Service.objects.exists()


def test_a_document_needs_both_names(agency_admin):
    with pytest.raises(ValidationError) as error:
        create(agency_admin, documents=[("دفتر العائلة", "")])
    assert "required_documents" in error.value.message_dict


# Update -----------------------------------------------------------------------------------------


def test_an_edit_records_each_changed_field_before_and_after(agency_admin, mosd_card):
    services.service_update(
        service=mosd_card,
        actor=agency_admin,
        fee=Decimal("2.5"),
        processing_days=10,  # unchanged
        channels=[Channel.OFFICE, Channel.ONLINE],
        documents=[services.Document("صورة الهوية الشخصية", "A copy of the ID card")] * 1
        + [services.Document("تقرير طبي", "A medical report")],
    )
    change = ServiceChange.objects.filter(service=mosd_card).latest("id")
    assert change.action == Action.UPDATED
    assert change.actor == agency_admin
    assert change.changes == {
        "fee": {"before": "0.000", "after": "2.500"},
        "channels": {"before": ["office"], "after": ["office", "online"]},
        "required_documents": {
            "before": [["صورة الهوية الشخصية", "A copy of the ID card"]],
            "after": [
                ["صورة الهوية الشخصية", "A copy of the ID card"],
                ["تقرير طبي", "A medical report"],
            ],
        },
    }
    mosd_card.refresh_from_db()
    assert mosd_card.fee == Decimal("2.500")
    assert mosd_card.documents.count() == 2


def test_an_edit_that_changes_nothing_records_nothing(agency_admin, mosd_card):
    before = ServiceChange.objects.count()
    services.service_update(
        service=mosd_card, actor=agency_admin, name_en=f"  {mosd_card.name_en}  "
    )
    assert ServiceChange.objects.count() == before


def test_an_edit_keeps_the_search_columns_current(agency_admin, mosd_card):
    services.service_update(service=mosd_card, actor=agency_admin, name_ar="دار إيواء المسنين")
    mosd_card.refresh_from_db()
    assert mosd_card.search_name.startswith("دار ايواء المسنين")
    assert Service.objects.filter(pk=mosd_card.pk, search_vector="ايواء").exists()


@pytest.mark.parametrize("persona", ["other_agency_admin", "social_worker", "citizen"])
def test_only_an_admin_of_the_cards_agency_edits_it(persona, request, mosd_card):
    before = ServiceChange.objects.count()
    with pytest.raises(PermissionDenied):
        services.service_update(
            service=mosd_card, actor=request.getfixturevalue(persona), name_en="Changed"
        )
    mosd_card.refresh_from_db()
    assert mosd_card.name_en == "Day-care centres for older people"
    assert ServiceChange.objects.count() == before


def test_a_second_admin_of_the_same_agency_may_edit(second_mosd_admin, mosd_card):
    services.service_update(service=mosd_card, actor=second_mosd_admin, fee_note_en="Per month")
    assert ServiceChange.objects.filter(service=mosd_card, actor=second_mosd_admin).exists()


def test_a_published_card_cannot_lose_a_required_field(agency_admin, mosd_card):
    with pytest.raises(ValidationError):
        services.service_update(service=mosd_card, actor=agency_admin, summary_en="", fee=1)
    mosd_card.refresh_from_db()
    assert mosd_card.summary_en
    assert mosd_card.fee == 0


# Status -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "missing",
    [
        {"name_ar": ""},
        {"name_en": ""},
        {"summary_ar": ""},
        {"summary_en": ""},
        {"channels": []},
        {"processing_days": None},
        {"referrable": True, "referral_response_days": None},
    ],
)
def test_a_card_missing_a_required_field_is_not_published(agency_admin, missing):
    service = create(agency_admin, **missing)
    with pytest.raises(ValidationError):
        services.service_publish(service=service, actor=agency_admin)
    service.refresh_from_db()
    assert service.status == Status.DRAFT
    assert not ServiceChange.objects.filter(service=service, action=Action.PUBLISHED).exists()


def test_a_complete_card_is_published_once_whatever_the_clicks(agency_admin):
    service = create(agency_admin)
    services.service_publish(service=service, actor=agency_admin)
    with pytest.raises(TransitionNotAllowed):
        services.service_publish(service=service, actor=agency_admin)
    stale = Service.objects.get(pk=service.pk)
    stale.status = Status.DRAFT  # a second tab that still shows the draft
    with pytest.raises(TransitionNotAllowed):
        services.service_publish(service=stale, actor=agency_admin)
    service.refresh_from_db()
    assert service.status == Status.PUBLISHED
    assert service.published_at is not None
    published = ServiceChange.objects.filter(service=service, action=Action.PUBLISHED)
    assert published.count() == 1
    assert published.get().changes == {"status": {"before": "draft", "after": "published"}}


def test_another_agencys_admin_cannot_publish_or_retire(other_agency_admin, mosd_draft, mosd_card):
    with pytest.raises(PermissionDenied):
        services.service_publish(service=mosd_draft, actor=other_agency_admin)
    with pytest.raises(PermissionDenied):
        services.service_retire(service=mosd_card, actor=other_agency_admin)
    assert Service.objects.get(pk=mosd_draft.pk).status == Status.DRAFT
    assert Service.objects.get(pk=mosd_card.pk).status == Status.PUBLISHED


def test_retire_and_return_to_draft_each_act_once(agency_admin, mosd_card):
    services.service_retire(service=mosd_card, actor=agency_admin)
    with pytest.raises(TransitionNotAllowed):
        services.service_retire(service=mosd_card, actor=agency_admin)
    with pytest.raises(TransitionNotAllowed):
        services.service_publish(service=mosd_card, actor=agency_admin)
    mosd_card.refresh_from_db()
    assert (mosd_card.status, bool(mosd_card.retired_at)) == (Status.RETIRED, True)
    services.service_return_to_draft(service=mosd_card, actor=agency_admin)
    with pytest.raises(TransitionNotAllowed):
        services.service_return_to_draft(service=mosd_card, actor=agency_admin)
    mosd_card.refresh_from_db()
    assert (mosd_card.status, mosd_card.retired_at) == (Status.DRAFT, None)
    actions = list(
        ServiceChange.objects.filter(service=mosd_card)
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [Action.CREATED, Action.PUBLISHED, Action.RETIRED, Action.RETURNED_TO_DRAFT]
    assert (
        AuditEvent.objects.filter(
            action=AuditEvent.Action.TRANSITION, object_id=str(mosd_card.pk), actor=agency_admin
        ).count()
        == 2
    )


# Loading ----------------------------------------------------------------------------------------


def test_loading_a_card_twice_changes_nothing(db):
    first = card("NAF", slug="naf-loaded")
    second = card("NAF", slug="naf-loaded", name_en="Something else")
    assert first.pk == second.pk
    assert Service.objects.get(pk=first.pk).name_en == first.name_en
    assert ServiceChange.objects.filter(service=first).count() == 2  # created, published


def test_a_life_event_keeps_its_services_in_order(mosd_card, naf_card):
    event = life_event("job_loss", naf_card, mosd_card)
    assert list(event.links.values_list("service__slug", flat=True)) == [
        "naf-emergency-aid",
        "mosd-day-care",
    ]
    life_event("job_loss", mosd_card)
    assert LifeEventService.objects.filter(life_event=event).count() == 1
