import datetime as dt

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .models import AuditEvent
from .selectors import object_types, users_with_email


class AuditFilterForm(forms.Form):
    def clean(self):
        data = super().clean()
        if data.get("object_id") and not data.get("object_type"):
            self.add_error("object_type", _("Choose the object type to search by object id."))
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", _("The end of the period is before its start."))
        return data


class EmailFilter(django_filters.CharFilter):
    field_class = forms.EmailField


class AuditEventFilter(django_filters.FilterSet):
    """The audit log's filters. Each is served by an index ending in (at, id): the actor, the
    action, the object (type, then id), the agency an administrator sees (alone or with the
    action), or the period alone."""

    actor = EmailFilter(label=_("Actor (email address)"), method="filter_actor", max_length=254)
    action = django_filters.ChoiceFilter(
        label=_("Action"), choices=AuditEvent.Action.choices, empty_label=_("Any")
    )
    object_type = django_filters.ChoiceFilter(
        label=_("Object type"), choices=object_types, empty_label=_("Any")
    )
    object_id = django_filters.CharFilter(label=_("Object id"), max_length=40)
    since = django_filters.DateFilter(label=pgettext_lazy("period", "From"), method="filter_since")
    until = django_filters.DateFilter(label=pgettext_lazy("period", "To"), method="filter_until")

    class Meta:
        model = AuditEvent
        form = AuditFilterForm
        fields = ["actor", "action", "object_type", "object_id", "since", "until"]

    def filter_actor(self, queryset, name, value):
        if not value:
            return queryset
        # The id as a literal, looked up first: the planner then reads that actor's rows from the
        # (actor, at, id) index instead of guessing at a subquery and walking the whole table.
        actor_id = users_with_email(value).values_list("pk", flat=True).first()
        return queryset.filter(actor_id=actor_id) if actor_id else queryset.none()

    def filter_since(self, queryset, name, value):
        return queryset.filter(at__gte=_start_of(value)) if value else queryset

    def filter_until(self, queryset, name, value):
        return (
            queryset.filter(at__lt=_start_of(value + dt.timedelta(days=1))) if value else queryset
        )


def _start_of(day: dt.date) -> dt.datetime:
    """Midnight of `day` in Amman: the period is read as the page shows the times."""
    return dt.datetime.combine(day, dt.time.min, tzinfo=timezone.get_default_timezone())
