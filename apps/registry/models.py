from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.models import TimeStampedModel
from apps.core.text import normalise_name
from apps.organisations.models import Agency, Governorate


class Person(TimeStampedModel):
    class IdType(models.TextChoices):
        NATIONAL_NUMBER = "national_number", _("National number")
        PERSONAL_NUMBER = "personal_number", _("Personal number (non-Jordanians)")
        UNHCR = "unhcr", _("UNHCR number")
        PASSPORT = "passport", _("Passport")

    class Sex(models.TextChoices):
        FEMALE = "female", _("Female")
        MALE = "male", _("Male")

    class Disability(models.TextChoices):
        NONE = "none", _("None")
        PHYSICAL = "physical", _("Physical")
        VISUAL = "visual", _("Visual")
        HEARING = "hearing", _("Hearing")
        INTELLECTUAL = "intellectual", _("Intellectual")
        PSYCHOSOCIAL = "psychosocial", _("Psychosocial")
        MULTIPLE = "multiple", _("Multiple")

    id_type = models.CharField(_("ID type"), max_length=20, choices=IdType.choices)
    id_number = models.CharField(_("ID number"), max_length=30)
    # The four-part Arabic name: first, father, grandfather, family.
    first_name_ar = models.CharField(_("first name (Arabic)"), max_length=60)
    father_name_ar = models.CharField(_("father's name (Arabic)"), max_length=60)
    grandfather_name_ar = models.CharField(
        _("grandfather's name (Arabic)"), max_length=60, blank=True
    )
    family_name_ar = models.CharField(_("family name (Arabic)"), max_length=60)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    # normalise_name() of the Arabic and English names, kept for matching and search.
    search_name = models.CharField(max_length=500, editable=False)
    birth_date = models.DateField(_("date of birth"))
    sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices)
    mobile = models.CharField(_("mobile number"), max_length=16, blank=True)
    governorate = models.ForeignKey(
        Governorate, on_delete=models.PROTECT, related_name="+", verbose_name=_("governorate")
    )
    disability = models.CharField(
        _("disability"), max_length=20, choices=Disability.choices, default=Disability.NONE
    )
    # Agencies that hold this person's record (registered them, or have a case for their household).
    # Staff of other agencies see the person only through consent (see selectors.people_visible_to).
    agencies = models.ManyToManyField(
        Agency, related_name="+", blank=True, verbose_name=_("agencies holding the record")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            models.UniqueConstraint(fields=["id_type", "id_number"], name="person_unique_id")
        ]
        indexes = [
            GinIndex(fields=["search_name"], opclasses=["gin_trgm_ops"], name="person_name_trgm"),
            # Search by ID number does not know the ID type, so the unique index cannot serve it.
            models.Index(fields=["id_number"], name="person_id_number"),
            models.Index(fields=["mobile"], name="person_mobile"),
            models.Index(fields=["birth_date"], name="person_birth_date"),
        ]

    def __str__(self):
        return self.full_name_ar

    def save(self, *args, **kwargs):
        self.search_name = normalise_name(f"{self.full_name_ar} {self.name_en}")
        super().save(*args, **kwargs)

    @property
    def full_name_ar(self) -> str:
        parts = [
            self.first_name_ar,
            self.father_name_ar,
            self.grandfather_name_ar,
            self.family_name_ar,
        ]
        return " ".join(p for p in parts if p)


class Household(TimeStampedModel):
    reference = models.CharField(_("household number"), max_length=20, unique=True)
    governorate = models.ForeignKey(
        Governorate, on_delete=models.PROTECT, related_name="+", verbose_name=_("governorate")
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")

    def __str__(self):
        return self.reference


class HouseholdMember(models.Model):
    """A person's membership of a household; a move ends one row and starts another."""

    class Relationship(models.TextChoices):
        HEAD = "head", _("Head of household")
        SPOUSE = "spouse", _("Spouse")
        SON = "son", _("Son")
        DAUGHTER = "daughter", _("Daughter")
        FATHER = "father", _("Father")
        MOTHER = "mother", _("Mother")
        BROTHER = "brother", _("Brother")
        SISTER = "sister", _("Sister")
        GRANDCHILD = "grandchild", _("Grandchild")
        OTHER_RELATIVE = "other_relative", _("Other relative")
        OTHER = "other", _("Not related")

    household = models.ForeignKey(
        Household, on_delete=models.PROTECT, related_name="members", verbose_name=_("household")
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="household_memberships",
        verbose_name=_("person"),
    )
    relationship = models.CharField(
        _("relationship to the head"), max_length=20, choices=Relationship.choices
    )
    joined_at = models.DateTimeField(_("joined"), auto_now_add=True)
    left_at = models.DateTimeField(_("left"), null=True, blank=True)

    class Meta:
        ordering = ["joined_at"]
        verbose_name = _("household member")
        verbose_name_plural = _("household members")
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=models.Q(left_at__isnull=True),
                name="member_one_current_household",
            ),
            models.UniqueConstraint(
                fields=["household"],
                condition=models.Q(left_at__isnull=True, relationship="head"),
                name="member_one_current_head",
            ),
        ]
        indexes = [models.Index(fields=["household", "left_at"], name="member_household_current")]

    def __str__(self):
        return f"{self.person} · {self.get_relationship_display()}"


class Consent(models.Model):
    class Purpose(models.TextChoices):
        CASE_MANAGEMENT = "case_management", _("Case management")
        REFERRAL = "referral", _("Referral to other agencies")
        DATA_SHARING = "data_sharing", _("Sharing data between agencies")

    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="consents", verbose_name=_("person")
    )
    purpose = models.CharField(_("purpose"), max_length=30, choices=Purpose.choices)
    agencies = models.ManyToManyField(Agency, related_name="+", verbose_name=_("agencies covered"))
    given_at = models.DateTimeField(_("given"), auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("withdrawn by"),
    )

    class Meta:
        ordering = ["-given_at"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        indexes = [models.Index(fields=["person", "purpose"], name="consent_person_purpose")]

    def __str__(self):
        return f"{self.person} · {self.get_purpose_display()}"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None
