"""POST actions on one object of a workflow (a case, a referral, a complaint): the shape every
workflow's action views share. It lives here, the lowest app that both knows staff roles and
records refused attempts."""

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from apps.organisations.permissions import staff_required

from .services import audit_denied


def object_action(
    *,
    roles: tuple[str, ...],
    load: Callable,
    refused: Callable,
    back: Callable,
) -> Callable:
    """Decorate `view(request, obj, ...)`, which calls one service and returns a success message
    (or None). `load(request, reference)` fetches the object in the user's scope (404 outside
    it); a PermissionDenied from the service is audited and told as `refused(request, obj)`; a
    ValidationError (a wrong state, bad input) is told as it is; either way nothing changed.
    The answer is a redirect to `back(request, obj)`."""

    def decorator(view: Callable) -> Callable:
        @staff_required(*roles)
        @require_POST
        @wraps(view)
        def wrapped(request, reference, *args, **kwargs):
            obj = load(request, reference)
            try:
                result = view(request, obj, *args, **kwargs)
            except PermissionDenied:
                audit_denied(request=request, status=403, obj=obj, detail=view.__name__)
                messages.error(request, refused(request, obj))
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                if result:
                    messages.success(request, result)
            return redirect(back(request, obj))

        return wrapped

    return decorator
