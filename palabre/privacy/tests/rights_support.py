"""What the rights tests share: a clock at Monday 16 March 2026, 10:00 in Rennes, and a service
where one person, Éloïse Le Gall, is the requester of a case (referred by a landlord, with a
neighbour and a flatmate, notes planted) and the other party of a second case (typed without
accents, another phone format), while another service holds a namesake.

Markers are planted where nothing of them may reach her copy: the other people's names and
contacts, the text of every note, what the neighbour said."""

import datetime as dt
import zoneinfo

import pytest
from django.utils import timezone

from palabre.cases import actions, codes
from palabre.cases.tests.factories import CaseFactory, CommuneFactory, MembershipFactory
from palabre.partners.tests.factories import PartnerFactory, VenueFactory
from palabre.permanences import actions as permanence_actions
from palabre.permanences.models import BookingChannel
from palabre.referrals import actions as referral_actions
from palabre.referrals.models import Origin

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
TODAY = dt.date(2026, 3, 16)

NEIGHBOUR = "Vasseurmarqueur"
NEIGHBOUR_PHONE = "07 99 88 77 66"
FLATMATE = "Colocatairemarqueur"
OTHER_REQUESTER = "Demandeurmarqueur"
STRANGER = "Inconnuemarqueur"
OWN_NOTE = "NOTEPROPRE-4Q7"
NEIGHBOUR_SAID = "PROPOS-VOISIN-9Z2"
TEAM_NOTE = "OBSERVATION-EQUIPE-3K8"
MARKERS = [NEIGHBOUR, NEIGHBOUR_PHONE, FLATMATE, OTHER_REQUESTER, STRANGER, OWN_NOTE]
MARKERS += [NEIGHBOUR_SAID, TEAM_NOTE, "gaspard@exemple.fr", "Carte Orange"]


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=PARIS)


@pytest.fixture
def clock(monkeypatch):
    """``clock(moment)`` sets ``timezone.now()``; starts on 16 March 2026 at 10:00."""
    state = {"now": at(TODAY, 10)}
    monkeypatch.setattr(timezone, "now", lambda: state["now"])

    def set_to(moment):
        state["now"] = moment

    return set_to


def _first_case(service, coordinator, rennes):
    landlord = PartnerFactory(organisation=service, landlord=True, name="Archipel Habitat")
    referral = referral_actions.submit_referral(
        organisation=service,
        origin=Origin.PARTNER_ACCOUNT,
        partner=landlord,
        referrer_name="Carte Orange",
        requester_first_name="Éloïse",
        requester_last_name="Le Gall",
        requester_phone="06 12 34 56 78",
        requester_email="eloise.legall@exemple.fr",
        requester_address="3 allée des Lilas",
        commune=rennes,
        conflict_category=codes.ConflictCategory.NOISE,
        availability="en semaine après 18 h",
        agreed_to_be_contacted=True,
        agreed_to_share_status=True,
        notify=False,
        received_at=at(dt.date(2026, 1, 2), 9),
    )
    case = referral_actions.accept_referral(
        referral=referral, by=coordinator, opened_on=dt.date(2026, 1, 5)
    )
    requester = case.requester()
    neighbour = actions.add_party(
        case=case,
        by=coordinator,
        role=codes.PartyRole.OTHER_PARTY,
        first_name="Gaspard",
        last_name=NEIGHBOUR,
        phone=NEIGHBOUR_PHONE,
        email="gaspard@exemple.fr",
        address="5 allée des Lilas",
    )
    actions.add_party(
        case=case,
        by=coordinator,
        role=codes.PartyRole.OTHER_PARTICIPANT,
        last_name=FLATMATE,
        household=requester.household,
    )
    actions.qualify(case=case, by=coordinator)
    interview = actions.schedule_interview(
        case=case,
        by=coordinator,
        party=requester,
        scheduled_at=at(dt.date(2026, 1, 12), 14),
        channel=codes.InterviewChannel.IN_PERSON_PERMANENCE,
        place="Maison du Ronceray",
    )
    actions.record_interview(interview=interview, by=coordinator, held=True, duration_minutes=45)
    actions.record_consent(
        case=case,
        by=coordinator,
        party=requester,
        kind=codes.ConsentKind.CONTACT_OTHER_PARTY,
        given_on=dt.date(2026, 1, 12),
        method=codes.ConsentMethod.IN_PERSON,
    )
    actions.start_contacting_other_party(case=case, by=coordinator)
    actions.record_contact_attempt(
        case=case,
        by=coordinator,
        party=neighbour,
        channel=codes.ContactAttemptChannel.LETTER,
        attempted_on=dt.date(2026, 1, 20),
        result=codes.ContactAttemptResult.SENT,
    )
    actions.add_private_note(
        case=case, by=coordinator, text=f"Elle dit {OWN_NOTE}", source_party=requester
    )
    actions.add_private_note(
        case=case, by=coordinator, text=f"Le voisin dit {NEIGHBOUR_SAID}", source_party=neighbour
    )
    actions.add_private_note(case=case, by=coordinator, text=f"Observation {TEAM_NOTE}")
    return case


def _second_case(service, coordinator, rennes):
    """Éloïse is the other party here, typed « Eloise LE GALL », her phone without spaces."""
    case = CaseFactory(
        organisation=service,
        by=coordinator,
        opened_on=dt.date(2026, 2, 3),
        commune=rennes,
        requester_last_name=OTHER_REQUESTER,
        requester_first_name="Bertrand",
        other_party_last_name="",
    )
    actions.add_party(
        case=case,
        by=coordinator,
        role=codes.PartyRole.OTHER_PARTY,
        first_name="Eloise",
        last_name="LE GALL",
        phone="0612345678",
    )
    return case


def _bookings(service, coordinator, case, requester):
    """Her appointment for the first case, one she booked with her e-mail and no case, and a
    stranger's."""
    permanence = permanence_actions.create_permanence(
        organisation=service,
        by=coordinator,
        venue=VenueFactory(organisation=service, name="Maison du Ronceray"),
        weekday=(TODAY + dt.timedelta(days=2)).weekday(),
        starts_at=dt.time(14),
        ends_at=dt.time(17),
        slot_minutes=30,
        valid_from=TODAY,
    )
    session = permanence.occurrences.order_by("starts_at").first()
    slots = [session.starts_at + dt.timedelta(minutes=30 * n) for n in range(3)]
    book = {"occurrence": session, "channel": BookingChannel.STAFF, "by": coordinator}
    permanence_actions.book(
        starts_at=slots[0], case=case, first_name="Éloïse", last_name="Le Gall", **book
    )
    permanence_actions.book(
        starts_at=slots[1], first_name="E.", email="Eloise.LeGall@exemple.fr", **book
    )
    permanence_actions.book(
        starts_at=slots[2], last_name=STRANGER, email="inconnue@exemple.fr", **book
    )


def build_world(service, other_service, coordinator):
    rennes = CommuneFactory(organisation=service, name="Rennes")
    first = _first_case(service, coordinator, rennes)
    second = _second_case(service, coordinator, rennes)
    _bookings(service, coordinator, first, first.requester())
    foreign = CaseFactory(
        organisation=other_service,
        by=MembershipFactory(organisation=other_service),
        opened_on=dt.date(2026, 1, 7),
        requester_last_name="Le Gall",
        requester_first_name="Éloïse",
    )
    return {
        "first": first,
        "second": second,
        "foreign": foreign,
        "eloise": [first.requester(), second.other_parties()[0]],
        "neighbour": first.other_parties()[0],
        "rennes": rennes,
    }


@pytest.fixture
def world(service, other_service, coordinator, clock):
    return build_world(service, other_service, coordinator)
