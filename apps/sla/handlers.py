"""What a workflow tells the SLA backbone about its clocks (DESIGN.md: the backbone calls
handlers by kind and knows nothing of referrals or complaints).

A workflow app registers one handler per clock kind in its `AppConfig.ready()`:

    from apps.sla import handlers
    handlers.register("referrals.referral", ReferralDeadlines())

`label(clock)` and `url(clock)` are called in the language of each person notified (under
`translation.override`), so they may use gettext and reverse(). `escalate(clock, level)` runs
inside the sweep's transaction, with the clock's row locked: whatever it writes is committed
with the escalation record, or rolled back and tried again by the next sweep. To stop or pause
the clock from there, call `clock_stop(clock=clock)` / `clock_pause(clock=clock)` with the
instance it was given.

A handler may also define `withheld(clock)`: the ids of users who must not be told of the
clock even when their role would have them told (the employee a complaint is about). It is
called for each clock with a level to record, so it may query.
"""

from typing import Protocol

from django.core.exceptions import ImproperlyConfigured


class Handler(Protocol):
    def label(self, clock) -> str: ...

    def url(self, clock) -> str: ...

    def escalate(self, clock, level: int) -> None: ...


_registry: dict[str, Handler] = {}


def register(kind: str, handler: Handler) -> None:
    current = _registry.get(kind)
    if current is not None and current is not handler:
        raise ImproperlyConfigured(f"A deadline handler is already registered for {kind!r}.")
    _registry[kind] = handler


def handler_for(kind: str) -> Handler:
    try:
        return _registry[kind]
    except KeyError:
        raise ImproperlyConfigured(
            f"No deadline handler is registered for {kind!r}; register one in AppConfig.ready()."
        ) from None
