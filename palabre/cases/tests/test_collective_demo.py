"""The demo's collective mediations (docs/adr/0035), built by ``seed_collective`` on a small
service: a stairwell in a landlord's residence, closed, and a square, follow-up due; both shown
to the coordination on their case page and in the dashboard's figures."""

import datetime as dt

import pytest
from django.urls import reverse

from palabre.cases import codes
from palabre.cases.demo_collective import seed_collective
from palabre.cases.models import Case
from palabre.cases.tests.collective_support import NOW, pin_clock
from palabre.cases.tests.factories import CommuneFactory
from palabre.partners.tests.factories import PartnerFactory, ResidenceFactory


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    pin_clock(monkeypatch)


@pytest.fixture
def seeded(service, coordinator, member):
    commune = CommuneFactory(organisation=service, name="Rennes")
    landlord = PartnerFactory(organisation=service, landlord=True, name="Archipel Habitat")
    ResidenceFactory(organisation=service, landlord=landlord, commune=commune, name="Les Lilas")
    member("mediator"), member("mediator")
    return seed_collective(service, coordinator=coordinator, today=NOW.date())


def test_the_demo_has_a_closed_and_an_open_collective_mediation(seeded, service):
    assert seeded == {"cases": 2, "groups": 4}
    cases = Case.objects.filter(organisation=service, collective__isnull=False)
    closed = cases.get(status=codes.Status.CLOSED)
    assert closed.closure_reason == codes.ClosureReason.AGREEMENT_FULL
    assert closed.residence.name == "Les Lilas" and closed.landlord == closed.residence.landlord
    assert closed.closed_on < NOW.date()
    square = cases.get(status=codes.Status.FOLLOW_UP_DUE)
    assert square.collective.dimension == codes.CollectiveDimension.PREVENTIVE
    assert square.follow_ups.get().due_on == NOW.date() + dt.timedelta(days=10)
    for case in cases:
        assert case.party_groups.count() == 2
        assert not case.parties.filter(group=None).exists()
        assert case.agreement.commitments.filter(group__isnull=False).count() == 2
        assert case.meetings.get().participants_count in (15, 20)


def test_the_coordination_sees_them_on_the_case_page_and_the_dashboard(
    seeded, service, coordinator, login
):
    client = login(coordinator)
    closed = Case.objects.get(organisation=service, status=codes.Status.CLOSED)
    text = client.get(reverse("cases:detail", args=[closed.pk])).content.decode()
    text = text.replace("&#x27;", "'")
    assert "Locataires de l'escalier B : 9" in text and "15 participants" in text
    assert "« Les locataires de l'escalier B rangent poussettes" in text
    response = client.get(reverse("reports:dashboard"), {"annee": "2026"})
    tables = {str(t.title): t for t in response.context["tables"]}
    rows = {row[0]: row[1] for row in tables["Médiation collective"].rows}
    assert rows["Médiations collectives traitées"] == 2
    assert rows["Groupes de parties des médiations traitées"] == 4
    assert rows["Participants aux rencontres collectives"] == 35
