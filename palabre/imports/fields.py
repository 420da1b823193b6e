"""The Palabre fields a file can fill — past cases, the partners of the directory, the
permanences or the people of the team — with the headers and the trade's words that name them.
Palabre's template uses the labels as headers (``spreadsheets.template_sheets``)."""

import json
from dataclasses import dataclass, field
from pathlib import Path

from django.db import models
from django.utils.translation import gettext_lazy as _

from palabre.cases import codes
from palabre.core.codes import ReferralSource
from palabre.organisations.models import Role
from palabre.partners.models import PartnerKind
from palabre.permanences.models import Frequency, Weekday

DATE, CODE, TEXT, COMMUNE, QUARTIER, KEY = "date", "code", "text", "commune", "quartier", "key"
EMAIL, URL, BOOL = "email", "url", "bool"
TIME, MINUTES, VENUE = "time", "minutes", "venue"
YES = "yes"  # the default of a yes-or-no column whose empty cells mean yes


@dataclass(frozen=True)
class Field:
    key: str
    label: object
    kind: str
    required: bool = False
    choices: object = None
    synonyms: dict = field(default_factory=dict)
    headers: tuple = ()
    max_length: int = 200
    # A code list's value for rows whose cell is empty (the coordination may change it).
    default: str = ""
    # A date of a past case cannot be to come; a permanence's dates may.
    past_only: bool = True

    @property
    def is_coded(self) -> bool:
        return self.kind in (CODE, COMMUNE, QUARTIER)


def _words(name):
    """The trade's words, as services write them in their spreadsheets: data, not interface."""
    return json.loads((Path(__file__).parent / "data" / f"{name}_words.json").read_text("utf-8"))


WORDS = _words("case")
PARTNER_WORDS = _words("partner")
PERMANENCE_WORDS = _words("permanence")
TEAM_WORDS = _words("team")


class TeamRole(models.TextChoices):
    """The roles a file may give a person of the team: never the administration, a partner's
    or a network's (those are given by hand, person by person)."""

    MEDIATOR = Role.MEDIATOR.value, Role.MEDIATOR.label
    RECEPTION = Role.RECEPTION.value, Role.RECEPTION.label
    COORDINATOR = Role.COORDINATOR.value, Role.COORDINATOR.label
    BOARD = Role.BOARD.value, Role.BOARD.label


def _headers(key, words=WORDS):
    return tuple(words["headers"].get(key, ()))


def _synonyms(key, words=WORDS):
    return {code: tuple(texts) for code, texts in words["synonyms"].get(key, {}).items()}


def _field(key, label, kind, words=WORDS, **options):
    return Field(
        key, label, kind, headers=_headers(key, words), synonyms=_synonyms(key, words), **options
    )


def _partner_field(key, label, kind, **options):
    return _field(key, label, kind, words=PARTNER_WORDS, **options)


def _permanence_field(key, label, kind, **options):
    return _field(key, label, kind, words=PERMANENCE_WORDS, **options)


CASE_FIELDS = (
    _field("source_key", _("N° du dossier dans le fichier"), KEY, max_length=60),
    _field("opened_on", _("Date de saisine"), DATE, required=True),
    _field(
        "channel",
        _("Canal du premier contact"),
        CODE,
        choices=codes.Channel,
        default=codes.Channel.PHONE,
    ),
    _field(
        "referral_source",
        _("Origine de la saisine"),
        CODE,
        choices=ReferralSource,
        default=ReferralSource.UNKNOWN,
    ),
    _field("referrer_name", _("Prescripteur (organisme)"), TEXT),
    _field("commune", _("Commune"), COMMUNE, required=True),
    _field("quartier", _("Quartier"), QUARTIER),
    _field(
        "primary_conflict",
        _("Motif du conflit"),
        CODE,
        required=True,
        choices=codes.ConflictCategory,
    ),
    _field("housing", _("Logement"), CODE, choices=codes.Housing, default=codes.Housing.UNKNOWN),
    _field(
        "building_type",
        _("Type de bâti"),
        CODE,
        choices=codes.BuildingType,
        default=codes.BuildingType.UNKNOWN,
    ),
    _field("landlord_name", _("Bailleur"), TEXT),
    _field("requester_last_name", _("Nom du demandeur"), TEXT, max_length=80),
    _field("requester_first_name", _("Prénom du demandeur"), TEXT, max_length=80),
    _field("other_party_last_name", _("Nom de l'autre partie"), TEXT, max_length=80),
    _field("closed_on", _("Date de clôture"), DATE),
    _field("closure_reason", _("Issue (motif de clôture)"), CODE, choices=codes.ClosureReason),
    _field("closure_detail", _("Précision de la clôture (vers qui)"), TEXT),
)

PARTNER_FIELDS = (
    _partner_field("name", _("Nom du partenaire"), TEXT, required=True),
    _partner_field(
        "kind", _("Type de partenaire"), CODE, choices=PartnerKind, default=PartnerKind.OTHER
    ),
    _partner_field("short_name", _("Sigle ou nom court"), TEXT, max_length=60),
    _partner_field("address", _("Adresse"), TEXT, max_length=300),
    _partner_field("commune", _("Commune"), COMMUNE),
    _partner_field("phone", _("Téléphone"), TEXT, max_length=30),
    _partner_field("email", _("E-mail"), EMAIL, max_length=254),
    _partner_field("website", _("Site web"), URL),
    _partner_field("is_funder", _("Financeur (oui ou non)"), BOOL),
    _partner_field("description", _("Présentation"), TEXT, max_length=2000),
    _partner_field("contact_last_name", _("Nom du contact"), TEXT, max_length=100),
    _partner_field("contact_first_name", _("Prénom du contact"), TEXT, max_length=100),
    _partner_field("contact_job_title", _("Fonction du contact"), TEXT, max_length=150),
    _partner_field("contact_email", _("E-mail du contact"), EMAIL, max_length=254),
    _partner_field("contact_phone", _("Téléphone du contact"), TEXT, max_length=30),
)

PERMANENCE_FIELDS = (
    _permanence_field("venue", _("Lieu d'accueil"), VENUE, required=True),
    _permanence_field("weekday", _("Jour"), CODE, required=True, choices=Weekday),
    _permanence_field(
        "frequency", _("Fréquence"), CODE, choices=Frequency, default=Frequency.WEEKLY
    ),
    _permanence_field("weeks_of_month", _("Semaines du mois (1 à 5, -1)"), TEXT, max_length=20),
    _permanence_field("starts_at", _("Heure de début"), TIME, required=True),
    _permanence_field("ends_at", _("Heure de fin"), TIME, required=True),
    _permanence_field("slot_minutes", _("Durée d'un créneau (minutes)"), MINUTES),
    _permanence_field("valid_from", _("À partir du"), DATE, past_only=False),
    _permanence_field("valid_until", _("Jusqu'au"), DATE, past_only=False),
    _permanence_field("is_public", _("Réservable en ligne (oui ou non)"), BOOL, default=YES),
    _permanence_field(
        "skip_school_holidays", _("Fermée pendant les vacances scolaires"), BOOL, default=YES
    ),
)


def _team_field(key, label, kind, **options):
    return _field(key, label, kind, words=TEAM_WORDS, **options)


# A person's account has its e-mail (the login, the row's key) and names; the membership of the
# service its role. Nothing else of a person is imported.
TEAM_FIELDS = (
    _team_field("email", _("E-mail"), EMAIL, required=True, max_length=254),
    _team_field("first_name", _("Prénom"), TEXT, max_length=80),
    _team_field("last_name", _("Nom"), TEXT, max_length=80),
    _team_field(
        "role", _("Rôle dans le service"), CODE, choices=TeamRole, default=TeamRole.MEDIATOR
    ),
)

FIELDS_BY_KIND = {
    "cases": CASE_FIELDS,
    "partners": PARTNER_FIELDS,
    "permanences": PERMANENCE_FIELDS,
    "team": TEAM_FIELDS,
}


def fields_of(kind: str):
    return FIELDS_BY_KIND[kind]


def field_named(kind: str, key: str) -> Field:
    return next(f for f in fields_of(kind) if f.key == key)
