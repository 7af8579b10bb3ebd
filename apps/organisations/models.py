from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.models import in_active_language


class Governorate(models.Model):
    code = models.CharField(_("code"), max_length=2, unique=True)
    name_ar = models.CharField(_("name in Arabic"), max_length=100)
    name_en = models.CharField(_("name in English"), max_length=100)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("governorate")
        verbose_name_plural = _("governorates")

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return in_active_language(self.name_ar, self.name_en)


class Agency(models.Model):
    class Kind(models.TextChoices):
        GOVERNMENT = "government", _("Government")
        NGO = "ngo", _("Non-governmental organisation")

    code = models.CharField(_("code"), max_length=10, unique=True)
    name_ar = models.CharField(_("name in Arabic"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.GOVERNMENT)
    social_sector = models.BooleanField(
        _("social sector"),
        default=False,
        help_text=_("Social-sector agencies have an office in every governorate."),
    )
    # Figures from the public-sector modernisation plan: services offered and of them automated.
    services_total = models.PositiveIntegerField(
        _("services in the national plan"), null=True, blank=True
    )
    services_automated = models.PositiveIntegerField(_("services automated"), null=True, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return in_active_language(self.name_ar, self.name_en)


class Office(models.Model):
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="offices", verbose_name=_("agency")
    )
    governorate = models.ForeignKey(
        Governorate, on_delete=models.PROTECT, related_name="offices", verbose_name=_("governorate")
    )
    name_ar = models.CharField(_("name in Arabic"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200)
    is_head_office = models.BooleanField(_("head office"), default=False)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["agency__code", "-is_head_office", "governorate__position"]
        verbose_name = _("office")
        verbose_name_plural = _("offices")
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "name_en"], name="office_unique_name_per_agency"
            ),
            models.UniqueConstraint(
                fields=["agency"],
                condition=models.Q(is_head_office=True),
                name="office_one_head_office_per_agency",
            ),
        ]
        indexes = [models.Index(fields=["agency", "governorate"], name="office_agency_governorate")]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return in_active_language(self.name_ar, self.name_en)


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractBaseUser, PermissionsMixin):
    """Everyone who signs in: citizens, and staff, who hold one or more memberships.

    `is_staff` keeps Django's meaning (may open the admin site); being staff of an agency is
    holding an active membership.
    """

    class Language(models.TextChoices):
        ARABIC = "ar", _("Arabic")
        ENGLISH = "en", _("English")

    email = models.EmailField(_("email address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    language = models.CharField(
        _("preferred language"), max_length=2, choices=Language.choices, default=Language.ARABIC
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("may use the admin site"), default=False)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [models.UniqueConstraint(Lower("email"), name="user_email_ci_unique")]

    def __str__(self):
        return self.full_name or self.email

    def get_full_name(self):
        return self.full_name or self.email

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email


class Membership(models.Model):
    class Role(models.TextChoices):
        INTAKE_OFFICER = "intake_officer", _("Intake officer")
        SOCIAL_WORKER = "social_worker", _("Social worker")
        SUPERVISOR = "supervisor", _("Supervisor")
        COMPLAINTS_OFFICER = "complaints_officer", _("Complaints officer")
        AGENCY_ADMIN = "agency_admin", _("Agency administrator")
        OVERSIGHT = "oversight", _("Oversight")

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user")
    )
    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("office")
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        ordering = ["office__agency__code", "office__governorate__position", "role"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "office", "role"], name="membership_unique_role_per_office"
            )
        ]
        indexes = [models.Index(fields=["office", "role"], name="membership_office_role")]

    def __str__(self):
        return f"{self.user} · {self.get_role_display()} · {self.office}"


class StaffInvite(models.Model):
    """A single-use link by which a new staff member sets a password. Only the token's hash is kept."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="invites", verbose_name=_("user")
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("invited by")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("staff invitation")
        verbose_name_plural = _("staff invitations")

    def __str__(self):
        return f"{self.user} ({self.created_at:%Y-%m-%d})"
