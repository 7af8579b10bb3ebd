import django_filters
from django import forms
from django.db.models import CharField, Exists, OuterRef
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.references import normalise as normalise_reference
from apps.sla.models import Clock

from .models import Referral

KIND = "referrals.referral"


def overdue_clock():
    """A running clock of the referral past its due time: breach is a fact of time passing."""
    return Exists(
        Clock.objects.filter(
            kind=KIND,
            subject_id=Cast(OuterRef("pk"), output_field=CharField()),
            stopped_at__isnull=True,
            paused_at__isnull=True,
            due_at__lt=timezone.now(),
        )
    )


class ReferralFilter(django_filters.FilterSet):
    """Filters of the sent and received lists; each one is served by an index on Referral."""

    q = django_filters.CharFilter(label=_("Reference"), method="filter_reference", max_length=40)
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Referral.Status.choices, empty_label=_("All")
    )
    overdue = django_filters.BooleanFilter(
        label=_("Overdue only"), method="filter_overdue", widget=forms.CheckboxInput
    )

    class Meta:
        model = Referral
        fields = ["q", "status", "overdue"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.form.fields["q"].widget.attrs.update(
            {"class": "form-control", "dir": "ltr", "autocomplete": "off"}
        )
        self.form.fields["status"].widget.attrs["class"] = "form-select"

    def filter_reference(self, queryset, name, value):
        value = (value or "").strip()
        if not value:
            return queryset
        return queryset.filter(reference=normalise_reference(value) or value.upper())

    def filter_overdue(self, queryset, name, value):
        return queryset.filter(overdue_clock()) if value else queryset
