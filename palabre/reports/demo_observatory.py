"""The demo's observatory: the demo network's services of this instance share their figures,
and members of its directory on « other instances » have sent theirs for the last two years.
Fictitious, plausible figures: a small member has small counts, which the pages hide."""

import datetime as dt
import random
import secrets
import uuid

from django.utils import timezone

from palabre.network.models import Member
from palabre.organisations.models import Organisation, OrganisationKind
from palabre.reports.models import PushKey, ReceivedDocument, SharedFigures, SharingConsent
from palabre.reports.observatory import FIGURES

PUSHING_MEMBERS = 30
CONFLICTS = {
    "NOISE": 34,
    "RELATIONAL": 16,
    "COMMON_AREAS": 12,
    "ANIMALS": 6,
    "PARKING_TRAFFIC": 6,
    "VEGETATION": 5,
    "PUBLIC_SPACE_USE": 8,
    "CHILDREN_YOUTH": 5,
    "HYGIENE": 4,
    "OTHER": 4,
}
SOURCES = {
    "SELF": 28,
    "SOCIAL_LANDLORD": 18,
    "CITY_SERVICE": 14,
    "WORD_OF_MOUTH": 9,
    "POLICE_NATIONALE": 7,
    "SOCIAL_WORKER": 7,
    "NIGHT_MEDIATION": 6,
    "OTHER": 4,
    "UNKNOWN": 3,
}


def seed_observatory(network, *, year: int, members: int = PUSHING_MEMBERS) -> int:
    """Consents for the network's services of this instance, and figures of ``year`` and the
    year before for up to ``members`` directory members without a Palabre organisation here
    (whatever members exist). Answers how many years of figures were stored."""
    now = timezone.now()
    services = Organisation.objects.filter(networks=network, kind=OrganisationKind.SERVICE)
    for service in services:
        if not SharingConsent.objects.active().of(service).to(network).exists():
            SharingConsent.objects.create(organisation=service, network=network, given_at=now)
    remote = Member.objects.of(network).active().filter(organisation__isnull=True)
    stored = 0
    for member in remote.order_by("name")[:members]:
        key = PushKey.objects.create(
            network=network,
            member=member,
            key_id=f"obs-{secrets.token_hex(6)}",
            secret=secrets.token_urlsafe(32),
        )
        for shared_year in (year - 1, year):
            sent_at = dt.datetime(shared_year + 1, 1, 20, 9, tzinfo=dt.UTC)
            received = ReceivedDocument.objects.create(
                network=network,
                member=member,
                key=key,
                document_id=uuid.uuid4(),
                kind=FIGURES,
                sent_at=sent_at,
                received_at=sent_at,
            )
            SharedFigures.objects.update_or_create(
                member=member,
                year=shared_year,
                defaults={
                    "network": network,
                    "payload": figures_for(member, shared_year),
                    "document": received,
                    "sent_at": sent_at,
                    "received_at": sent_at,
                },
            )
            stored += 1
    return stored


def _spread(rng, total: int, weights: dict) -> dict:
    counts = {}
    for code in rng.choices(list(weights), weights=list(weights.values()), k=total):
        counts[code] = counts.get(code, 0) + 1
    return counts


def figures_for(member, year: int) -> dict:
    """A plausible year for ``member``: its size from its staff, the same every run."""
    rng = random.Random(f"{member.name}/{year}")
    staff = member.staff or rng.randint(1, 12)
    new = max(2, int(staff * rng.uniform(6, 16)))
    treated = new + int(new * rng.uniform(0.15, 0.4))
    closed = int(treated * rng.uniform(0.6, 0.85))
    answered = int(closed * rng.uniform(0.55, 0.8))
    accepted = int(answered * rng.uniform(0.5, 0.8))
    figures = {
        "new_cases": new,
        "treated_cases": treated,
        "closed_cases": closed,
        "agreements": int(closed * rng.uniform(0.3, 0.55)),
        "acceptance_accepted": accepted,
        "acceptance_answered": answered,
        "interviews": int(treated * rng.uniform(1.4, 2.6)),
        "joint_meetings": int(closed * rng.uniform(0.15, 0.35)),
        "information_requests": int(new * rng.uniform(0.3, 1.2)),
        "closure_delay_cases": closed,
        "closure_delay_median_days": float(rng.randint(28, 110)) if closed else None,
        "by_conflict": _spread(rng, new, CONFLICTS),
        "by_referral_source": _spread(rng, new, SOURCES),
    }
    if rng.random() < FIELD_SHARE:
        figures["field"] = _field_for(rng, staff)
    return figures


# About a third of the members have field teams (night correspondents, street mediators).
FIELD_SHARE = 0.35
REGISTERS = {
    "PRESENCE_PROXIMITY": 40,
    "CONFLICT_MANAGEMENT": 25,
    "SOCIAL_WATCH": 10,
    "TECHNICAL_WATCH": 12,
    "DIALOGUE_PERSONS_INSTITUTIONS": 8,
    "AWARENESS_INFORMATION": 5,
}


def _field_for(rng, staff: int) -> dict:
    """A plausible year of field work for a team of ``staff``: a shift every two or three
    evenings, 7 to 8 hours, a dozen interventions each."""
    shifts = int(staff * rng.uniform(15, 40))
    interventions = int(shifts * rng.uniform(8, 18))
    sent = int(shifts * rng.uniform(0.3, 1.0))
    return {
        "shifts": shifts,
        "shift_hours": round(shifts * rng.uniform(7, 8), 1),
        "interventions": interventions,
        "people_met": int(interventions * rng.uniform(1.2, 2.2)),
        "by_register": _spread(rng, interventions, REGISTERS),
        "signals_sent": sent,
        "signals_resolved": int(sent * rng.uniform(0.6, 0.95)),
    }
