"""The note of an intervention stays with the team and the coordination: a marker planted in one
appears on no page that a partner, a board member, the reception, a network's people, another
team or another service can reach by following links — nor in the Journal. So does the name of a
person met, recorded with their agreement: not even the partner the person was oriented to, nor
the figures, their downloads or an e-mail, carry it."""

import datetime as dt

import pytest
from django.urls import reverse

from palabre.cases.tests.factories import MembershipFactory, OrganisationFactory
from palabre.core.models import JournalEntry
from palabre.field import actions, followup_actions
from palabre.field.codes import OrientationReason
from palabre.partners.models import Contact
from palabre.reports import indicators, report
from palabre.reports.exports import to_csv, to_ods, to_xlsx
from palabre.reports.scope import Scope
from palabre.reports.tests.downloads import text_of
from tests.crawling import crawl

MARKER = "MARQUEUR-NOTE-TERRAIN-9R4W"
NAME_MARKER = "Marqueurnomterrain"


@pytest.fixture
def noted(shift, record, service, coordinator, member, place):
    intervention = record(shift, note=f"Voisin agité au 3e {MARKER}")
    actions.add_roadmap_item(shift=shift, by=coordinator, text="Passer dans les halls")
    # The person met agreed to everything; they are oriented to the landlord whose agent crawls.
    followup_actions.record_person(
        intervention=intervention, by=coordinator, first_name=NAME_MARKER,
        last_name=f"{NAME_MARKER}nom", usual_name=f"{NAME_MARKER}usage",
        phone="0611223344", email="marqueurnomterrain@example.org",
        agreed_to_be_named=True, agreed_to_be_contacted=True, agreed_to_be_oriented=True,
    )  # fmt: skip
    followup_actions.orient(
        intervention=intervention, by=coordinator, partner=place["glycines"].landlord,
        reason=OrientationReason.HOUSING,
    )  # fmt: skip
    return intervention


def _leaks(text) -> list[str]:
    return [marker for marker in (MARKER, NAME_MARKER, "0611223344") if marker in text]


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
        assert _leaks(response.content.decode(errors="ignore")) == [], url
    shift = noted.shift
    for url in (
        reverse("field:shift", args=[shift.pk]),
        reverse("field:shift_entry", args=[shift.pk]),
        reverse("field:planning"),
        reverse("field:entry"),
        reverse("field:intervention", args=[noted.pk]),
        reverse("field:intervention_person", args=[noted.pk]),
        reverse("field:intervention_case", args=[noted.pk]),
    ):
        assert _leaks(client.get(url).content.decode(errors="ignore")) == [], url


def test_the_team_does_reach_the_note_by_following_links(noted, login, correspondents):
    pages = list(crawl(login(correspondents[1])))
    assert any(MARKER in response.content.decode(errors="ignore") for _u, response in pages)
    assert any(NAME_MARKER in response.content.decode(errors="ignore") for _u, response in pages)


def test_the_figures_their_downloads_and_the_emails_carry_no_name(
    noted, login, coordinator, service, mailoutbox
):
    client = login(coordinator)
    content = client.get(reverse("reports:dashboard")).content.decode()
    assert "Orientations vers un partenaire (mises en relation)" in content
    assert _leaks(content) == []
    scope = Scope.of_service(service, dt.date(2026, 12, 1), dt.date(2026, 12, 31))
    tables = report.field_tables(indicators.compute(scope).fieldwork)
    for extension, write in (("csv", to_csv), ("ods", to_ods), ("xlsx", to_xlsx)):
        text = text_of(extension, write("Terrain", "", tables, service_name=service.name))
        assert "Logement, relation avec le bailleur" in text, extension  # the orientation
        assert _leaks(text) == [], extension
    case = followup_actions.open_case_from(intervention=noted, by=coordinator)
    for extension in ("csv", "ods", "xlsx"):
        response = client.get(reverse("reports:case_list_export", args=[extension]))
        text = text_of(extension, b"".join(response) if response.streaming else response.content)
        assert case.reference in text, extension
        assert _leaks(text) == [], extension
    for message in mailoutbox:
        assert _leaks(message.subject + message.body) == []


def test_the_journal_carries_no_note_text(noted):
    entries = JournalEntry.objects.all()
    assert entries.filter(subject_id=noted.pk).exists()
    for entry in entries:
        assert _leaks(entry.summary + str(entry.data)) == []
