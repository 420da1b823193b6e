from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "palabre.cases"
    label = "cases"

    def ready(self):
        from palabre.cases.collective_panel import case_panel as collective_panel
        from palabre.cases.earlier_panel import case_panel as earlier_panel
        from palabre.cases.invitation_panels import case_panel, today_panel
        from palabre.core.panels import add_panel

        add_panel("case", earlier_panel)
        add_panel("case", case_panel)
        add_panel("case", collective_panel)
        add_panel("today", today_panel)
