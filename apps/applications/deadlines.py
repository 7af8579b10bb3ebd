"""What the SLA backbone does with an application's deadline (apps/sla/handlers.py).

One clock per application, kind `applications.application`, purpose `decide`: from its arrival
at an office to the decision (approved or rejected), the service's processing time, paused while
the applicant is asked for information. The backbone tells the office's supervisors at level 1
and the agency's admins at level 2; nothing more happens to the application itself.
"""

from django.urls import reverse
from django.utils.translation import gettext as _

from apps.core.models import in_active_language

from .models import Application


class ApplicationDeadlines:
    kind = "applications.application"

    def _application(self, clock) -> Application | None:
        return (
            Application.objects.select_related("service").filter(pk=int(clock.subject_id)).first()
        )

    def label(self, clock) -> str:
        application = self._application(clock)
        if application is None:
            return _("An application")
        return _("Deciding application %(reference)s (%(service)s)") % {
            "reference": application.reference,
            "service": in_active_language(application.service.name_ar, application.service.name_en),
        }

    def url(self, clock) -> str:
        application = self._application(clock)
        if application is None:
            return ""
        return reverse("applications:detail", args=[application.reference])

    def escalate(self, clock, level: int) -> None:
        """Levels 1 and 2 only notify, which the backbone does."""
