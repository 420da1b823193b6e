"""The rest of the world of ``world.py``: the network the service belongs to (its staff, member
directory, pole, event, certification record, training, an observatory key), a field team with
today's shift, and the data-protection files (a rights request, a safety report, a legal hold)."""

import datetime as dt
from decimal import Decimal

from palabre.cases.codes import Status as S
from palabre.field import actions as field
from palabre.field import roadmap_requests_actions, safety_actions, watch_actions
from palabre.field.codes import InterventionType, PlaceKind
from palabre.field.safety import SeriousEventKind
from palabre.field.territory import Place
from palabre.field.watch import SignalCategory
from palabre.network import actions as network_actions
from palabre.network import actions_certification, actions_funding
from palabre.network.models import DuesCategory
from palabre.partners.models import Partner
from palabre.privacy import retention_actions, rights_actions, safety_reports_actions
from palabre.privacy.retention import HoldReason
from palabre.privacy.rights import ReceivedThrough, RightsKind
from palabre.privacy.safety_reports import SafetyReason, SafetyRecipient
from palabre.reports.models import PushKey
from palabre.training import actions as training
from tests.hostile.world import NOW, TODAY, OrganisationFactory, days_ago, person

OBSERVATORY_SECRET = "un-secret-partage-assez-long-pour-les-essais"


def build(world):
    """Adds the network, the field and the data-protection objects to ``world``."""
    world.update(_network(world))
    world.update(_training(world))
    world.update(_field(world))
    world.update(_privacy(world))
    return world


def _network(world):
    network = OrganisationFactory(name="Réseau Test", slug="reseau-test", kind="NETWORK")
    world["service"].networks.add(network)
    staff = person(network, "network_staff", "Nadia", "Réseau")
    member = network_actions.create_member(
        network=network, by=staff, name="Service Un", organisation=world["service"],
        legal_type="ASSOCIATION", region="BRE", dues_category=DuesCategory.SMALL,
    )  # fmt: skip
    contact = network_actions.add_contact(
        member=member, by=staff, first_name="Annaïg", last_name="Le Floch",
        email="annaig@exemple.fr",
    )  # fmt: skip
    network_actions.record_year(member=member, by=staff, year=2026, category=DuesCategory.SMALL)
    network_actions.create_pole(network=network, by=staff, name="Pôle Ouest", regions=["BRE"])
    event = network_actions.create_event(
        network=network, by=staff, kind="REGIONAL_MEETING", title="Rencontre régionale",
        starts_on=TODAY + dt.timedelta(days=10), ends_on=TODAY + dt.timedelta(days=10),
        place="Rennes",
    )  # fmt: skip
    network_actions.register(event=event, by=staff, member=member, contact=contact)
    actions_certification.open_record(
        network=network, member=member, scheme="AFNOR_SOCIAL_MEDIATION", by=staff
    )
    key = PushKey.objects.create(
        network=network, member=member, key_id="obs-hostile", secret=OBSERVATORY_SECRET
    )
    funder = Partner.objects.create(
        organisation=network, name="Fondation Test", kind="FOUNDATION", is_funder=True
    )
    call = actions_funding.publish_call(
        network=network, by=staff, funder=funder, title="Appel à projets test",
        opens_on=TODAY - dt.timedelta(days=5), deadline=TODAY + dt.timedelta(days=20),
    )  # fmt: skip
    actions_funding.mark_interest(call=call, member=member, by=world["coordinator"])
    return {
        "network": network,
        "network_staff": staff,
        "member": member,
        "event": event,
        "push_key": key,
    }


def _training(world):
    staff = world["network_staff"]
    module = training.create_module(
        organiser=world["network"], by=staff, title="Communication non violente",
        objective="Désamorcer un conflit.", audience=["MEDIATORS"],
        duration_hours=Decimal("14"), price_member=Decimal("180"), price_other=Decimal("320"),
    )  # fmt: skip
    monday = TODAY + dt.timedelta(days=7 - TODAY.weekday())
    session = training.create_session(
        module=module, by=staff, starts_on=monday, ends_on=monday + dt.timedelta(days=1),
        place="Maison des associations, Rennes", trainer="Claire Formatrice", capacity=8,
    )  # fmt: skip
    training.enrol(session=session, person=world["mediator"], by=world["coordinator"])
    return {"training_session": session}


def _field(world):
    service, coordinator = world["service"], world["coordinator"]
    member = person(service, "mediator", "Karim", "Terrain")
    team = field.create_team(
        organisation=service, by=coordinator, name="Équipe de jour", members=[member]
    )
    safety_actions.set_team_safety(
        team=team, by=coordinator, check_in_minutes=60, on_call_name="Astreinte",
        on_call_email="astreinte@exemple.fr", on_call_phone="06 00 00 00 00",
    )  # fmt: skip
    shift = field.plan_shift(
        organisation=service, by=coordinator, team=team, starts_at=days_ago(0, hour=8),
        ends_at=days_ago(0, hour=18), quartiers=[world["maurepas"]],
        residences=[world["residence"]],
    )  # fmt: skip
    field.plan_shift(
        organisation=service, by=coordinator, team=team, starts_at=days_ago(-2, hour=8),
        ends_at=days_ago(-2, hour=18), quartiers=[world["maurepas"]],
    )  # fmt: skip
    place = Place(residence=world["residence"])
    intervention = field.record_intervention(
        shift=shift, by=member, happened_at=NOW - dt.timedelta(hours=1),
        type=InterventionType.NOISE_NIGHT, place_kind=PlaceKind.RESIDENCE, place=place,
    )  # fmt: skip
    signal = watch_actions.report_signal(
        organisation=service, by=member, category=SignalCategory.LIGHTING,
        place_kind=PlaceKind.RESIDENCE, place=place, shift=shift,
    )  # fmt: skip
    roadmap_requests_actions.ask_for_rounds(
        partner=world["landlord"], by=world["partner"], residence=world["residence"],
        text="Passages en soirée", first_day=TODAY, last_day=TODAY + dt.timedelta(days=14),
    )  # fmt: skip
    safety_actions.write_report(shift=shift, by=member, summary="Matinée calme")
    safety_actions.flag_serious_event(
        shift=shift, by=member, kind=SeriousEventKind.TEAM_THREATENED,
        occurred_at=NOW - dt.timedelta(minutes=30), intervention=intervention,
    )  # fmt: skip
    return {
        "field": member,
        "shift": shift,
        "intervention": intervention,
        "signal": signal,
        "signal_token": watch_actions._issue_link(signal),
    }


def _privacy(world):
    coordinator, case = world["coordinator"], world["cases"][S.QUALIFIED]
    rights_actions.receive_request(
        organisation=world["service"], by=coordinator, kind=RightsKind.ACCESS,
        parties=[case.requester()], received_on=TODAY - dt.timedelta(days=3),
        received_through=ReceivedThrough.LETTER,
    )  # fmt: skip
    safety_reports_actions.propose_safety_report(
        case=case, by=world["mediator"], reason=SafetyReason.CHILD_INTEREST,
        recipient=SafetyRecipient.CRIP, content="Enfant seul la nuit.",
        recipient_detail="CRIP d'Ille-et-Vilaine",
    )  # fmt: skip
    retention_actions.place_hold(
        case=world["cases"][S.CLOSED], by=coordinator, reason=HoldReason.DISPUTE
    )
    return {}
