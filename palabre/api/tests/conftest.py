"""Two services and a network, each with what the API reads, a person in every role, and a
canary (``CANARY``) in every free text a person can type: names, notes, statements, places,
descriptions. The clock stands on Monday 7 December 2026 at 9:00 in Paris."""

import datetime as dt
import zoneinfo
from decimal import Decimal

import pytest
from django.utils import timezone

from palabre.api import actions as api_actions
from palabre.api.models import Resource, TokenKind
from palabre.cases import actions as case_actions
from palabre.cases import codes
from palabre.cases.tests.factories import (
    CaseFactory,
    CommuneFactory,
    MembershipFactory,
    OrganisationFactory,
)
from palabre.network import actions as network_actions
from palabre.network.tests.members_support import make_member
from palabre.partners.tests.factories import (
    ContactFactory,
    ConventionFactory,
    PartnerFactory,
    VenueFactory,
)
from palabre.permanences import actions as permanence_actions
from palabre.permanences.models import BookingChannel, Frequency
from palabre.referrals import actions as referral_actions
from palabre.referrals.models import Origin
from palabre.training import actions as training_actions

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
MONDAY = dt.date(2026, 12, 7)
NOW = dt.datetime(2026, 12, 7, 9, tzinfo=PARIS)
CANARY = "QZXCANARY"
SERVICE_ROLES = ["admin", "coordinator", "mediator", "reception", "board", "partner"]
ROLES = [*SERVICE_ROLES, "network_staff"]
ALL = list(Resource.values)


@pytest.fixture
def clock(monkeypatch):
    """``clock(moment)`` moves ``timezone.now()``; it starts on Monday 7 December, 9:00."""
    state = {"now": NOW}
    monkeypatch.setattr(timezone, "now", lambda: state["now"])

    def set_to(moment):
        state["now"] = moment

    return set_to


def canary(what: str) -> str:
    return f"{CANARY} {what}"


def _service_world(organisation):
    """What one service holds, every free text marked."""
    coordinator = MembershipFactory(organisation=organisation, role="coordinator")
    commune = CommuneFactory(organisation=organisation, name=f"Rennes {organisation.slug}")
    partner = PartnerFactory(organisation=organisation, description=canary("description"))
    partner_member = MembershipFactory(organisation=organisation, role="partner")
    ContactFactory(partner=partner, membership=partner_member)
    venue = VenueFactory(organisation=organisation, commune=commune, access_notes=canary("accès"))
    convention = ConventionFactory(
        organisation=organisation, partners=[partner], purpose=canary("objet")
    )
    convention.funder = partner
    convention.amount = Decimal("12000.00")
    convention.save()
    permanence = permanence_actions.create_permanence(
        organisation=organisation,
        by=coordinator,
        venue=venue,
        weekday=1,
        frequency=Frequency.WEEKLY,
        starts_at=dt.time(14),
        ends_at=dt.time(17),
        slot_minutes=45,
        valid_from=MONDAY,
    )
    occurrence = permanence.occurrences.get(planned_on=MONDAY + dt.timedelta(days=1))
    booking = permanence_actions.book(
        occurrence=occurrence,
        starts_at=dt.datetime(2026, 12, 8, 14, tzinfo=PARIS),
        channel=BookingChannel.PARTNER,
        by=partner_member,
        first_name=canary("prénom"),
        last_name=canary("nom"),
        phone="06 12 34 56 78",
        partner=partner,
    )
    referral = referral_actions.submit_referral(
        organisation=organisation,
        origin=Origin.PARTNER_ACCOUNT,
        partner=partner,
        sent_by=partner_member,
        requester_first_name=canary("prénom"),
        requester_last_name=f"{CANARY}nom",
        requester_phone="06 98 76 54 32",
        requester_address=canary("adresse"),
        commune=commune,
        conflict_category=codes.ConflictCategory.NOISE,
        availability=canary("dispo"),
        agreed_to_be_contacted=True,
        agreed_to_share_status=True,
        referrer_name=canary("guichet"),
        notify=False,
    )
    case = CaseFactory(
        organisation=organisation,
        by=coordinator,
        commune=commune,
        requester_last_name=f"{CANARY}demandeur",
        other_party_last_name=f"{CANARY}autre",
    )
    case_actions.add_private_note(case=case, by=coordinator, text=canary("note privée"))
    case = case_actions.qualify(case=case, by=coordinator)
    case_actions.schedule_interview(
        case=case,
        by=coordinator,
        party=case.requester(),
        scheduled_at=NOW + dt.timedelta(days=2),
        channel=codes.InterviewChannel.IN_PERSON_OTHER,
        place=canary("lieu de l'entretien"),
    )
    suspended = CaseFactory(organisation=organisation, by=coordinator, commune=commune)
    case_actions.suspend(case=suspended, by=coordinator, reason=canary("motif de suspension"))
    return {
        "coordinator": coordinator,
        "partner_member": partner_member,
        "partner": partner,
        "venue": venue,
        "convention": convention,
        "permanence": permanence,
        "occurrence": occurrence,
        "booking": booking,
        "referral": referral,
        "case": case,
        "commune": commune,
    }


def _network_world(service, other_service):
    network = OrganisationFactory(kind="NETWORK", slug="reseau-api", name="Réseau API")
    admin = MembershipFactory(organisation=network, role="admin")
    staff = MembershipFactory(organisation=network, role="network_staff")
    service.networks.add(network)
    member = make_member(network, name="Service Un", organisation=service)
    event = network_actions.create_event(
        network=network,
        by=staff,
        kind="NATIONAL_MEETING",
        title="Rencontre nationale",
        starts_on=MONDAY + dt.timedelta(days=30),
        place="Paris",
        description=canary("description de l'événement"),
    )
    module = training_actions.create_module(
        organiser=network,
        by=staff,
        title="Gestion des conflits",
        objective=canary("objectif"),
        audience=["MEDIATORS"],
        duration_hours=Decimal("7"),
        price_member=Decimal("100"),
        price_other=Decimal("200"),
    )
    session = training_actions.create_session(
        module=module,
        by=staff,
        starts_on=MONDAY + dt.timedelta(days=14),
        ends_on=MONDAY + dt.timedelta(days=14),
        place="Maison des associations",
        trainer="Claire Formatrice",
        capacity=12,
    )
    return {
        "network": network,
        "network_admin": admin,
        "network_staff": staff,
        "member": member,
        "event": event,
        "training": session,
    }


@pytest.fixture
def world(db, clock, service, other_service):
    """``world["own"]``, ``world["foreign"]`` (another service's objects), ``world["net"]``
    and ``world["people"]`` (a membership per role, partner included)."""
    own = _service_world(service)
    foreign = _service_world(other_service)
    net = _network_world(service, other_service)
    people = {
        role: MembershipFactory(organisation=service, role=role)
        for role in ("admin", "mediator", "reception", "board")
    }
    people["coordinator"] = own["coordinator"]
    people["partner"] = own["partner_member"]
    people["network_staff"] = net["network_staff"]
    return {"own": own, "foreign": foreign, "net": net, "people": people}


def manager_of(world, membership):
    if membership.organisation_id == world["net"]["network"].pk:
        return world["net"]["network_admin"]
    if membership.organisation_id == world["own"]["coordinator"].organisation_id:
        return world["own"]["coordinator"]
    return world["foreign"]["coordinator"]


@pytest.fixture
def make_token(world):
    """``make_token(role_or_membership, resources=ALL, days=30)`` → the token's text."""

    def make(who, resources=None, days=30, kind=TokenKind.APPLICATION):
        holder = world["people"][who] if isinstance(who, str) else who
        _token, text = api_actions.create_token(
            by=manager_of(world, holder),
            holder=holder,
            kind=kind,
            label=f"Jeton {holder.role}",
            resources=resources or ALL,
            days=days,
        )
        return text

    return make


@pytest.fixture
def api_get(client):
    def get(path, token=None, **headers):
        if token is not None:
            headers["HTTP_AUTHORIZATION"] = f"Bearer {token}"
        return client.get(f"/api/v1{path}", **headers)

    return get
