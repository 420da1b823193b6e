"""Referral journeys: a landlord agent sends a person to the service and follows the status, the
coordination answers (accepts and works the case, or declines with a reason the agent sees), and
a resident asks for mediation without an account. Every page visited is audited by axe-core."""

import datetime as dt

from django.utils import timezone
from playwright.sync_api import expect

from palabre.cases.tests.factories import (
    CommuneFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)
from palabre.partners.models import Contact, Partner, PartnerKind
from palabre.referrals.models import Referral

NOTE_MARKER = "PROPOS-CONFIDENTIELS-4821"


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


def the_service():
    service = OrganisationFactory(name="Médiation Rennes", slug="mediation-rennes")
    CommuneFactory(organisation=service, name="Rennes")
    coordinator = person(service, "coordinator", "Maëlle", "Rouxel")
    landlord = Partner.objects.create(
        organisation=service, kind=PartnerKind.SOCIAL_LANDLORD, name="Archipel Habitat"
    )
    agent = person(service, "partner", "Claire", "Morvan")
    Contact.objects.create(
        organisation=service,
        partner=landlord,
        first_name="Claire",
        last_name="Morvan",
        membership=agent,
    )
    return service, coordinator, agent


def send_referral(audited, last_name, first_name):
    click(audited, "link", "Adresser une personne")
    page = audited.page
    expect(page.get_by_role("note")).to_contain_text("Ne recopiez aucun dossier.")
    page.get_by_role("textbox", name="Nom", exact=True).fill(last_name)
    page.get_by_role("textbox", name="Prénom", exact=True).fill(first_name)
    page.get_by_label("Téléphone").fill("06 11 22 33 44")
    page.get_by_label("Commune").select_option(label="Rennes")
    page.get_by_label("Type de conflit").select_option(label="Bruit")
    page.get_by_label("La personne accepte d'être contactée par le service de médiation").check()
    page.get_by_label("La personne accepte que nous soyons informés", exact=False).check()
    click(audited, "button", "Envoyer l'orientation")
    expect(page.get_by_role("status").first).to_contain_text("L'orientation est envoyée")


def row_of(page, name):
    return page.get_by_role("row").filter(has_text=name)


def test_a_landlord_referral_is_accepted_worked_and_followed_without_content(
    audited, browser, live_server, transactional_db
):
    service, coordinator, agent = the_service()

    # The agent sends two people; both wait in the queue.
    audited.login(agent.user.email)
    expect(audited.page.get_by_role("heading", level=1)).to_contain_text("Archipel Habitat")
    send_referral(audited, "Lefèvre", "Hélène")
    send_referral(audited, "Girard", "Noël")
    expect(row_of(audited.page, "Hélène Lefèvre")).to_contain_text("Reçue, en attente")

    # The coordination accepts the first, works the case a little, declines the second.
    context = browser.new_context(locale="fr-FR")
    staff = type(audited)(context.new_page(), live_server.url)
    staff.login(coordinator.user.email)
    click(staff, "link", "Orientations")
    expect(row_of(staff.page, "Hélène Lefèvre")).to_contain_text("Archipel Habitat")
    click(staff, "link", "Hélène Lefèvre")
    click(staff, "button", "Accepter et ouvrir le dossier")
    expect(staff.page.get_by_role("status").first).to_contain_text("Orientation acceptée")
    case = Referral.objects.get(requester_last_name="Lefèvre").case
    assert staff.page.url.endswith(f"/dossiers/{case.pk}/")
    click(staff, "button", "Déclarer la saisine recevable")
    click(staff, "link", "Planifier un entretien individuel")
    when = timezone.localdate() + dt.timedelta(days=2)
    staff.page.get_by_label("Date et heure").fill(f"{when.isoformat()}T10:00")
    staff.page.get_by_label("Modalité").select_option(label="Téléphone")
    click(staff, "button", "Planifier un entretien individuel")
    staff.page.get_by_label("Note privée", exact=False).first.fill(f"Elle dit {NOTE_MARKER}")
    click(staff, "button", "Ajouter la note")

    click(staff, "link", "Orientations")
    click(staff, "link", "Noël Girard")
    staff.page.get_by_label("Motif, que le prescripteur verra").select_option(
        label="Une procédure judiciaire est en cours"
    )
    click(staff, "button", "Ne pas retenir l'orientation")
    expect(staff.page.get_by_role("status").first).to_contain_text("le prescripteur la verra")
    context.close()

    # The agent sees the progress and the reason, nothing of the case.
    audited.goto("/orientations/partenaire/")
    page = audited.page
    expect(row_of(page, "Hélène Lefèvre")).to_contain_text("Contact établi avec la personne")
    expect(row_of(page, "Noël Girard")).to_contain_text("Une procédure judiciaire est en cours")
    assert NOTE_MARKER not in page.content()
    assert case.reference not in page.content()
    assert audited.page.goto(live_server.url + f"/dossiers/{case.pk}/").status == 404


def test_a_resident_asks_for_mediation_online(audited, transactional_db):
    service, _coordinator, _agent = the_service()
    audited.goto(f"/orientations/demande/{service.slug}/")
    page = audited.page
    expect(page.get_by_role("complementary")).to_contain_text("Vos données personnelles")
    page.get_by_role("textbox", name="Nom", exact=True).fill("Durand")
    page.get_by_role("textbox", name="Prénom", exact=True).fill("Paul")
    page.get_by_label("E-mail").fill("paul.durand@exemple.fr")
    page.get_by_label("Commune").select_option(label="Rennes")
    page.get_by_label("Type de conflit").select_option(label="Végétation")
    click(audited, "button", "Envoyer ma demande")
    expect(page.get_by_role("alert")).to_contain_text("rien n'a été envoyé")
    expect(
        page.get_by_text("Cochez cette case pour que le service puisse vous contacter.")
    ).to_be_visible()
    page.get_by_label("J'accepte d'être contacté·e par le service de médiation").check()
    click(audited, "button", "Envoyer ma demande")
    expect(page.get_by_role("heading", level=1)).to_have_text("C'est envoyé")
    referral = Referral.objects.get()
    assert referral.origin == "PUBLIC_FORM" and referral.requester_last_name == "Durand"
    assert audited.audited  # every page above was audited
