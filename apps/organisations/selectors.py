from django.db.models import Exists, OuterRef, Prefetch, QuerySet

from .models import Agency, Membership, Office, User

Role = Membership.Role


def memberships_of(user: User) -> QuerySet[Membership]:
    if not user.is_authenticated:
        return Membership.objects.none()
    return Membership.objects.filter(user=user, is_active=True).select_related(
        "office__agency", "office__governorate"
    )


def roles_of(user: User) -> frozenset[str]:
    """The roles a user holds in any office; cached on the user object for the request."""
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_masar_roles", None)
    if cached is None:
        cached = frozenset(
            Membership.objects.filter(user=user, is_active=True)
            .order_by()
            .values_list("role", flat=True)
        )
        user._masar_roles = cached
    return cached


def agencies_administered_by(user: User) -> QuerySet[Agency]:
    if not user.is_authenticated:
        return Agency.objects.none()
    return Agency.objects.filter(
        offices__memberships__user=user,
        offices__memberships__role=Role.AGENCY_ADMIN,
        offices__memberships__is_active=True,
    ).distinct()


def offices_administered_by(user: User) -> QuerySet[Office]:
    return Office.objects.filter(
        agency__in=agencies_administered_by(user), is_active=True
    ).select_related("agency", "governorate")


def staff_visible_to(user: User) -> QuerySet[User]:
    """Staff of the agencies the user administers, with their memberships in those agencies."""
    agencies = agencies_administered_by(user)
    in_agency = Membership.objects.filter(user=OuterRef("pk"), office__agency__in=agencies)
    return (
        User.objects.filter(Exists(in_agency))
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.filter(office__agency__in=agencies).select_related(
                    "office__agency", "office__governorate"
                ),
            )
        )
        .order_by("full_name", "email")
    )
