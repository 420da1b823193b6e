from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "palabre.organisations"
    label = "organisations"
