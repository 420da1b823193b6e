"""A service with a landlord partner, one of its agents holding a partner account, a commune."""

import pytest

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
