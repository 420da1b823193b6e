from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "palabre.cases"
    label = "cases"
