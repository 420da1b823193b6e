"""A service with a landlord partner, one of its agents holding a partner account, a commune;
for the time limits, a clock that the tests move."""

import datetime as dt
import zoneinfo

import pytest
from django.utils import timezone

from palabre.cases.tests.factories import CommuneFactory
from palabre.partners.models import Contact, Partner, PartnerKind
from palabre.referrals import actions
from palabre.referrals.models import Origin


@pytest.fixture
def commune(service):
    return CommuneFactory(organisation=service, name="Rennes")


@pytest.fixture
def landlord(service):
    return Partner.objects.create(
        organisation=service, kind=PartnerKind.SOCIAL_LANDLORD, name="Archipel Habitat"
    )


@pytest.fixture
def agent(member, landlord):
    """A landlord agent with a partner account."""
    membership = member("partner")
    Contact.objects.create(
        organisation=landlord.organisation,
        partner=landlord,
        first_name="Agathe",
        last_name="Bailleur",
        membership=membership,
    )
    return membership


@pytest.fixture
def person(commune):
    """The fields of a referral, as a partner's form would send them."""
    return {
        "requester_first_name": "Éloïse",
        "requester_last_name": "Le Gall",
        "requester_phone": "06 12 34 56 78",
        "requester_email": "",
        "requester_address": "12 rue de Brest",
        "commune": commune,
        "conflict_category": "NOISE",
        "availability": "en semaine après 18 h",
        "agreed_to_be_contacted": True,
    }


@pytest.fixture
def refer(service, landlord, agent, person):
    """``refer(**overrides)`` → a referral sent by the landlord agent."""

    def make(**overrides):
        fields = {**person, "agreed_to_share_status": True, **overrides}
        return actions.submit_referral(
            organisation=service,
            origin=Origin.PARTNER_ACCOUNT,
            partner=landlord,
            sent_by=agent,
            referrer_name="Agathe Bailleur",
            **fields,
        )

    return make


# --- Time limits (docs/adr/0020) ---------------------------------------------------------------

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
# A Monday morning: the requests of the time-limit tests arrive then.
MONDAY = dt.date(2027, 3, 1)


def at(day: dt.date, hour: int = 9, minute: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=PARIS)


def days_after(days: int, hours: int = 0, minutes: int = 0) -> dt.datetime:
    """The moment ``days`` (and hours, minutes) after Monday 9:00."""
    return at(MONDAY) + dt.timedelta(days=days, hours=hours, minutes=minutes)


@pytest.fixture
def clock(monkeypatch):
    """``clock(moment)`` sets ``timezone.now()``; it starts on Monday at 9:00."""
    state = {"now": at(MONDAY)}
    monkeypatch.setattr(timezone, "now", lambda: state["now"])

    def set_to(moment):
        state["now"] = moment

    return set_to


@pytest.fixture
def sms_file(settings, tmp_path):
    settings.PALABRE_SMS_BACKEND = "palabre.core.sms.FileSender"
    settings.PALABRE_SMS_FILE = tmp_path / "sms.jsonl"
    return settings.PALABRE_SMS_FILE
