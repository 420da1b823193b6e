"""The demo's earlier cases at intake and duplicate records (docs/adr/0027).

Two situations to try, built from the demo's own cases through the real actions:

- a request waiting in the queue from a person whose case closed in the last 24 months at the
  same address (her name typed in capitals, her number with +33): the referral's page shows the
  earlier case to the coordination, who says whether it is the same conflict;
- a case opened today for a person the service already knows, her last name misspelt, with a
  new number and a new address (she moved): nothing links them but the coordination, who finds
  her other record by her first name and merges the two (« Réunir avec une autre fiche »).
"""

import datetime as dt

from django.utils import timezone

from palabre.cases import actions as case_actions
from palabre.cases import codes, identity
from palabre.cases.earlier_lookup import window_start
from palabre.cases.models import Case
from palabre.referrals import actions
from palabre.referrals.models import Origin


def _closed_with_a_known_requester(organisation, today):
    cases = (
        Case.objects.of(organisation)
        .closed()
        .filter(closed_on__gte=window_start(today), anonymised_at__isnull=True)
        .prefetch_related("parties__household", "conflicts")
        .order_by("-closed_on", "reference")
    )
    for case in cases:
        requester = case.requester()
        if (
            requester is not None
            and identity.phone_digits(requester.phone)
            and requester.household is not None
            and identity.folded_address(requester.household.address)
        ):
            yield case, requester


def _conflict(case) -> str:
    primary = case.primary_conflict()
    return primary.category if primary else codes.ConflictCategory.NOISE


def _misspelt(name: str) -> str:
    """« Lefèvre » → « Lefèvr », « Roy » → « Roye »: one letter off, as typed in a hurry."""
    return name[:-1] if len(name) > 4 else f"{name}e"


def seed_earlier_cases(organisation, *, coordinator, today) -> dict:
    found = _closed_with_a_known_requester(organisation, today)
    returning = next(found, None)
    moved = next(found, None)
    seeded = {"referrals": 0, "duplicates": 0}
    if returning is not None:
        case, person = returning
        actions.submit_referral(
            organisation=organisation,
            origin=Origin.PUBLIC_FORM,
            requester_first_name=person.first_name,
            requester_last_name=person.last_name.upper(),
            requester_phone="+33 " + identity.phone_digits(person.phone),
            requester_address=person.household.address,
            commune=case.commune,
            conflict_category=_conflict(case),
            availability="en fin de journée",
            agreed_to_be_contacted=True,
            notify=False,
            received_at=timezone.now() - dt.timedelta(hours=3),
        )
        seeded["referrals"] = 1
    if moved is not None:
        case, person = moved
        case_actions.open_case(
            organisation=organisation,
            by=coordinator,
            opened_on=today,
            channel=codes.Channel.PHONE,
            referral_source=codes.ReferralSource.SELF,
            requester_last_name=_misspelt(person.last_name),
            requester_first_name=person.first_name,
            requester_phone="07 58 41 26 93",
            requester_address=f"27 boulevard de Verdun, {case.commune.name}",
            primary_conflict=_conflict(case),
            commune=case.commune,
            quartier=case.quartier,
        )
        seeded["duplicates"] = 1
    return seeded
