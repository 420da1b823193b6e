from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "palabre.reports"
    verbose_name = _("Bilans et indicateurs")

    def ready(self):
        from palabre.core.panels import add_panel
        from palabre.reports import funder  # noqa: F401 (registers the funder report's builder)
        from palabre.reports.referral_delay_tables import portal_panel
        from palabre.reports.views.funder import convention_panel

        add_panel("convention", convention_panel)
        add_panel("referral_portal", portal_panel)
