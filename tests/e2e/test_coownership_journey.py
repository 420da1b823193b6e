"""Co-ownership follow-up in Chromium, every page audited by axe-core (docs/adr/0038): a
coordinator starts following a building in difficulty with its syndic, notes the council's
chair, plans a council meeting from the building's page, notes a follow-up point and closes
the follow-up."""

from django.utils import timezone
from playwright.sync_api import expect

from palabre.cases.tests.factories import CommuneFactory, OrganisationFactory
from palabre.partners.tests.factories import PartnerFactory
from tests.e2e.test_case_journeys import person


def click(audited, role, name):
    with audited.page.expect_navigation():
        audited.page.get_by_role(role, name=name, exact=True).first.click()
    audited.audit()


def test_a_coordinator_follows_a_coownership_in_difficulty(audited, transactional_db):
    service = OrganisationFactory(name="Médiation Rennes Sud", slug="mediation-rennes-sud")
    coordinator = person(service, "coordinator", "Claire", "Dubois")
    CommuneFactory(organisation=service, name="Rennes")
    PartnerFactory(organisation=service, kind="SYNDIC", name="Cabinet Armor Syndic")
    today = timezone.localdate()
    page = audited.page
    audited.login(coordinator.user.email)

    click(audited, "link", "Aller-vers")
    click(audited, "link", "Copropriétés suivies")
    click(audited, "link", "Suivre une copropriété")
    page.locator("#id_name").fill("Copropriété Les Tilleuls")
    page.locator("#id_address").fill("8 rue des Tilleuls")
    page.locator("#id_commune").select_option(label="Rennes")
    page.locator("#id_lots").fill("84")
    page.locator("#id_syndic").select_option(label="Cabinet Armor Syndic")
    page.locator("#id_programme").select_option(
        label="Programme opérationnel de prévention (POPAC)"
    )
    page.get_by_label("Impayés de charges").check()
    click(audited, "button", "Enregistrer")
    expect(page.get_by_role("heading", level=1)).to_have_text("Copropriété Les Tilleuls")
    expect(page.locator("main")).to_contain_text("Cabinet Armor Syndic")

    click(audited, "link", "Ajouter un contact")
    page.locator("#id_name").fill("Hélène Quéré")
    page.locator("#id_role").select_option(label="Président·e du conseil syndical")
    page.locator("#id_phone").fill("02 99 00 10 01")
    click(audited, "button", "Ajouter")
    contacts = page.get_by_role("region", name="Contacts")
    expect(contacts).to_contain_text("Hélène Quéré")

    click(audited, "link", "Prévoir une action de prévention")
    expect(page.locator("#id_address")).to_have_value("8 rue des Tilleuls")
    page.locator("#id_kind").select_option(label="Réunion avec le conseil syndical")
    page.locator("#id_title").fill("Rencontre avec le conseil syndical")
    page.locator("#id_day").fill((today.replace(day=1)).isoformat())
    page.locator("#id_starts").fill("18:00")
    page.locator("#id_ends").fill("20:00")
    click(audited, "button", "Enregistrer")
    audited.goto("/aller-vers/coproprietes/")
    click(audited, "link", "Copropriété Les Tilleuls")
    actions = page.get_by_role("region", name="Actions de prévention")
    expect(actions).to_contain_text("Rencontre avec le conseil syndical")

    click(audited, "link", "Noter un point de suivi")
    page.get_by_label("Stable").check()
    click(audited, "button", "Enregistrer")
    expect(page.get_by_role("region", name="Points de suivi")).to_contain_text("Stable")

    click(audited, "link", "Clore le suivi")
    click(audited, "button", "Clore le suivi")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Suivi clos")
