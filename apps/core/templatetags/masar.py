from html import escape

from django import template
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag
def select_options(choices, selected=None, empty_label=None):
    """`<option>`s for a long list of (value, label) pairs, rendered in plain Python.

    Django renders each option of a form select through a template, and format_html costs about
    as much again; for the hundreds of social workers of a big office that was most of a page's
    time. Every value and label is escaped here.
    """
    selected = "" if selected is None else str(selected)
    parts = [] if empty_label is None else [f'<option value="">{escape(str(empty_label))}</option>']
    for value, label in choices:
        value = str(value)
        mark = " selected" if value == selected else ""
        parts.append(f'<option value="{escape(value)}"{mark}>{escape(str(label))}</option>')
    return mark_safe("".join(parts))  # noqa: S308 - built from escaped parts only
