"""The confidentiality membrane: what parties say never reaches people outside the case's team.

A marker is planted in private notes; every page reachable by following links from the home page
is crawled as reception, board, an unassigned mediator and another service's coordinator, and
the marker must appear nowhere.
"""

import datetime as dt

import pytest

from palabre.cases import actions, codes
from palabre.partners.models import Contact, Partner, PartnerKind
from palabre.partners.tests.factories import VenueFactory
from palabre.permanences import actions as permanence_actions
from palabre.permanences.models import BookingChannel
from palabre.referrals import actions as referral_actions
from palabre.referrals.models import Origin
from tests.crawling import crawl

MARKER = "MARQUEUR-CONFIDENTIEL-7Q2X"
OTHER_PARTY_MARKER = "Marqueurautrepartie"


@pytest.fixture
def landlord_agent(service, member):
    """A landlord agent (partner account) who referred the case's requester."""
    landlord = Partner.objects.create(
        organisation=service, kind=PartnerKind.SOCIAL_LANDLORD, name="Bailleur Test"
    )
    agent = member("partner")
    Contact.objects.create(
        organisation=service, partner=landlord, first_name="A", last_name="B", membership=agent
    )
    return agent


@pytest.fixture
def world(service, other_service, member, landlord_agent):
    coordinator = member("coordinator")
    first, second = member("mediator"), member("mediator")
    referral = referral_actions.submit_referral(
        organisation=service,
        origin=Origin.PARTNER_ACCOUNT,
        partner=landlord_agent.partner_contact.partner,
        sent_by=landlord_agent,
        requester_first_name="Éloïse",
        requester_last_name="Le Gallouédec",
        requester_phone="0600000000",
        conflict_category="NOISE",
        agreed_to_be_contacted=True,
        agreed_to_share_status=True,
    )
    case = referral_actions.accept_referral(referral=referral, by=coordinator)
    actions.add_party(
        case=case, by=coordinator, role=codes.PartyRole.OTHER_PARTY, last_name=OTHER_PARTY_MARKER
    )
    actions.assign_mediators(case=case, by=coordinator, mediators=[first, second])
    requester = case.requester()
    actions.add_private_note(
        case=case, by=first, text=f"Propos du demandeur {MARKER}", source_party=requester
    )
    actions.add_private_note(case=case, by=coordinator, text=f"Observation {MARKER}")
    actions.qualify(case=case, by=coordinator)
    # The requester has an appointment at a permanence, held by the case's pair.
    today = dt.date.today()
    permanence = permanence_actions.create_permanence(
        organisation=service,
        by=coordinator,
        venue=VenueFactory(organisation=service, name="Maison du Ronceray"),
        weekday=(today + dt.timedelta(days=2)).weekday(),
        starts_at=dt.time(14),
        ends_at=dt.time(17),
        valid_from=today,
    )
    session = permanence.occurrences.order_by("starts_at").first()
    for mediator in (first, second):
        permanence_actions.add_duty(occurrence=session, by=coordinator, mediator=mediator)
    appointment = permanence_actions.book(
        occurrence=session,
        starts_at=session.starts_at,
        channel=BookingChannel.STAFF,
        by=coordinator,
        case=case,
        first_name=requester.first_name,
        last_name=requester.last_name,
    )
    feeds = [
        permanence_actions.issue_feed(organisation=service, mediator=first),
        permanence_actions.issue_feed(organisation=service, venue=permanence.venue),
    ]
    return {
        "case": case,
        "coordinator": coordinator,
        "mediator": first,
        "appointment": appointment,
        "feeds": feeds,
    }


@pytest.mark.parametrize(
    "who",
    [
        "reception",
        "board",
        "unassigned_mediator",
        "partner",
        "landlord_agent",
        "network_staff",
        "foreign",
    ],
)
def test_a_private_note_never_reaches_people_outside_the_case_team(
    who, world, member, other_service, login, landlord_agent
):
    if who == "landlord_agent":
        membership = landlord_agent
    elif who == "unassigned_mediator":
        membership = member("mediator")
    elif who == "foreign":
        membership = member("coordinator", organisation=other_service)
    else:
        membership = member(who)
    client = login(membership)
    pages = list(crawl(client))
    assert pages and all(response.status_code in (200, 404) for _url, response in pages)
    for url, response in pages:
        assert MARKER not in response.content.decode(errors="ignore"), url
    if who in ("partner", "landlord_agent", "board", "network_staff", "foreign"):
        for url, response in pages:
            assert OTHER_PARTY_MARKER not in response.content.decode(errors="ignore"), url
    if who == "landlord_agent":  # the crawl did reach the portal and its referral
        assert any("Le Gallouédec" in r.content.decode() for _u, r in pages)
    # Direct hits on the case page and its note form do not leak either.
    case = world["case"]
    for url in (f"/dossiers/{case.pk}/", f"/dossiers/{case.pk}/action/note/"):
        assert MARKER not in client.get(url).content.decode(errors="ignore")


def test_the_case_team_does_see_its_own_notes(world, login):
    client = login(world["mediator"])
    response = client.get(f"/dossiers/{world['case'].pk}/")
    assert MARKER in response.content.decode()


def test_the_journal_of_a_case_carries_no_note_text(world):
    from palabre.core.journal import entries_for

    assert all(MARKER not in entry.summary for entry in entries_for(world["case"]))
    assert world["case"].__class__.objects.get(pk=world["case"].pk).status == codes.Status.QUALIFIED


def test_public_booking_pages_and_calendar_feeds_carry_nothing_of_the_case(world, client, service):
    appointment = world["appointment"]
    pages = list(crawl(client, start=f"/rendez-vous/{service.slug}/"))
    pages.append(("manage", client.get(f"/rendez-vous/mon-rendez-vous/{appointment.secret}/")))
    pages += [(f.token, client.get(f"/agenda/{f.token}.ics")) for f in world["feeds"]]
    assert all(response.status_code == 200 for _url, response in pages)
    assert any("Maison du Ronceray" in r.content.decode() for _u, r in pages)
    for url, response in pages:
        content = response.content.decode(errors="ignore")
        assert MARKER not in content, url
        assert OTHER_PARTY_MARKER not in content, url
        assert world["case"].reference not in content, url
    for _token, response in pages[-2:]:
        assert "Le Gallouédec" not in response.content.decode()
