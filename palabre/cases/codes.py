"""Code lists of the trade (see docs/glossary.md). Reports and the network compare on these codes:
an organisation may hide values it does not use, never invent incompatible ones."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from palabre.core.codes import ReferralSource  # noqa: F401 (shared with partners' conventions)


class Status(models.TextChoices):
    NEW = "NEW", _("Nouvelle saisine")
    QUALIFIED = "QUALIFIED", _("Recevable, à planifier")
    REQUESTER_INTERVIEW_SCHEDULED = "REQUESTER_INTERVIEW_SCHEDULED", _("Entretien demandeur prévu")
    REQUESTER_INTERVIEWED = "REQUESTER_INTERVIEWED", _("Demandeur reçu")
    CONTACTING_OTHER_PARTY = "CONTACTING_OTHER_PARTY", _("Prise de contact avec l'autre partie")
    OTHER_PARTY_INTERVIEW_SCHEDULED = (
        "OTHER_PARTY_INTERVIEW_SCHEDULED",
        _("Entretien autre partie prévu"),
    )
    OTHER_PARTY_INTERVIEWED = "OTHER_PARTY_INTERVIEWED", _("Autre partie reçue")
    JOINT_MEETING_SCHEDULED = "JOINT_MEETING_SCHEDULED", _("Rencontre de médiation prévue")
    JOINT_MEETING_HELD = "JOINT_MEETING_HELD", _("Rencontre de médiation tenue")
    SHUTTLE = "SHUTTLE", _("Médiation navette")
    AGREEMENT_REACHED = "AGREEMENT_REACHED", _("Accord trouvé")
    FOLLOW_UP_DUE = "FOLLOW_UP_DUE", _("Suivi à faire")
    SUSPENDED = "SUSPENDED", _("Suspendu")
    CLOSED = "CLOSED", _("Clos")


ACTIVE_STATUSES = [s for s in Status if s not in (Status.CLOSED,)]


class Stage(models.TextChoices):
    """How far the process went, computed from recorded events (never typed in)."""

    INTAKE_ONLY = "INTAKE_ONLY", _("Saisine seule")
    REQUESTER_INTERVIEWED = "REQUESTER_INTERVIEWED", _("Demandeur reçu")
    OTHER_PARTY_CONTACTED = "OTHER_PARTY_CONTACTED", _("Autre partie contactée")
    OTHER_PARTY_INTERVIEWED = "OTHER_PARTY_INTERVIEWED", _("Autre partie reçue")
    JOINT_MEETING_HELD = "JOINT_MEETING_HELD", _("Rencontre ou navette menée")
    FOLLOW_UP_DONE = "FOLLOW_UP_DONE", _("Suivi réalisé")


STAGE_ORDER = list(Stage)


class Channel(models.TextChoices):
    """How the first contact arrived."""

    PHONE = "PHONE", _("Téléphone")
    EMAIL = "EMAIL", _("E-mail")
    WEB_FORM = "WEB_FORM", _("Formulaire en ligne")
    PERMANENCE_WALK_IN = "PERMANENCE_WALK_IN", _("Permanence (sans rendez-vous)")
    PARTNER_FORM = "PARTNER_FORM", _("Fiche de liaison d'un partenaire")
    LETTER = "LETTER", _("Courrier")
    OUTREACH = "OUTREACH", _("Aller-vers")


class ConflictCategory(models.TextChoices):
    NOISE = "NOISE", _("Bruit")
    SMELLS = "SMELLS", _("Odeurs")
    ANIMALS = "ANIMALS", _("Animaux")
    VEGETATION = "VEGETATION", _("Végétation")
    BOUNDARY = "BOUNDARY", _("Mitoyenneté / limites")
    PARKING_TRAFFIC = "PARKING_TRAFFIC", _("Stationnement / circulation")
    COMMON_AREAS = "COMMON_AREAS", _("Parties communes / usage des espaces")
    HYGIENE = "HYGIENE", _("Hygiène / salubrité")
    WATER_DAMAGE = "WATER_DAMAGE", _("Dégâts des eaux / infiltrations")
    RELATIONAL = "RELATIONAL", _("Relations / incivilités")
    CHILDREN_YOUTH = "CHILDREN_YOUTH", _("Enfants / jeunes")
    COPROPRIETE = "COPROPRIETE", _("Copropriété")
    PUBLIC_SPACE_USE = "PUBLIC_SPACE_USE", _("Conflit d'usage de l'espace public")
    LANDLORD_TENANT = "LANDLORD_TENANT", _("Relation bailleur–locataire")
    OTHER = "OTHER", _("Autre")


class ConflictSubcategory(models.TextChoices):
    MUSIC_TV = "MUSIC_TV", _("Musique, télévision")
    VOICES_PARTIES = "VOICES_PARTIES", _("Voix, fêtes")
    CHILDREN = "CHILDREN", _("Enfants")
    FOOTSTEPS_IMPACT = "FOOTSTEPS_IMPACT", _("Pas, talons, chocs")
    DIY_WORKS = "DIY_WORKS", _("Bricolage, travaux")
    ANIMAL_BARKING = "ANIMAL_BARKING", _("Aboiements")
    NIGHT_DISTURBANCE = "NIGHT_DISTURBANCE", _("Tapage nocturne")
    EQUIPMENT = "EQUIPMENT", _("Équipements (machines, VMC)")
    VEHICLES = "VEHICLES", _("Véhicules")
    COOKING = "COOKING", _("Cuisine")
    SMOKE_TOBACCO_CANNABIS = "SMOKE_TOBACCO_CANNABIS", _("Fumée")
    BARBECUE = "BARBECUE", _("Barbecue")
    WASTE = "WASTE", _("Déchets")
    BARKING = "BARKING", _("Aboiements")
    DROPPINGS = "DROPPINGS", _("Déjections")
    STRAYING = "STRAYING", _("Divagation")
    CATS_FEEDING = "CATS_FEEDING", _("Nourrissage de chats")
    DANGEROUS_DOG = "DANGEROUS_DOG", _("Chien jugé dangereux")
    HEDGE_HEIGHT = "HEDGE_HEIGHT", _("Hauteur de haie")
    OVERHANGING_TREE = "OVERHANGING_TREE", _("Arbre qui dépasse")
    SHADE = "SHADE", _("Ombre")
    LEAVES = "LEAVES", _("Feuilles")
    PRUNING = "PRUNING", _("Élagage")
    WALL_FENCE = "WALL_FENCE", _("Mur, clôture")
    BOUNDARY_LINE = "BOUNDARY_LINE", _("Limite de propriété")
    RIGHT_OF_WAY = "RIGHT_OF_WAY", _("Droit de passage")
    RAINWATER = "RAINWATER", _("Eaux de pluie")
    CONSTRUCTION = "CONSTRUCTION", _("Construction")
    BINS_WASTE = "BINS_WASTE", _("Poubelles")
    CLUTTER = "CLUTTER", _("Encombrement (vélos, encombrants)")
    HALL_OCCUPATION = "HALL_OCCUPATION", _("Occupation de hall")
    GARDEN_COURTYARD = "GARDEN_COURTYARD", _("Jardin, cour")
    LAUNDRY_BALCONY = "LAUNDRY_BALCONY", _("Linge, balcon")
    PESTS = "PESTS", _("Nuisibles")
    DIRT = "DIRT", _("Saleté")
    DISRESPECT_GREETINGS = "DISRESPECT_GREETINGS", _("Manque de respect, salut")
    INSULTS = "INSULTS", _("Insultes (déclarées)")
    NON_REPEATED_THREATS = "NON_REPEATED_THREATS", _("Menaces non réitérées (déclarées)")
    RUMOURS = "RUMOURS", _("Rumeurs")
    GOVERNANCE_AG = "GOVERNANCE_AG", _("Gouvernance, assemblée générale")
    CHARGES_WORKS = "CHARGES_WORKS", _("Charges, travaux")
    RULES = "RULES", _("Règlement")


SUBCATEGORIES = {
    ConflictCategory.NOISE: [
        "MUSIC_TV",
        "VOICES_PARTIES",
        "CHILDREN",
        "FOOTSTEPS_IMPACT",
        "DIY_WORKS",
        "ANIMAL_BARKING",
        "NIGHT_DISTURBANCE",
        "EQUIPMENT",
        "VEHICLES",
    ],
    ConflictCategory.SMELLS: ["COOKING", "SMOKE_TOBACCO_CANNABIS", "BARBECUE", "WASTE"],
    ConflictCategory.ANIMALS: ["BARKING", "DROPPINGS", "STRAYING", "CATS_FEEDING", "DANGEROUS_DOG"],
    ConflictCategory.VEGETATION: ["HEDGE_HEIGHT", "OVERHANGING_TREE", "SHADE", "LEAVES", "PRUNING"],
    ConflictCategory.BOUNDARY: [
        "WALL_FENCE",
        "BOUNDARY_LINE",
        "RIGHT_OF_WAY",
        "RAINWATER",
        "CONSTRUCTION",
    ],
    ConflictCategory.COMMON_AREAS: [
        "BINS_WASTE",
        "CLUTTER",
        "HALL_OCCUPATION",
        "GARDEN_COURTYARD",
        "LAUNDRY_BALCONY",
    ],
    ConflictCategory.HYGIENE: ["PESTS", "DIRT"],
    ConflictCategory.RELATIONAL: [
        "DISRESPECT_GREETINGS",
        "INSULTS",
        "NON_REPEATED_THREATS",
        "RUMOURS",
    ],
    ConflictCategory.COPROPRIETE: ["GOVERNANCE_AG", "CHARGES_WORKS", "RULES"],
}


class Housing(models.TextChoices):
    SOCIAL_RENTAL = "SOCIAL_RENTAL", _("Locatif social")
    PRIVATE_RENTAL = "PRIVATE_RENTAL", _("Locatif privé")
    OWNER_OCCUPIER = "OWNER_OCCUPIER", _("Propriétaire occupant")
    UNKNOWN = "UNKNOWN", _("Inconnu")


class BuildingType(models.TextChoices):
    APARTMENT_BLOCK = "APARTMENT_BLOCK", _("Immeuble collectif")
    HOUSE = "HOUSE", _("Maison individuelle")
    COPROPRIETE = "COPROPRIETE", _("Copropriété")
    UNKNOWN = "UNKNOWN", _("Inconnu")


class ClosureReason(models.TextChoices):
    AGREEMENT_FULL = "AGREEMENT_FULL", _("Accord total (écrit ou oral)")
    AGREEMENT_PARTIAL = "AGREEMENT_PARTIAL", _("Accord partiel")
    NO_AGREEMENT = "NO_AGREEMENT", _("Rencontre sans accord")
    APPEASED_WITHOUT_MEETING = "APPEASED_WITHOUT_MEETING", _("Apaisement sans rencontre")
    REQUESTER_EMPOWERED = "REQUESTER_EMPOWERED", _("Demandeur outillé, pas de suite souhaitée")
    OTHER_PARTY_REFUSED = "OTHER_PARTY_REFUSED", _("Refus de l'autre partie")
    OTHER_PARTY_UNREACHABLE = "OTHER_PARTY_UNREACHABLE", _("Autre partie injoignable")
    REQUESTER_WITHDREW = "REQUESTER_WITHDREW", _("Désistement du demandeur")
    REQUESTER_UNREACHABLE = "REQUESTER_UNREACHABLE", _("Demandeur injoignable / absent au RDV")
    RESOLVED_BEFORE = "RESOLVED_BEFORE", _("Problème réglé avant intervention")
    MOVED_OUT = "MOVED_OUT", _("Déménagement d'une partie")
    REORIENTED = "REORIENTED", _("Réorientation")
    OUT_OF_SCOPE = "OUT_OF_SCOPE", _("Hors champ / non recevable")
    ESCALATED_SAFETY = "ESCALATED_SAFETY", _("Arrêt pour raison de sécurité")
    OTHER = "OTHER", _("Autre")


class FollowUpResult(models.TextChoices):
    HOLDS = "HOLDS", _("L'accord tient")
    PARTLY_HOLDS = "PARTLY_HOLDS", _("L'accord tient en partie")
    DEGRADED = "DEGRADED", _("La situation s'est dégradée")
    NOT_REACHED = "NOT_REACHED", _("Personnes non jointes")


class PartyRole(models.TextChoices):
    REQUESTER = "REQUESTER", _("Demandeur·euse")
    OTHER_PARTY = "OTHER_PARTY", _("Autre partie")
    OTHER_PARTICIPANT = "OTHER_PARTICIPANT", _("Autre participant·e")


class ConsentKind(models.TextChoices):
    CONTACT_OTHER_PARTY = "CONTACT_OTHER_PARTY", _("Accord pour contacter l'autre partie")
    JOINT_MEETING = "JOINT_MEETING", _("Accord pour une rencontre de médiation")
    SHUTTLE = "SHUTTLE", _("Accord pour une médiation navette")
    SHARE_STATUS_WITH_REFERRER = (
        "SHARE_STATUS_WITH_REFERRER",
        _("Accord pour informer le prescripteur de l'état d'avancement"),
    )
    KEEP_AGREEMENT_COPY = "KEEP_AGREEMENT_COPY", _("Accord pour conserver une copie de l'accord")


class ConsentMethod(models.TextChoices):
    IN_PERSON = "IN_PERSON", _("De vive voix")
    PHONE = "PHONE", _("Par téléphone")
    WRITTEN = "WRITTEN", _("Par écrit")
    VIA_REFERRER = "VIA_REFERRER", _("Transmis par le prescripteur")


class InterviewChannel(models.TextChoices):
    IN_PERSON_PERMANENCE = "IN_PERSON_PERMANENCE", _("En permanence")
    IN_PERSON_HOME = "IN_PERSON_HOME", _("À domicile")
    IN_PERSON_OTHER = "IN_PERSON_OTHER", _("Autre lieu")
    PHONE = "PHONE", _("Téléphone")
    VIDEO = "VIDEO", _("Visioconférence")


class ContactAttemptChannel(models.TextChoices):
    LETTER = "LETTER", _("Courrier")
    SECOND_LETTER = "SECOND_LETTER", _("Second courrier")
    REGISTERED_LETTER = "REGISTERED_LETTER", _("Lettre recommandée (déconseillée)")
    PHONE = "PHONE", _("Téléphone")
    SMS = "SMS", _("SMS")
    EMAIL = "EMAIL", _("E-mail")
    DOOR_TO_DOOR = "DOOR_TO_DOOR", _("Porte-à-porte")
    NOTICE_LEFT = "NOTICE_LEFT", _("Avis déposé")
    VIA_REFERRER = "VIA_REFERRER", _("Par le prescripteur")


class ContactAttemptResult(models.TextChoices):
    SENT = "SENT", _("Envoyé, sans réponse pour l'instant")
    NO_ANSWER = "NO_ANSWER", _("Pas de réponse")
    ACCEPTED = "ACCEPTED", _("Accepte un entretien")
    REFUSED = "REFUSED", _("Refuse la médiation")
    THINKING = "THINKING", _("Réfléchit, à relancer")
    WRONG_ADDRESS = "WRONG_ADDRESS", _("Adresse ou numéro erroné")


class AppointmentStatus(models.TextChoices):
    SCHEDULED = "SCHEDULED", _("Prévu")
    HELD = "HELD", _("Tenu")
    NO_SHOW = "NO_SHOW", _("Absence")
    CANCELLED = "CANCELLED", _("Annulé")


class MeetingKind(models.TextChoices):
    JOINT = "JOINT", _("Rencontre de médiation")
    SHUTTLE = "SHUTTLE", _("Échange navette")


class MeetingResult(models.TextChoices):
    AGREEMENT = "AGREEMENT", _("Accord")
    PARTIAL_AGREEMENT = "PARTIAL_AGREEMENT", _("Accord partiel")
    ANOTHER_SESSION = "ANOTHER_SESSION", _("Nouvelle séance nécessaire")
    NO_AGREEMENT = "NO_AGREEMENT", _("Pas d'accord")


class AgreementForm(models.TextChoices):
    WRITTEN_SIGNED = "WRITTEN_SIGNED", _("Écrit et signé")
    WRITTEN_UNSIGNED = "WRITTEN_UNSIGNED", _("Écrit, non signé")
    ORAL = "ORAL", _("Oral")


class AgreementScope(models.TextChoices):
    FULL = "FULL", _("Total")
    PARTIAL = "PARTIAL", _("Partiel")


class CommitmentCategory(models.TextChoices):
    REDUCE_NOISE_HOURS = "REDUCE_NOISE_HOURS", _("Limiter le bruit à certaines heures")
    WARN_BEFORE_EVENT = "WARN_BEFORE_EVENT", _("Prévenir avant un événement")
    TALK_DIRECTLY_FIRST = "TALK_DIRECTLY_FIRST", _("Se parler directement d'abord")
    GREET_RESPECT = "GREET_RESPECT", _("Se saluer, se respecter")
    ANIMAL_MEASURES = "ANIMAL_MEASURES", _("Mesures concernant un animal")
    PRUNE_VEGETATION = "PRUNE_VEGETATION", _("Tailler la végétation")
    PARKING_ARRANGEMENT = "PARKING_ARRANGEMENT", _("Arrangement de stationnement")
    COMMON_AREA_RULES = "COMMON_AREA_RULES", _("Règles pour les parties communes")
    REPAIR_COMPENSATE = "REPAIR_COMPENSATE", _("Réparer, dédommager")
    CONTACT_LANDLORD_TOGETHER = "CONTACT_LANDLORD_TOGETHER", _("Contacter ensemble le bailleur")
    OTHER = "OTHER", _("Autre engagement")


class InformationTopic(models.TextChoices):
    NEIGHBOURHOOD_CONFLICT = "NEIGHBOURHOOD_CONFLICT", _("Conflit de voisinage (renseignement)")
    HOW_MEDIATION_WORKS = "HOW_MEDIATION_WORKS", _("Fonctionnement de la médiation")
    LEGAL_RIGHTS = "LEGAL_RIGHTS", _("Droits et démarches")
    VOLUNTEERING = "VOLUNTEERING", _("Devenir bénévole")
    OTHER = "OTHER", _("Autre")


class CollectiveDimension(models.TextChoices):
    """Why a case is handled in groups of parties (médiation collective, docs/adr/0035)."""

    PREVENTIVE = "PREVENTIVE", _("Préventive")
    PROJECT = "PROJECT", _("Projet")
    CURATIVE = "CURATIVE", _("Curative")
