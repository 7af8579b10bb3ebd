from html import escape

from django import template
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


def options_html(choices, empty_label=None) -> SafeString:
    """`<option>`s for a long list of (value, label) pairs, rendered in plain Python.

    Django renders each option of a form select through a template, and format_html costs about
    as much again; for the hundreds of social workers of a big office that was most of a page's
    time. Every value and label is escaped here.
    """
    parts = [] if empty_label is None else [f'<option value="">{escape(str(empty_label))}</option>']
    for value, label in choices:
        value = str(value) if isinstance(value, int) else escape(str(value))
        parts.append(f'<option value="{value}">{escape(str(label))}</option>')
    return mark_safe("".join(parts))  # noqa: S308 - built from escaped parts only


@register.filter
def with_selected(options: SafeString, value) -> SafeString:
    """Mark the option with this value as selected in HTML made by options_html."""
    if value in (None, ""):
        return options
    needle = f'<option value="{escape(str(value))}">'
    return mark_safe(options.replace(needle, needle[:-1] + " selected>", 1))  # noqa: S308


@register.simple_tag
def select_options(choices, selected=None, empty_label=None):
    """options_html with one value selected, for short lists of choices in templates."""
    return with_selected(options_html(choices, empty_label), selected)
