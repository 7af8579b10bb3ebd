"""The office dashboard's figures, kept in the cache per office and viewer (docs/supervision.md).

Counting an office's figures walks its open work: about a second for a national office of 600
social workers and 80,000 open cases, which no supervisor should wait for at every visit. So the
page shows the figures last counted and, once they are older than FRESH_FOR, has them counted
again in the background (one count per office and viewer at a time) while it shows the ones it
has; the page says when they were counted. Figures are counted while the supervisor waits only
when there are none yet, after a reassignment from the dashboard (the office's version changes),
or when they ask for it ("count them now").
"""

from django.core.cache import cache
from django.utils import timezone

from apps.organisations.models import Office, User

from . import selectors_office as selectors

FRESH_FOR = 120  # seconds after which kept figures are counted again, in the background
KEPT_FOR = 3600  # seconds kept figures may still be shown while they are counted again
COUNTING_FOR = 300  # seconds a background count may take before another may start


def _version(office: Office) -> int:
    return cache.get(f"dashboards:office:{office.pk}:version", 0)


def figures_changed(office: Office) -> None:
    """The office's kept figures are out of date (a reassignment from the dashboard)."""
    key = f"dashboards:office:{office.pk}:version"
    cache.add(key, 0, None)
    cache.incr(key)


def _key(office: Office, viewer: User) -> str:
    # Per viewer: complaints about the viewer are left out of what they see.
    return f"dashboards:office:{office.pk}:{_version(office)}:{viewer.pk}"


def count(office: Office, viewer: User) -> dict:
    """Count the office's figures as `viewer` sees them, keep them, and return them: the rows
    (in name order), the totals, the approvals and when they were counted."""
    when = selectors.window(office)
    rows, totals = selectors.office_figures(office, viewer, when=when)
    found = {
        "rows": rows,
        "totals": totals,
        "approvals": selectors.approvals_summary(office),
        "computed_at": when.now,
    }
    key = _key(office, viewer)
    cache.set(key, found, KEPT_FOR)
    cache.delete(f"{key}:counting")
    return found


def figures(office: Office, viewer: User, *, fresh: bool = False) -> dict:
    """The kept figures, counting them now when there are none (or `fresh`), and in the
    background when they are older than FRESH_FOR."""
    key = _key(office, viewer)
    found = None if fresh else cache.get(key)
    if found is None:
        return count(office, viewer)
    stale = (timezone.now() - found["computed_at"]).total_seconds() > FRESH_FOR
    if stale and cache.add(f"{key}:counting", 1, COUNTING_FOR):
        from .tasks import count_office_figures  # tasks.py imports this module

        count_office_figures.delay(office.pk, viewer.pk)
    return found
