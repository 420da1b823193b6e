"""The note of an intervention stays with the team and the coordination: a marker planted in one
appears on no page that a partner, a board member, the reception, a network's people, another
team or another service can reach by following links — nor in the Journal."""

import pytest
from django.urls import reverse

from palabre.cases.tests.factories import MembershipFactory, OrganisationFactory
from palabre.core.models import JournalEntry
from palabre.field import actions
from palabre.partners.models import Contact
from tests.test_confidentiality import crawl

MARKER = "MARQUEUR-NOTE-TERRAIN-9R4W"


@pytest.fixture
def noted(shift, record, service, coordinator, member, place):
    intervention = record(shift, note=f"Voisin agité au 3e {MARKER}")
    actions.add_roadmap_item(shift=shift, by=coordinator, text="Passer dans les halls")
    return intervention


def _person(who, service, other_service, member, place, coordinator):
    if who == "partner":
        agent = member("partner")
        landlord = place["glycines"].landlord
        Contact.objects.create(
            organisation=service, partner=landlord, first_name="A", last_name="B", membership=agent
        )
        return agent
    if who == "another team's mediator":
        other = member("mediator")
        actions.create_team(organisation=service, by=coordinator, name="Soir", members=[other])
        return other
    if who == "network":
        network = OrganisationFactory(slug="reseau-terrain", kind="NETWORK")
        service.networks.add(network)
        return MembershipFactory(organisation=network, role="network_staff")
    if who == "another service's coordinator":
        return member("coordinator", organisation=other_service)
    return member(who)


@pytest.mark.parametrize(
    "who",
    [
        "partner",
        "board",
        "reception",
        "network_staff",
        "network",
        "another team's mediator",
        "another service's coordinator",
    ],
)
def test_an_intervention_note_never_reaches_people_outside_the_team(
    who, noted, login, service, other_service, member, place, coordinator
):
    client = login(_person(who, service, other_service, member, place, coordinator))
    pages = list(crawl(client))
    assert pages and all(response.status_code in (200, 404) for _url, response in pages)
    for url, response in pages:
        assert MARKER not in response.content.decode(errors="ignore"), url
    shift = noted.shift
    for url in (
        reverse("field:shift", args=[shift.pk]),
        reverse("field:shift_entry", args=[shift.pk]),
        reverse("field:planning"),
        reverse("field:entry"),
    ):
        assert MARKER not in client.get(url).content.decode(errors="ignore"), url


def test_the_team_does_reach_the_note_by_following_links(noted, login, correspondents):
    pages = list(crawl(login(correspondents[1])))
    assert any(MARKER in response.content.decode(errors="ignore") for _u, response in pages)


def test_the_journal_carries_no_note_text(noted):
    entries = JournalEntry.objects.all()
    assert entries.filter(subject_id=noted.pk).exists()
    for entry in entries:
        assert MARKER not in entry.summary and MARKER not in str(entry.data)
