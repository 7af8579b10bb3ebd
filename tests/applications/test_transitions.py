"""Every status change from its right states only; done twice, it happens once."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from apps.applications import services
from apps.applications.models import Application
from apps.audit.models import AuditEvent
from apps.core.exceptions import TransitionNotAllowed
from apps.notifications.models import Message
from tests.applications.factories import draft, reload, submitted, under_review

pytestmark = pytest.mark.django_db
Status = Application.Status


def in_status(status, *, applicant, reviewer) -> Application:
    """An application brought to `status` through the services."""
    if status == Status.DRAFT:
        return draft(applicant=applicant)
    if status == Status.SUBMITTED:
        return submitted(applicant=applicant)
    application = under_review(applicant=applicant, reviewer=reviewer)
    if status == Status.UNDER_REVIEW:
        return application
    if status == Status.INFO_REQUESTED:
        services.application_request_info(application=application, question="?", actor=reviewer)
    elif status in (Status.APPROVED, Status.FULFILLED):
        services.application_approve(application=application, actor=reviewer)
        if status == Status.FULFILLED:
            services.application_fulfil(application=reload(application), actor=reviewer)
    elif status == Status.REJECTED:
        services.application_reject(application=application, reason="duplicate", actor=reviewer)
    elif status == Status.WITHDRAWN:
        services.application_withdraw(application=application, actor=applicant)
    return reload(application)


def _request_info(a, applicant, reviewer):
    services.application_request_info(application=a, question="Which school?", actor=reviewer)


def _answer_info(a, applicant, reviewer):
    services.application_answer_info(application=a, answer="The one nearby.", actor=applicant)


def _approve(a, applicant, reviewer):
    services.application_approve(application=a, actor=reviewer)


def _reject(a, applicant, reviewer):
    services.application_reject(application=a, reason="duplicate", actor=reviewer)


def _fulfil(a, applicant, reviewer):
    services.application_fulfil(application=a, actor=reviewer)


def _withdraw(a, applicant, reviewer):
    services.application_withdraw(application=a, actor=applicant)


def _submit(a, applicant, reviewer):
    services.application_submit(application=a, actor=applicant)


def _take(a, applicant, reviewer):
    services.application_assign(application=a, reviewer=reviewer, actor=reviewer)


ALL = [s for s in Status.values if s != Status.UNROUTED]
CASES = [
    (_submit, [Status.DRAFT], Status.SUBMITTED),
    (_take, [Status.SUBMITTED], Status.UNDER_REVIEW),
    (_request_info, [Status.UNDER_REVIEW], Status.INFO_REQUESTED),
    (_answer_info, [Status.INFO_REQUESTED], Status.UNDER_REVIEW),
    (_approve, [Status.UNDER_REVIEW], Status.APPROVED),
    (_reject, [Status.UNDER_REVIEW, Status.INFO_REQUESTED], Status.REJECTED),
    (_fulfil, [Status.APPROVED], Status.FULFILLED),
    (
        _withdraw,
        [Status.DRAFT, Status.SUBMITTED, Status.UNDER_REVIEW, Status.INFO_REQUESTED],
        Status.WITHDRAWN,
    ),
]


@pytest.mark.parametrize(
    ("step", "source", "target"),
    [(step, source, target) for step, sources, target in CASES for source in sources],
    ids=lambda v: getattr(v, "__name__", str(v)),
)
def test_from_a_right_state_once_then_refused(step, source, target, applicant, reviewer):
    application = in_status(source, applicant=applicant, reviewer=reviewer)
    step(application, applicant, reviewer)
    assert reload(application).status == target
    counts = (Message.objects.count(), AuditEvent.objects.count(), application.updates.count())
    # The second click: from the copy that still reads the old status, and from a fresh one.
    stale = reload(application)
    stale.status = source
    for copy in (stale, reload(application)):
        with pytest.raises((TransitionNotAllowed, PermissionDenied)):
            step(copy, applicant, reviewer)
    assert reload(application).status == target
    assert counts == (
        Message.objects.count(),
        AuditEvent.objects.count(),
        application.updates.count(),
    )


@pytest.mark.parametrize(
    ("step", "source"),
    [
        (step, source)
        for step, sources, _target in CASES
        for source in ALL
        if source not in sources and step is not _take
    ],
    ids=lambda v: getattr(v, "__name__", str(v)),
)
def test_from_any_other_state_refused(step, source, applicant, reviewer):
    application = in_status(source, applicant=applicant, reviewer=reviewer)
    with pytest.raises((TransitionNotAllowed, PermissionDenied)):
        step(application, applicant, reviewer)
    assert reload(application).status == source


def test_taking_is_for_one_reviewer_only(applicant, reviewer, reviewer_2):
    application = submitted(applicant=applicant)
    services.application_assign(application=application, reviewer=reviewer, actor=reviewer)
    with pytest.raises((TransitionNotAllowed, PermissionDenied)):
        services.application_assign(application=application, reviewer=reviewer_2, actor=reviewer_2)
    assert reload(application).assigned_to == reviewer


def test_staff_of_other_offices_and_citizens_decide_nothing(
    applicant, reviewer, irbid_worker, naf_admin, other_citizen
):
    application = under_review(applicant=applicant, reviewer=reviewer)
    for actor in (irbid_worker, naf_admin, other_citizen, applicant):
        with pytest.raises(PermissionDenied):
            services.application_approve(application=application, actor=actor)
    assert reload(application).status == Status.UNDER_REVIEW


def test_a_reviewer_who_does_not_have_it_decides_nothing(applicant, reviewer, reviewer_2):
    application = under_review(applicant=applicant, reviewer=reviewer)
    with pytest.raises(PermissionDenied):
        services.application_reject(application=application, reason="duplicate", actor=reviewer_2)
    assert reload(application).status == Status.UNDER_REVIEW


def test_other_needs_an_explanation(applicant, reviewer):
    application = under_review(applicant=applicant, reviewer=reviewer)
    with pytest.raises(ValidationError):
        services.application_reject(application=application, reason="other", actor=reviewer)
    with pytest.raises(ValidationError):
        services.application_reject(application=application, reason="bored", actor=reviewer)
    assert reload(application).status == Status.UNDER_REVIEW
