from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "palabre.privacy"
    verbose_name = _("Protection des données")

    def ready(self):
        from palabre.core.panels import add_panel
        from palabre.core.reads import add_recorder
        from palabre.privacy.access_log import record_read
        from palabre.privacy.access_log_access import case_panel

        add_recorder(record_read)
        add_panel("case", case_panel)
        self.ready_safety_reports_and_notices(add_panel)
        self.ready_rights(add_panel)
        self.ready_retention(add_panel)

    def ready_safety_reports_and_notices(self, add_panel):
        from palabre.core import notices
        from palabre.privacy.notices import record_given
        from palabre.privacy.safety_reports_panels import case_panel, notices_panel, today_panel

        notices.add_recorder(record_given)
        add_panel("case", case_panel)
        add_panel("case", notices_panel)
        add_panel("today", today_panel)

    def ready_rights(self, add_panel):
        from palabre.privacy.rights_panel import today_panel

        add_panel("today", today_panel)

    def ready_retention(self, add_panel):
        from palabre.privacy.retention_panels import case_panel, today_panel

        add_panel("case", case_panel)
        add_panel("today", today_panel)
