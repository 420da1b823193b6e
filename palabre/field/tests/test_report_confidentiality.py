"""The free text of a shift report and the description of a serious event are for the
coordination: a marker planted in each appears on no page that a partner, a board member, the
reception, a network's people, another team or another service can reach by following links —
nor in any e-mail, SMS or Journal entry, the alerts to the on-call contact included."""

import json

import pytest
from django.core import mail
from django.urls import reverse

from palabre.cases.tests.factories import MembershipFactory, OrganisationFactory
from palabre.core.models import JournalEntry
from palabre.field import actions, safety_actions, safety_delivery
from palabre.field.territory import Place
from palabre.field.tests.conftest import EVENING, NEXT_MORNING, at
from palabre.partners.models import Contact
from tests.crawling import crawl

REPORT_MARKER = "MARQUEUR-COMPTE-RENDU-5T8K"
EVENT_MARKER = "MARQUEUR-EVENEMENT-GRAVE-3H6P"
MARKERS = (REPORT_MARKER, EVENT_MARKER)


@pytest.fixture
def written(
    shift, record, coordinator, correspondents, place, clock, settings, tmp_path,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    """Tonight's shift, watched; an intervention flagged as a serious event, a signed report,
    an alarm and a missed check-in sent to the on-call contact."""
    settings.PALABRE_SMS_BACKEND = "palabre.core.sms.FileSender"
    settings.PALABRE_SMS_FILE = tmp_path / "sms.jsonl"
    safety_actions.set_team_safety(
        team=shift.team, by=coordinator, check_in_minutes=60,
        on_call_email="astreinte@example.org", on_call_phone="0611223344",
    )  # fmt: skip
    shift.refresh_from_db()
    awa, bruno = correspondents
    with django_capture_on_commit_callbacks(execute=True):
        intervention = record(shift, by=awa)
        actions.add_roadmap_item(shift=shift, by=coordinator, text="Passer dans les halls")
        event = safety_actions.flag_serious_event(
            shift=shift, by=awa, kind="TEAM_ASSAULTED", occurred_at=at(EVENING, 23, 5),
            description=f"Coup porté à Bruno {EVENT_MARKER}", intervention=intervention,
        )  # fmt: skip
        safety_actions.write_report(
            shift=shift, by=bruno, summary=f"Nuit difficile {REPORT_MARKER}", sign=True
        )
        safety_actions.raise_alarm(shift=shift, by=bruno, place=Place(residence=place["glycines"]))
        safety_actions.check_in(shift=shift, by=awa)
    safety_delivery.sweep()  # the alarm, and Bruno's missed check-in of 23:00
    clock(at(NEXT_MORNING, 0, 40))
    safety_delivery.sweep()  # Bruno's of 00:00, Awa's of 00:30
    return {"shift": shift, "event": event, "sms": settings.PALABRE_SMS_FILE}


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


def _pages_of(written):
    shift, event = written["shift"], written["event"]
    return [
        reverse("field:shift_report", args=[shift.pk]),
        reverse("field:shift", args=[shift.pk]),
        reverse("field:shift_safety", args=[shift.pk]),
        reverse("field:serious_event", args=[event.pk]),
        reverse("field:safety_overview"),
        reverse("field:check_in", args=[shift.pk]),
    ]


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
def test_a_report_or_an_event_never_reaches_people_outside_the_shift_and_the_coordination(
    who, written, login, service, other_service, member, place, coordinator
):
    client = login(_person(who, service, other_service, member, place, coordinator))
    pages = list(crawl(client))
    assert pages and all(response.status_code in (200, 404) for _url, response in pages)
    for url, response in [*pages, *((url, client.get(url)) for url in _pages_of(written))]:
        content = response.content.decode(errors="ignore")
        for marker in MARKERS:
            assert marker not in content, url


def test_the_coordination_and_the_shifts_team_do_reach_them(
    written, login, coordinator, correspondents
):
    seen = "".join(
        response.content.decode(errors="ignore") for _url, response in crawl(login(coordinator))
    )
    assert REPORT_MARKER in seen and EVENT_MARKER in seen
    report_page = login(correspondents[1]).get(_pages_of(written)[0]).content.decode()
    assert REPORT_MARKER in report_page
    # The description is read by the coordination and its author, not by the rest of the team.
    assert EVENT_MARKER not in report_page
    assert EVENT_MARKER in login(correspondents[0]).get(_pages_of(written)[0]).content.decode()


def test_no_message_and_no_journal_entry_carries_them(written):
    subjects = {message.subject for message in mail.outbox}
    assert "Événement grave signalé : Agression physique de l'équipe" in subjects
    assert any(subject.startswith("ALARME : ") for subject in subjects)
    assert any(subject.startswith("Pointage manqué : ") for subject in subjects)
    # The coordinator; the on-call contact: the alarm, Bruno at 23:00 and 00:00, Awa at 00:30.
    assert len(mail.outbox) == 5
    for message in mail.outbox:
        text = message.subject + message.body + str(message.extra_headers)
        for marker in MARKERS:
            assert marker not in text
    lines = written["sms"].read_text(encoding="utf-8").splitlines()
    assert len(lines) == 4
    for line in lines:
        assert not any(marker in json.loads(line)["text"] for marker in MARKERS)
    entries = list(JournalEntry.objects.all())
    assert any(entry.verb == "serious_event_flagged" for entry in entries)
    for entry in entries:
        for marker in MARKERS:
            assert marker not in entry.summary and marker not in str(entry.data)
