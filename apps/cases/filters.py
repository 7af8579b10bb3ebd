import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.references import normalise as normalise_reference
from apps.core.text import normalise_name
from apps.organisations.models import Governorate, User

from .models import Case

SORT_CHOICES = [
    ("updated", _("Last activity")),
    ("due", _("Next action due")),
    ("opened", _("Opened")),
]


class CaseloadFilter(django_filters.FilterSet):
    """Filters of a caseload list. Every one of them is served by an index on Case (see Meta.indexes)."""

    q = django_filters.CharFilter(label=_("Search"), method="filter_text", max_length=100)
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=Case.Status.choices,
        empty_label=_("All open"),
        method="filter_status",
    )
    risk = django_filters.ChoiceFilter(
        label=_("Risk level"), choices=Case.Risk.choices, empty_label=_("Any")
    )
    overdue = django_filters.BooleanFilter(
        label=_("Overdue actions only"), method="filter_overdue", widget=forms.CheckboxInput
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"), choices=SORT_CHOICES, empty_label=None, method="filter_nothing"
    )

    class Meta:
        model = Case
        fields = ["q", "status", "risk", "overdue"]

    def filter_queryset(self, queryset):
        # Closed cases are shown only when asked for by status.
        if not self.form.cleaned_data.get("status"):
            queryset = queryset.exclude(status=Case.Status.CLOSED)
        return super().filter_queryset(queryset)

    def filter_status(self, queryset, name, value):
        return queryset.filter(status=value) if value else queryset

    def filter_overdue(self, queryset, name, value):
        return queryset.filter(next_action_due__lt=timezone.localdate()) if value else queryset

    def filter_text(self, queryset, name, value):
        value = (value or "").strip()
        if not value:
            return queryset
        reference = normalise_reference(value)
        if reference:
            return queryset.filter(reference=reference)
        return queryset.filter(
            primary_person__search_name__trigram_word_similar=normalise_name(value)
        )

    def filter_nothing(self, queryset, name, value):
        return queryset  # sorting is applied by the keyset pagination


class OfficeCaseloadFilter(CaseloadFilter):
    owner = django_filters.ModelChoiceFilter(
        label=_("Social worker"), queryset=User.objects.none(), empty_label=_("Anyone")
    )
    governorate = django_filters.ModelChoiceFilter(
        label=_("Governorate"),
        field_name="office__governorate",
        queryset=Governorate.objects.none(),
        empty_label=_("Any"),
    )

    class Meta(CaseloadFilter.Meta):
        fields = ["q", "status", "risk", "owner", "governorate", "overdue"]

    def __init__(self, *args, workers, governorates, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["owner"].queryset = workers
        self.filters["governorate"].queryset = governorates
