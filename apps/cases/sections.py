"""Sections that workflow apps above this one add to the case page: referrals first (DESIGN.md,
"a lower app never imports a higher one"; the higher app registers here in its ready()).

A section is a template and a function giving its context for (case, user); the case page
includes each registered section's template with that context as `section`.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    name: str
    template: str
    context: Callable  # (case, user) -> dict


_sections: dict[str, Section] = {}


def register(section: Section) -> None:
    _sections[section.name] = section


def for_case(case, user) -> list[tuple[str, dict]]:
    return [(s.template, s.context(case, user)) for s in _sections.values()]
