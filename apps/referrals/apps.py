from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferralsConfig(AppConfig):
    name = "apps.referrals"
    label = "referrals"
    verbose_name = _("Referrals")

    def ready(self):
        # Referrals sit above cases and the SLA backbone, which call back through these.
        from apps.cases import events as case_events
        from apps.cases import sections
        from apps.sla import handlers

        from . import events
        from .deadlines import ReferralDeadlines
        from .views import case_section

        handlers.register(ReferralDeadlines.kind, ReferralDeadlines())
        case_events.register(events.TIMELINE, events.CHOICE_PARAMS)
        sections.register(
            sections.Section(
                name="referrals",
                template="referrals/partials/case_section.html",
                context=case_section,
            )
        )
