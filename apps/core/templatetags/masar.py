from django import template
from django.utils.html import format_html, format_html_join

register = template.Library()


@register.simple_tag
def select_options(choices, selected=None, empty_label=None):
    """`<option>`s for a long list of (value, label) pairs, rendered in Python.

    Django renders each option of a form select through a template; for the hundreds of social
    workers of a big office that is most of a page's time. Used where a select lists staff.
    """
    selected = "" if selected is None else str(selected)
    head = format_html('<option value="">{}</option>', empty_label) if empty_label is not None else ""
    body = format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((value, " selected" if str(value) == selected else "", label) for value, label in choices),
    )
    return head + body
