"""What the SLA backbone does with a referral's deadlines (apps/sla/handlers.py).

Two clocks per referral: `answer` (routed → accepted or declined, within the service's
referral-response time, paused while the sender is asked for information) and `complete`
(accepted → completed, within its processing time). Levels 1 and 2 only notify (the backbone
tells the receiving office's supervisors, then the agency's admins); at level 3 an unanswered
referral is re-routed to the next candidate office, and the sender is told.
"""

from django.urls import reverse
from django.utils.translation import gettext as _

from apps.core.models import in_active_language

from .models import Referral


class ReferralDeadlines:
    kind = "referrals.referral"

    def _referral(self, clock) -> Referral | None:
        return Referral.objects.select_related("service").filter(pk=int(clock.subject_id)).first()

    def label(self, clock) -> str:
        referral = self._referral(clock)
        if referral is None:
            return _("A referral")
        service = in_active_language(referral.service.name_ar, referral.service.name_en)
        if clock.purpose == "answer":
            return _("The answer to referral %(reference)s (%(service)s)") % {
                "reference": referral.reference,
                "service": service,
            }
        return _("Delivering the service of referral %(reference)s (%(service)s)") % {
            "reference": referral.reference,
            "service": service,
        }

    def url(self, clock) -> str:
        referral = self._referral(clock)
        return reverse("referrals:detail", args=[referral.reference]) if referral else ""

    def escalate(self, clock, level: int) -> None:
        if level < 3 or clock.purpose != "answer":
            return
        from .services import referral_reroute  # services import this module's app

        referral = self._referral(clock)
        if referral is not None:
            referral_reroute(referral=referral, clock=clock)
