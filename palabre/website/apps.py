from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebsiteConfig(AppConfig):
    name = "palabre.website"
    verbose_name = _("Pages publiques")
