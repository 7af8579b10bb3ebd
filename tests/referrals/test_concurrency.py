"""Two people acting on one referral at the same moment: one wins, the other is told it changed
meanwhile (TransitionNotAllowed) and nothing is written twice. Real races run in two threads,
each with its own database connection, released together by a barrier; the winner is slowed
inside its transaction so that the loser's guarded update really waits on the row. Stale
copies (a page loaded before someone else acted) are checked one after the other."""

import threading
import time

import pytest
from django.db import connection

from apps.core.exceptions import TransitionNotAllowed
from apps.referrals import services
from apps.referrals.models import Referral
from tests.organisations.factories import office
from tests.referrals.factories import answer_clock, reload, routed, running_clocks
from tests.referrals.helpers import audits, notices, snapshot, updates

Status = Referral.Status
DONE, REFUSED = "done", "refused"


def race(made: Referral, *acts, holding=None) -> list[str]:
    """Run each act on its own fresh copy of the referral, in its own thread and connection,
    all at once. Returns each act's outcome: "done", "refused" or the unexpected error.

    With `holding` (the `slow_winner` fixture's event), the second act starts only once the
    first has changed the row and, its transaction still open, holds the row's lock: the first
    wins whatever the scheduling, and the second's guarded update meets the locked row."""
    start = threading.Barrier(len(acts))
    outcomes: dict[int, str] = {}
    if holding is not None:
        holding.clear()  # set by the referral's own making, before the race

    def run(index, act):
        try:
            mine = Referral.objects.get(pk=made.pk)  # each loaded the page before either acted
            start.wait(timeout=30)
            if holding is not None and index > 0:
                assert holding.wait(timeout=30), "the first act never changed the row"
            act(mine)
            outcomes[index] = DONE
        except TransitionNotAllowed:
            outcomes[index] = REFUSED
        except Exception as error:  # reported in the test's thread
            outcomes[index] = repr(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, act)) for i, act in enumerate(acts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return [outcomes.get(i, "did not finish") for i in range(len(acts))]


@pytest.fixture
def slow_winner(monkeypatch):
    """Whoever changes the row first says so, then holds it a moment longer before committing.
    Returns the event set when that happens."""
    record = services._record
    changed = threading.Event()

    def slow(*args, **kwargs):
        changed.set()
        time.sleep(0.3)
        return record(*args, **kwargs)

    monkeypatch.setattr(services, "_record", slow)
    return changed


@pytest.mark.django_db(transaction=True)
def test_two_people_accepting_at_once(social_worker, naf_worker, naf_supervisor, slow_winner):
    made = routed(sender=social_worker)
    outcomes = race(
        made,
        lambda r: services.referral_accept(referral=r, actor=naf_worker),
        lambda r: services.referral_accept(referral=r, actor=naf_supervisor),
    )
    assert sorted(outcomes) == [DONE, REFUSED], outcomes
    done = reload(made)
    assert done.status == Status.ACCEPTED
    # The winner's acceptance only, once.
    winner = naf_worker if outcomes[0] == DONE else naf_supervisor
    assert done.assigned_to == winner
    assert updates(made, "accepted").count() == 1
    assert audits(made, detail=Status.ACCEPTED).count() == 1
    assert [c.purpose for c in running_clocks(made)] == [services.COMPLETE]
    assert notices(social_worker, "accepted").count() == 2


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("first", ["accept", "cancel"])
def test_accepting_and_cancelling_at_once(first, social_worker, naf_worker, slow_winner):
    made = routed(sender=social_worker)
    acts = {
        "accept": lambda r: services.referral_accept(referral=r, actor=naf_worker),
        "cancel": lambda r: services.referral_cancel(
            referral=r, reason="Moved away.", actor=social_worker
        ),
    }
    second = "cancel" if first == "accept" else "accept"
    outcomes = race(made, acts[first], acts[second], holding=slow_winner)
    assert outcomes == [DONE, REFUSED]
    done = reload(made)
    if first == "accept":  # the sender is told it changed; it is not cancelled behind them
        assert done.status == Status.ACCEPTED
        assert [c.purpose for c in running_clocks(made)] == [services.COMPLETE]
        assert not updates(made, "cancelled").exists()
        assert notices(social_worker, "accepted").count() == 2
    else:
        assert done.status == Status.CANCELLED
        assert not running_clocks(made)
        assert not updates(made, "accepted").exists()
        assert not notices(social_worker, "accepted").exists()
        assert notices(naf_worker, "cancelled").count() == 0  # nobody had taken it yet


@pytest.mark.django_db(transaction=True)
def test_two_workers_taking_at_once(social_worker, naf_worker, naf_worker_2, slow_winner):
    made = routed(sender=social_worker)
    outcomes = race(
        made,
        lambda r: services.referral_assign(referral=r, worker=naf_worker, actor=naf_worker),
        lambda r: services.referral_assign(referral=r, worker=naf_worker_2, actor=naf_worker_2),
    )
    assert sorted(outcomes) == [DONE, REFUSED], outcomes
    winner = naf_worker if outcomes[0] == DONE else naf_worker_2
    assert reload(made).assigned_to == winner
    assert updates(made, "assigned").count() == 1


# Stale copies, one after the other ---------------------------------------------------------------


@pytest.mark.django_db
def test_a_colleague_cannot_accept_what_another_took_meanwhile(
    social_worker, naf_worker, naf_worker_2
):
    made = routed(sender=social_worker)
    stale = reload(made)
    services.referral_assign(referral=made, worker=naf_worker, actor=naf_worker)
    before = snapshot(made)
    with pytest.raises(TransitionNotAllowed):
        services.referral_accept(referral=stale, actor=naf_worker_2)
    with pytest.raises(TransitionNotAllowed):
        services.referral_decline(
            referral=stale,
            reason=Referral.DeclineReason.OTHER,
            note="Not ours.",
            actor=naf_worker_2,
        )
    assert snapshot(made) == before
    assert reload(made).assigned_to == naf_worker


@pytest.mark.django_db
def test_the_old_office_cannot_answer_once_the_sweep_rerouted_it(
    social_worker, naf_worker, naf_supervisor
):
    made = routed(sender=social_worker)
    stale = reload(made)
    services.referral_reroute(referral=made, clock=answer_clock(made))
    assert reload(made).to_office == office("NAF", None)
    before = snapshot(made)
    for actor in (naf_worker, naf_supervisor):
        with pytest.raises(TransitionNotAllowed):
            services.referral_accept(referral=stale, actor=actor)
        with pytest.raises(TransitionNotAllowed):
            services.referral_request_info(referral=stale, question="Which school?", actor=actor)
    assert snapshot(made) == before


@pytest.mark.django_db
def test_the_sender_decides_again_when_the_referral_changed_meanwhile(social_worker, naf_worker):
    made = routed(sender=social_worker)
    stale = reload(made)
    services.referral_accept(referral=made, actor=naf_worker)
    with pytest.raises(TransitionNotAllowed):
        services.referral_cancel(referral=stale, reason="Moved away.", actor=social_worker)
    assert reload(made).status == Status.ACCEPTED
    # Having seen that it was accepted, the sender may still withdraw it.
    services.referral_cancel(referral=reload(made), reason="Moved away.", actor=social_worker)
    assert reload(made).status == Status.CANCELLED
    assert notices(naf_worker, "cancelled").count() == 2
