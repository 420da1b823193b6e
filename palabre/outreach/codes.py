"""The code lists of outreach actions (*aller-vers* and neighbourhood events) and of the
co-ownerships the service follows (*prévention des copropriétés*)."""

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
    # Prevention in a co-ownership in difficulty (``Coownership``).
    OWNERS_COUNCIL = "OWNERS_COUNCIL", _("Réunion avec le conseil syndical")
    GENERAL_ASSEMBLY = "GENERAL_ASSEMBLY", _("Présence à l'assemblée générale des copropriétaires")
    OWNERS_INFORMATION = "OWNERS_INFORMATION", _("Réunion d'information des copropriétaires")
    OWNERS_MEDIATION = "OWNERS_MEDIATION", _("Médiation entre copropriétaires (réunion collective)")
    OTHER = "OTHER", _("Autre")


class OutreachStatus(models.TextChoices):
    PLANNED = "PLANNED", _("Prévue")
    HELD = "HELD", _("Tenue")
    CANCELLED = "CANCELLED", _("Annulée")


class CoownershipProgramme(models.TextChoices):
    """The public scheme a co-ownership in difficulty is followed under, if any."""

    NONE = "NONE", _("Aucun dispositif")
    WATCH = "WATCH", _("Veille et observation (VOC)")
    POPAC = "POPAC", _("Programme opérationnel de prévention (POPAC)")
    OPAH_CD = "OPAH_CD", _("OPAH copropriétés dégradées")
    SAFEGUARD = "SAFEGUARD", _("Plan de sauvegarde")
    OTHER = "OTHER", _("Autre dispositif")


class CoownershipDifficulty(models.TextChoices):
    UNPAID_CHARGES = "UNPAID_CHARGES", _("Impayés de charges")
    GOVERNANCE = "GOVERNANCE", _("Gouvernance (conseil syndical, assemblées générales)")
    SYNDIC_RELATION = "SYNDIC_RELATION", _("Relations avec le syndic")
    WORKS = "WORKS", _("Travaux et entretien")
    DEGRADATION = "DEGRADATION", _("Dégradations des parties communes")
    NEIGHBOURS = "NEIGHBOURS", _("Conflits entre occupants")
    RULES = "RULES", _("Règlement de copropriété")


class CoownershipContactRole(models.TextChoices):
    COUNCIL_CHAIR = "COUNCIL_CHAIR", _("Président·e du conseil syndical")
    COUNCIL_MEMBER = "COUNCIL_MEMBER", _("Membre du conseil syndical")
    SYNDIC_MANAGER = "SYNDIC_MANAGER", _("Gestionnaire chez le syndic")
    CARETAKER = "CARETAKER", _("Gardien·ne")
    OTHER = "OTHER", _("Autre")


class CoownershipTrend(models.TextChoices):
    BETTER = "BETTER", _("En amélioration")
    STABLE = "STABLE", _("Stable")
    WORSE = "WORSE", _("En dégradation")
