from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "palabre.core"
    label = "core"

    def ready(self):
        from palabre.core import (
            crypto_checks,  # noqa: F401 (the key-encryption keys)
            deploy_checks,  # noqa: F401 (the instance address and sender)
        )
