"""Finding the other records of a person in the service, to merge them (docs/adr/0027).

By name (every word, without accents or capitals, in the record's name) or by telephone however
it was typed (its last nine digits). Only the service's records, never an anonymised case's.
"""

import re

from django.db.models import Q

from palabre.cases import access, identity
from palabre.core.text import normalise

LIMIT = 30


def _phone_pattern(digits: str) -> str:
    return "[^0-9]*".join(digits) + "[^0-9]*$"


def candidates(membership, record, text: str) -> list:
    """The service's records that may be the same person as ``record``; without ``text``, those
    sharing its last name."""
    digits = identity.phone_digits(text)
    words = [] if digits else normalise(text or record.last_name).split()
    if not digits and not words:
        return []
    found = Q()
    if words:
        found |= Q(case__in=access.cases_for(membership).matching(" ".join(words)).values("pk"))
    if digits:
        found |= Q(phone__regex=_phone_pattern(digits))
    rows = (
        access.records_for(membership)
        .filter(found, case__anonymised_at__isnull=True)
        .exclude(pk=record.pk)
        .select_related("case", "household")
        .order_by("-case__opened_on", "case__reference", "role")
    )
    kept = []
    for party in rows[: LIMIT * 4]:
        folded = normalise(f"{party.first_name} {party.last_name}")
        if (digits and re.search(_phone_pattern(digits), party.phone or "")) or (
            words and all(word in folded for word in words)
        ):
            kept.append(party)
        if len(kept) == LIMIT:
            break
    return kept
