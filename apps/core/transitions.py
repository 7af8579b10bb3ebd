"""The guarded status change every workflow uses (DESIGN.md, Workflows)."""

from collections.abc import Sequence

from django.db import models
from django.db.models import Q
from django.utils import timezone

from .exceptions import TransitionNotAllowed


def transition(
    obj: models.Model,
    *,
    sources: Sequence[str],
    target: str,
    guard: Q | None = None,
    **extra,
) -> None:
    """Move `obj` to `target` only if its row is still in one of `sources` (and matches `guard`):
    one UPDATE, so a double click or two people racing change it once and the second is refused
    with TransitionNotAllowed. `extra` fields are written in the same UPDATE and set on `obj`."""
    rows = type(obj)._default_manager.filter(pk=obj.pk, status__in=sources)
    if guard is not None:
        rows = rows.filter(guard)
    if not rows.update(status=target, updated_at=timezone.now(), **extra):
        raise TransitionNotAllowed
    obj.status = target
    for name, value in extra.items():
        setattr(obj, name, value)
