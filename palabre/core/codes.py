"""Code lists shared by several apps (the others live with their app, e.g. ``cases.codes``)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReferralSource(models.TextChoices):
    SELF = "SELF", _("Démarche personnelle")
    WORD_OF_MOUTH = "WORD_OF_MOUTH", _("Bouche-à-oreille / entourage")
    CITY_SERVICE = "CITY_SERVICE", _("Mairie / service municipal")
    METRO_COMMUNE = "METRO_COMMUNE", _("Mairie d'une commune de la Métropole")
    ELECTED = "ELECTED", _("Élu·e")
    POLICE_NATIONALE = "POLICE_NATIONALE", _("Police nationale — relais main courante")
    POLICE_MUNICIPALE = "POLICE_MUNICIPALE", _("Police municipale")
    GENDARMERIE = "GENDARMERIE", _("Gendarmerie")
    JUSTICE = "JUSTICE", _("Justice / accès au droit")
    SOCIAL_LANDLORD = "SOCIAL_LANDLORD", _("Bailleur social")
    SYNDIC = "SYNDIC", _("Syndic / conseil syndical")
    PRIVATE_LANDLORD = "PRIVATE_LANDLORD", _("Propriétaire / agence (location privée)")
    NEIGHBOURHOOD_FACILITY = "NEIGHBOURHOOD_FACILITY", _("Équipement de quartier / centre social")
    SOCIAL_WORKER = "SOCIAL_WORKER", _("Travailleur social (CDAS, CCAS, CAF…)")
    NIGHT_MEDIATION = "NIGHT_MEDIATION", _("Correspondants de nuit / médiateurs de terrain")
    ASSOCIATION = "ASSOCIATION", _("Autre association")
    MEDIA_WEB = "MEDIA_WEB", _("Site web, presse, réseaux sociaux, affichage")
    OUTREACH = "OUTREACH", _("Action d'aller-vers / stand")
    OTHER = "OTHER", _("Autre")
    UNKNOWN = "UNKNOWN", _("Inconnue")
