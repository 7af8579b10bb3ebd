"""Who sees which referral, and the lists of each side.

The sending side (the case's social worker and its office's supervisors, the sending agency's
admins) sees its referrals whole. The receiving side sees only what it needs to deliver the
service: the person's name and contact, the reason, and the documents the sender chose to share,
never the rest of the case (DESIGN.md, "Access"). Drafts are the sender's alone.
"""

from django.db.models import Q, QuerySet

from apps.cases.models import Case
from apps.cases.selectors import offices_where
from apps.organisations.models import Membership, User

from .models import Referral

Role = Membership.Role
Status = Referral.Status
# Open on the receiving side: routed to an office and not yet closed.
RECEIVED_OPEN = (Status.ROUTED, Status.INFO_REQUESTED, Status.ACCEPTED)


def _office_ids(user: User, *roles: str) -> list[int]:
    return list(offices_where(user, *roles).values_list("pk", flat=True))


def _agency_ids(user: User, *roles: str) -> list[int]:
    return list(offices_where(user, *roles).values_list("agency_id", flat=True).distinct())


def administers(user: User, agency_id: int) -> bool:
    return agency_id in _agency_ids(user, Role.AGENCY_ADMIN)


def _any(conditions: list[Q]) -> Q | None:
    combined = None
    for condition in conditions:
        combined = condition if combined is None else combined | condition
    return combined


def sent_visible_to(user: User) -> QuerySet[Referral]:
    """The sending side: what the user sent or was sent from their cases, their supervised
    offices' referrals, their agency's as its admin. Each role adds a condition only when it is
    held, so a supervisor's list is one index walk (from_office, -updated_at, -id)."""
    if not user.is_authenticated:
        return Referral.objects.none()
    conditions = []
    if _office_ids(user, Role.SOCIAL_WORKER, Role.SUPERVISOR):
        owned = list(Case.objects.filter(owner=user).values_list("pk", flat=True))
        conditions.append(Q(from_worker=user) | Q(case__in=owned))
    if supervised := _office_ids(user, Role.SUPERVISOR):
        conditions.append(Q(from_office__in=supervised))
    if administered := _agency_ids(user, Role.AGENCY_ADMIN):
        conditions.append(Q(from_office__agency__in=administered))
    combined = _any(conditions)
    return Referral.objects.filter(combined) if combined else Referral.objects.none()


def received_visible_to(user: User) -> QuerySet[Referral]:
    """The receiving side: a social worker sees the office's referrals assigned to them and the
    unassigned ones (to take), a supervisor all of the office's, an agency admin all of the
    agency's, unrouted ones included (drafts and submitted ones have no receiver yet)."""
    if not user.is_authenticated:
        return Referral.objects.none()
    conditions = []
    if worked := _office_ids(user, Role.SOCIAL_WORKER):
        conditions.append(
            Q(to_office__in=worked) & (Q(assigned_to=user) | Q(assigned_to__isnull=True))
        )
    if supervised := _office_ids(user, Role.SUPERVISOR):
        conditions.append(Q(to_office__in=supervised))
    if administered := _agency_ids(user, Role.AGENCY_ADMIN):
        conditions.append(
            Q(to_agency__in=administered) & ~Q(status__in=[Status.DRAFT, Status.SUBMITTED])
        )
    combined = _any(conditions)
    return Referral.objects.filter(combined) if combined else Referral.objects.none()


def referral_for(user: User, reference: str) -> tuple[Referral, str]:
    """The referral and the side the user sees it from ("sender" or "receiver"); fetched by
    reference, then checked. Referral.DoesNotExist when the user may see it from neither."""
    referral = Referral.objects.select_related(
        "case__office__agency",
        "person__governorate",
        "service__agency",
        "from_office__agency",
        "from_worker",
        "to_agency",
        "to_office",
        "assigned_to",
        "consent",
    ).get(reference=reference)
    if may_act_as_sender(user, referral) or may_read_as_sender(user, referral):
        return referral, "sender"
    if referral.status not in (Status.DRAFT, Status.SUBMITTED) and may_read_as_receiver(
        user, referral
    ):
        return referral, "receiver"
    raise Referral.DoesNotExist


def may_act_as_sender(user: User, referral: Referral) -> bool:
    """The case's social worker or a supervisor of the sending office."""
    return (
        referral.from_worker_id == user.pk
        or referral.case.owner_id == user.pk
        or referral.from_office_id in _office_ids(user, Role.SUPERVISOR)
    )


def may_read_as_sender(user: User, referral: Referral) -> bool:
    return referral.from_office.agency_id in _agency_ids(user, Role.AGENCY_ADMIN)


def may_act_as_receiver(user: User, referral: Referral, *, supervisor: bool = False) -> bool:
    """A supervisor of the receiving office; or, unless `supervisor`, its assigned social
    worker, or any of its social workers while nobody is assigned."""
    if referral.to_office_id is None:
        return False
    if referral.to_office_id in _office_ids(user, Role.SUPERVISOR):
        return True
    if supervisor:
        return False
    if referral.assigned_to_id is not None:
        return referral.assigned_to_id == user.pk
    return referral.to_office_id in _office_ids(user, Role.SOCIAL_WORKER)


def may_read_as_receiver(user: User, referral: Referral) -> bool:
    return may_act_as_receiver(user, referral) or administers(user, referral.to_agency_id)


def referrals_of_case(case) -> QuerySet[Referral]:
    return (
        Referral.objects.filter(case=case)
        .select_related("service", "person")
        .prefetch_related("to_agency", "to_office")
        .order_by("-created_at", "-id")
    )


def referral_thread(referral: Referral):
    return list(referral.updates.select_related("author", "agency"))


def shared_documents(referral: Referral):
    return list(referral.documents.order_by("-uploaded_at"))
