from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferralsConfig(AppConfig):
    name = "palabre.referrals"
    verbose_name = _("Orientations")

    def ready(self):
        from palabre.core.panels import add_panel
        from palabre.referrals.panels import today_panel

        add_panel("today", today_panel)
