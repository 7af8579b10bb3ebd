"""Who sees which application, and the lookup of the tracking page.

Staff see the applications routed to their office: a social worker the ones assigned to them and
the ones nobody has taken, a supervisor all of the office's, an agency admin all of the agency's
once submitted (unrouted ones included). Drafts are the applicant's alone.
"""

import hmac

from django.db.models import Count, Q, QuerySet

from apps.cases.selectors import offices_where
from apps.core.references import normalise
from apps.core.text import ascii_digits, normalise_mobile
from apps.organisations.models import Membership, User
from apps.sla.models import Clock

from .models import AT_OFFICE, Application, ApplicationUpdate

Role = Membership.Role
Status = Application.Status
REVIEWER_ROLES = (Role.SOCIAL_WORKER,)
CLOCK_KIND = "applications.application"
DECIDE = "decide"  # the office owes a decision within the service's processing time


def _office_ids(user: User, *roles: str) -> list[int]:
    return list(offices_where(user, *roles).values_list("pk", flat=True))


def _agency_ids(user: User, *roles: str) -> list[int]:
    return list(offices_where(user, *roles).values_list("agency_id", flat=True).distinct())


def administers(user: User, agency_id: int) -> bool:
    return agency_id in _agency_ids(user, Role.AGENCY_ADMIN)


def applications_visible_to(user: User) -> QuerySet[Application]:
    """The staff side, by office (as referrals received): each role adds a condition only when
    it is held, so a supervisor's queue is one index walk (office, status, -updated_at, -id)."""
    if not user.is_authenticated:
        return Application.objects.none()
    # The user's active memberships of the three roles, in one query.
    worked, supervised, administered = [], [], set()
    for role, office_id, agency_id in Membership.objects.filter(
        user=user,
        is_active=True,
        role__in=[*REVIEWER_ROLES, Role.SUPERVISOR, Role.AGENCY_ADMIN],
    ).values_list("role", "office_id", "office__agency_id"):
        if role in REVIEWER_ROLES:
            worked.append(office_id)
        elif role == Role.SUPERVISOR:
            supervised.append(office_id)
        else:
            administered.add(agency_id)
    conditions = []
    if worked:
        conditions.append(
            Q(office__in=worked) & (Q(assigned_to=user) | Q(assigned_to__isnull=True))
        )
    if supervised:
        conditions.append(Q(office__in=supervised))
    if administered:
        conditions.append(Q(agency__in=sorted(administered)))
    if not conditions:
        return Application.objects.none()
    combined = conditions[0]
    for condition in conditions[1:]:
        combined |= condition
    return Application.objects.filter(combined).exclude(status=Status.DRAFT)


def applications_of(user: User) -> QuerySet[Application]:
    """The applicant's own, drafts included, last changed first."""
    if not user.is_authenticated:
        return Application.objects.none()
    return Application.objects.filter(applicant=user).order_by("-updated_at", "-id")


def may_review(user: User, application: Application) -> bool:
    """A social worker of the application's office (taking it, or the one it is assigned to)."""
    if application.office_id is None:
        return False
    if application.office_id not in _office_ids(user, *REVIEWER_ROLES):
        return False
    return application.assigned_to_id in (None, user.pk)


def supervises(user: User, application: Application) -> bool:
    return application.office_id is not None and application.office_id in _office_ids(
        user, Role.SUPERVISOR
    )


def reviewers_of(office_id: int) -> QuerySet[User]:
    return User.objects.filter(
        is_active=True,
        memberships__office_id=office_id,
        memberships__role__in=REVIEWER_ROLES,
        memberships__is_active=True,
    ).distinct()


def application_history(application: Application) -> list[ApplicationUpdate]:
    return list(application.updates.select_related("author"))


def public_history(application: Application) -> list[ApplicationUpdate]:
    """What the applicant sees: the steps marked for them, oldest first, without staff names."""
    return list(application.updates.filter(visible_to_applicant=True).order_by("at", "id"))


def decision_clock(application: Application) -> Clock | None:
    """The running clock of the office's decision (None before routing and once decided)."""
    return Clock.objects.filter(
        kind=CLOCK_KIND,
        subject_id=str(application.pk),
        purpose=DECIDE,
        stopped_at__isnull=True,
    ).first()


def open_question(application: Application) -> ApplicationUpdate | None:
    """The office's question the applicant has still to answer."""
    if application.status != Status.INFO_REQUESTED:
        return None
    return application.updates.filter(kind=ApplicationUpdate.Kind.QUESTION).first()


def office_load(office_ids) -> dict[int, int]:
    """Undecided applications at each office (routing balances equal offices by it)."""
    if not office_ids:
        return {}
    rows = (
        Application.objects.filter(office__in=office_ids, status__in=AT_OFFICE)
        .values("office")
        .order_by()
    )
    return dict(rows.annotate(open=Count("pk")).values_list("office", "open"))


def _matches(given: str, stored: str) -> bool:
    return bool(given and stored) and hmac.compare_digest(given.encode(), stored.encode())


def application_to_track(reference: str, verification: str) -> Application | None:
    """The application a visitor of the tracking page asks for: its reference and the last four
    digits of the national number, or the mobile number, on file (the application's or the
    matched person's). A wrong reference and a wrong verification both give None, so the page
    says one thing for both. Drafts are not tracked."""
    reference = normalise(reference)
    if reference is None:
        return None
    application = (
        Application.objects.select_related("service", "agency", "office", "person")
        .filter(reference=reference)
        .exclude(status=Status.DRAFT)
        .first()
    )
    if application is None:
        return None
    given = ascii_digits((verification or "").strip())
    person = application.person
    if len(given) == 4 and given.isdigit():
        numbers = {application.id_number, person.id_number if person else ""}
        matched = any(_matches(given, number[-4:]) for number in numbers if len(number) >= 4)
    else:
        phone = normalise_mobile(given) or ""
        mobiles = {application.mobile, normalise_mobile(person.mobile or "") if person else ""}
        matched = any(_matches(phone, mobile or "") for mobile in mobiles)
    return application if matched else None
