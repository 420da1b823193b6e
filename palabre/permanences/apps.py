from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PermanencesConfig(AppConfig):
    name = "palabre.permanences"
    verbose_name = _("Permanences et rendez-vous")
