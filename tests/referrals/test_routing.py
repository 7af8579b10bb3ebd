"""Routing: the service's rule for the person's governorate, else the agency's office there, else
its head office; the least loaded of equals; never the sending office; the unrouted queue and
the agency admin's hand; the routing rules themselves."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext

from apps.audit.models import AuditEvent
from apps.core.exceptions import TransitionNotAllowed
from apps.organisations.models import Agency, Governorate, Membership, Office
from apps.referrals import services
from apps.referrals.models import Referral, RoutingRule
from tests.cases.factories import household, open_case
from tests.organisations.factories import office, staff
from tests.referrals.factories import (
    answer_clock,
    closed_offices,
    consent,
    in_state,
    many,
    referrable_card,
    referral,
    reload,
    routed,
    running_clocks,
)
from tests.referrals.helpers import audits, notices, read, snapshot, timeline, updates

pytestmark = pytest.mark.django_db
Status = Referral.Status
Role = Membership.Role


def rule(service, governorate: str, to: Office, *, admin) -> RoutingRule:
    return services.routing_rule_set(
        service=service,
        governorate=Governorate.objects.get(code=governorate),
        office=to,
        actor=admin,
    )


def extra_office(agency: str, governorate: str, name: str) -> Office:
    """A second office of the agency in the governorate (the reference data has one)."""
    return Office.objects.create(
        agency=Agency.objects.get(code=agency),
        governorate=Governorate.objects.get(code=governorate),
        name_ar=f"مكتب {name}",
        name_en=f"{name} office",
    )


def case_in(governorate: str, *, owner):
    """A case at the owner's office for a household living in `governorate`."""
    home, _members = household(governorate=governorate)
    return open_case(owner=owner, home=home)


# Which office -----------------------------------------------------------------------------------


def test_by_default_the_agencys_office_in_the_persons_governorate_gets_it(social_worker):
    made = routed(sender=social_worker, case=case_in("IR", owner=social_worker))
    assert made.to_office == office("NAF", "IR")


def test_a_routing_rule_for_the_service_and_governorate_wins(social_worker, naf_admin):
    service = referrable_card()
    zarqa = office("NAF", "ZA")
    rule(service, "AM", zarqa, admin=naf_admin)
    made = routed(sender=social_worker, service=service)
    assert made.to_office == zarqa
    # The rule is for Amman only; and for that service only.
    assert routed(
        sender=social_worker, service=service, case=case_in("IR", owner=social_worker)
    ).to_office == office("NAF", "IR")
    assert routed(sender=social_worker).to_office == office("NAF", "AM")


def test_a_rule_to_a_closed_office_is_passed_over(social_worker, naf_admin):
    service = referrable_card()
    zarqa = office("NAF", "ZA")
    rule(service, "AM", zarqa, admin=naf_admin)
    with closed_offices(zarqa):
        made = routed(sender=social_worker, service=service)
    assert made.to_office == office("NAF", "AM")


def test_without_an_office_in_the_governorate_the_head_office_gets_it(social_worker):
    with closed_offices(office("NAF", "AM")):
        made = routed(sender=social_worker)
    assert made.to_office == office("NAF", None)


def test_among_equal_offices_the_one_with_fewer_open_referrals_gets_it(social_worker):
    amman = office("NAF", "AM")
    second = extra_office("NAF", "AM", "Amman East")
    # Two open referrals at the reference office, one at the new office.
    for _ in range(2):
        made = referral(sender=social_worker)
        services.referral_route(referral_id=made.pk)
    assert reload(made).to_office == second  # the second one went to the empty office
    counts = dict(
        Referral.objects.filter(status=Status.ROUTED)
        .values_list("to_office")
        .annotate(n=Count("pk"))
    )
    assert counts == {amman.pk: 1, second.pk: 1}
    # Equal load: the lower id (the reference office) first.
    assert routed(sender=social_worker).to_office == amman
    assert routed(sender=social_worker).to_office == second


def test_closed_referrals_are_no_load(social_worker, naf_supervisor):
    amman = office("NAF", "AM")
    second = extra_office("NAF", "AM", "Amman East")
    first = routed(sender=social_worker)
    assert first.to_office == amman
    assert routed(sender=social_worker).to_office == second
    services.referral_decline(
        referral=first, reason=Referral.DeclineReason.NO_CAPACITY, note="", actor=naf_supervisor
    )
    # The reference office has a declined referral and none open; the second office one open.
    assert routed(sender=social_worker).to_office == amman


def test_the_candidates_in_order(social_worker, naf_admin):
    service = referrable_card()
    zarqa, amman = office("NAF", "ZA"), office("NAF", "AM")
    rule(service, "AM", zarqa, admin=naf_admin)
    second = extra_office("NAF", "AM", "Amman East")
    routed(sender=social_worker)  # one open referral at the reference Amman office
    made = referral(sender=social_worker, service=service)
    assert services.routing_candidates(made) == [
        zarqa,
        second,
        amman,
        office("NAF", None),
    ]


def test_never_the_sending_office(naf_worker):
    """A NAF worker of Amman refers to another NAF service: the Amman office is skipped."""
    made = routed(sender=naf_worker, case=case_in("AM", owner=naf_worker))
    assert made.from_office == office("NAF", "AM")
    assert made.to_office == office("NAF", None)
    assert office("NAF", "AM") not in services.routing_candidates(made)


def test_a_rule_naming_the_sending_office_is_passed_over(naf_worker, naf_admin):
    service = referrable_card()
    rule(service, "AM", office("NAF", "AM"), admin=naf_admin)
    made = routed(sender=naf_worker, service=service, case=case_in("AM", owner=naf_worker))
    assert made.to_office == office("NAF", None)


def test_routing_twice_routes_once(social_worker, naf_supervisor):
    made = referral(sender=social_worker)
    assert services.referral_route(referral_id=made.pk) == Status.ROUTED
    after = snapshot(made)
    assert services.referral_route(referral_id=made.pk) == Status.ROUTED
    assert snapshot(made) == after
    assert updates(made, "routed").count() == 1
    assert len(running_clocks(made)) == 1
    assert notices(naf_supervisor, "routed").count() == 2
    assert reload(made).tried_offices == [office("NAF", "AM").pk]


def test_routing_a_referral_that_no_longer_exists_does_nothing(db):
    assert services.referral_route(referral_id=987654321) == ""


# The unrouted queue -----------------------------------------------------------------------------


def test_with_no_office_it_waits_in_the_agencys_unrouted_queue(social_worker, naf_admin):
    english_admin = staff("NAF", None, Role.AGENCY_ADMIN, language="en")
    made = in_state(Status.UNROUTED, sender=social_worker)
    assert made.to_office is None and made.tried_offices == []
    assert updates(made, "unrouted").count() == 1
    (event,) = timeline(made, "unrouted")
    assert read(event, "en") == (
        f"Referral {made.reference} waits for the receiving agency to choose an office"
    )
    assert audits(made, action=AuditEvent.Action.TRANSITION, detail=Status.UNROUTED).count() == 1
    assert not running_clocks(made)  # no office owes an answer yet
    assert notices(naf_admin, "unrouted").count() == 2
    assert notices(english_admin, "unrouted").get(channel="in_app").body == (
        f"Referral {made.reference} for {made.service.name_en} fits none of your offices: "
        "choose one."
    )


def test_the_agency_admin_routes_it_by_hand(social_worker, naf_admin):
    made = in_state(Status.UNROUTED, sender=social_worker)
    irbid = office("NAF", "IR")
    supervisor = staff("NAF", "IR", Role.SUPERVISOR)
    services.referral_route_manually(referral=made, office=irbid, actor=naf_admin)
    done = reload(made)
    assert done.status == Status.ROUTED and done.to_office == irbid
    assert done.tried_offices == [irbid.pk]
    assert answer_clock(done).office == irbid
    update = updates(made, "routed").get()
    assert update.author == naf_admin
    assert audits(made, action=AuditEvent.Action.TRANSITION, actor=naf_admin).count() == 1
    assert notices(supervisor, "routed").count() == 2
    with pytest.raises(TransitionNotAllowed):
        services.referral_route_manually(referral=made, office=irbid, actor=naf_admin)
    assert updates(made, "routed").count() == 1


@pytest.mark.parametrize(
    "persona", ["naf_supervisor", "naf_worker", "agency_admin", "social_worker", "supervisor"]
)
def test_only_the_receiving_agencys_admin_routes_by_hand(persona, social_worker, request):
    made = in_state(Status.UNROUTED, sender=social_worker)
    before = snapshot(made)
    with pytest.raises(PermissionDenied):
        services.referral_route_manually(
            referral=made, office=office("NAF", "IR"), actor=request.getfixturevalue(persona)
        )
    assert snapshot(made) == before


def test_routing_by_hand_takes_an_active_office_of_the_agency_only(social_worker, naf_admin):
    made = in_state(Status.UNROUTED, sender=social_worker)
    before = snapshot(made)
    with pytest.raises(ValidationError, match="active office of your agency"):
        services.referral_route_manually(
            referral=made, office=office("MOSD", "IR"), actor=naf_admin
        )
    irbid = office("NAF", "IR")
    with closed_offices(irbid), pytest.raises(ValidationError, match="active office"):
        services.referral_route_manually(
            referral=made, office=Office.objects.get(pk=irbid.pk), actor=naf_admin
        )
    assert snapshot(made) == before


def test_routing_by_hand_never_sends_it_back_to_the_sending_office(naf_worker, naf_admin):
    case = case_in("AM", owner=naf_worker)
    made = referral(sender=naf_worker, case=case)
    with closed_offices(office("NAF", None)):
        services.referral_route(referral_id=made.pk)
    made = reload(made)
    assert made.status == Status.UNROUTED
    with pytest.raises(ValidationError, match="office that sent it"):
        services.referral_route_manually(referral=made, office=office("NAF", "AM"), actor=naf_admin)
    assert reload(made).status == Status.UNROUTED


def test_the_only_other_office_being_the_senders_own_is_refused_at_once(naf_worker):
    """An agency whose every other office is closed: routing could only pick the sender's."""
    others = Office.objects.filter(agency__code="NAF").exclude(pk=office("NAF", "AM").pk)
    case = case_in("AM", owner=naf_worker)
    service = referrable_card()
    consent(case.primary_person, service.agency, actor=naf_worker)
    with closed_offices(*others), pytest.raises(ValidationError, match="office that sent it"):
        services.referral_create(
            case=case,
            person=case.primary_person,
            service=service,
            reason="The family lost its income.",
            actor=naf_worker,
        )
    assert not Referral.objects.exists()


# Routing rules ----------------------------------------------------------------------------------


def test_an_agency_admin_sets_changes_and_removes_a_rule(naf_admin):
    service = referrable_card()
    made = rule(service, "AM", office("NAF", "ZA"), admin=naf_admin)
    assert (made.created_by, made.office) == (naf_admin, office("NAF", "ZA"))
    # The same service and governorate again: the rule changes, it is not doubled.
    changed = rule(service, "AM", office("NAF", "MA"), admin=naf_admin)
    assert changed.pk == made.pk
    assert RoutingRule.objects.get().office == office("NAF", "MA")
    services.routing_rule_delete(rule=changed, actor=naf_admin)
    assert not RoutingRule.objects.exists()
    trail = AuditEvent.objects.filter(object_type="referrals.routingrule").order_by("pk")
    assert list(trail.values_list("action", "detail")) == [
        ("create", ""),
        ("update", ""),
        ("delete", ""),
    ]


@pytest.mark.parametrize("persona", ["agency_admin", "naf_supervisor", "naf_worker"])
def test_only_the_services_agency_admin_manages_its_rules(persona, naf_admin, request):
    service = referrable_card()
    actor = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        rule(service, "AM", office("NAF", "ZA"), admin=actor)
    existing = rule(service, "AM", office("NAF", "ZA"), admin=naf_admin)
    with pytest.raises(PermissionDenied):
        services.routing_rule_delete(rule=existing, actor=actor)
    assert RoutingRule.objects.get().office == office("NAF", "ZA")


def test_a_rule_names_an_active_office_of_the_services_agency(naf_admin):
    service = referrable_card()
    with pytest.raises(ValidationError):
        rule(service, "AM", office("MOSD", "AM"), admin=naf_admin)
    zarqa = office("NAF", "ZA")
    with closed_offices(zarqa), pytest.raises(ValidationError):
        rule(service, "AM", Office.objects.get(pk=zarqa.pk), admin=naf_admin)
    assert not RoutingRule.objects.exists()


# Batches ----------------------------------------------------------------------------------------


def test_one_route_call_routes_the_referrals_waiting_with_it(social_worker, naf_supervisor):
    made = many(5, sender=social_worker, route=False)
    assert services.referral_route(referral_id=made[2].pk) == Status.ROUTED
    for one in made:
        done = reload(one)
        assert done.status == Status.ROUTED and done.to_office == office("NAF", "AM")
        assert updates(one, "routed").count() == 1
        assert len(running_clocks(one)) == 1
        assert audits(one, action=AuditEvent.Action.TRANSITION, detail=Status.ROUTED).count() == 1
    # One timeline entry each, on the case they share.
    events = timeline(made[0], "routed")
    assert sorted(event.params["reference"] for event in events) == sorted(
        one.reference for one in made
    )
    assert all(
        read(event, "en").startswith(f"Referral {event.params['reference']}") for event in events
    )
    assert notices(naf_supervisor, "routed").count() == 2 * len(made)
    # Their own tasks, when they come, find them routed and change nothing.
    before = [snapshot(one) for one in made]
    for one in made:
        assert services.referral_route(referral_id=one.pk) == Status.ROUTED
    assert [snapshot(one) for one in made] == before
    assert notices(naf_supervisor, "routed").count() == 2 * len(made)


def test_a_batch_takes_as_many_queries_whatever_its_size(social_worker):
    def queries_to_route(count: int) -> int:
        made = many(count, sender=social_worker, route=False)
        with CaptureQueriesContext(connection) as captured:
            services.referral_route(referral_id=made[0].pk)
        assert {reload(one).status for one in made} == {Status.ROUTED}
        return len(captured.captured_queries)

    queries_to_route(1)  # per-process caches (the calendar's) filled
    assert queries_to_route(2) == queries_to_route(9)


def test_a_batch_is_at_most_route_batch_referrals(social_worker, monkeypatch):
    monkeypatch.setattr(services, "ROUTE_BATCH", 3)
    made = many(5, sender=social_worker, route=False)
    services.referral_route(referral_id=made[4].pk)
    # Its own referral first, then the oldest others.
    assert [reload(one).status for one in made] == [
        Status.ROUTED,
        Status.ROUTED,
        Status.SUBMITTED,
        Status.SUBMITTED,
        Status.ROUTED,
    ]


def test_a_batch_spreads_over_equal_offices(social_worker):
    amman = office("NAF", "AM")
    second = extra_office("NAF", "AM", "Amman East")
    made = many(4, sender=social_worker, route=False)
    services.referral_route(referral_id=made[0].pk)
    counts = dict(
        Referral.objects.filter(pk__in=[one.pk for one in made])
        .values_list("to_office")
        .annotate(n=Count("pk"))
    )
    assert counts == {amman.pk: 2, second.pk: 2}


def test_a_batch_with_and_without_an_office(social_worker, naf_admin):
    """One batch: referrals that fit an office are routed, the others wait unrouted."""
    service = referrable_card()
    irbid_case = case_in("IR", owner=social_worker)
    fits = referral(sender=social_worker, case=irbid_case, service=service)
    with closed_offices(office("NAF", "AM"), office("NAF", None)):
        waits = referral(sender=social_worker, service=service)
        services.referral_route(referral_id=fits.pk)
    assert reload(fits).status == Status.ROUTED and reload(fits).to_office == office("NAF", "IR")
    assert reload(waits).status == Status.UNROUTED
    assert notices(naf_admin, "unrouted").count() == 2
