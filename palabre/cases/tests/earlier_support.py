"""Earlier cases at intake and merged records (docs/adr/0027): a fixed day, two services, and a
way to open a case for a given person at a given address on a given day."""

import datetime as dt
import zoneinfo

import pytest
from django.utils import timezone

from palabre.cases import actions, codes
from palabre.cases.tests.factories import CaseFactory

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
TODAY = dt.date(2027, 3, 1)
ADDRESS = "12 rue de Brest, appartement 4, 35000 Rennes"
PHONE = "06 12 34 56 78"


NOW = dt.datetime(TODAY.year, TODAY.month, TODAY.day, 10, 0, tzinfo=PARIS)


@pytest.fixture
def intake_day(monkeypatch):
    """``timezone.now()`` stands on the morning of ``TODAY`` (tests use it through
    ``pytestmark = pytest.mark.usefixtures("intake_day")``)."""
    monkeypatch.setattr(timezone, "now", lambda: NOW)
    return NOW


def open_for(
    organisation,
    by,
    *,
    opened_on,
    last_name="Le Gall",
    first_name="Éloïse",
    phone=PHONE,
    address=ADDRESS,
    other_last_name="Moreau",
    other_address="",
    closed_on=None,
):
    """A case of ``organisation`` whose requester is this person, closed on ``closed_on``."""
    case = CaseFactory(
        organisation=organisation,
        by=by,
        opened_on=opened_on,
        requester_last_name=last_name,
        requester_first_name=first_name,
        requester_phone=phone,
        requester_address=address,
        other_party_last_name=other_last_name,
        other_party_first_name="Jérôme",
        other_party_address=other_address,
    )
    if closed_on is not None:
        case = actions.close(
            case=case, by=by, reason=codes.ClosureReason.RESOLVED_BEFORE, closed_on=closed_on
        )
    return case
