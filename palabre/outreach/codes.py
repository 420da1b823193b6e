"""The code lists of outreach actions (*aller-vers* and neighbourhood events)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OutreachKind(models.TextChoices):
    DOOR_TO_DOOR = "DOOR_TO_DOOR", _("Porte-à-porte dans une résidence")
    MARKET = "MARKET", _("Présence sur un marché")
    NEIGHBOURHOOD_PARTY = "NEIGHBOURHOOD_PARTY", _("Stand à une fête de quartier")
    NEIGHBOURS_WEEK = "NEIGHBOURS_WEEK", _("Semaine du voisinage")
    FORUM = "FORUM", _("Forum (associatif, accès aux droits)")
    TENANTS_MEETING = (
        "TENANTS_MEETING",
        _("Réunion d'information avec les locataires d'un bailleur"),
    )
    FOOT_OF_BUILDING = "FOOT_OF_BUILDING", _("Rencontre en bas d'immeuble")
    OTHER = "OTHER", _("Autre")


class OutreachStatus(models.TextChoices):
    PLANNED = "PLANNED", _("Prévue")
    HELD = "HELD", _("Tenue")
    CANCELLED = "CANCELLED", _("Annulée")
