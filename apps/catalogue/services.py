"""Every write to a service card and every status change, each in one transaction with its
history row (ServiceChange) and audit event.

Only an agency administrator of the card's agency edits it. Every write also refreshes the two
search columns: `search_name` (normalised names, for the trigram fallback) and `search_vector`
(full text: the Arabic, normalised by the registry's normaliser, under the `arabic` configuration;
the English under `english`).
"""

from collections.abc import Sequence
from decimal import Decimal
from typing import NamedTuple, TypedDict, Unpack

from django.contrib.postgres.search import SearchVector
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Value
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from apps.audit.services import Action as AuditAction
from apps.audit.services import audit_record
from apps.core.exceptions import TransitionNotAllowed
from apps.organisations.models import Agency, User

from .models import (
    Channel,
    LifeEvent,
    LifeEventService,
    Pillar,
    RequiredDocument,
    SearchWord,
    Service,
)
from .models import ServiceChange as Change
from .search import searchable, vocabulary
from .selectors import agencies_editable_by

Status = Service.Status
MAX_FEE = Decimal("99999.999")
MAX_DAYS = 365
MAX_DOCUMENTS = 30


class Document(NamedTuple):
    name_ar: str
    name_en: str


class CardFields(TypedDict, total=False):
    pillar: str
    name_ar: str
    name_en: str
    summary_ar: str
    summary_en: str
    description_ar: str
    description_en: str
    eligibility_ar: str
    eligibility_en: str
    fee: Decimal
    fee_note_ar: str
    fee_note_en: str
    channels: list[str]
    processing_days: int | None
    referral_response_days: int | None
    referrable: bool
    applicable_online: bool
    opens_case: bool


EDITABLE_FIELDS = tuple(CardFields.__annotations__)
LONG_TEXT = {"description_ar", "description_en", "eligibility_ar", "eligibility_en"}
DOCUMENTS = "required_documents"


# Checks -----------------------------------------------------------------------------------------


def _require_admin(actor: User, agency_id: int) -> None:
    if not agencies_editable_by(actor).filter(pk=agency_id).exists():
        raise PermissionDenied(_("Only an administrator of the card's agency can change it."))


def _tidy(name: str, value: str) -> str:
    """One-line fields as one line; long text keeps its paragraphs, without trailing spaces."""
    value = value or ""
    if name in LONG_TEXT:
        lines = [" ".join(line.split()) for line in value.replace("\r\n", "\n").split("\n")]
        return "\n".join(lines).strip()
    return " ".join(value.split())


def _clean(fields: dict) -> dict:
    """The fields checked and tidied; a ValidationError naming each bad field."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"not a card field: {', '.join(sorted(unknown))}")
    cleaned, errors = {}, {}
    for name, value in fields.items():
        if name == "pillar":
            if value not in Pillar.values:
                errors[name] = _("Choose one of the four pillars.")
        elif name == "channels":
            value = list(dict.fromkeys(value or []))
            if any(channel not in Channel.values for channel in value):
                errors[name] = _("Choose channels from the list.")
        elif name == "fee":
            value = Decimal(value if value is not None else 0)
            if not Decimal(0) <= value <= MAX_FEE:
                errors[name] = _("The fee is an amount in dinars, 0 when the service is free.")
        elif name in {"processing_days", "referral_response_days"}:
            if value is not None and not 0 <= value <= MAX_DAYS:
                errors[name] = _("Give a number of working days between 0 and 365.")
        elif name in {"referrable", "applicable_online", "opens_case"}:
            value = bool(value)
        else:
            value = _tidy(name, value)
            limit = Service._meta.get_field(name).max_length
            if limit and len(value) > limit:
                errors[name] = _("At most %(limit)d characters.") % {"limit": limit}
        cleaned[name] = value
    if errors:
        raise ValidationError(errors)
    return cleaned


def _clean_documents(documents: Sequence[Document]) -> list[Document]:
    result = []
    for document in documents:
        name_ar, name_en = _tidy("", document[0]), _tidy("", document[1])
        if not name_ar and not name_en:
            continue
        if not name_ar or not name_en:
            raise ValidationError(
                {DOCUMENTS: _("Name each required document in both Arabic and English.")}
            )
        if len(name_ar) > 200 or len(name_en) > 200:
            raise ValidationError({DOCUMENTS: _("A document's name has at most 200 characters.")})
        result.append(Document(name_ar, name_en))
    if len(result) > MAX_DOCUMENTS:
        raise ValidationError(
            {DOCUMENTS: _("At most %(count)d required documents.") % {"count": MAX_DOCUMENTS}}
        )
    return result


def publish_problems(service: Service) -> list[str]:
    """What a card lacks before it can be published (or stay published); empty when complete."""
    problems = []
    if not service.name_ar or not service.name_en:
        problems.append(_("The name in both Arabic and English."))
    if not service.summary_ar or not service.summary_en:
        problems.append(_("The summary in both Arabic and English."))
    if not service.channels:
        problems.append(_("At least one channel through which the service is offered."))
    if service.processing_days is None:
        problems.append(_("The processing time in working days."))
    if service.referrable and service.referral_response_days is None:
        problems.append(_("The referral response time, since the service accepts referrals."))
    return problems


# History and search -----------------------------------------------------------------------------


def _json(value):
    if isinstance(value, Decimal):
        return f"{value:.3f}"
    if isinstance(value, list | tuple):
        return [_json(item) for item in value]
    return value


def _snapshot(service: Service, documents: Sequence[Document]) -> dict:
    values = {name: _json(getattr(service, name)) for name in EDITABLE_FIELDS}
    values[DOCUMENTS] = [[d.name_ar, d.name_en] for d in documents]
    return values


def _diff(before: dict, after: dict) -> dict:
    return {
        name: {"before": before.get(name), "after": value}
        for name, value in after.items()
        if before.get(name) != value
    }


def _documents_of(service: Service) -> list[Document]:
    return [
        Document(name_ar, name_en)
        for name_ar, name_en in service.documents.order_by("position", "id").values_list(
            "name_ar", "name_en"
        )
    ]


def _save_documents(service: Service, documents: Sequence[Document]) -> None:
    service.documents.all().delete()
    RequiredDocument.objects.bulk_create(
        RequiredDocument(service=service, name_ar=d.name_ar, name_en=d.name_en, position=i)
        for i, d in enumerate(documents)
    )


def _record(service: Service, action: str, changes: dict, actor: User | None) -> None:
    Change.objects.create(service=service, action=action, changes=changes, actor=actor)
    audit = {Change.Action.CREATED: AuditAction.CREATE, Change.Action.UPDATED: AuditAction.UPDATE}
    audit_record(
        actor=actor, action=audit.get(action, AuditAction.TRANSITION), obj=service, detail=action
    )


def _vector(text: str, config: str, weight: str) -> SearchVector:
    return SearchVector(Value(text), config=config, weight=weight)


def refresh_search(service: Service) -> None:
    """Recompute the card's search columns from its names, summaries, texts and agency.

    Arabic goes through normalise_name() first (the registry's normaliser), so that alef forms,
    taa marbuta and alef maqsura compare equal, then through the `arabic` stemmer; the English
    goes through the `english` one. Names weigh most (A), then summaries (B), the long texts (C)
    and the agency (D). The words of the names and summaries join the vocabulary to which the
    search corrects typos (SearchWord).
    """
    agency = Agency.objects.only("code", "name_ar", "name_en").get(pk=service.agency_id)
    arabic = {
        "A": service.name_ar,
        "B": service.summary_ar,
        "C": f"{service.description_ar} {service.eligibility_ar}",
        "D": agency.name_ar,
    }
    english = {
        "A": service.name_en,
        "B": service.summary_en,
        "C": f"{service.description_en} {service.eligibility_en}",
        "D": f"{agency.name_en} {agency.code}",
    }
    vector = None
    for weight in "ABCD":
        for config, texts in (("arabic", arabic), ("english", english)):
            part = _vector(searchable(texts[weight]), config, weight)
            vector = part if vector is None else vector + part
    Service.objects.filter(pk=service.pk).update(
        search_name=searchable(f"{service.name_ar} {service.name_en}")[:500],
        search_vector=vector,
    )
    # The vocabulary only grows: a word no card uses any more corrects a typo to no result.
    words = vocabulary(service.name_ar, service.name_en, service.summary_ar, service.summary_en)
    SearchWord.objects.bulk_create(
        [SearchWord(word=word, shown=shown) for word, shown in words.items()],
        ignore_conflicts=True,
    )


# Writes -----------------------------------------------------------------------------------------


def _new_slug(agency: Agency, name_en: str) -> str:
    base = slugify(f"{agency.code} {name_en}")[:70].strip("-") or slugify(agency.code)
    slug, n = base, 1
    while Service.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _create(
    *,
    agency: Agency,
    slug: str,
    fields: dict,
    documents: Sequence[Document],
    actor: User | None,
) -> Service:
    fields = _clean(fields)
    documents = _clean_documents(documents)
    if not fields.get("name_ar") and not fields.get("name_en"):
        raise ValidationError({"name_ar": _("Give the service a name, in Arabic or in English.")})
    if "pillar" not in fields:
        raise ValidationError({"pillar": _("Choose one of the four pillars.")})
    slug = slugify(slug) if slug else _new_slug(agency, fields.get("name_en", ""))
    if Service.objects.filter(slug=slug).exists():
        raise ValidationError({"slug": _("Another card already has this web address.")})
    service = Service.objects.create(agency=agency, slug=slug, created_by=actor, **fields)
    _save_documents(service, documents)
    refresh_search(service)
    initial = {k: v for k, v in _snapshot(service, documents).items() if v not in ("", [], None)}
    _record(service, Change.Action.CREATED, _diff({}, initial), actor)
    return service


@transaction.atomic
def service_create(
    *,
    agency: Agency,
    actor: User,
    documents: Sequence[Document] = (),
    slug: str = "",
    **fields: Unpack[CardFields],
) -> Service:
    """A new draft card of `agency`, which the actor administers. The web address (slug) comes
    from the agency's code and the English name unless given; it never changes afterwards."""
    _require_admin(actor, agency.pk)
    return _create(agency=agency, slug=slug, fields=fields, documents=documents, actor=actor)


@transaction.atomic
def service_update(
    *,
    service: Service,
    actor: User,
    documents: Sequence[Document] | None = None,
    **fields: Unpack[CardFields],
) -> Service:
    """Change a card's content (and its required documents when given). A published card must
    stay complete: a change that would leave it unpublishable is refused. Returns the card as
    saved; nothing is recorded when nothing changed."""
    _require_admin(actor, service.agency_id)
    service = Service.objects.select_for_update().get(pk=service.pk)
    fields = _clean(fields)
    old_documents = _documents_of(service)
    new_documents = old_documents if documents is None else _clean_documents(documents)
    before = _snapshot(service, old_documents)
    for name, value in fields.items():
        setattr(service, name, value)
    changes = _diff(before, _snapshot(service, new_documents))
    if not changes:
        return service
    if service.status == Status.PUBLISHED and (problems := publish_problems(service)):
        raise ValidationError([_("A published card must stay complete. It would lack:"), *problems])
    service.save()
    if DOCUMENTS in changes:
        _save_documents(service, new_documents)
    refresh_search(service)
    _record(service, Change.Action.UPDATED, changes, actor)
    return service


def _transition(
    service: Service, *, sources: Sequence[str], target: str, action: str, actor, **extra
) -> Service:
    """The guarded status change: only from `sources`, once, whatever double clicks or races."""
    now = timezone.now()
    changed = Service.objects.filter(pk=service.pk, status__in=sources).update(
        status=target, updated_at=now, **extra
    )
    if not changed:
        raise TransitionNotAllowed
    before = service.status
    service.status, service.updated_at = target, now
    for name, value in extra.items():
        setattr(service, name, value)
    _record(service, action, {"status": {"before": before, "after": target}}, actor)
    return service


@transaction.atomic
def service_publish(*, service: Service, actor: User) -> Service:
    """Publish a draft card, if it is complete (publish_problems)."""
    _require_admin(actor, service.agency_id)
    return _publish(service, actor=actor)


def _publish(service: Service, *, actor: User | None) -> Service:
    locked = Service.objects.select_for_update().get(pk=service.pk)
    if locked.status != Status.DRAFT:
        raise TransitionNotAllowed
    if problems := publish_problems(locked):
        raise ValidationError([_("The card cannot be published yet. It lacks:"), *problems])
    return _transition(
        locked,
        sources=[Status.DRAFT],
        target=Status.PUBLISHED,
        action=Change.Action.PUBLISHED,
        actor=actor,
        published_at=timezone.now(),
    )


@transaction.atomic
def service_retire(*, service: Service, actor: User) -> Service:
    """Take a card out of the catalogue (its page and open data); its history stays."""
    _require_admin(actor, service.agency_id)
    return _transition(
        service,
        sources=[Status.DRAFT, Status.PUBLISHED],
        target=Status.RETIRED,
        action=Change.Action.RETIRED,
        actor=actor,
        retired_at=timezone.now(),
    )


@transaction.atomic
def service_return_to_draft(*, service: Service, actor: User) -> Service:
    """A retired card back to draft, to be revised and published again."""
    _require_admin(actor, service.agency_id)
    return _transition(
        service,
        sources=[Status.RETIRED],
        target=Status.DRAFT,
        action=Change.Action.RETURNED_TO_DRAFT,
        actor=actor,
        retired_at=None,
    )


# Loading data -----------------------------------------------------------------------------------


@transaction.atomic
def service_load(
    *,
    agency: Agency,
    slug: str,
    documents: Sequence[Document] = (),
    publish: bool = True,
    **fields: Unpack[CardFields],
) -> tuple[Service, bool]:
    """A card loaded by the system (demo data, bench data), not by a person: no permission
    check, history rows without an actor. Idempotent by slug: an existing card is left as it is.
    Returns the card and whether it was created."""
    existing = Service.objects.filter(slug=slug).first()
    if existing is not None:
        return existing, False
    service = _create(agency=agency, slug=slug, fields=fields, documents=documents, actor=None)
    if publish:
        service = _publish(service, actor=None)
    return service, True


@transaction.atomic
def life_event_load(
    *,
    code: str,
    name_ar: str,
    name_en: str,
    description_ar: str = "",
    description_en: str = "",
    position: int = 0,
    services: Sequence[Service] = (),
) -> LifeEvent:
    """Create or update a life event and set its services, in this order. Life events span
    agencies, so they are reference data (demo data, the admin site), not an agency's."""
    life_event, created = LifeEvent.objects.update_or_create(
        code=code,
        defaults={
            "name_ar": name_ar,
            "name_en": name_en,
            "description_ar": description_ar,
            "description_en": description_en,
            "position": position,
        },
    )
    LifeEventService.objects.filter(life_event=life_event).delete()
    LifeEventService.objects.bulk_create(
        LifeEventService(life_event=life_event, service=service, position=i)
        for i, service in enumerate(dict.fromkeys(services))
    )
    audit_record(
        actor=None,
        action=AuditAction.CREATE if created else AuditAction.UPDATE,
        obj=life_event,
        detail="loaded",
    )
    return life_event
