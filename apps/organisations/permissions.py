from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from .selectors import roles_of


def is_staff_member(user) -> bool:
    return bool(roles_of(user))


def staff_required(*roles: str):
    """Signed-in staff holding one of `roles` (any role when none is given); others get 403."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            held = roles_of(request.user)
            if not held or (roles and not held.intersection(roles)):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
