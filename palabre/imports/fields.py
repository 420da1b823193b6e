"""The Palabre fields a file of past cases can fill, with the headers and the trade's words
that name them. Palabre's template uses the labels as headers (``template_files``)."""

import json
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from palabre.cases import codes
from palabre.core.codes import ReferralSource

DATE, CODE, TEXT, COMMUNE, QUARTIER, KEY = "date", "code", "text", "commune", "quartier", "key"


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

    @property
    def is_coded(self) -> bool:
        return self.kind in (CODE, COMMUNE, QUARTIER)


# The trade's words, as services write them in their spreadsheets: data, not interface.
WORDS = json.loads((Path(__file__).parent / "data" / "case_words.json").read_text("utf-8"))


def _headers(key):
    return tuple(WORDS["headers"].get(key, ()))


def _synonyms(key):
    return {code: tuple(texts) for code, texts in WORDS["synonyms"].get(key, {}).items()}


def _field(key, label, kind, **options):
    return Field(key, label, kind, headers=_headers(key), synonyms=_synonyms(key), **options)


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

FIELDS_BY_KIND = {"cases": CASE_FIELDS}


def fields_of(kind: str):
    return FIELDS_BY_KIND[kind]


def field_named(kind: str, key: str) -> Field:
    return next(f for f in fields_of(kind) if f.key == key)
