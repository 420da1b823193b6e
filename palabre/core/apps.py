from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "palabre.core"
    label = "core"

    def ready(self):
        from palabre.core import deploy_checks  # noqa: F401  (registers the checks)
