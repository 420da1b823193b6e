"""Training journey: the network's staff schedules a session, a member service's coordinator
enrols two mediators on it, the staff takes the attendance and prints the attendance sheet.
Every page visited is audited by axe-core."""

import subprocess
from decimal import Decimal

from django.utils import timezone
from playwright.sync_api import expect

from palabre.cases.tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from palabre.training import actions


def person(organisation, role, first_name, last_name):
    return MembershipFactory(
        user=UserFactory(first_name=first_name, last_name=last_name),
        organisation=organisation,
        role=role,
    )


def click(audited, role, name, exact=True):
    with audited.page.expect_navigation():
        audited.page.get_by_role(role, name=name, exact=exact).first.click()
    audited.audit()


def log_out(audited):
    audited.page.locator("#nav-principale .dropdown-toggle").last.click()
    with audited.page.expect_navigation():
        audited.page.get_by_role("button", name="Se déconnecter").click()


def test_staff_schedule_a_session_a_member_enrols_two_mediators_and_the_sheet_is_printed(
    audited, transactional_db
):
    network = OrganisationFactory(name="Réseau des villes", slug="reseau-villes", kind="NETWORK")
    service = OrganisationFactory(name="Médiation Rennes", slug="mediation-rennes")
    service.networks.add(network)
    staff = person(network, "network_staff", "Nadia", "Réseau")
    coordinator = person(service, "coordinator", "Maëlle", "Rouxel")
    person(service, "mediator", "Awa", "Diallo")
    person(service, "mediator", "Bruno", "Le Goff")
    actions.create_module(
        organiser=network,
        by=staff,
        title="Conduire une rencontre de médiation",
        audience=["MEDIATORS"],
        duration_hours=Decimal("7"),
    )
    today = timezone.localdate()
    page = audited.page

    # The network's staff schedules today's session.
    audited.login(staff.user.email)
    audited.follow_menu("Réseau", "Formations")
    click(audited, "link", "Conduire une rencontre de médiation")
    click(audited, "link", "Programmer une session")
    page.locator("#id_starts_on").fill(today.isoformat())
    page.locator("#id_ends_on").fill(today.isoformat())
    page.get_by_label("Lieu", exact=True).fill("Maison des associations, Rennes")
    page.get_by_label("Formateur ou formatrice").fill("Claire Le Bihan")
    page.get_by_label("Places").fill("10")
    click(audited, "button", "Programmer la session")
    expect(page.get_by_role("status").first).to_contain_text("La session est programmée")
    log_out(audited)

    # The member service's coordinator enrols two mediators.
    audited.login(coordinator.user.email)
    audited.follow_menu("Réseau", "Formations")
    expect(page.get_by_role("table", name="Sessions ouvertes par vos réseaux")).to_contain_text(
        "Conduire une rencontre de médiation"
    )
    click(audited, "link", today.strftime("%d/%m/%Y"))
    for name in ("Awa Diallo (Médiateur·rice)", "Bruno Le Goff (Médiateur·rice)"):
        click(audited, "link", "Inscrire")
        page.get_by_label("Personne à inscrire").select_option(label=name)
        click(audited, "button", "Inscrire")
    enrolled = page.get_by_role("region", name="Vos inscrits")
    expect(enrolled).to_contain_text("Awa Diallo")
    expect(enrolled).to_contain_text("Bruno Le Goff")
    session_url = page.url
    log_out(audited)

    # The staff takes the morning's attendance and prints the sheet.
    audited.login(staff.user.email)
    audited.goto(session_url.removeprefix(audited.base_url))
    click(audited, "link", "Saisir les présences du", exact=False)
    page.get_by_label("Awa Diallo", exact=False).check()
    page.get_by_label("Bruno Le Goff", exact=False).check()
    click(audited, "button", "Enregistrer les présences")
    expect(page.get_by_role("status").first).to_contain_text("2 présent·es sur 2")
    expect(page.get_by_role("table", name="Présences par demi-journée")).to_contain_text(
        "présent·e"
    )

    sheet = page.get_by_role("link", name="Feuille d'émargement (PDF)")
    response = page.request.get(audited.base_url + sheet.get_attribute("href"))
    assert response.headers["content-type"] == "application/pdf"
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"],
        input=response.body(),
        capture_output=True,
        check=True,
    ).stdout.decode()
    for expected in ("Feuille d'émargement", "DIALLO", "LE GOFF", "Claire Le Bihan"):
        assert expected in text
