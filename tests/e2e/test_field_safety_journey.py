"""Lone-worker safety on a phone (360×740): a night correspondent opens « Pointage de sécurité »
from the menu, says where they are and checks in with the big button, then raises the alarm; the
alert waits for the server's sweep with the place chosen. Every page visited is audited."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from palabre.cases.tests.factories import (
    CommuneFactory,
    MembershipFactory,
    OrganisationFactory,
    QuartierFactory,
    UserFactory,
)
from palabre.field import actions, safety_actions
from palabre.field.safety import AlertKind, CheckIn, SafetyAlert
from palabre.partners.tests.factories import PartnerFactory, ResidenceFactory
from tests.e2e.conftest import Audited

PHONE = {"width": 360, "height": 740}


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(locale="fr-FR", viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(15000)
    yield Audited(page, live_server.url)
    context.close()


def the_watched_night():
    service = OrganisationFactory(name="Correspondants de nuit", slug="correspondants-de-nuit")
    rennes = CommuneFactory(organisation=service, name="Rennes")
    maurepas = QuartierFactory(commune=rennes, name="Maurepas - Bellangerais")
    landlord = PartnerFactory(organisation=service, landlord=True, name="Archipel Habitat")
    ResidenceFactory(landlord=landlord, name="Les Glycines", quartier=maurepas, commune=rennes)
    coordinator = MembershipFactory(organisation=service, role="coordinator")
    correspondent = MembershipFactory(
        user=UserFactory(first_name="Yanis", last_name="Le Du"),
        organisation=service,
        role="mediator",
    )
    team = actions.create_team(
        organisation=service, by=coordinator, name="Équipe de nuit", members=[correspondent]
    )
    safety_actions.set_team_safety(
        team=team,
        by=coordinator,
        check_in_minutes=60,
        on_call_name="Astreinte de nuit",
        on_call_email="astreinte@example.org",
        on_call_phone="0611223344",
    )
    now = timezone.now().replace(second=0, microsecond=0)
    actions.plan_shift(
        organisation=service,
        by=coordinator,
        team=team,
        starts_at=now - dt.timedelta(minutes=20),
        ends_at=now + dt.timedelta(hours=6),
        quartiers=[maurepas],
    )
    return correspondent


def test_a_correspondent_checks_in_and_raises_the_alarm_on_a_phone(phone, transactional_db):
    correspondent = the_watched_night()

    phone.login(correspondent.user.email)
    page = phone.page
    page.get_by_role("button", name="Ouvrir le menu").click()
    page.get_by_role("button", name="Terrain").click()
    with page.expect_navigation():
        page.get_by_role("link", name="Pointage de sécurité").click()
    phone.audit()
    expect(page.get_by_role("heading", level=1)).to_have_text("Pointage de sécurité")

    page.get_by_role("combobox", name="Où êtes-vous ? (facultatif)").select_option(
        label="Les Glycines (Maurepas - Bellangerais)"
    )
    check_in = page.get_by_role("button", name="Je pointe : tout va bien")
    box = check_in.bounding_box()
    assert box["width"] > 300 and box["height"] >= 64  # a thumb in a glove finds it
    with page.expect_navigation():
        check_in.click()
    phone.audit()
    expect(page.get_by_role("status").first).to_contain_text("Pointage enregistré à")
    expect(page.get_by_text("Prochain pointage avant", exact=False)).to_be_visible()

    with page.expect_navigation():
        page.get_by_role("button", name="Alarme", exact=False).click()
    phone.audit()
    expect(page.get_by_text("Alarme envoyée à l'astreinte", exact=False)).to_be_visible()

    assert CheckIn.objects.get().residence.name == "Les Glycines"
    alarm = SafetyAlert.objects.get(kind=AlertKind.ALARM)
    assert alarm.residence.name == "Les Glycines"
