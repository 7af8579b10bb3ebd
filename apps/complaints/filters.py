import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from apps.core.references import normalise as normalise_reference

from . import selectors
from .models import OPEN_STATUSES, Complaint, ComplaintCategory

NOBODY = "none"


class ComplaintFilter(django_filters.FilterSet):
    """The queue's filters; each one is served by an index on Complaint (models.py)."""

    q = django_filters.CharFilter(label=_("Reference"), method="filter_reference", max_length=40)
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=Complaint.Status.choices,
        empty_label=pgettext_lazy("complaint list", "All open"),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=Complaint.Kind.choices, empty_label=_("All")
    )
    category = django_filters.ModelChoiceFilter(
        label=_("Category"), queryset=ComplaintCategory.objects.none(), empty_label=_("All")
    )
    assignee = django_filters.ChoiceFilter(
        label=_("Assigned to"), method="filter_assignee", empty_label=_("Anyone")
    )
    overdue = django_filters.BooleanFilter(
        label=_("Overdue only"), method="filter_overdue", widget=forms.CheckboxInput
    )

    class Meta:
        model = Complaint
        fields = ["q", "status", "kind", "category", "assignee", "overdue"]

    def __init__(self, *args, categories, officers, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["category"].queryset = categories
        self.filters["assignee"].extra["choices"] = [
            (NOBODY, _("Nobody")),
            *((str(o.pk), o.get_full_name() or o.email) for o in officers),
        ]
        for name in ("status", "kind", "category", "assignee"):
            self.form.fields[name].widget.attrs["class"] = "form-select"
        self.form.fields["q"].widget.attrs.update(
            {"class": "form-control", "dir": "ltr", "autocomplete": "off"}
        )

    def filter_queryset(self, queryset):
        # Closed and answered complaints show only when asked for by status or reference.
        data = self.form.cleaned_data
        if not data.get("status") and not (data.get("q") or "").strip():
            queryset = queryset.filter(status__in=OPEN_STATUSES)
        return super().filter_queryset(queryset)

    def filter_reference(self, queryset, name, value):
        value = (value or "").strip()
        if not value:
            return queryset
        return queryset.filter(reference=normalise_reference(value) or value.upper())

    def filter_assignee(self, queryset, name, value):
        if value == NOBODY:
            return queryset.filter(assigned_to__isnull=True)
        return queryset.filter(assigned_to=int(value)) if value else queryset

    def filter_overdue(self, queryset, name, value):
        return selectors.overdue(queryset) if value else queryset
