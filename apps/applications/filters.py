"""The office's review queue: its filters, each served by an index on Application (models.py)."""

import django_filters
from django import forms
from django.db.models import CharField, Exists, OuterRef
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from apps.core.references import normalise as normalise_reference
from apps.sla.models import Clock

from .models import OPEN_STATUSES, Application
from .selectors import CLOCK_KIND, DECIDE

Status = Application.Status
# What staff may ask the queue for: every status but the applicant's drafts.
QUEUE_STATUSES = [(value, label) for value, label in Status.choices if value != Status.DRAFT]


def overdue_clock() -> Exists:
    """A running, unpaused decision clock past its due time: breach is a fact of time passing."""
    return Exists(
        Clock.objects.filter(
            kind=CLOCK_KIND,
            subject_id=Cast(OuterRef("pk"), output_field=CharField()),
            purpose=DECIDE,
            stopped_at__isnull=True,
            paused_at__isnull=True,
            due_at__lt=timezone.now(),
        )
    )


class ApplicationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Reference"), method="filter_reference", max_length=40)
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=QUEUE_STATUSES,
        empty_label=pgettext_lazy("application list", "All open"),
    )
    # Choices from (id, name) pairs, not Service instances: an agency lists a hundred cards.
    service = django_filters.ChoiceFilter(
        label=_("Service"), choices=(), empty_label=_("All"), field_name="service_id"
    )
    waiting = django_filters.BooleanFilter(
        label=_("Waiting to be taken"), method="filter_waiting", widget=forms.CheckboxInput
    )
    mine = django_filters.BooleanFilter(
        label=_("Assigned to me"), method="filter_mine", widget=forms.CheckboxInput
    )
    overdue = django_filters.BooleanFilter(
        label=_("Overdue only"), method="filter_overdue", widget=forms.CheckboxInput
    )

    class Meta:
        model = Application
        fields = ["q", "status", "service", "waiting", "mine", "overdue"]

    def __init__(self, *args, user, services: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.filters["service"].extra["choices"] = services
        for name in ("status", "service"):
            self.form.fields[name].widget.attrs["class"] = "form-select"
        self.form.fields["q"].widget.attrs.update(
            {"class": "form-control", "dir": "ltr", "autocomplete": "off"}
        )

    def filter_queryset(self, queryset):
        # Decided applications show only when asked for by status or reference.
        data = self.form.cleaned_data
        if not data.get("status") and not (data.get("q") or "").strip():
            queryset = queryset.filter(status__in=OPEN_STATUSES)
        return super().filter_queryset(queryset)

    def filter_reference(self, queryset, name, value):
        value = (value or "").strip()
        if not value:
            return queryset
        return queryset.filter(reference=normalise_reference(value) or value.upper())

    def filter_waiting(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(
            status=Status.SUBMITTED, office__isnull=False, assigned_to__isnull=True
        )

    def filter_mine(self, queryset, name, value):
        return queryset.filter(assigned_to=self.user) if value else queryset

    def filter_overdue(self, queryset, name, value):
        return queryset.filter(overdue_clock()) if value else queryset
