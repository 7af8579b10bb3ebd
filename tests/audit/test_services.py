"""audit_record and audit_denied, the agency an event is accounted to, and the writes of other
apps' services that the audit trail must hold."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory

from apps.audit.models import AuditEvent
from apps.audit.services import audit_denied, audit_record
from apps.cases import services as case_services
from apps.cases.models import Approval, Case, PlanAction
from apps.catalogue.services import life_event_load
from apps.organisations import services as organisation_services
from apps.organisations.models import Agency, Membership
from tests.cases.factories import add_plan, advance, open_case
from tests.organisations.factories import MembershipFactory, office, staff
from tests.organisations.test_services import NEW_PASSWORD, invite

Action = AuditEvent.Action
Role = Membership.Role
pytestmark = pytest.mark.django_db


def last() -> AuditEvent:
    return AuditEvent.objects.latest("id")


# audit_record ----------------------------------------------------------------------------------


def test_an_event_is_accounted_to_the_actors_agency(social_worker, other_agency_worker):
    assert (
        audit_record(actor=social_worker, action=Action.VIEW, object_type="x").agency.code == "MOSD"
    )
    assert (
        audit_record(actor=other_agency_worker, action=Action.VIEW, object_type="x").agency.code
        == "NAF"
    )


def test_someone_working_for_two_agencies_is_accounted_to_the_objects_agency(social_worker):
    MembershipFactory(user=social_worker, office=office("NAF", "IR"), role=Role.SOCIAL_WORKER)
    naf_office = office("NAF", "AM")  # an object that belongs to an agency (agency_id)

    about_naf = audit_record(actor=social_worker, action=Action.UPDATE, obj=naf_office)
    about_nothing = audit_record(actor=social_worker, action=Action.VIEW, object_type="x")

    assert about_naf.agency.code == "NAF"
    lowest = min(Agency.objects.filter(code__in=["MOSD", "NAF"]), key=lambda a: a.pk)
    assert about_nothing.agency == lowest


def test_an_ended_membership_does_not_count(social_worker):
    Membership.objects.filter(user=social_worker).update(is_active=False)
    assert audit_record(actor=social_worker, action=Action.VIEW, object_type="x").agency is None


def test_citizens_and_the_system_belong_to_no_agency(citizen):
    assert audit_record(actor=citizen, action=Action.VIEW, object_type="x").agency is None
    assert audit_record(actor=None, action=Action.CREATE, object_type="x").agency is None


def test_outside_a_request_there_is_no_request_id_or_address(social_worker):
    recorded = audit_record(actor=social_worker, action=Action.VIEW, obj=social_worker)
    assert (recorded.request_id, recorded.ip_address) == ("", None)
    assert (recorded.object_type, recorded.object_id) == (
        "organisations.user",
        str(social_worker.pk),
    )


def test_long_values_are_cut_to_their_columns(social_worker):
    recorded = audit_record(
        actor=social_worker,
        action=Action.VIEW,
        object_type="x",
        object_id="9" * 50,
        detail="d" * 300,
    )
    recorded.refresh_from_db()
    assert (len(recorded.object_id), len(recorded.detail)) == (40, 200)


def test_an_anonymous_actor_is_recorded_as_none(db):
    assert audit_record(actor=AnonymousUser(), action=Action.VIEW, object_type="x").actor is None


# audit_denied ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "action"), [(404, Action.ACCESS_DENIED), (403, Action.PERMISSION_DENIED)]
)
def test_a_refusal_is_recorded_by_its_answer(status, action, social_worker):
    request = RequestFactory().get("/", REMOTE_ADDR="10.1.2.3")
    request.user = social_worker

    recorded = audit_denied(
        request=request, status=status, object_type="cases.case", object_id="C-1"
    )

    assert (recorded.action, recorded.actor, recorded.object_id, recorded.ip_address) == (
        action,
        social_worker,
        "C-1",
        "10.1.2.3",
    )
    assert audit_denied(request=request, status=status, object_type="cases.case") is None


# The writes of other apps ----------------------------------------------------------------------


def test_giving_a_role_and_accepting_an_invitation_are_recorded(agency_admin):
    user, _, token = invite(agency_admin)

    membership = Membership.objects.get(user=user)
    granted = AuditEvent.objects.get(object_type="organisations.membership")
    assert (
        granted.actor,
        granted.action,
        granted.object_id,
        granted.detail,
        granted.agency.code,
    ) == (
        agency_admin,
        Action.CREATE,
        str(membership.pk),
        "role social_worker",
        "MOSD",
    )

    organisation_services.staff_invite_accept(token=token, password=NEW_PASSWORD)

    accepted = last()
    assert (accepted.actor, accepted.action, accepted.object_id, accepted.detail) == (
        user,
        Action.UPDATE,
        str(user.pk),
        "invitation accepted",
    )
    assert NEW_PASSWORD not in str(AuditEvent.objects.values_list())


def test_giving_back_an_ended_role_is_recorded(agency_admin):
    user, _, _ = invite(agency_admin)
    Membership.objects.filter(user=user).update(is_active=False)

    invite(agency_admin, email=user.email)

    assert last().detail == "role social_worker restored"
    assert last().action == Action.UPDATE


@pytest.fixture
def worker_case(social_worker):
    return advance(open_case(owner=social_worker), Case.Status.PLANNING, worker=social_worker)


def recorded_by(call) -> list[AuditEvent]:
    """The events a service call wrote."""
    before = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    call()
    return list(AuditEvent.objects.filter(id__gt=before).order_by("id"))


def test_every_change_to_a_case_is_recorded(
    worker_case, social_worker, supervisor, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    case = worker_case
    goal = case.goals.get()
    action = PlanAction.objects.get(goal=goal)
    irbid = staff("MOSD", "IR", Role.SOCIAL_WORKER)
    amman = staff("MOSD", "AM", Role.SOCIAL_WORKER)
    pdf = SimpleUploadedFile("income.pdf", b"%PDF-1.4 statement", content_type="application/pdf")
    steps = {
        "assessment": lambda: case_services.assessment_record(
            case=case, domain="housing", need=2, notes="Damp flat, Mr Haddad", actor=social_worker
        ),
        "goal": lambda: case_services.goal_add(case=case, description="Rent", actor=social_worker),
        "action": lambda: add_plan(case, actor=social_worker, goal=goal),
        "action status": lambda: case_services.action_set_status(
            action=action, status=PlanAction.Status.IN_PROGRESS, actor=social_worker
        ),
        "risk": lambda: case_services.case_set_risk(
            case=case, risk=Case.Risk.HIGH, actor=social_worker
        ),
        "note": lambda: case_services.note_add(
            case=case, body="Mr Haddad, 0791234567", confidential=True, actor=social_worker
        ),
        "document": lambda: case_services.document_add(
            case=case, title="Haddad income", upload=pdf, actor=social_worker
        ),
        "assign": lambda: case_services.case_assign(
            case=case, to_owner=amman, reason="Leave", actor=supervisor
        ),
        "transfer": lambda: case_services.case_transfer(
            case=case,
            to_office=office("MOSD", "IR"),
            to_owner=irbid,
            reason="Moved",
            actor=supervisor,
        ),
    }
    expected = {
        "assessment": ("cases.assessment", Action.CREATE, "housing"),
        "goal": ("cases.plangoal", Action.CREATE, ""),
        "action": ("cases.planaction", Action.CREATE, ""),
        "action status": ("cases.planaction", Action.TRANSITION, "in_progress"),
        "risk": ("cases.case", Action.UPDATE, "risk high"),
        "note": ("cases.casenote", Action.CREATE, "confidential"),
        "document": ("cases.casedocument", Action.CREATE, ""),
        "assign": ("cases.case", Action.UPDATE, f"assigned to user {amman.pk}"),
        "transfer": (
            "cases.case",
            Action.UPDATE,
            f"transferred to office {office('MOSD', 'IR').pk}, user {irbid.pk}",
        ),
    }
    for name, step in steps.items():
        events = [e for e in recorded_by(step) if e.object_type != "registry.person"]
        assert [(e.object_type, e.action, e.detail) for e in events] == [expected[name]], name
    stored = str(list(AuditEvent.objects.values_list()))
    assert "Haddad" not in stored and "0791234567" not in stored and "Damp" not in stored


def test_approvals_are_recorded(social_worker, supervisor):
    case = advance(
        open_case(owner=social_worker, risk=Case.Risk.CRITICAL),
        Case.Status.PLANNING,
        worker=social_worker,
    )

    [requested] = recorded_by(lambda: case_services.case_activate(case=case, actor=social_worker))
    approval = case.approvals.get()
    assert (requested.object_type, requested.action, requested.detail) == (
        "cases.approval",
        Action.CREATE,
        Approval.Kind.PLAN,
    )

    decided = recorded_by(
        lambda: case_services.approval_decide(
            approval=approval, approve=False, comment="Add a goal for school", actor=supervisor
        )
    )
    assert [(e.object_type, e.action, e.detail) for e in decided] == [
        ("cases.approval", Action.TRANSITION, Approval.Status.RETURNED)
    ]


def test_loading_a_life_event_is_recorded_as_the_systems(db):
    created = life_event_load(code="birth", name_ar="ولادة طفل", name_en="Having a baby")
    updated = life_event_load(code="birth", name_ar="ولادة طفل", name_en="A new baby")

    assert [(e.actor, e.action, e.object_id) for e in AuditEvent.objects.order_by("id")] == [
        (None, Action.CREATE, str(created.pk)),
        (None, Action.UPDATE, str(updated.pk)),
    ]
