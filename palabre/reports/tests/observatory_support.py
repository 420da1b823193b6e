"""What the observatory's tests share: valid figures and documents, figures as if pushed. The
fixtures (a network, its staff, directory members, a key) are in ``conftest.py``."""

import datetime as dt
import uuid

from django.utils import timezone

from palabre.reports import observatory
from palabre.reports.models import ReceivedDocument, SharedFigures

SECRET = "un-secret-partage-assez-long-pour-les-tests"


def figures(**changes) -> dict:
    """A valid ``figures`` object: a mid-sized member's year."""
    base = {
        "new_cases": 40,
        "treated_cases": 52,
        "closed_cases": 30,
        "agreements": 12,
        "acceptance_accepted": 15,
        "acceptance_answered": 20,
        "interviews": 80,
        "joint_meetings": 9,
        "information_requests": 25,
        "closure_delay_cases": 30,
        "closure_delay_median_days": 45.0,
        "by_conflict": {"NOISE": 25, "RELATIONAL": 15},
        "by_referral_source": {"SELF": 30, "SOCIAL_LANDLORD": 10},
    }
    return base | changes


def shared(member, year, payload):
    """Figures as if ``member`` had pushed them."""
    sent_at = timezone.now() - dt.timedelta(days=1)
    document = ReceivedDocument.objects.create(
        network=member.network,
        member=member,
        document_id=uuid.uuid4(),
        kind=observatory.FIGURES,
        sent_at=sent_at,
    )
    return SharedFigures.objects.create(
        network=member.network,
        member=member,
        year=year,
        payload=payload,
        document=document,
        sent_at=sent_at,
        received_at=sent_at,
    )


def document(key, year=2026, **overrides) -> dict:
    base = {
        "schema": observatory.SCHEMA,
        "type": "figures",
        "document_id": str(uuid.uuid4()),
        "sent_at": timezone.now().astimezone(dt.UTC).isoformat(timespec="seconds"),
        "network": key.network.slug,
        "member_key_id": key.key_id,
        "year": year,
        "figures": figures(),
    }
    return base | overrides
