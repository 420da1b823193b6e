"""What a landlord sees of the shift that carried its request: that it was taken in hand, on which
evening — never the team, the hours, the interventions and their notes, the shift report, the
coordination's other priorities, nor another partner's request. Markers planted in each are
looked for on every page the landlord's account reaches by following links."""

import pytest
from django.urls import reverse

from palabre.field import actions, safety_actions
from palabre.field import roadmap_requests_actions as requests
from palabre.field.tests import watch_world
from palabre.field.tests.conftest import EVENING, NEXT_MORNING, at
from palabre.field.tests.test_roadmap_requests import WEEK
from tests.crawling import crawl

NOTE = "MARQUEUR-NOTE-INTERVENTION-7Q2W"
REPORT = "MARQUEUR-COMPTE-RENDU-4R9X"
PRIORITY = "MARQUEUR-PRIORITE-INTERNE-8D1C"
OTHER_REQUEST = "MARQUEUR-DEMANDE-NEOTOA-2K5V"
MARKERS = (NOTE, REPORT, PRIORITY, OTHER_REQUEST)


@pytest.fixture
def carried(service, place, coordinator, member, shift, record, correspondents, clock):
    """Archipel's request and Néotoa's, both on tonight's shift with a priority of the
    coordination; an intervention with a note, the team's report; then the morning after."""
    landlords = watch_world.landlords(service, place, coordinator)
    agent = watch_world.partner_account(member, landlords["archipel"])
    neotoa_agent = watch_world.partner_account(member, landlords["neotoa"])
    shift.members.add(*correspondents)
    for member, name in zip(correspondents, ("Veilleurnuitun", "Veilleurnuitdeux"), strict=True):
        member.user.last_name = name  # names no generated agent can share
        member.user.save(update_fields=["last_name"])
    asked = requests.ask_for_rounds(
        partner=landlords["archipel"],
        by=agent,
        residence=place["glycines"],
        text="Regroupements dans les halls en soirée",
        **WEEK,
    )
    theirs = requests.ask_for_rounds(
        partner=landlords["neotoa"],
        by=neotoa_agent,
        residence=landlords["lilas"],
        text=f"Porte du local vélos {OTHER_REQUEST}",
        **WEEK,
    )
    for request in (asked, theirs):
        requests.accept_request(roadmap_request=request, shift=shift, by=coordinator)
    actions.add_roadmap_item(shift=shift, by=coordinator, text=f"Halls du Gué {PRIORITY}")
    record(shift, by=correspondents[0], note=f"Jeunes dans le hall B {NOTE}")
    clock(at(NEXT_MORNING, 7))
    safety_actions.write_report(shift=shift, by=correspondents[1], summary=f"Calme {REPORT}")
    return {"agent": agent, "asked": asked, "shift": shift, "team": correspondents}


def test_the_landlord_sees_its_request_taken_in_hand_and_nothing_of_the_shift(carried, login):
    client = login(carried["agent"])
    start = reverse("field:portal_roadmap_requests")
    pages = list(crawl(client, start=start))
    detail = reverse("field:portal_roadmap_request", args=[carried["asked"].pk])

    assert detail in [url for url, _response in pages]
    seen = ""
    for url, response in pages:
        assert response.status_code in (200, 404), url
        seen += response.content.decode(errors="ignore")
    assert "Prise en compte le 11/12/2026" in seen
    for marker in MARKERS:
        assert marker not in seen, marker
    for member in carried["team"]:
        assert member.user.last_name not in seen
    assert carried["shift"].team.name not in seen
    for forbidden in ("22 h", "Tournée du", reverse("field:shift", args=[carried["shift"].pk])):
        assert forbidden not in seen, forbidden


def test_the_coordination_and_the_team_do_see_them(carried, login, coordinator):
    team_page = login(carried["team"][0]).get(reverse("field:shift", args=[carried["shift"].pk]))
    content = team_page.content.decode()

    assert NOTE in content and PRIORITY in content and OTHER_REQUEST in content
    asked = login(coordinator).get(reverse("field:roadmap_request", args=[carried["asked"].pk]))
    assert "Tournée du vendredi 11 décembre 2026" in asked.content.decode()
    assert EVENING.strftime("%d/%m/%Y") in asked.content.decode()
