"""Who may handle the rights requests, and the one way in to them and to the people they concern.

The coordination (and the administration) of a service handles them. Mediators, reception,
the board, partners and a network's people never reach a request, nor learn that one exists:
every page answers 404 to them, as it does for another service's request.
"""

import re

from django.db.models import Q

from palabre.cases.models import Case, Party
from palabre.core.lookup import get_or_404
from palabre.core.text import normalise
from palabre.organisations.access import MANAGER_ROLES
from palabre.organisations.models import OrganisationKind
from palabre.privacy.rights import RightsRequest

# A search lists this many records at most: enough to recognise one person's few cases.
SEARCH_LIMIT = 40
PHONE_DIGITS = 9  # a French number without its leading 0 or +33


def can_handle_rights(membership) -> bool:
    return (
        membership is not None
        and membership.role in MANAGER_ROLES
        and membership.organisation.kind == OrganisationKind.SERVICE
    )


def requests_for(membership):
    if not can_handle_rights(membership):
        return RightsRequest.objects.none()
    return RightsRequest.objects.of(membership.organisation_id)


def get_request_for(membership, request_id) -> RightsRequest:
    return get_or_404(requests_for(membership), request_id)


def parties_for(membership):
    """Every party of the service's cases, for the coordination handling a request."""
    if not can_handle_rights(membership):
        return Party.objects.none()
    return Party.objects.filter(organisation_id=membership.organisation_id)


def phone_pattern(text: str) -> str | None:
    """A regular expression finding a phone number however it was typed (« 06 12 34 56 78 »,
    « 06.12.34.56.78 », « +33 6 12 34 56 78 »): its last nine digits, anything but a digit
    between them. The same on SQLite and PostgreSQL."""
    digits = re.sub(r"\D", "", text)
    if len(digits) < PHONE_DIGITS:
        return None
    return "[^0-9]*".join(digits[-PHONE_DIGITS:]) + "[^0-9]*$"


def people_matching(membership, text: str) -> list[Party]:
    """The party records of the service's cases that may be the person: every word of ``text``
    in their name or their case's reference (without accents or capitals, like the case list),
    or the same e-mail, or the same phone number. Oldest case first."""
    words = normalise(text).split()
    if not words or not can_handle_rights(membership):
        return []
    cases = Case.objects.of(membership.organisation_id).matching(text)
    found = Q(case__in=cases.values("pk"))
    email = text.strip()
    if "@" in email and len(words) == 1:
        found |= Q(email__iexact=email)
    phone = phone_pattern(text)
    if phone:
        found |= Q(phone__regex=phone)
    candidates = (
        parties_for(membership)
        .filter(found)
        .select_related("case", "household")
        .order_by("case__opened_on", "case__reference", "role", "created_at")
    )
    matched = []
    for party in candidates[: SEARCH_LIMIT * 4]:
        folded = normalise(f"{party.first_name} {party.last_name} {party.case.reference}")
        by_contact = (party.email and party.email.lower() == email.lower()) or (
            phone and re.search(phone, party.phone or "")
        )
        if by_contact or all(word in folded for word in words):
            matched.append(party)
        if len(matched) == SEARCH_LIMIT:
            break
    return matched
