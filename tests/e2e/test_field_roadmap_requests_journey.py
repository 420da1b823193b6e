"""A landlord asks the night teams to pass through one of its residences; the coordination puts
the request on the feuille de route of a coming shift; the team finds it on the shift; the
landlord sees that it was accepted, nothing of the shift. Every page visited is audited."""

import datetime as dt

from django.utils import timezone
from playwright.sync_api import expect

from palabre.cases.tests.factories import (
    CommuneFactory,
    MembershipFactory,
    OrganisationFactory,
    QuartierFactory,
    UserFactory,
)
from palabre.field import actions, nights
from palabre.field.models import RoadmapItem
from palabre.partners.models import Contact
from palabre.partners.tests.factories import PartnerFactory, ResidenceFactory


def person(organisation, role, first_name, last_name):
    return MembershipFactory(
        user=UserFactory(first_name=first_name, last_name=last_name),
        organisation=organisation,
        role=role,
    )


def click(audited, role, name):
    with audited.page.expect_navigation():
        audited.page.get_by_role(role, name=name, exact=True).first.click()
    audited.audit()


def the_night_service():
    """Tomorrow evening's shift goes through Maurepas, where Archipel Habitat has Les Glycines;
    a landlord agent at Archipel."""
    service = OrganisationFactory(name="Correspondants de nuit", slug="correspondants-de-nuit")
    rennes = CommuneFactory(organisation=service, name="Rennes")
    maurepas = QuartierFactory(commune=rennes, name="Maurepas - Bellangerais")
    landlord = PartnerFactory(organisation=service, landlord=True, name="Archipel Habitat")
    ResidenceFactory(landlord=landlord, name="Les Glycines", quartier=maurepas, commune=rennes)
    coordinator = person(service, "coordinator", "Hélène", "Quéré")
    correspondent = person(service, "mediator", "Yanis", "Le Du")
    team = actions.create_team(
        organisation=service, by=coordinator, name="Équipe de nuit", members=[correspondent]
    )
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    starts_at, ends_at = nights.bounds(tomorrow, dt.time(22), dt.time(5))
    shift = actions.plan_shift(
        organisation=service,
        by=coordinator,
        team=team,
        starts_at=starts_at,
        ends_at=ends_at,
        quartiers=[maurepas],
    )
    agent = person(service, "partner", "Nadia", "Guérin")
    Contact.objects.create(
        organisation=service, partner=landlord, first_name="Nadia", last_name="Guérin",
        membership=agent,
    )  # fmt: skip
    return coordinator, correspondent, agent, shift


def test_a_landlord_asks_for_rounds_and_sees_the_coordinations_answer(
    audited, browser, live_server, transactional_db
):
    coordinator, correspondent, agent, shift = the_night_service()
    today = timezone.localdate()

    # The landlord asks, from its portal.
    audited.login(agent.user.email)
    click(audited, "link", "Demandes de passage")
    click(audited, "link", "Nouvelle demande")
    page = audited.page
    expect(page.get_by_role("note")).to_contain_text("Ne nommez personne")
    page.get_by_label("Résidence").select_option(label="Les Glycines (Maurepas - Bellangerais)")
    page.get_by_label("Précision du lieu").fill("Hall B")
    page.get_by_label("Ce que vous demandez").fill("Regroupements dans les halls en soirée")
    page.get_by_label("À partir du").fill(today.isoformat())
    page.get_by_label("Jusqu'au").fill((today + dt.timedelta(days=6)).isoformat())
    click(audited, "button", "Envoyer la demande")
    expect(page.get_by_role("status").first).to_contain_text("Votre demande est envoyée")
    expect(page.get_by_text("En attente de réponse")).to_be_visible()

    # The coordination puts it on tomorrow's shift.
    context = browser.new_context(locale="fr-FR")
    staff = type(audited)(context.new_page(), live_server.url)
    staff.login(coordinator.user.email)
    staff.page.get_by_role("button", name="Terrain").click()
    click(staff, "link", "Demandes de passage des partenaires")
    expect(staff.page.get_by_role("status").first).to_contain_text("1 demande attend")
    click(staff, "link", "Les Glycines, Hall B")
    staff.page.get_by_role("combobox", name="Tournée").select_option(index=1)
    click(staff, "button", "Inscrire sur cette tournée")
    expect(staff.page.get_by_role("status").first).to_contain_text("feuille de route")
    assert RoadmapItem.objects.get().shift == shift
    context.close()

    # The team finds it on the shift.
    context = browser.new_context(locale="fr-FR")
    team = type(audited)(context.new_page(), live_server.url)
    team.login(correspondent.user.email)
    team.goto(f"/terrain/tournees/{shift.pk}/")
    roadmap = team.page.get_by_role("region", name="Feuille de route")
    expect(roadmap).to_contain_text("Regroupements dans les halls en soirée (Hall B)")
    expect(roadmap).to_contain_text("à la demande de Archipel Habitat")
    context.close()

    # The landlord sees it accepted, and nothing of the shift.
    audited.goto("/terrain/partenaire/demandes-de-passage/")
    row = audited.page.get_by_role("row").filter(has_text="Les Glycines, Hall B")
    expect(row).to_contain_text("Acceptée")
    assert "Équipe de nuit" not in audited.page.content()
    assert "Le Du" not in audited.page.content()
