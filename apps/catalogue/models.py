import uuid

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from apps.core.models import TimeStampedModel, in_active_language
from apps.organisations.models import Agency

PUBLISHED = models.Q(status="published")


class Pillar(models.TextChoices):
    """The four pillars of the National Social Protection Strategy 2025–2033.

    Defined here, in the lower layer: the workflow apps (cases) can take it from the catalogue.
    """

    KARAMA = "karama", _("Karama (dignity)")
    TAMKEEN = "tamkeen", _("Tamkeen (empowerment)")
    FORSA = "forsa", _("Forsa (opportunity)")
    SUMUD = "sumud", _("Sumud (resilience)")


class Channel(models.TextChoices):
    ONLINE = "online", _("Online")
    OFFICE = "office", _("At an office of the agency")
    ONE_STOP = "one_stop", _("One-stop service centre")
    CALL_CENTRE = "call_centre", _("Call centre")
    MOBILE_APP = "mobile_app", _("Mobile app")


class Service(TimeStampedModel):
    """A service card: what a service is, who may have it, what it needs, costs and takes.

    Written only through services.py, which keeps `search_name` and `search_vector` current and
    records every change in ServiceChange.
    """

    class Status(models.TextChoices):
        # A card (بطاقة) is feminine in Arabic; the context keeps these apart from other statuses.
        DRAFT = "draft", pgettext_lazy("service card status", "Draft")
        PUBLISHED = "published", pgettext_lazy("service card status", "Published")
        RETIRED = "retired", pgettext_lazy("service card status", "Retired")

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="services", verbose_name=_("agency")
    )
    # The card's address (/services/<slug>/): set once, never changed, so links keep working.
    slug = models.SlugField(_("web address"), max_length=80, unique=True)
    # The identifier of the card in open data (HSDS asks for a UUID).
    uuid = models.UUIDField(_("open data identifier"), default=uuid.uuid4, unique=True)
    pillar = models.CharField(_("pillar"), max_length=10, choices=Pillar.choices)
    name_ar = models.CharField(_("name in Arabic"), max_length=200, blank=True)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    summary_ar = models.CharField(_("summary in Arabic"), max_length=300, blank=True)
    summary_en = models.CharField(_("summary in English"), max_length=300, blank=True)
    description_ar = models.TextField(_("description in Arabic"), blank=True)
    description_en = models.TextField(_("description in English"), blank=True)
    eligibility_ar = models.TextField(_("who is eligible, in Arabic"), blank=True)
    eligibility_en = models.TextField(_("who is eligible, in English"), blank=True)
    # Jordanian dinars have 1,000 fils: three decimal places.
    fee = models.DecimalField(
        _("fee in Jordanian dinars"), max_digits=8, decimal_places=3, default=0
    )
    fee_note_ar = models.CharField(_("fee note in Arabic"), max_length=200, blank=True)
    fee_note_en = models.CharField(_("fee note in English"), max_length=200, blank=True)
    channels = ArrayField(
        models.CharField(max_length=20, choices=Channel.choices),
        verbose_name=_("channels"),
        default=list,
        blank=True,
    )
    processing_days = models.PositiveSmallIntegerField(
        _("processing time in working days"), null=True, blank=True
    )
    referral_response_days = models.PositiveSmallIntegerField(
        _("referral response time in working days"), null=True, blank=True
    )
    referrable = models.BooleanField(_("accepts referrals"), default=False)
    applicable_online = models.BooleanField(_("can be applied for online"), default=False)
    opens_case = models.BooleanField(_("opens a case"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    retired_at = models.DateTimeField(_("retired"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    # normalise_name() of both names: name filters of the staff list and the admin site.
    search_name = models.CharField(max_length=500, editable=False, default="")
    # Arabic (normalised, `arabic` configuration) and English text, weighted; see services.py.
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        verbose_name = _("service card")
        verbose_name_plural = _("service cards")
        constraints = [
            models.CheckConstraint(condition=models.Q(fee__gte=0), name="service_fee_not_negative")
        ]
        indexes = [
            GinIndex(fields=["search_vector"], name="service_search_vector"),
            GinIndex(fields=["search_name"], opclasses=["gin_trgm_ops"], name="service_name_trgm"),
            GinIndex(fields=["channels"], name="service_channels"),
            # The public catalogue: published cards by name in each language (keyset order),
            # and its filters by agency and pillar.
            models.Index(fields=["name_ar", "id"], condition=PUBLISHED, name="service_pub_name_ar"),
            models.Index(fields=["name_en", "id"], condition=PUBLISHED, name="service_pub_name_en"),
            models.Index(
                fields=["agency", "name_ar", "id"], condition=PUBLISHED, name="service_pub_agency"
            ),
            models.Index(
                fields=["pillar", "name_ar", "id"], condition=PUBLISHED, name="service_pub_pillar"
            ),
            # The staff list: an agency's cards, most recently changed first.
            models.Index(fields=["agency", "-updated_at", "-id"], name="service_agency_updated"),
        ]

    def __str__(self):
        return self.name or self.slug

    @property
    def name(self) -> str:
        return in_active_language(self.name_ar, self.name_en)

    @property
    def summary(self) -> str:
        return in_active_language(self.summary_ar, self.summary_en)

    @property
    def pillar_label(self) -> str:
        # get_pillar_display() builds a dict of every choice on each call; lists show many cards.
        return Pillar(self.pillar).label

    @property
    def description(self) -> str:
        return in_active_language(self.description_ar, self.description_en)

    @property
    def eligibility(self) -> str:
        return in_active_language(self.eligibility_ar, self.eligibility_en)

    @property
    def fee_note(self) -> str:
        return in_active_language(self.fee_note_ar, self.fee_note_en)

    @property
    def is_free(self) -> bool:
        return self.fee == 0

    @property
    def channel_labels(self) -> list[str]:
        return [Channel(value).label for value in self.channels if value in Channel.values]

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class RequiredDocument(models.Model):
    service = models.ForeignKey(
        Service,
        on_delete=models.CASCADE,
        related_name="documents",
        verbose_name=_("service card"),
    )
    name_ar = models.CharField(_("document in Arabic"), max_length=200)
    name_en = models.CharField(_("document in English"), max_length=200)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["service", "position", "id"]
        verbose_name = _("required document")
        verbose_name_plural = _("required documents")
        indexes = [models.Index(fields=["service", "position"], name="document_service_position")]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return in_active_language(self.name_ar, self.name_en)


class ServiceChange(models.Model):
    """One write to a card: who, when, and each changed field's value before and after.

    Rows are only ever inserted (by services.py); `changes` is {field: {"before": …, "after": …}}.
    """

    class Action(models.TextChoices):
        CREATED = "created", _("Created")
        UPDATED = "updated", _("Edited")
        PUBLISHED = "published", _("Published")
        RETIRED = "retired", _("Retired")
        RETURNED_TO_DRAFT = "returned_to_draft", _("Returned to draft")

    service = models.ForeignKey(
        Service, on_delete=models.PROTECT, related_name="changes", verbose_name=_("service card")
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("service card change")
        verbose_name_plural = _("service card changes")
        indexes = [models.Index(fields=["service", "-at", "-id"], name="service_change_service")]

    def __str__(self):
        return f"{self.service_id} {self.action} {self.at:%Y-%m-%d %H:%M}"


class SearchWord(models.Model):
    """A word of the cards' names and summaries, normalised: the vocabulary to which the typo
    fallback of the search corrects each word of a query (services.refresh_search adds to it)."""

    word = models.CharField(max_length=40, unique=True)
    # The word as a card first wrote it (with its taa marbuta, hamza), to show a corrected query.
    shown = models.CharField(max_length=80)

    class Meta:
        indexes = [GinIndex(fields=["word"], opclasses=["gin_trgm_ops"], name="search_word_trgm")]

    def __str__(self):
        return self.word


class LifeEvent(models.Model):
    """A moment of life (a new baby, losing a job) and the services it usually calls for."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_ar = models.CharField(_("name in Arabic"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200)
    description_ar = models.TextField(_("description in Arabic"), blank=True)
    description_en = models.TextField(_("description in English"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    services = models.ManyToManyField(
        Service,
        through="LifeEventService",
        related_name="life_events",
        verbose_name=_("services"),
    )

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("life event")
        verbose_name_plural = _("life events")

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return in_active_language(self.name_ar, self.name_en)

    @property
    def description(self) -> str:
        return in_active_language(self.description_ar, self.description_en)


class LifeEventService(models.Model):
    life_event = models.ForeignKey(
        LifeEvent, on_delete=models.CASCADE, related_name="links", verbose_name=_("life event")
    )
    service = models.ForeignKey(
        Service,
        on_delete=models.CASCADE,
        related_name="life_event_links",
        verbose_name=_("service card"),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["life_event", "position", "id"]
        verbose_name = _("service of a life event")
        verbose_name_plural = _("services of life events")
        constraints = [
            models.UniqueConstraint(
                fields=["life_event", "service"], name="life_event_service_unique"
            )
        ]
        indexes = [models.Index(fields=["service"], name="life_event_service_service")]

    def __str__(self):
        return f"{self.life_event_id} · {self.service_id}"
