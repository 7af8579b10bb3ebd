"""Every refused access is recorded once: 404 for an object outside the user's scope, 403 for a
role the user does not hold, whichever app refuses it."""

import pytest
from django.urls import reverse

from apps.audit.models import AuditEvent
from tests.cases.factories import open_case
from tests.registry.factories import PersonFactory

Action = AuditEvent.Action


def refusals() -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(action__in=[Action.ACCESS_DENIED, Action.PERMISSION_DENIED])
    )


def test_a_person_outside_the_scope_answers_404_and_is_recorded(other_agency_worker, client_for):
    person = PersonFactory(agencies=["MOSD"])

    response = client_for(other_agency_worker).get(
        reverse("registry:person_detail", args=[person.pk]), REMOTE_ADDR="10.0.0.9"
    )

    assert response.status_code == 404
    [refusal] = refusals()
    assert (refusal.action, refusal.actor, refusal.object_type, refusal.object_id) == (
        Action.ACCESS_DENIED,
        other_agency_worker,
        "registry.person",
        str(person.pk),
    )
    assert (refusal.detail, refusal.ip_address, refusal.agency.code) == (
        "registry:person_detail",
        "10.0.0.9",
        "NAF",
    )
    assert refusal.request_id == response["X-Request-ID"]


def test_a_case_outside_the_scope_answers_404_and_is_recorded(
    social_worker, other_agency_worker, client_for
):
    case = open_case(owner=social_worker)

    response = client_for(other_agency_worker).get(reverse("cases:detail", args=[case.reference]))

    assert response.status_code == 404
    [refusal] = refusals()
    assert (refusal.action, refusal.object_type, refusal.object_id) == (
        Action.ACCESS_DENIED,
        "cases.case",
        case.reference,
    )


def test_opening_a_case_for_a_household_outside_the_scope_is_recorded(
    other_agency_worker, social_worker, client_for
):
    household = open_case(owner=social_worker).household

    response = client_for(other_agency_worker).get(
        reverse("cases:open"), {"household": household.pk}
    )

    assert response.status_code == 404
    [refusal] = refusals()
    assert (refusal.action, refusal.object_type, refusal.object_id) == (
        Action.ACCESS_DENIED,
        "registry.household",
        str(household.pk),
    )


def test_a_missing_role_answers_403_and_is_recorded(social_worker, client_for):
    response = client_for(social_worker).get(reverse("organisations:staff_list"))

    assert response.status_code == 403
    [refusal] = refusals()
    assert (refusal.action, refusal.actor, refusal.detail, refusal.object_type) == (
        Action.PERMISSION_DENIED,
        social_worker,
        "organisations:staff_list",
        "",
    )


def test_a_403_raised_inside_a_view_is_recorded_once(social_worker, agency_admin, client_for):
    """An agency admin sees the case but may not work on it: the view raises PermissionDenied."""
    case = open_case(owner=social_worker)

    response = client_for(agency_admin).get(reverse("cases:form", args=[case.reference, "note"]))

    assert response.status_code == 403
    [refusal] = refusals()
    assert (refusal.action, refusal.actor, refusal.detail) == (
        Action.PERMISSION_DENIED,
        agency_admin,
        "cases:form",
    )


@pytest.mark.parametrize("url", ["/en/staff/cases/", "/en/staff/audit/"])
def test_anonymous_visitors_are_sent_to_sign_in_without_a_refusal(url, anonymous_client, db):
    assert anonymous_client.get(url).status_code == 302
    assert refusals() == []
