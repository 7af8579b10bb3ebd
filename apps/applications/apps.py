from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    name = "apps.applications"
    label = "applications"
    verbose_name = _("Applications")

    def ready(self):
        # Applications sit above cases and the SLA backbone, which call back through these.
        from apps.cases import events as case_events
        from apps.sla import handlers

        from . import events
        from .deadlines import ApplicationDeadlines

        handlers.register(ApplicationDeadlines.kind, ApplicationDeadlines())
        case_events.register(events.TIMELINE)
