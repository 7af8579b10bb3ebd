from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class TransitionNotAllowed(ValidationError):
    """A status change asked of an object that is not (or no longer) in a state that allows it."""

    def __init__(self, message=None):
        super().__init__(
            message
            or _(
                "This change is not possible any more: the record was changed meanwhile. Reload the page."
            )
        )
