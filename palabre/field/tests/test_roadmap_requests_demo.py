"""The demo night service's partners' requests and safety: the demo landlord has one request
waiting and one on the feuille de route of the coming shift; the team has an on-call contact, so
that the correspondent on tonight's shift finds the alarm, reached from quick entry."""

import datetime as dt

import pytest
from django.urls import reverse

from palabre.field.demo import DEMO_LANDLORD, SLUG, delete_field_demo, seed_field
from palabre.field.models import RoadmapRequest, Shift
from palabre.field.roadmap_requests import RequestStatus
from palabre.field.safety import OnCallContact
from palabre.field.tests.conftest import at

TODAY = dt.date(2027, 3, 31)  # a Wednesday


@pytest.fixture
def demo(db, clock):
    clock(at(TODAY, 23))  # tonight's shift is running
    return seed_field(today=TODAY, password="palabre-demo")


def _login(client, email):
    response = client.post(
        reverse("accounts:login"), {"username": email, "password": "palabre-demo"}
    )
    assert response.status_code == 302
    return client


def test_the_demo_landlord_has_a_request_waiting_and_one_accepted(demo):
    requests = RoadmapRequest.objects.filter(organisation__slug=SLUG).order_by("status")

    assert demo["roadmap_requests"] == 2
    assert [(r.partner.name, r.status) for r in requests] == [
        (DEMO_LANDLORD, RequestStatus.ACCEPTED),
        (DEMO_LANDLORD, RequestStatus.PENDING),
    ]
    accepted = requests.get(status=RequestStatus.ACCEPTED)
    [item] = accepted.items.select_related("shift")
    assert item.shift.date == TODAY and item.residence == accepted.residence


def test_the_demo_landlord_follows_its_requests_from_its_portal(demo, client):
    _login(client, "bailleur.nuit@demo.palabre.fr")

    content = client.get(reverse("field:portal_roadmap_requests")).content.decode()

    assert "En attente de réponse" in content and "Acceptée" in content
    navbar = content[content.index("<nav") : content.index("</nav>")]
    assert reverse("field:portal_roadmap_requests") in navbar


def test_the_demo_coordination_finds_the_waiting_request(demo, client):
    _login(client, "coordination.nuit@demo.palabre.fr")

    content = client.get(reverse("field:roadmap_requests")).content.decode()

    assert "1 demande attend une réponse." in content and "Résidence Le Gué" in content


def test_the_demo_correspondent_reaches_the_alarm_from_quick_entry(demo, client):
    tonight = Shift.objects.get(organisation__slug=SLUG, date=TODAY)
    assert OnCallContact.objects.filter(team=tonight.team).exists()
    _login(client, "correspondant@demo.palabre.fr")

    entry = client.get(reverse("field:entry")).content.decode()
    check_in_url = reverse("field:check_in", args=[tonight.pk])
    assert check_in_url in entry
    check_in = client.get(check_in_url).content.decode()
    assert "Alarme" in check_in and "Appeler l'astreinte" in check_in
    assert "Aucune astreinte n'est désignée" not in check_in


def test_the_demo_requests_go_with_the_demo(demo):
    delete_field_demo()

    assert not RoadmapRequest.objects.exists()
