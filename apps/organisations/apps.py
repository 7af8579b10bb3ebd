from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "apps.organisations"
    verbose_name = _("Organisations")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from . import directory
        from .models import Membership, User

        for signal in (post_save, post_delete):
            signal.connect(directory.membership_saved, sender=Membership)
            signal.connect(directory.user_saved, sender=User)
