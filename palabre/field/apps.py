from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FieldConfig(AppConfig):
    name = "palabre.field"
    verbose_name = _("Médiation de terrain")

    def ready(self):
        from palabre.core.panels import add_panel
        from palabre.field.panels import today_panel
        from palabre.field.views import roadmap_requests

        add_panel("today", today_panel)
        add_panel("today", roadmap_requests.today_panel)
