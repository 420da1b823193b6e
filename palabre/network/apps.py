from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "palabre.network"
    verbose_name = _("Réseau")

    def ready(self):
        from palabre.network.access import in_a_network
        from palabre.organisations.access import register_membership_fact

        register_membership_fact("service_in_a_network", in_a_network)
