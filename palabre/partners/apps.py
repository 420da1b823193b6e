from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "palabre.partners"
    verbose_name = _("Partenaires et conventions")
