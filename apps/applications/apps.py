from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    name = "apps.applications"
    label = "applications"
    verbose_name = _("Applications")

    def ready(self):
        # Applications sit above the SLA backbone, which calls back through this handler.
        from apps.sla import handlers

        from .deadlines import ApplicationDeadlines

        handlers.register(ApplicationDeadlines.kind, ApplicationDeadlines())
