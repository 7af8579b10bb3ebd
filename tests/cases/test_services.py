"""The case services: opening, every transition (from the right states only, and once), who may
do what, assessments, plans, notes, documents, assignment and transfer."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from apps.audit.models import AuditEvent
from apps.cases import selectors, services
from apps.cases.models import (
    Approval,
    Assessment,
    Assignment,
    Case,
    CaseDocument,
    CaseEvent,
    CaseNote,
    PlanAction,
)
from apps.core import references
from apps.core.exceptions import TransitionNotAllowed
from apps.organisations.models import Membership
from apps.registry import services as registry_services
from tests.cases.factories import CaseFactory, add_plan, advance, household, open_case, person
from tests.organisations.factories import office, staff

Status = Case.Status
Role = Membership.Role
ALL_STATUSES = list(Status)

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48
TEXT = b"Just some text pretending to be a PDF.\n"


def status_of(case: Case) -> str:
    return Case.objects.values_list("status", flat=True).get(pk=case.pk)


def snapshot(case: Case) -> tuple:
    """What a refused change must leave as it was."""
    fresh = Case.objects.get(pk=case.pk)
    return (
        fresh.status,
        fresh.owner_id,
        fresh.office_id,
        fresh.closed_at,
        case.events.count(),
        list(case.approvals.values_list("kind", "status").order_by("pk")),
    )


# Opening a case ---------------------------------------------------------------------------------


def test_opening_a_case_records_it_with_its_timeline_entry_and_audit_event(social_worker):
    home, members = household(size=4)
    case = services.case_open(
        household=home,
        primary_person=members[1],
        office=office("MOSD", "AM"),
        owner=social_worker,
        risk=Case.Risk.HIGH,
        summary="Eviction notice",
        actor=social_worker,
    )

    case.refresh_from_db()
    assert case.status == Status.OPEN
    assert (case.household, case.primary_person, case.owner) == (home, members[1], social_worker)
    assert case.risk == Case.Risk.HIGH
    assert references.normalise(case.reference) == case.reference
    assert case.reference.startswith("C-")
    opened = case.events.get()
    assert (opened.kind, opened.actor, opened.agency.code) == (
        CaseEvent.Kind.OPENED,
        social_worker,
        "MOSD",
    )
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.CREATE, object_type="cases.case", object_id=str(case.pk)
    ).exists()
    assignment = case.assignments.get()
    assert (assignment.from_owner, assignment.to_owner) == (None, social_worker)


def test_the_offices_agency_comes_to_hold_every_current_members_record(social_worker):
    home, members = household(size=4)
    mover = person()
    registry_services.household_member_add(
        household=home, person=mover, relationship="other", actor=None
    )
    elsewhere, _ = household(size=2)
    registry_services.household_member_add(
        household=elsewhere, person=mover, relationship="other", actor=None
    )

    open_case(owner=social_worker, home=home, primary_person=members[0])

    for member in members:
        assert list(member.agencies.values_list("code", flat=True)) == ["MOSD"]
    assert not mover.agencies.exists()  # moved out before the case was opened


def test_any_social_worker_of_the_office_may_own_the_case(social_worker, supervisor, colleague):
    case = open_case(owner=colleague, actor=supervisor)
    assert case.owner == colleague


@pytest.mark.parametrize("owner_persona", ["supervisor", "irbid_worker", "other_agency_worker"])
def test_the_owner_must_be_a_social_worker_of_the_office(owner_persona, social_worker, request):
    owner = request.getfixturevalue(owner_persona)
    home, members = household()
    with pytest.raises(ValidationError, match="must be a social worker of that office"):
        services.case_open(
            household=home,
            primary_person=members[0],
            office=office("MOSD", "AM"),
            owner=owner,
            risk=Case.Risk.LOW,
            summary="",
            actor=social_worker,
        )
    assert not Case.objects.exists()


def test_staff_of_another_office_cannot_open_a_case_there(other_agency_worker, social_worker):
    with pytest.raises(PermissionDenied):
        open_case(owner=social_worker, actor=other_agency_worker)
    assert not Case.objects.exists()


def test_the_primary_person_must_be_a_current_member_of_the_household(social_worker):
    home, members = household(size=3)
    elsewhere, _ = household(size=2)
    # members[2] moves to another household: no longer a current member of `home`
    registry_services.household_member_add(
        household=elsewhere, person=members[2], relationship="other", actor=None
    )
    stranger = person()

    for who in (members[2], stranger):
        with pytest.raises(ValidationError, match="current member of the household"):
            open_case(owner=social_worker, home=home, primary_person=who)
    assert not Case.objects.exists()


def test_a_second_open_case_for_the_household_is_refused_with_its_reference(
    social_worker, colleague
):
    first = open_case(owner=social_worker)
    with pytest.raises(ValidationError) as refused:
        open_case(owner=colleague, home=first.household)
    assert refused.value.messages == [
        f"This household already has an open case ({first.reference})."
    ]
    assert Case.objects.count() == 1


def test_a_household_whose_case_is_closed_can_have_a_new_one(social_worker, supervisor):
    first = advance(
        open_case(owner=social_worker), Status.CLOSED, worker=social_worker, supervisor=supervisor
    )
    second = open_case(owner=social_worker, home=first.household)
    assert second.status == Status.OPEN
    assert second.reference != first.reference


def test_the_case_factory_opens_cases_through_the_service(social_worker):
    case = CaseFactory(owner=social_worker, risk=Case.Risk.LOW)
    assert case.pk and case.risk == Case.Risk.LOW
    assert case.events.filter(kind=CaseEvent.Kind.OPENED).exists()


# Transitions: from the right states only, and once --------------------------------------------


def _start_assessment(case, worker):
    services.case_start_assessment(case=case, actor=worker)


def _start_planning(case, worker):
    services.case_start_planning(case=case, actor=worker)


def _activate(case, worker):
    services.case_activate(case=case, actor=worker)


def _request_closure(case, worker):
    services.case_request_closure(case=case, reason="The family is self-reliant", actor=worker)


def _reopen(case, worker):
    services.case_reopen(case=case, reason="New eviction notice", actor=worker)


TRANSITIONS = {
    "start_assessment": (_start_assessment, {Status.OPEN}, Status.ASSESSMENT),
    "start_planning": (_start_planning, {Status.ASSESSMENT}, Status.PLANNING),
    "activate": (_activate, {Status.PLANNING}, Status.ACTIVE),
    "request_closure": (
        _request_closure,
        {Status.OPEN, Status.ASSESSMENT, Status.PLANNING, Status.ACTIVE},
        Status.CLOSURE_REQUESTED,
    ),
    "reopen": (_reopen, {Status.CLOSED}, Status.ASSESSMENT),
}


@pytest.mark.parametrize("name", TRANSITIONS)
@pytest.mark.parametrize("status", ALL_STATUSES)
def test_each_transition_runs_only_from_its_states(name, status, social_worker, supervisor):
    run, sources, target = TRANSITIONS[name]
    case = advance(
        open_case(owner=social_worker), status, worker=social_worker, supervisor=supervisor
    )
    if status in sources:
        run(case, social_worker)
        assert status_of(case) == target
        assert case.events.filter(kind=CaseEvent.Kind.STATUS, params__status=target).exists()
    else:
        before = snapshot(case)
        with pytest.raises(ValidationError):
            run(case, social_worker)
        assert snapshot(case) == before


@pytest.mark.parametrize("name", TRANSITIONS)
def test_running_a_transition_twice_has_one_effect(name, social_worker, supervisor):
    run, sources, target = TRANSITIONS[name]
    source = next(s for s in ALL_STATUSES if s in sources)
    case = advance(
        open_case(owner=social_worker), source, worker=social_worker, supervisor=supervisor
    )
    stale = Case.objects.get(pk=case.pk)  # a second tab, still showing the old state
    run(case, social_worker)
    after_first = snapshot(case)
    audits = AuditEvent.objects.filter(action=AuditEvent.Action.TRANSITION).count()

    with pytest.raises(ValidationError):
        run(stale, social_worker)

    assert snapshot(case) == after_first
    assert status_of(case) == target
    assert AuditEvent.objects.filter(action=AuditEvent.Action.TRANSITION).count() == audits


def test_a_transition_writes_a_timeline_entry_and_an_audit_event(social_worker):
    case = open_case(owner=social_worker)
    services.case_start_assessment(case=case, actor=social_worker)
    event = case.events.get(kind=CaseEvent.Kind.STATUS)
    assert (event.params, event.actor) == ({"status": "assessment"}, social_worker)
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.TRANSITION, object_id=str(case.pk), detail="assessment"
    ).exists()


def test_planning_needs_an_assessment(social_worker):
    case = open_case(owner=social_worker)
    services.case_start_assessment(case=case, actor=social_worker)
    with pytest.raises(ValidationError, match="Assess at least one domain"):
        services.case_start_planning(case=case, actor=social_worker)
    assert status_of(case) == Status.ASSESSMENT


def test_activating_needs_a_goal_with_an_action(social_worker):
    case = open_case(owner=social_worker)
    services.case_start_assessment(case=case, actor=social_worker)
    services.assessment_record(case=case, domain="income", need=3, notes="", actor=social_worker)
    services.case_start_planning(case=case, actor=social_worker)
    with pytest.raises(ValidationError, match="at least one goal with an action"):
        services.case_activate(case=case, actor=social_worker)
    goal = services.goal_add(case=case, description="Stable income", actor=social_worker)
    with pytest.raises(ValidationError, match="at least one goal with an action"):
        services.case_activate(case=case, actor=social_worker)
    assert status_of(case) == Status.PLANNING

    add_plan(case, actor=social_worker, goal=goal)
    assert services.case_activate(case=case, actor=social_worker) is None
    assert status_of(case) == Status.ACTIVE


# Approvals ------------------------------------------------------------------------------------


def critical_case_in_planning(worker):
    case = open_case(owner=worker, risk=Case.Risk.CRITICAL)
    return advance(case, Status.PLANNING, worker=worker)


def test_the_plan_of_a_critical_case_goes_to_a_supervisor_first(social_worker, supervisor):
    case = critical_case_in_planning(social_worker)

    approval = services.case_activate(case=case, actor=social_worker)

    assert (approval.kind, approval.status, approval.requested_by) == (
        Approval.Kind.PLAN,
        Approval.Status.PENDING,
        social_worker,
    )
    assert status_of(case) == Status.PLANNING
    # asking again does not queue a second request
    with pytest.raises(ValidationError, match="waiting for a supervisor"):
        services.case_activate(case=case, actor=social_worker)
    assert case.approvals.count() == 1

    services.approval_decide(approval=approval, approve=True, comment="", actor=supervisor)

    approval.refresh_from_db()
    assert (approval.status, approval.decided_by) == (Approval.Status.APPROVED, supervisor)
    assert approval.decided_at is not None
    assert status_of(case) == Status.ACTIVE
    assert case.events.filter(message="approval_approved").count() == 1


def test_a_stale_request_to_activate_a_critical_plan_queues_nothing(social_worker, supervisor):
    case = critical_case_in_planning(social_worker)
    stale = Case.objects.get(pk=case.pk)  # a second tab, opened while the case was in planning
    approval = services.case_activate(case=case, actor=social_worker)
    services.approval_decide(approval=approval, approve=True, comment="", actor=supervisor)

    with pytest.raises(TransitionNotAllowed):
        services.case_activate(case=stale, actor=social_worker)

    assert status_of(case) == Status.ACTIVE
    assert case.approvals.count() == 1


def test_a_returned_plan_stays_in_planning_and_can_be_sent_again(social_worker, supervisor):
    case = critical_case_in_planning(social_worker)
    approval = services.case_activate(case=case, actor=social_worker)

    services.approval_decide(
        approval=approval, approve=False, comment="Add a protection goal", actor=supervisor
    )

    approval.refresh_from_db()
    assert (approval.status, approval.comment) == (
        Approval.Status.RETURNED,
        "Add a protection goal",
    )
    assert status_of(case) == Status.PLANNING
    again = services.case_activate(case=case, actor=social_worker)
    assert again.pk != approval.pk and again.status == Approval.Status.PENDING


def test_closure_waits_for_the_decision_on_a_critical_plan(social_worker, supervisor):
    case = critical_case_in_planning(social_worker)
    approval = services.case_activate(case=case, actor=social_worker)
    before = snapshot(case)

    with pytest.raises(ValidationError, match="waiting for a supervisor's decision"):
        services.case_request_closure(case=case, reason="Family left", actor=social_worker)
    assert snapshot(case) == before

    services.approval_decide(
        approval=approval, approve=False, comment="Close it instead", actor=supervisor
    )
    services.case_request_closure(case=case, reason="Family left", actor=social_worker)
    assert status_of(case) == Status.CLOSURE_REQUESTED
    assert list(selectors.approvals_pending_for(supervisor)) == [
        case.approvals.get(kind=Approval.Kind.CLOSURE)
    ]


def test_requesting_closure_queues_a_closure_approval(social_worker):
    case = advance(open_case(owner=social_worker), Status.ACTIVE, worker=social_worker)

    approval = services.case_request_closure(
        case=case, reason="Income restored", actor=social_worker
    )

    assert status_of(case) == Status.CLOSURE_REQUESTED
    assert (approval.kind, approval.status, approval.reason) == (
        Approval.Kind.CLOSURE,
        Approval.Status.PENDING,
        "Income restored",
    )


def test_closure_needs_a_reason(social_worker):
    case = advance(open_case(owner=social_worker), Status.ACTIVE, worker=social_worker)
    with pytest.raises(ValidationError, match="Say why the case can be closed"):
        services.case_request_closure(case=case, reason="  ", actor=social_worker)
    assert status_of(case) == Status.ACTIVE
    assert not case.approvals.exists()


def test_an_approved_closure_closes_the_case(social_worker, supervisor):
    case = advance(open_case(owner=social_worker), Status.CLOSURE_REQUESTED, worker=social_worker)
    approval = case.approvals.get()

    services.approval_decide(approval=approval, approve=True, comment="", actor=supervisor)

    case.refresh_from_db()
    assert case.status == Status.CLOSED
    assert case.closed_at is not None
    assert case.closed_at <= timezone.now()


def test_returning_a_closure_needs_a_comment_and_puts_the_case_back_to_active(
    social_worker, supervisor
):
    case = advance(open_case(owner=social_worker), Status.CLOSURE_REQUESTED, worker=social_worker)
    approval = case.approvals.get()
    before = snapshot(case)

    with pytest.raises(ValidationError, match="Say why you return it"):
        services.approval_decide(approval=approval, approve=False, comment=" ", actor=supervisor)
    assert snapshot(case) == before

    services.approval_decide(
        approval=approval, approve=False, comment="Check the school enrolment", actor=supervisor
    )
    case.refresh_from_db()
    assert (case.status, case.closed_at) == (Status.ACTIVE, None)
    approval.refresh_from_db()
    assert approval.status == Approval.Status.RETURNED


@pytest.mark.parametrize("first", [True, False])
@pytest.mark.parametrize("second", [True, False])
def test_deciding_twice_is_refused_and_changes_nothing(first, second, social_worker, supervisor):
    case = advance(open_case(owner=social_worker), Status.CLOSURE_REQUESTED, worker=social_worker)
    approval = case.approvals.get()
    services.approval_decide(approval=approval, approve=first, comment="First", actor=supervisor)
    before = snapshot(case)
    decided = Approval.objects.values().get(pk=approval.pk)

    with pytest.raises(TransitionNotAllowed, match="already decided"):
        services.approval_decide(
            approval=approval, approve=second, comment="Second", actor=supervisor
        )

    assert snapshot(case) == before
    assert Approval.objects.values().get(pk=approval.pk) == decided


def test_only_a_supervisor_of_the_office_decides(
    social_worker, agency_admin, irbid_supervisor, colleague
):
    case = advance(open_case(owner=social_worker), Status.CLOSURE_REQUESTED, worker=social_worker)
    approval = case.approvals.get()
    for who in (social_worker, colleague, agency_admin, irbid_supervisor):
        with pytest.raises(PermissionDenied):
            services.approval_decide(approval=approval, approve=True, comment="", actor=who)
    assert status_of(case) == Status.CLOSURE_REQUESTED
    assert case.approvals.get().status == Approval.Status.PENDING


# Reopening ------------------------------------------------------------------------------------


def test_reopening_a_closed_case_starts_a_new_assessment(social_worker, supervisor):
    case = advance(
        open_case(owner=social_worker), Status.CLOSED, worker=social_worker, supervisor=supervisor
    )
    with pytest.raises(ValidationError, match="Say why the case is reopened"):
        services.case_reopen(case=case, reason="", actor=social_worker)

    services.case_reopen(case=case, reason="The father lost his job", actor=social_worker)

    case.refresh_from_db()
    assert (case.status, case.closed_at) == (Status.ASSESSMENT, None)
    assert case.events.filter(message="reopened").count() == 1


def test_a_case_cannot_be_reopened_while_the_household_has_another_open_case(
    social_worker, supervisor
):
    case = advance(
        open_case(owner=social_worker), Status.CLOSED, worker=social_worker, supervisor=supervisor
    )
    open_case(owner=social_worker, home=case.household)
    before = snapshot(case)

    with pytest.raises(ValidationError, match="already has another open case"):
        services.case_reopen(case=case, reason="Came back", actor=social_worker)

    assert snapshot(case) == before


# Who may act ----------------------------------------------------------------------------------


def test_staff_who_are_neither_owner_nor_supervisor_are_refused_every_case_action(
    social_worker, colleague, agency_admin, other_agency_worker, irbid_supervisor
):
    case = advance(open_case(owner=social_worker), Status.ASSESSMENT, worker=social_worker)
    goal_case = advance(open_case(owner=social_worker), Status.PLANNING, worker=social_worker)
    goal = goal_case.goals.get()
    action = PlanAction.objects.get(goal=goal)
    actions = [
        lambda who: services.case_start_planning(case=case, actor=who),
        lambda who: services.assessment_record(
            case=case, domain="health", need=1, notes="", actor=who
        ),
        lambda who: services.goal_add(case=goal_case, description="x", actor=who),
        lambda who: add_plan(goal_case, actor=who, goal=goal),
        lambda who: services.action_set_status(action=action, status="done", actor=who),
        lambda who: services.case_activate(case=goal_case, actor=who),
        lambda who: services.case_request_closure(case=case, reason="x", actor=who),
        lambda who: services.case_set_risk(case=case, risk="high", actor=who),
        lambda who: services.note_add(case=case, body="x", confidential=False, actor=who),
        lambda who: services.document_add(
            case=case, title="x", upload=SimpleUploadedFile("a.pdf", PDF), actor=who
        ),
    ]
    before = (snapshot(case), snapshot(goal_case))
    for who in (colleague, agency_admin, other_agency_worker, irbid_supervisor):
        for act in actions:
            with pytest.raises(PermissionDenied):
                act(who)
    assert (snapshot(case), snapshot(goal_case)) == before
    assert not CaseNote.objects.exists() and not CaseDocument.objects.exists()


def test_a_supervisor_of_the_office_may_work_on_the_case(social_worker, supervisor):
    case = open_case(owner=social_worker)
    services.case_start_assessment(case=case, actor=supervisor)
    services.note_add(case=case, body="Visited the family", confidential=False, actor=supervisor)
    assert status_of(case) == Status.ASSESSMENT
    assert case.notes.get().author == supervisor


def test_only_a_supervisor_assigns_transfers_and_reassigns_in_bulk(
    social_worker, colleague, agency_admin, irbid_worker
):
    case = open_case(owner=social_worker)
    for who in (social_worker, colleague, agency_admin):
        with pytest.raises(PermissionDenied):
            services.case_assign(case=case, to_owner=colleague, reason="", actor=who)
        with pytest.raises(PermissionDenied):
            services.case_transfer(
                case=case,
                to_office=office("MOSD", "IR"),
                to_owner=irbid_worker,
                reason="Moved",
                actor=who,
            )
        with pytest.raises(PermissionDenied):
            services.cases_bulk_reassign(cases=[case], to_owner=colleague, reason="", actor=who)
    case.refresh_from_db()
    assert (case.owner, case.assignments.count()) == (social_worker, 1)


# Risk -----------------------------------------------------------------------------------------


def test_changing_the_risk_level_once(social_worker):
    case = open_case(owner=social_worker, risk=Case.Risk.LOW)
    services.case_set_risk(case=case, risk=Case.Risk.HIGH, actor=social_worker)
    with pytest.raises(TransitionNotAllowed):
        services.case_set_risk(case=case, risk=Case.Risk.HIGH, actor=social_worker)
    assert Case.objects.get(pk=case.pk).risk == Case.Risk.HIGH
    assert case.events.filter(kind=CaseEvent.Kind.RISK).count() == 1


# Assessments ----------------------------------------------------------------------------------


def test_reassessing_a_domain_keeps_the_history(social_worker):
    case = open_case(owner=social_worker)
    services.case_start_assessment(case=case, actor=social_worker)
    first = services.assessment_record(
        case=case,
        domain="income",
        need=Assessment.Need.CRITICAL,
        notes="No income",
        actor=social_worker,
    )
    health = services.assessment_record(
        case=case, domain="health", need=Assessment.Need.LOW, notes="", actor=social_worker
    )
    second = services.assessment_record(
        case=case,
        domain="income",
        need=Assessment.Need.MEDIUM,
        notes="Part-time job",
        actor=social_worker,
    )

    assert case.assessments.count() == 3
    latest, history = selectors.case_assessments(case)
    assert latest == [second, health]
    assert history == [first]
    assert case.events.filter(kind=CaseEvent.Kind.ASSESSMENT).count() == 3


def test_assessments_wait_for_the_assessment_stage(social_worker):
    case = open_case(owner=social_worker)
    with pytest.raises(TransitionNotAllowed):
        services.assessment_record(
            case=case, domain="income", need=2, notes="", actor=social_worker
        )
    assert not case.assessments.exists()


# Plans ----------------------------------------------------------------------------------------


def test_plan_actions_keep_the_cases_next_due_date(social_worker):
    case = advance(open_case(owner=social_worker), Status.ASSESSMENT, worker=social_worker)
    services.case_start_planning(case=case, actor=social_worker)
    today = timezone.localdate()
    later = add_plan(case, actor=social_worker, due=today + dt.timedelta(days=30))
    goal = later.goal
    sooner = add_plan(case, actor=social_worker, goal=goal, due=today + dt.timedelta(days=5))

    def due():
        return Case.objects.values_list("next_action_due", flat=True).get(pk=case.pk)

    assert due() == sooner.due_date
    services.action_set_status(action=sooner, status=PlanAction.Status.DONE, actor=social_worker)
    assert due() == later.due_date
    assert PlanAction.objects.get(pk=sooner.pk).completed_at is not None
    services.action_set_status(
        action=later, status=PlanAction.Status.CANCELLED, actor=social_worker
    )
    assert due() is None
    services.action_set_status(
        action=sooner, status=PlanAction.Status.IN_PROGRESS, actor=social_worker
    )
    assert due() == sooner.due_date
    assert PlanAction.objects.get(pk=sooner.pk).completed_at is None


def test_setting_an_actions_status_twice_has_one_effect(social_worker):
    case = advance(open_case(owner=social_worker), Status.PLANNING, worker=social_worker)
    action = PlanAction.objects.get(goal__case=case)
    services.action_set_status(action=action, status="done", actor=social_worker)
    events = case.events.count()
    with pytest.raises(TransitionNotAllowed):
        services.action_set_status(action=action, status="done", actor=social_worker)
    assert case.events.count() == events


def test_the_responsible_office_belongs_to_the_responsible_agency(social_worker):
    case = advance(open_case(owner=social_worker), Status.PLANNING, worker=social_worker)
    with pytest.raises(ValidationError, match="must belong to the responsible agency"):
        services.action_add(
            goal=case.goals.get(),
            description="Vocational training",
            due_date=timezone.localdate(),
            responsible_agency=office("MOSD", None).agency,
            responsible_office=office("NAF", "IR"),
            pillar="tamkeen",
            actor=social_worker,
        )
    assert PlanAction.objects.filter(goal__case=case).count() == 1


def test_goals_wait_for_planning(social_worker):
    case = advance(open_case(owner=social_worker), Status.ASSESSMENT, worker=social_worker)
    with pytest.raises(TransitionNotAllowed):
        services.goal_add(case=case, description="Too early", actor=social_worker)
    assert not case.goals.exists()


# Notes ----------------------------------------------------------------------------------------


@pytest.fixture
def case_with_notes(social_worker):
    case = open_case(owner=social_worker)
    services.note_add(case=case, body="Home visit done", confidential=False, actor=social_worker)
    services.note_add(
        case=case, body="Signs of domestic violence", confidential=True, actor=social_worker
    )
    return case


@pytest.mark.parametrize("persona", ["social_worker", "supervisor"])
def test_the_owner_and_supervisors_read_confidential_notes(persona, case_with_notes, request):
    reader = request.getfixturevalue(persona)
    notes = selectors.case_notes(case_with_notes, reader)
    assert [n.body for n in notes] == ["Signs of domestic violence", "Home visit done"]
    messages = [e.message for e in selectors.case_timeline(case_with_notes, reader)]
    assert "confidential_note_added" in messages and "note_added" in messages


def test_other_readers_of_the_case_do_not_see_confidential_notes(case_with_notes, agency_admin):
    # The agency admin may open the case (it is the agency's) but is neither owner nor supervisor.
    assert selectors.cases_visible_to(agency_admin).filter(pk=case_with_notes.pk).exists()

    notes = selectors.case_notes(case_with_notes, agency_admin)
    assert [n.body for n in notes] == ["Home visit done"]
    timeline = selectors.case_timeline(case_with_notes, agency_admin)
    assert [e.message for e in timeline] == ["note_added", "opened"]
    assert selectors.case_timeline(case_with_notes, agency_admin, kind=CaseEvent.Kind.NOTE) == [
        timeline[0]
    ]


def test_a_note_cannot_be_empty(social_worker):
    case = open_case(owner=social_worker)
    with pytest.raises(ValidationError, match="cannot be empty"):
        services.note_add(case=case, body=" \n ", confidential=False, actor=social_worker)
    assert not case.notes.exists()


# Documents ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "content_type", "extension"),
    [
        ("report.pdf", PDF, "application/pdf", "pdf"),
        ("id-card.jpg", JPEG, "image/jpeg", "jpg"),
        ("lease.png", PNG, "image/png", "png"),
        # classified by what the file is, not by what it is called
        ("scan.pdf", PNG, "image/png", "png"),
        ("photo.png", JPEG, "image/jpeg", "jpg"),
        ("no-extension", PDF, "application/pdf", "pdf"),
    ],
)
def test_pdf_jpeg_and_png_are_accepted_by_content(
    name, content, content_type, extension, social_worker, media_root
):
    case = open_case(owner=social_worker)
    upload = SimpleUploadedFile(name, content, content_type="application/pdf")

    document = services.document_add(
        case=case, title="Evidence", upload=upload, actor=social_worker
    )

    document.refresh_from_db()
    assert (document.content_type, document.original_name, document.size) == (
        content_type,
        name,
        len(content),
    )
    assert document.storage_name.endswith(f".{extension}")
    stored = media_root / document.file.name
    assert stored.read_bytes() == content
    assert case.events.filter(kind=CaseEvent.Kind.DOCUMENT).count() == 1


@pytest.mark.parametrize(
    ("name", "content"),
    [("invoice.pdf", EXE), ("notes.pdf", TEXT), ("empty.pdf", b""), ("tool.exe", EXE)],
)
def test_other_files_are_refused_whatever_their_name(name, content, social_worker, media_root):
    case = open_case(owner=social_worker)
    with pytest.raises(ValidationError, match="Only PDF, JPEG and PNG"):
        services.document_add(
            case=case, title="x", upload=SimpleUploadedFile(name, content), actor=social_worker
        )
    assert not CaseDocument.objects.exists()
    assert not case.events.filter(kind=CaseEvent.Kind.DOCUMENT).exists()
    assert not media_root.exists() or not any(media_root.rglob("*.*"))


def test_files_over_10_mb_are_refused(social_worker):
    case = open_case(owner=social_worker)
    too_big = SimpleUploadedFile("big.pdf", PDF + b"\0" * (services.MAX_DOCUMENT_BYTES))
    just_right = SimpleUploadedFile(
        "fits.pdf", PDF + b"\0" * (services.MAX_DOCUMENT_BYTES - len(PDF))
    )

    with pytest.raises(ValidationError, match="larger than 10 MB"):
        services.document_add(case=case, title="x", upload=too_big, actor=social_worker)
    assert not CaseDocument.objects.exists()
    document = services.document_add(case=case, title="x", upload=just_right, actor=social_worker)
    assert document.size == services.MAX_DOCUMENT_BYTES


def test_documents_are_stored_under_a_random_name(social_worker):
    case = open_case(owner=social_worker)
    first, second = (
        services.document_add(
            case=case,
            title="Lease",
            upload=SimpleUploadedFile("عقد ايجار.pdf", PDF),
            actor=social_worker,
        )
        for _ in range(2)
    )
    for document in (first, second):
        assert document.file.name == f"cases/{case.pk}/{document.storage_name}"
        assert "ايجار" not in document.file.name
        assert document.original_name == "عقد ايجار.pdf"
    assert first.storage_name != second.storage_name


# Assignment and transfer ----------------------------------------------------------------------


def test_a_supervisor_assigns_the_case_to_another_worker_of_the_office(
    social_worker, supervisor, colleague
):
    case = open_case(owner=social_worker)

    services.case_assign(case=case, to_owner=colleague, reason="Caseload", actor=supervisor)

    case.refresh_from_db()
    assert (case.owner, case.office) == (colleague, office("MOSD", "AM"))
    latest = case.assignments.first()
    assert (latest.from_owner, latest.to_owner, latest.from_office, latest.to_office) == (
        social_worker,
        colleague,
        case.office,
        case.office,
    )
    assert (latest.reason, latest.assigned_by) == ("Caseload", supervisor)
    assert case.events.filter(message="assigned").count() == 1
    # the previous owner no longer sees it; the new one does
    assert not selectors.cases_visible_to(social_worker).filter(pk=case.pk).exists()
    assert selectors.cases_visible_to(colleague).filter(pk=case.pk).exists()


@pytest.mark.parametrize("target", ["social_worker", "supervisor", "irbid_worker"])
def test_a_case_is_assigned_only_to_another_social_worker_of_its_office(
    target, social_worker, supervisor, request
):
    case = open_case(owner=social_worker)
    with pytest.raises(ValidationError):
        services.case_assign(
            case=case, to_owner=request.getfixturevalue(target), reason="", actor=supervisor
        )
    case.refresh_from_db()
    assert (case.owner, case.assignments.count()) == (social_worker, 1)


def test_a_closed_case_is_not_reassigned(social_worker, supervisor, colleague):
    case = advance(
        open_case(owner=social_worker), Status.CLOSED, worker=social_worker, supervisor=supervisor
    )
    with pytest.raises(TransitionNotAllowed, match="closed case"):
        services.case_assign(case=case, to_owner=colleague, reason="", actor=supervisor)
    assert Case.objects.get(pk=case.pk).owner == social_worker


def test_a_supervisor_transfers_the_case_to_another_office_of_the_agency(
    social_worker, supervisor, irbid_worker, irbid_supervisor
):
    case = open_case(owner=social_worker)

    services.case_transfer(
        case=case,
        to_office=office("MOSD", "IR"),
        to_owner=irbid_worker,
        reason="The family moved to Irbid",
        actor=supervisor,
    )

    case.refresh_from_db()
    assert (case.owner, case.office) == (irbid_worker, office("MOSD", "IR"))
    history = list(case.assignments.order_by("at", "id"))
    assert [(a.from_office, a.to_office) for a in history] == [
        (None, office("MOSD", "AM")),
        (office("MOSD", "AM"), office("MOSD", "IR")),
    ]
    assert history[1].reason == "The family moved to Irbid"
    assert case.events.filter(message="transferred").count() == 1
    assert selectors.cases_visible_to(irbid_supervisor).filter(pk=case.pk).exists()
    assert not selectors.cases_visible_to(supervisor).filter(pk=case.pk).exists()


def test_transfers_stay_inside_the_agency(social_worker, supervisor, other_agency_worker):
    case = open_case(owner=social_worker)
    before = snapshot(case)
    with pytest.raises(ValidationError, match="same agency"):
        services.case_transfer(
            case=case,
            to_office=office("NAF", "IR"),
            to_owner=other_agency_worker,
            reason="Moved",
            actor=supervisor,
        )
    assert snapshot(case) == before


def test_the_transfer_target_must_be_a_social_worker_of_the_target_office(
    social_worker, supervisor, colleague, irbid_supervisor
):
    case = open_case(owner=social_worker)
    before = snapshot(case)
    for target in (colleague, irbid_supervisor):
        with pytest.raises(ValidationError, match="is not a social worker of"):
            services.case_transfer(
                case=case,
                to_office=office("MOSD", "IR"),
                to_owner=target,
                reason="Moved",
                actor=supervisor,
            )
    assert snapshot(case) == before


def test_a_transfer_needs_a_reason(social_worker, supervisor, irbid_worker):
    case = open_case(owner=social_worker)
    with pytest.raises(ValidationError, match="Say why the case is transferred"):
        services.case_transfer(
            case=case,
            to_office=office("MOSD", "IR"),
            to_owner=irbid_worker,
            reason="",
            actor=supervisor,
        )
    assert Case.objects.get(pk=case.pk).owner == social_worker


def test_assigning_with_a_stale_copy_changes_nothing_twice(social_worker, supervisor, colleague):
    case = open_case(owner=social_worker)
    stale = Case.objects.get(pk=case.pk)
    services.case_assign(case=case, to_owner=colleague, reason="", actor=supervisor)
    third = staff("MOSD", "AM", Role.SOCIAL_WORKER)
    with pytest.raises(TransitionNotAllowed):
        services.case_assign(case=stale, to_owner=third, reason="", actor=supervisor)
    case.refresh_from_db()
    assert (case.owner, case.assignments.count()) == (colleague, 2)


# Bulk reassignment ----------------------------------------------------------------------------


def test_bulk_reassignment_moves_every_case(social_worker, supervisor, colleague):
    cases = [open_case(owner=social_worker) for _ in range(3)]
    already = open_case(owner=colleague)

    moved = services.cases_bulk_reassign(
        cases=[*cases, already], to_owner=colleague, reason="Leave", actor=supervisor
    )

    assert moved == 3
    assert set(Case.objects.values_list("owner", flat=True)) == {colleague.pk}
    assert Assignment.objects.filter(to_owner=colleague, assigned_by=supervisor).count() == 3


def test_bulk_reassignment_is_all_or_nothing(social_worker, supervisor, colleague, irbid_worker):
    fine = [open_case(owner=social_worker).pk for _ in range(2)]
    closed = advance(
        open_case(owner=social_worker), Status.CLOSED, worker=social_worker, supervisor=supervisor
    )
    elsewhere = open_case(owner=irbid_worker)
    assignments = Assignment.objects.count()

    with pytest.raises(TransitionNotAllowed):
        services.cases_bulk_reassign(
            cases=[*Case.objects.filter(pk__in=fine), closed],
            to_owner=colleague,
            reason="",
            actor=supervisor,
        )
    with pytest.raises(PermissionDenied):
        services.cases_bulk_reassign(
            cases=[*Case.objects.filter(pk__in=fine), elsewhere],
            to_owner=colleague,
            reason="",
            actor=supervisor,
        )

    assert set(
        Case.objects.filter(office=supervisor.memberships.get().office).values_list(
            "owner", flat=True
        )
    ) == {social_worker.pk}
    assert Assignment.objects.count() == assignments
    assert not CaseEvent.objects.filter(kind=CaseEvent.Kind.ASSIGNMENT).exists()


def test_bulk_reassignment_takes_at_most_100_cases(social_worker, supervisor, colleague):
    case = open_case(owner=social_worker)
    with pytest.raises(ValidationError, match="at most 100"):
        services.cases_bulk_reassign(
            cases=[case] * (services.BULK_LIMIT + 1),
            to_owner=colleague,
            reason="",
            actor=supervisor,
        )
    assert Case.objects.get(pk=case.pk).owner == social_worker
