"""Keys that recognise a person or an address across a service's cases (docs/adr/0027).

A party's ``identity_key`` is a keyed hash of their name (without accents, capitals, hyphens,
nor the order of its words, so that a first name typed as the last one still matches) and the
last nine digits of their telephone (« 06 12 34 56 78 », « +33 6 12 34 56 78 »); a household's
``address_key``, of the number and street of its address folded the same way, abbreviations
written out, the flat, floor and door left aside (neighbours of one building share an address),
the postal code and the commune dropped.

The hash is an HMAC-SHA256 (``django.utils.crypto.salted_hmac``) keyed by the instance's secret
key and salted with the service's identifier: the same person has a different key in each
service, so no query, even a wrong one, can match across services; and the column copies no
name, telephone or address. A key is empty when its inputs are not enough to recognise anyone
(no telephone, an address without a number): empty never matches.

The instance's secret key may change: the keys under the previous ones
(``SECRET_KEY_FALLBACKS``) are still looked for until ``manage.py refresh_identity_keys`` has
written every key again.
"""

import re
import uuid

from django.conf import settings
from django.utils.crypto import salted_hmac

from palabre.core.text import normalise

PHONE_DIGITS = 9  # a French number without its leading 0 or +33
SALT = "palabre.cases.identity"

# Written out before comparing: « bd », « bld » and « boulevard » are one street.
ABBREVIATIONS = {
    "all": "allee",
    "av": "avenue",
    "ave": "avenue",
    "bd": "boulevard",
    "bld": "boulevard",
    "bvd": "boulevard",
    "ch": "chemin",
    "che": "chemin",
    "crs": "cours",
    "fg": "faubourg",
    "imp": "impasse",
    "pl": "place",
    "r": "rue",
    "res": "residence",
    "rte": "route",
    "sq": "square",
    "st": "saint",
    "ste": "sainte",
}
# A flat, floor or door: the rest of the address is the building.
DWELLING = re.compile(
    r"\b(?:appartement|appart|appt|apt|app|logement|logt|porte|etage|etg)\s*(?:n|no|n°)?\s*\w*"
    r"|\b\d+\s*(?:e|er|ere|eme|em)\s+etage\b"
)
POSTAL_CODE = re.compile(r"\b\d{5}\b.*$")
STREET_LINE = re.compile(r"\b\d+\s*(?:bis|ter|[a-d])?\s+[a-z]{2,}")


def phone_digits(phone: str) -> str:
    """The last nine digits of a telephone number, or "" when it has fewer."""
    digits = re.sub(r"\D", "", phone or "")
    return digits[-PHONE_DIGITS:] if len(digits) >= PHONE_DIGITS else ""


def folded_name(first_name: str, last_name: str) -> str:
    """« Éloïse LE GALL » and « Le Gall Eloise » both give « eloise gall le »."""
    words = re.sub(r"[^\w]+", " ", normalise(f"{first_name} {last_name}")).split()
    return " ".join(sorted(words))


def folded_address(address: str) -> str:
    """The number and street of an address: « Appt 4, 12 bd de la Liberté, 35000 Rennes » and
    « 12 boulevard de la liberte, Rennes » both give « 12 boulevard de la liberte »; "" when no
    part of it is a number followed by a street."""
    text = POSTAL_CODE.sub("", normalise(address))
    text = re.sub(r"^\s*(\d+\s*(?:bis|ter)?)\s*,", r"\1 ", text)  # « 12, rue … »
    for part in text.split(","):
        words = re.sub(r"[^\w°]+", " ", part)
        words = DWELLING.sub(" ", words).replace("°", " ").split()
        line = " ".join(ABBREVIATIONS.get(word, word) for word in words)
        street = STREET_LINE.search(line)
        if street:
            return line[street.start() :]
    return ""


def _mac(organisation_id, kind: str, text: str, secret: str) -> str:
    salt = f"{SALT}|{kind}|{uuid.UUID(str(organisation_id))}"
    return salted_hmac(salt, text, secret=secret, algorithm="sha256").hexdigest()


def _secrets(current_only: bool) -> list[str]:
    if current_only:
        return [settings.SECRET_KEY]
    return [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]


def person_keys(organisation_id, first_name, last_name, phone, *, current_only=False) -> list:
    """The person's keys in the service: the one written now first, then those under the
    previous secret keys. Empty without a name or a full telephone number."""
    name, digits = folded_name(first_name, last_name), phone_digits(phone)
    if not name or not digits:
        return []
    text = f"{name}\x1f{digits}"
    return [_mac(organisation_id, "person", text, s) for s in _secrets(current_only)]


def address_keys(organisation_id, address, *, current_only=False) -> list:
    folded = folded_address(address)
    if not folded:
        return []
    return [_mac(organisation_id, "address", folded, s) for s in _secrets(current_only)]


def person_key(organisation_id, first_name, last_name, phone) -> str:
    keys = person_keys(organisation_id, first_name, last_name, phone, current_only=True)
    return keys[0] if keys else ""


def address_key(organisation_id, address) -> str:
    keys = address_keys(organisation_id, address, current_only=True)
    return keys[0] if keys else ""
