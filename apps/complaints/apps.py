from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    name = "apps.complaints"
    label = "complaints"
    verbose_name = _("Complaints")

    def ready(self):
        # Complaints sit above the SLA backbone, which calls back through this handler.
        from apps.sla import handlers

        from . import checks  # noqa: F401 - registers the system check
        from .deadlines import ComplaintDeadlines

        handlers.register(ComplaintDeadlines.kind, ComplaintDeadlines())
