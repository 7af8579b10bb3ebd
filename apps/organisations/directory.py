"""A version number of the staff directory, for caches of what is drawn from it.

Lists of staff (the social workers of an office, as `<option>`s for the caseload filter and the
reassignment forms) are asked for on every page of a supervisor, and a big office has hundreds
of social workers. Such lists are cached under a key that carries this version; any change of a
membership or of a user's name or email bumps it, after the transaction commits, so the next
page draws the list again. Saves that only touch sign-in fields (last_login, password) leave it.
Writes that bypass signals (queryset.update) call `staff_directory_changed()` themselves.
"""

from django.core.cache import cache
from django.db import transaction

VERSION_KEY = "organisations:staff-directory-version"
SIGN_IN_FIELDS = frozenset({"last_login", "password"})


def staff_directory_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        # add(), not set(): two processes starting at once agree on one value.
        cache.add(VERSION_KEY, 1, timeout=None)
        version = cache.get(VERSION_KEY, 1)
    return version


def _bump() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not in the cache (evicted, or never read): any new value will do
        cache.add(VERSION_KEY, 1, timeout=None)


def staff_directory_changed() -> None:
    transaction.on_commit(_bump)


def membership_saved(sender, **kwargs) -> None:
    staff_directory_changed()


def user_saved(sender, update_fields=None, **kwargs) -> None:
    if update_fields is not None and set(update_fields) <= SIGN_IN_FIELDS:
        return
    staff_directory_changed()
