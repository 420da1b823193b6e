"""The code lists of field mediation (domain §4.2 and §4.4). The network compares its members on
them: a service may leave values unused, never invent incompatible ones."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Register(models.TextChoices):
    """The 8 registers of intervention of the AFNOR norm on social mediation (XP X60-600)."""

    PRESENCE_PROXIMITY = "PRESENCE_PROXIMITY", _("Présence active de proximité")
    CONFLICT_MANAGEMENT = "CONFLICT_MANAGEMENT", _("Prévention et gestion des conflits")
    DIALOGUE_PERSONS_INSTITUTIONS = (
        "DIALOGUE_PERSONS_INSTITUTIONS",
        _("Mise en relation, dialogue avec les institutions"),
    )
    SOCIAL_WATCH = "SOCIAL_WATCH", _("Veille sociale territoriale")
    TECHNICAL_WATCH = "TECHNICAL_WATCH", _("Veille technique")
    AWARENESS_INFORMATION = "AWARENESS_INFORMATION", _("Information et sensibilisation")
    CONCERTATION = "CONCERTATION", _("Concertation")
    PROJECT_FACILITATION = "PROJECT_FACILITATION", _("Facilitation de projets")


class InterventionType(models.TextChoices):
    NOISE_NIGHT = "NOISE_NIGHT", _("Bruit nocturne")
    COMMON_AREA_OCCUPATION = "COMMON_AREA_OCCUPATION", _("Occupation des parties communes")
    YOUTH_GROUP_DIALOGUE = "YOUTH_GROUP_DIALOGUE", _("Dialogue avec un groupe de jeunes")
    NEIGHBOUR_CONFLICT = "NEIGHBOUR_CONFLICT", _("Conflit de voisinage")
    ASSISTANCE_PERSON_IN_DIFFICULTY = (
        "ASSISTANCE_PERSON_IN_DIFFICULTY",
        _("Aide à une personne en difficulté"),
    )
    INFORMATION_RULES = "INFORMATION_RULES", _("Rappel des règles, information")
    TECHNICAL_WATCH_ROUND = "TECHNICAL_WATCH_ROUND", _("Ronde de veille technique")
    INTOXICATION = "INTOXICATION", _("Personne alcoolisée ou sous produits")
    CONFLICT_PUBLIC_SPACE = "CONFLICT_PUBLIC_SPACE", _("Conflit dans l'espace public")
    ISOLATED_ELDERLY = "ISOLATED_ELDERLY", _("Personne âgée isolée")
    HOMELESS = "HOMELESS", _("Personne sans abri")
    WELCOME_NEW_TENANT = "WELCOME_NEW_TENANT", _("Accueil d'un nouvel habitant")
    ESCORT = "ESCORT", _("Accompagnement d'une personne")
    EMERGENCY_SERVICES_CALLED = "EMERGENCY_SERVICES_CALLED", _("Appel des secours")
    POLICE_CALLED = "POLICE_CALLED", _("Appel de la police")


# The types a night team logs most: the big buttons of quick entry, in this order.
FREQUENT_TYPES = [
    InterventionType.NOISE_NIGHT,
    InterventionType.COMMON_AREA_OCCUPATION,
    InterventionType.YOUTH_GROUP_DIALOGUE,
    InterventionType.NEIGHBOUR_CONFLICT,
    InterventionType.ASSISTANCE_PERSON_IN_DIFFICULTY,
    InterventionType.INFORMATION_RULES,
    InterventionType.TECHNICAL_WATCH_ROUND,
    InterventionType.INTOXICATION,
]

# The register an intervention of each type falls under unless the agent says otherwise.
DEFAULT_REGISTER = {
    InterventionType.NOISE_NIGHT: Register.CONFLICT_MANAGEMENT,
    InterventionType.COMMON_AREA_OCCUPATION: Register.CONFLICT_MANAGEMENT,
    InterventionType.YOUTH_GROUP_DIALOGUE: Register.CONFLICT_MANAGEMENT,
    InterventionType.NEIGHBOUR_CONFLICT: Register.CONFLICT_MANAGEMENT,
    InterventionType.CONFLICT_PUBLIC_SPACE: Register.CONFLICT_MANAGEMENT,
    InterventionType.ASSISTANCE_PERSON_IN_DIFFICULTY: Register.PRESENCE_PROXIMITY,
    InterventionType.INTOXICATION: Register.PRESENCE_PROXIMITY,
    InterventionType.WELCOME_NEW_TENANT: Register.PRESENCE_PROXIMITY,
    InterventionType.ESCORT: Register.PRESENCE_PROXIMITY,
    InterventionType.ISOLATED_ELDERLY: Register.SOCIAL_WATCH,
    InterventionType.HOMELESS: Register.SOCIAL_WATCH,
    InterventionType.INFORMATION_RULES: Register.AWARENESS_INFORMATION,
    InterventionType.EMERGENCY_SERVICES_CALLED: Register.DIALOGUE_PERSONS_INSTITUTIONS,
    InterventionType.POLICE_CALLED: Register.DIALOGUE_PERSONS_INSTITUTIONS,
    InterventionType.TECHNICAL_WATCH_ROUND: Register.TECHNICAL_WATCH,
}


class Initiator(models.TextChoices):
    PATROL = "PATROL", _("Constat de l'équipe en tournée")
    RESIDENT_CALL = "RESIDENT_CALL", _("Appel d'un·e habitant·e")
    PARTNER_REQUEST = "PARTNER_REQUEST", _("Demande d'un partenaire")
    SELF = "SELF", _("Personne venue vers l'équipe")


class PlaceKind(models.TextChoices):
    RESIDENCE = "RESIDENCE", _("Résidence")
    HALL = "HALL", _("Hall d'immeuble")
    ADDRESS = "ADDRESS", _("Adresse")
    PUBLIC_SPACE = "PUBLIC_SPACE", _("Espace public")
    TRANSPORT_LINE = "TRANSPORT_LINE", _("Ligne de transport")


# The kinds of place that are in a residence of the service's referential.
RESIDENCE_PLACES = (PlaceKind.RESIDENCE, PlaceKind.HALL)


class Result(models.TextChoices):
    SETTLED = "SETTLED", _("Réglé sur place")
    CALMED = "CALMED", _("Apaisé")
    ORIENTED = "ORIENTED", _("Orienté vers un partenaire")
    RELAYED = "RELAYED", _("Relayé à un partenaire ou aux secours")
    NOT_SETTLED = "NOT_SETTLED", _("Non réglé")
    REFUSED = "REFUSED", _("Dialogue refusé")
    NOTHING_FOUND = "NOTHING_FOUND", _("Rien constaté à l'arrivée")


# People met, by broad age and sex band: counts only, never a name.
PEOPLE_BANDS = [
    ("girls", _("Filles (moins de 18 ans)")),
    ("boys", _("Garçons (moins de 18 ans)")),
    ("women", _("Femmes")),
    ("men", _("Hommes")),
    ("older_women", _("Femmes de 60 ans et plus")),
    ("older_men", _("Hommes de 60 ans et plus")),
]
MAX_PEOPLE_PER_BAND = 99


class OrientationReason(models.TextChoices):
    """Why a person met in the field is put in touch with a partner (*mise en relation*). No
    value names a health matter, a religion or an offence (domain §6.3, R1 and R3): the partner
    chosen says enough."""

    HOUSING = "HOUSING", _("Logement, relation avec le bailleur")
    NEIGHBOURHOOD_CONFLICT = "NEIGHBOURHOOD_CONFLICT", _("Conflit de voisinage")
    RIGHTS = "RIGHTS", _("Accès aux droits, démarches administratives")
    LEGAL_ADVICE = "LEGAL_ADVICE", _("Conseil juridique, accès au droit")
    SOCIAL_SUPPORT = "SOCIAL_SUPPORT", _("Accompagnement social, aide matérielle")
    SHELTER = "SHELTER", _("Mise à l'abri, hébergement")
    ISOLATION = "ISOLATION", _("Isolement, lien social")
    YOUTH = "YOUTH", _("Jeunesse, prévention")
    EMPLOYMENT = "EMPLOYMENT", _("Emploi, formation, insertion")
    OTHER = "OTHER", _("Autre")


class OrientationStatus(models.TextChoices):
    """Where a *mise en relation* stands; it only moves forward, in this order."""

    PROPOSED = "PROPOSED", _("Proposée")
    ACCEPTED = "ACCEPTED", _("Acceptée par la personne")
    CONTACT_MADE = "CONTACT_MADE", _("Contact pris")


ORIENTATION_STEPS = list(OrientationStatus)
