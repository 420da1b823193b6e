"""Field journey on a phone (360×740): a night correspondent logs in, opens quick entry from the
menu, records two interventions — the common case in two taps, then one with people counted and
another place — and finds them listed under the form. Every page visited is audited."""

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
from palabre.field import actions
from palabre.field.codes import InterventionType
from palabre.field.models import Intervention
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


def click(audited, role, name, exact=True):
    with audited.page.expect_navigation():
        audited.page.get_by_role(role, name=name, exact=exact).first.click()
    audited.audit()


# Waits (3 s at most) for the running transitions to end, and for those that replace an
# interrupted one; animations that never end (a spinner) are not waited for.
SETTLE = """async () => {
  const deadline = Date.now() + 3000;
  while (Date.now() < deadline) {
    const running = document.getAnimations().filter(
      (a) => a.playState === "running" && a.effect.getComputedTiming().iterations !== Infinity
    );
    if (!running.length) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}"""


def settled(audited):
    """The page stays after an entry: let the buttons' colour transitions end before axe
    measures their contrast."""
    audited.page.evaluate(SETTLE)
    audited.audit()


def save(audited, said):
    """With JavaScript the entry goes through the phone's outbox: no new page, the outbox says
    what became of it (docs/adr/0012)."""
    audited.page.get_by_role("button", name="Enregistrer l'intervention").click()
    expect(audited.page.locator("[data-outbox-message]")).to_contain_text(said)
    expect(audited.page.locator("[data-outbox-waiting]")).to_have_text(
        "0 saisie en attente d'envoi"
    )
    settled(audited)


def the_night_service():
    """A night service, a team of one correspondent, and a shift running now through
    Maurepas, where Archipel Habitat has the residence Les Glycines."""
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
    now = timezone.now().replace(second=0, microsecond=0)
    actions.plan_shift(
        organisation=service,
        by=coordinator,
        team=team,
        starts_at=now - dt.timedelta(hours=2),
        ends_at=now + dt.timedelta(hours=4),
        quartiers=[maurepas],
    )
    return correspondent


def test_a_correspondent_records_two_interventions_on_a_phone(phone, transactional_db):
    correspondent = the_night_service()

    phone.login(correspondent.user.email)
    page = phone.page
    page.get_by_role("button", name="Ouvrir le menu").click()
    page.get_by_role("button", name="Terrain").click()
    click(phone, "link", "Saisie rapide")
    expect(page.get_by_role("heading", level=1)).to_have_text("Saisie rapide")
    expect(page.get_by_text("Équipe de nuit", exact=False).first).to_be_visible()

    # The common case: the type, then save.
    page.get_by_text("Bruit nocturne", exact=True).click()
    save(phone, "Intervention enregistrée : Bruit nocturne")
    expect(page.get_by_role("status").first).to_contain_text("Intervention enregistrée : Bruit")
    expect(page.get_by_role("heading", name="1 intervention sur la tournée")).to_be_visible()

    # A group in the public space of the quartier: two men counted with the + button.
    page.get_by_text("Occupation des parties communes", exact=True).click()
    where = page.get_by_role("combobox", name="Lieu", exact=True)
    where.select_option(label="Maurepas - Bellangerais")
    plus = page.get_by_role("button", name="Une personne de plus : Hommes", exact=True)
    plus.click()
    plus.click()
    expect(page.get_by_role("spinbutton", name="Hommes", exact=True)).to_have_value("2")
    save(phone, "Intervention enregistrée : Occupation des parties communes")
    expect(page.get_by_role("heading", name="2 interventions sur la tournée")).to_be_visible()
    listed = page.get_by_role("region", name="2 interventions sur la tournée")
    expect(listed).to_contain_text("Bruit nocturne")
    expect(listed).to_contain_text("Espace public — Maurepas - Bellangerais · 2 personnes")

    recorded = Intervention.objects.order_by("happened_at", "created_at")
    assert [i.type for i in recorded] == [
        InterventionType.NOISE_NIGHT,
        InterventionType.COMMON_AREA_OCCUPATION,
    ]
    assert recorded[0].residence.name == "Les Glycines"
    assert (recorded[1].men, recorded[1].quartier.name) == (2, "Maurepas - Bellangerais")
    assert all(i.recorded_by == correspondent for i in recorded)
