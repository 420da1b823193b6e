from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PermanencesConfig(AppConfig):
    name = "palabre.permanences"
    verbose_name = _("Permanences et rendez-vous")

    def ready(self):
        from palabre.core.panels import add_panel
        from palabre.permanences.panels import case_panel, today_panel

        add_panel("case", case_panel)
        add_panel("today", today_panel)
