"""The complaint services: intake and routing, each transition from the right states only (twice
has one effect), the clocks each one starts, pauses and stops, who is told, the audit trail,
and the complainant's rating and reopening."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.audit.models import AuditEvent
from apps.complaints import selectors, services
from apps.complaints.models import Complaint, ComplaintAttachment
from apps.core.exceptions import TransitionNotAllowed
from apps.core.references import normalise
from apps.notifications.models import Message
from apps.organisations.models import Membership
from apps.sla.calendar import calendar_of
from tests.complaints.factories import (
    E164,
    PNG,
    category,
    clock,
    clocks,
    complainant,
    complaint,
    in_state,
    reload,
    upload,
)
from tests.complaints.helpers import (
    arabic,
    audits,
    citizen_messages,
    snapshot,
    staff_notices,
    updates,
)
from tests.organisations.factories import office, staff
from tests.sla.factories import at

pytestmark = pytest.mark.django_db
Status = Complaint.Status
Action = AuditEvent.Action
# Sunday 1 February 2026, 10:00 in Amman: a working day with no holiday for weeks around it.
STARTED = at(2026, 2, 1, 10)


# --- intake and routing --------------------------------------------------------------------------


def test_a_web_complaint_goes_to_the_head_office_with_two_deadlines(officer, amman_officer, travel):
    travel(STARTED)
    made = complaint(attachments=[upload(), upload("photo.png", PNG)])
    assert made.status == Status.RECEIVED and made.channel == Complaint.Channel.WEB
    assert made.office == office("NAF", None)
    assert normalise(made.reference) == made.reference and made.reference.startswith("S-")
    assert made.phone == E164 and made.language == "ar"
    ack, resolve = clocks(made)
    assert (ack.purpose, resolve.purpose) == ("acknowledge", "resolve")
    calendar = calendar_of(made.agency_id)
    assert ack.due_at == calendar.add(STARTED, timedelta(hours=7)) == at(2026, 2, 2, 10)
    assert resolve.due_at == calendar.add(STARTED, 5 * timedelta(hours=7))
    assert reload(made).due_at == ack.due_at
    assert [a.content_type for a in made.attachments.all()] == ["application/pdf", "image/png"]
    assert updates(made, "received").get().visible_to_complainant
    assert audits(made, action=Action.CREATE, actor=None).count() == 1
    # The office's officers are told, not another office's.
    assert staff_notices(officer, "received").get().channel == "in_app"  # not by email: many a day
    assert not staff_notices(amman_officer).exists()
    # The complainant gets the reference by SMS, in Arabic, with a signed tracking link.
    sms = citizen_messages("received").get()
    assert sms.channel == Message.Channel.SMS and sms.address == E164 and sms.language == "ar"
    assert sms.context["reference"] == made.reference
    assert f"/ar/complaints/track/{made.reference}/?t=" in sms.link


def test_a_category_with_an_office_routes_there_unless_it_is_closed(amman_officer, officer):
    amman = office("NAF", "AM")
    routed = complaint(of=category(office=amman))
    assert routed.office == amman
    assert staff_notices(amman_officer, "received").exists()
    assert not staff_notices(officer).exists()
    amman.is_active = False
    amman.save()
    assert complaint(of=category(office=amman)).office == office("NAF", None)


def test_an_anonymous_complaint_without_contact_tells_nobody_outside(officer):
    made = complaint(who=services.Complainant())
    assert made.is_anonymous and not made.has_contact
    assert not citizen_messages().exists()


def test_the_complainant_is_told_by_email_in_their_language(officer):
    made = complaint(
        who=complainant(email="sara@example.jo", contact="email", language="en", phone="")
    )
    sent = citizen_messages("received").get()
    assert (sent.channel, sent.address, sent.language) == ("email", "sara@example.jo", "en")
    assert made.contact == "email"


def test_staff_take_a_complaint_at_the_counter_recording_the_channel(intake_officer, officer):
    made = complaint(channel=Complaint.Channel.WALK_IN, actor=intake_officer)
    assert made.channel == "walk_in" and made.created_by == intake_officer
    assert audits(made, action=Action.CREATE, actor=intake_officer).count() == 1
    assert made.office == office("NAF", None)  # whatever the counter's agency


def test_the_public_cannot_claim_a_staff_channel(citizen):
    with pytest.raises(PermissionDenied):
        complaint(channel=Complaint.Channel.PHONE, actor=citizen)
    with pytest.raises(PermissionDenied):
        complaint(channel=Complaint.Channel.PHONE)
    assert not Complaint.objects.exists()


def test_a_signed_in_citizen_is_the_complainant(citizen):
    made = complaint(who=complainant(user=citizen), actor=citizen)
    assert made.user == citizen and made.created_by is None


# --- assignment ----------------------------------------------------------------------------------


def test_assigning_tells_the_officer_and_twice_assigns_once(officer, officer_2, unit_supervisor):
    made = complaint()
    services.complaint_assign(complaint=made, officer=officer_2, actor=unit_supervisor)
    made = reload(made)
    assert (made.status, made.assigned_to) == (Status.ASSIGNED, officer_2)
    assert staff_notices(officer_2, "assigned").count() == 2
    before = snapshot(made)
    with pytest.raises(TransitionNotAllowed):
        services.complaint_assign(complaint=made, officer=officer_2, actor=unit_supervisor)
    assert snapshot(made) == before
    # Reassigning an acknowledged complaint keeps its status.
    services.complaint_acknowledge(complaint=made, actor=officer_2)
    services.complaint_assign(complaint=reload(made), officer=officer, actor=officer_2)
    made = reload(made)
    assert (made.status, made.assigned_to) == (Status.IN_PROGRESS, officer)


def test_taking_works_only_while_nobody_has_it(officer, officer_2):
    made = complaint()
    services.complaint_take(complaint=made, actor=officer)
    assert reload(made).assigned_to == officer
    with pytest.raises(TransitionNotAllowed):
        services.complaint_take(complaint=reload(made), actor=officer_2)
    assert not staff_notices(officer, "assigned").exists()  # nobody is told of their own take


def test_only_the_office_officers_can_be_assigned_and_never_the_employee_concerned(
    officer, officer_2, amman_officer, unit_supervisor
):
    made = complaint(named_employee=officer_2)
    before = snapshot(made)
    with pytest.raises(ValidationError, match="complaints officer of the complaint's office"):
        services.complaint_assign(complaint=made, officer=amman_officer, actor=officer)
    with pytest.raises(ValidationError, match="about this employee"):
        services.complaint_assign(complaint=made, officer=officer_2, actor=unit_supervisor)
    assert snapshot(made) == before


@pytest.mark.parametrize("persona", ["amman_officer", "mosd_officer", "naf_admin", "citizen"])
def test_nobody_outside_the_office_works_on_it(persona, request, officer):
    made = complaint()
    actor = request.getfixturevalue(persona)
    before = snapshot(made)
    for call in (
        lambda: services.complaint_assign(complaint=made, officer=officer, actor=actor),
        lambda: services.complaint_acknowledge(complaint=made, actor=actor),
        lambda: services.complaint_resolve(complaint=made, response="x", actor=actor),
        lambda: services.complaint_note(complaint=made, text="x", actor=actor),
    ):
        with pytest.raises(PermissionDenied):
            call()
    assert snapshot(made) == before


# --- acknowledging, asking, answering ------------------------------------------------------------


def test_acknowledging_meets_the_first_deadline_and_tells_the_complainant(officer, travel):
    travel(STARTED)
    made = complaint()
    travel(STARTED + timedelta(hours=1))
    services.complaint_acknowledge(complaint=made, actor=officer)
    made = reload(made)
    assert (made.status, made.assigned_to, made.acknowledged_on_time) == (
        Status.IN_PROGRESS,
        officer,
        True,
    )
    assert clock(made, "acknowledge").stopped_at == STARTED + timedelta(hours=1)
    assert made.due_at == clock(made, "resolve").due_at
    assert citizen_messages("acknowledged").count() == 1
    assert audits(made, action=Action.TRANSITION, detail="in_progress").count() == 1


def test_a_late_acknowledgement_counts_as_missed(officer, travel):
    travel(STARTED)
    made = complaint()
    travel(STARTED + timedelta(days=2))
    services.complaint_acknowledge(complaint=made, actor=officer)
    assert reload(made).acknowledged_on_time is False


def test_asking_for_information_pauses_the_answer_deadline_until_the_answer(officer, travel):
    travel(STARTED)
    made = complaint()
    services.complaint_request_info(complaint=made, question="Which month?", actor=officer)
    made = reload(made)
    assert made.status == Status.WAITING and made.acknowledged_at is not None
    assert made.due_at is None  # acknowledged, and the answer clock is paused
    resolve = clock(made, "resolve")
    assert resolve.paused_at == STARTED
    question = citizen_messages("info_requested").get()
    assert question.context["question"] == "Which month?"
    # Two business days later the complainant answers: the deadline moves by as much.
    travel(STARTED + timedelta(days=2))
    services.complaint_provide_info(complaint=made, answer="January and February.")
    made = reload(made)
    moved = clock(made, "resolve")
    assert made.status == Status.IN_PROGRESS and moved.paused_at is None
    assert moved.due_at == resolve.due_at + timedelta(days=2)
    assert made.due_at == moved.due_at
    assert staff_notices(officer, "info_provided").count() == 2
    answer = updates(made, "info_provided").get()
    assert answer.by_complainant and answer.author is None and answer.visible_to_complainant


def test_the_office_may_record_an_answer_given_on_the_phone(officer):
    made = in_state(Status.WAITING, officer=officer)
    services.complaint_record_info(complaint=made, answer="By phone: January.", actor=officer)
    assert reload(made).status == Status.IN_PROGRESS
    assert updates(made, "info_recorded").get().author == officer


def test_a_complainant_without_contact_cannot_be_asked(officer):
    made = complaint(who=services.Complainant())
    before = snapshot(made)
    with pytest.raises(ValidationError, match="cannot be asked"):
        services.complaint_request_info(complaint=made, question="Which?", actor=officer)
    assert snapshot(made) == before


def test_the_answer_goes_to_the_complainant_and_stops_every_deadline(officer, travel):
    travel(STARTED)
    made = complaint(who=complainant(language="en"))
    travel(STARTED + timedelta(hours=3))
    services.complaint_resolve(complaint=made, response="Paid today.", actor=officer)
    made = reload(made)
    assert made.status == Status.RESOLVED and made.response == "Paid today."
    assert made.resolved_at == made.first_resolved_at == STARTED + timedelta(hours=3)
    assert (made.acknowledged_on_time, made.resolved_on_time) == (True, True)
    assert made.due_at is None and not clocks(made, running=True)
    answer = citizen_messages("resolved").get()
    assert answer.language == "en" and answer.context["response"] == "Paid today."
    assert "?t=" in answer.link


def test_closing_follows_the_answer(officer):
    made = in_state(Status.RESOLVED, officer=officer)
    services.complaint_close(complaint=made, actor=officer)
    made = reload(made)
    assert made.status == Status.CLOSED and made.closure == Complaint.Closure.RESOLVED


# Each transition from the right states only; from any other, refused and nothing changed.
TRANSITIONS = {
    "acknowledge": (
        {Status.RECEIVED, Status.ASSIGNED},
        lambda c, o: services.complaint_acknowledge(complaint=c, actor=o),
    ),
    "request_info": (
        {Status.RECEIVED, Status.ASSIGNED, Status.IN_PROGRESS, Status.REOPENED},
        lambda c, o: services.complaint_request_info(complaint=c, question="Q?", actor=o),
    ),
    "record_info": (
        {Status.WAITING},
        lambda c, o: services.complaint_record_info(complaint=c, answer="A.", actor=o),
    ),
    "resolve": (
        {Status.RECEIVED, Status.ASSIGNED, Status.IN_PROGRESS, Status.WAITING, Status.REOPENED},
        lambda c, o: services.complaint_resolve(complaint=c, response="Done.", actor=o),
    ),
    "close": ({Status.RESOLVED}, lambda c, o: services.complaint_close(complaint=c, actor=o)),
}


@pytest.mark.parametrize("name", TRANSITIONS)
@pytest.mark.parametrize("status", Status.values)
def test_each_transition_from_the_right_states_only_and_once(name, status, officer):
    allowed, run = TRANSITIONS[name]
    made = in_state(status, officer=officer)
    if status not in allowed:
        before = snapshot(made)
        with pytest.raises(ValidationError):
            run(made, officer)
        assert snapshot(made) == before
        return
    run(made, officer)
    after = snapshot(made)
    with pytest.raises(ValidationError):
        run(made, officer)  # the same instance, as a double click sends it
    assert snapshot(made) == after


# --- the complainant: rating and reopening -------------------------------------------------------


def test_a_rating_once_after_the_answer(officer):
    made = in_state(Status.RESOLVED, officer=officer)
    services.complaint_rate(complaint=made, rating=2, comment="Slow 🙁")
    made = reload(made)
    assert (made.rating, made.rating_comment) == (2, "Slow 🙁") and made.rated_at
    assert updates(made, "rated").get().params == {"rating": 2}
    assert staff_notices(officer, "rated").count() == 2
    assert audits(made, action=Action.UPDATE, detail="rated:2", actor=None).count() == 1
    before = snapshot(made)
    with pytest.raises(ValidationError, match="already rated"):
        services.complaint_rate(complaint=made, rating=5)
    with pytest.raises(ValidationError, match="already rated"):
        services.complaint_rate(complaint=reload(made), rating=5)
    assert snapshot(made) == before


def test_two_ratings_sent_at_once_keep_the_first(officer):
    made = in_state(Status.RESOLVED, officer=officer)
    first, second = reload(made), reload(made)  # two tabs, loaded before either rating
    services.complaint_rate(complaint=first, rating=2)
    with pytest.raises(ValidationError, match="already rated"):
        services.complaint_rate(complaint=second, rating=5)
    assert reload(made).rating == 2


@pytest.mark.parametrize("status", [Status.RECEIVED, Status.IN_PROGRESS, Status.WAITING])
def test_no_rating_before_the_answer(status, officer):
    made = in_state(status, officer=officer)
    before = snapshot(made)
    with pytest.raises(ValidationError, match="once it has been answered"):
        services.complaint_rate(complaint=made, rating=4)
    assert snapshot(made) == before


@pytest.mark.parametrize("rating", [0, 6, -1, "five", None, "3.5"])
def test_a_rating_is_1_to_5(rating, officer):
    made = in_state(Status.RESOLVED, officer=officer)
    before = snapshot(made)
    with pytest.raises(ValidationError, match="from 1 to 5"):
        services.complaint_rate(complaint=made, rating=rating)
    assert snapshot(made) == before


def test_reopening_goes_back_to_the_officer_with_a_new_deadline_and_tells_the_supervisor(
    officer, unit_supervisor, travel
):
    travel(STARTED)
    made = in_state(Status.RESOLVED, officer=officer)
    services.complaint_rate(complaint=made, rating=2)
    travel(STARTED + timedelta(days=6))
    services.complaint_reopen(complaint=reload(made), reason="Still not paid.")
    made = reload(made)
    assert (made.status, made.assigned_to, made.reopen_count) == (Status.REOPENED, officer, 1)
    reopened = clock(made, "reopened")
    assert reopened.stopped_at is None and made.due_at == reopened.due_at
    assert staff_notices(officer, "reopened").count() == 2
    assert staff_notices(unit_supervisor, "reopened").count() == 2
    assert updates(made, "reopened").get().body == "Still not paid."
    # Answered again: the figures keep the first answer.
    travel(STARTED + timedelta(days=7))
    services.complaint_resolve(complaint=made, response="Paid now.", actor=officer)
    made = reload(made)
    assert made.first_resolved_at == STARTED and made.resolved_at == STARTED + timedelta(days=7)
    assert clock(made, "reopened").stopped_at is not None


def test_no_reopening_after_seven_days(officer, travel):
    travel(STARTED)
    made = in_state(Status.RESOLVED, officer=officer)
    travel(STARTED + services.REOPEN_WINDOW + timedelta(minutes=1))
    before = snapshot(made)
    with pytest.raises(ValidationError, match="within 7 days"):
        services.complaint_reopen(complaint=made, reason="Too late?")
    assert snapshot(made) == before


def test_a_satisfied_complainant_does_not_reopen(officer):
    made = in_state(Status.RESOLVED, officer=officer)
    services.complaint_rate(complaint=made, rating=5)
    before = snapshot(made)
    with pytest.raises(ValidationError, match="satisfactory"):
        services.complaint_reopen(complaint=reload(made), reason="Why not?")
    assert snapshot(made) == before


@pytest.mark.parametrize("status", [Status.RECEIVED, Status.IN_PROGRESS, Status.REOPENED])
def test_only_an_answered_complaint_is_reopened(status, officer):
    made = in_state(status, officer=officer)
    before = snapshot(made)
    with pytest.raises(ValidationError, match="Only an answered complaint"):
        services.complaint_reopen(complaint=made, reason="Why?")
    assert snapshot(made) == before


def test_reopening_twice_from_one_page_reopens_once(officer):
    made = in_state(Status.RESOLVED, officer=officer)
    first, second = reload(made), reload(made)  # the same page sent twice
    services.complaint_reopen(complaint=first, reason="Not paid.")
    with pytest.raises(TransitionNotAllowed):
        services.complaint_reopen(complaint=second, reason="Not paid.")
    assert reload(made).reopen_count == 1


def test_a_satisfied_rating_given_meanwhile_stops_a_reopening(officer):
    made = in_state(Status.RESOLVED, officer=officer)
    rating_tab, reopen_tab = reload(made), reload(made)
    services.complaint_rate(complaint=rating_tab, rating=5)
    with pytest.raises(TransitionNotAllowed):
        services.complaint_reopen(complaint=reopen_tab, reason="Changed my mind.")
    done = reload(made)
    assert (done.status, done.rating, done.reopen_count) == (Status.RESOLVED, 5, 0)


def test_an_answer_keeps_an_assignment_made_meanwhile(officer, officer_2, unit_supervisor):
    made = complaint()
    stale = reload(made)  # the officer's page: nobody has it
    services.complaint_assign(complaint=reload(made), officer=officer_2, actor=unit_supervisor)
    with pytest.raises(TransitionNotAllowed):
        services.complaint_acknowledge(complaint=stale, actor=officer)
    assert reload(made).assigned_to == officer_2
    # Reloaded, the acknowledgement goes through and leaves it with officer_2.
    services.complaint_acknowledge(complaint=reload(made), actor=officer)
    assert reload(made).assigned_to == officer_2


# --- bulk actions --------------------------------------------------------------------------------


def test_bulk_assignment_is_all_or_nothing(officer, officer_2, unit_supervisor):
    made = [complaint() for _ in range(3)]
    assert (
        services.complaints_bulk_assign(complaints=made, officer=officer_2, actor=unit_supervisor)
        == 3
    )
    assert {reload(c).assigned_to for c in made} == {officer_2}
    # One of them named officer_2 meanwhile: nothing changes hands.
    others = [complaint(), complaint(named_employee=officer), complaint()]
    before = [snapshot(c) for c in others]
    with pytest.raises(ValidationError, match=others[1].reference):
        services.complaints_bulk_assign(complaints=others, officer=officer, actor=unit_supervisor)
    assert [snapshot(c) for c in others] == before


def test_at_most_a_hundred_at_a_time(officer):
    made = complaint()
    with pytest.raises(ValidationError, match="at most 100"):
        services.complaints_bulk_assign(
            complaints=[made] * (services.BULK_LIMIT + 1), officer=officer, actor=officer
        )
    with pytest.raises(ValidationError, match="at most 100"):
        services.complaints_close_duplicates(
            complaints=[made] * (services.BULK_LIMIT + 1), original=made, actor=officer
        )
    with pytest.raises(ValidationError, match="at least one"):
        services.complaints_bulk_assign(complaints=[], officer=officer, actor=officer)


def test_duplicates_close_with_their_deadlines_and_their_complainants_are_told(officer):
    original = complaint()
    copies = [complaint(), in_state(Status.WAITING, officer=officer)]
    assert (
        services.complaints_close_duplicates(complaints=copies, original=original, actor=officer)
        == 2
    )
    for copy in copies:
        copy = reload(copy)
        assert (copy.status, copy.closure, copy.duplicate_of) == (
            Status.CLOSED,
            Complaint.Closure.DUPLICATE,
            original,
        )
        assert not clocks(copy, running=True) and copy.due_at is None
        assert not services.may_rate(copy) and not services.may_reopen(copy)
    assert citizen_messages("closed_duplicate").count() == 2


def test_one_closed_complaint_refuses_the_whole_batch(officer):
    original = complaint()
    batch = [complaint(), in_state(Status.RESOLVED, officer=officer), complaint()]
    before = [snapshot(c) for c in batch]
    with pytest.raises(ValidationError, match=f"{batch[1].reference}.*not open"):
        services.complaints_close_duplicates(complaints=batch, original=original, actor=officer)
    assert [snapshot(c) for c in batch] == before
    with pytest.raises(ValidationError, match="original itself"):
        services.complaints_close_duplicates(
            complaints=[original], original=original, actor=officer
        )


def test_never_the_duplicate_of_a_duplicate(officer):
    first, second = complaint(), complaint()
    services.complaints_close_duplicates(complaints=[first], original=second, actor=officer)
    before = snapshot(second)
    with pytest.raises(ValidationError, match="itself closed as a duplicate"):
        services.complaints_close_duplicates(complaints=[second], original=first, actor=officer)
    assert snapshot(second) == before


def test_no_duplicate_of_another_agency(officer, mosd_officer):
    theirs = complaint(of=category("MOSD"))
    with pytest.raises(ValidationError, match="original complaint was not found"):
        services.complaints_close_duplicates(
            complaints=[complaint()], original=theirs, actor=officer
        )


# --- the employee concerned ----------------------------------------------------------------------


def test_a_complaint_about_an_employee_is_hidden_from_them(officer, officer_2, unit_supervisor):
    made = complaint()
    assert selectors.complaints_visible_to(officer_2).filter(pk=made.pk).exists()
    services.complaint_name_employee(complaint=made, employee=officer_2, actor=unit_supervisor)
    assert not selectors.complaints_visible_to(officer_2).filter(pk=made.pk).exists()
    assert not selectors.may_read(officer_2, reload(made))
    assert selectors.complaints_visible_to(officer).filter(pk=made.pk).exists()
    assert updates(made, "employee_named").get().visible_to_complainant is False
    with pytest.raises(ValidationError, match="already recorded"):
        services.complaint_name_employee(complaint=made, employee=officer_2, actor=officer)


def test_naming_a_second_employee_never_shows_it_to_the_first(officer, officer_2, unit_supervisor):
    made = complaint()
    stale = reload(made)  # another officer's page, loaded before the first naming
    services.complaint_name_employee(complaint=made, employee=officer_2, actor=unit_supervisor)
    for copy in (reload(made), stale):
        with pytest.raises(ValidationError):
            services.complaint_name_employee(
                complaint=copy, employee=unit_supervisor, actor=officer
            )
    assert reload(made).named_employee == officer_2
    assert not selectors.may_read(officer_2, reload(made))


def test_naming_and_assigning_the_same_employee_at_once_leaves_one_of_them(
    officer, officer_2, unit_supervisor
):
    first, second = reload(complaint()), None
    second = reload(first)
    services.complaint_assign(complaint=first, officer=officer_2, actor=unit_supervisor)
    with pytest.raises(ValidationError):
        services.complaint_name_employee(complaint=second, employee=officer_2, actor=officer)
    done = reload(first)
    assert done.assigned_to == officer_2 and done.named_employee is None
    # The other way round.
    first = reload(complaint())
    second = reload(first)
    services.complaint_name_employee(complaint=first, employee=officer_2, actor=officer)
    with pytest.raises(ValidationError):
        services.complaint_assign(complaint=second, officer=officer_2, actor=unit_supervisor)
    done = reload(first)
    assert done.named_employee == officer_2 and done.assigned_to is None


def test_the_employee_concerned_must_work_for_the_agency_and_not_hold_it(
    officer, officer_2, mosd_officer
):
    made = complaint()
    with pytest.raises(ValidationError, match="work for the agency"):
        services.complaint_name_employee(complaint=made, employee=mosd_officer, actor=officer)
    with pytest.raises(ValidationError, match="work for the agency"):
        complaint(named_employee=mosd_officer)
    services.complaint_assign(complaint=made, officer=officer_2, actor=officer)
    with pytest.raises(ValidationError, match="another officer first"):
        services.complaint_name_employee(complaint=reload(made), employee=officer_2, actor=officer)
    with pytest.raises(ValidationError, match="someone else"):
        services.complaint_name_employee(complaint=reload(made), employee=officer, actor=officer)


def test_notes_are_for_staff_only(officer):
    made = complaint()
    services.complaint_note(complaint=made, text="Called the branch.", actor=officer)
    note = updates(made, "note").get()
    assert not note.visible_to_complainant and note.body == "Called the branch."
    assert note not in selectors.public_thread(made)


def test_an_arabic_notification_reads_in_arabic(officer):
    made = complaint()
    in_app = staff_notices(officer, "received").get(channel="in_app")
    assert in_app.body == arabic(
        "New complaint %(reference)s (%(category)s) has reached your office.",
        reference=made.reference,
        category=made.category.name_ar,
    )


def test_attachments_are_saved_under_random_names(officer):
    made = complaint(attachments=[upload("my receipt.pdf")])
    saved = ComplaintAttachment.objects.get(complaint=made)
    assert saved.original_name == "my receipt.pdf"
    assert saved.storage_name.endswith(".pdf") and "receipt" not in saved.file.name
    assert timezone.now() >= saved.uploaded_at


def test_a_new_complaint_tells_its_office_officers_in_the_same_queries_however_many(officer):
    made = category()
    complaint(of=made)  # loads the business calendar, cached for the process
    with CaptureQueriesContext(connection) as one:
        complaint(of=made)
    for n in range(3):
        staff(
            "NAF",
            None,
            Membership.Role.COMPLAINTS_OFFICER,
            email=f"complaints.more{n}@naf.example.jo",
        )
    with CaptureQueriesContext(connection) as four:
        latest = complaint(of=made)
    assert len(four.captured_queries) == len(one.captured_queries)
    assert (
        Message.objects.filter(
            template="complaints.staff", context__reference=latest.reference
        ).count()
        == 4
    )
