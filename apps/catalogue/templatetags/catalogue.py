"""Filters of the catalogue's pages, rendered in Python: a search page shows them for every
result, and a template include each would cost more than the rest of the result."""

from django import template
from django.template.defaultfilters import floatformat
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

register = template.Library()


@register.filter
def fee(service) -> str:
    """ "Free", or the fee in dinars with its fils when it has any (2.500, 50)."""
    if service.fee == 0:
        return _("Free")
    return _("%(amount)s Jordanian dinars") % {"amount": floatformat(service.fee, "-3")}


@register.filter
def working_days(days) -> str:
    if days is None:
        return "—"
    if days == 0:
        return _("The same day")
    return ngettext("%(days)s working day", "%(days)s working days", days) % {"days": days}
