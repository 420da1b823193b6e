"""Two data-protection journeys in Chromium, every page audited by axe-core: a mediator's note
that mentions a complaint is flagged while it is typed and after it is saved; a mediator
proposes a *signalement exceptionnel* that another coordinator validates from « Aujourd'hui »."""

import re

from playwright.sync_api import expect

from palabre.cases import actions
from palabre.cases.tests.factories import (
    CaseFactory,
    CommuneFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)
from palabre.privacy.safety_reports import SafetyReport, SafetyStatus


def person(organisation, role, first_name, last_name):
    user = UserFactory(first_name=first_name, last_name=last_name)
    return MembershipFactory(user=user, organisation=organisation, role=role)


def world():
    service = OrganisationFactory(name="Médiation Rennes Nord", slug="mediation-rennes-nord")
    coordinator = person(service, "coordinator", "Claire", "Dubois")
    mediator = person(service, "mediator", "Yves", "Le Bihan")
    case = CaseFactory(
        organisation=service,
        by=coordinator,
        commune=CommuneFactory(organisation=service, name="Rennes"),
    )
    actions.assign_mediators(case=case, by=coordinator, mediators=[mediator])
    return service, coordinator, mediator, case


def submit(audited, name):
    with audited.page.expect_navigation():
        audited.page.get_by_role("button", name=name, exact=True).click()
    audited.audit()


def test_a_note_mentioning_a_complaint_is_flagged_while_typed_and_once_saved(
    audited, transactional_db
):
    _service, _coordinator, mediator, case = world()
    page = audited.page
    audited.login(mediator.user.email)
    audited.goto(f"/dossiers/{case.pk}/")

    box = page.get_by_label("Note privée")
    box.fill("Le voisin dit qu'il a été placé en garde à vue.")
    warning = page.locator("#id_text_sensitive")
    expect(warning).to_be_visible()
    expect(warning).to_contain_text("Ce texte semble contenir des mentions sur des plaintes")
    expect(warning).to_contain_text("« garde à vue »")
    audited.audit()
    box.fill("Le voisin se plaint de la musique.")
    expect(warning).to_be_hidden()
    box.fill("Il a porté plainte hier.")
    expect(warning).to_contain_text("« plainte »")

    submit(audited, "Ajouter la note")
    expect(page.get_by_role("status").filter(has_text="Ce texte semble contenir")).to_be_visible()
    expect(page.get_by_text("Il a porté plainte hier.")).to_be_visible()


def test_a_mediator_proposes_a_report_another_coordinator_validates_it(
    audited, transactional_db, browser, live_server
):
    service, coordinator, mediator, case = world()
    page = audited.page
    audited.login(mediator.user.email)
    audited.goto(f"/dossiers/{case.pk}/")

    with page.expect_navigation():
        page.get_by_role("link", name="Proposer un signalement exceptionnel").click()
    audited.audit()
    page.get_by_label("Protection de l'intérêt supérieur d'un enfant").check()
    page.get_by_label(re.compile("Cellule de recueil des informations préoccupantes")).check()
    page.get_by_label("Contenu minimal à transmettre").fill("Enfant seul la nuit, bâtiment B.")
    submit(audited, "Enregistrer le signalement")
    expect(page.get_by_role("heading", level=1)).to_have_text("Signalement exceptionnel")
    expect(page.get_by_text("Une autre personne de la coordination doit valider")).to_be_visible()

    context = browser.new_context(locale="fr-FR")
    other = type(audited)(context.new_page(), live_server.url)
    try:
        other.login(coordinator.user.email)
        card = other.page.get_by_role("region", name="Signalements exceptionnels à traiter")
        with other.page.expect_navigation():
            card.get_by_role("link", name=case.reference).click()
        other.audit()
        other.page.get_by_label("Valider le signalement").check()
        submit(other, "Enregistrer l'avis")
        expect(other.page.get_by_text("L'avis de la coordination est enregistré.")).to_be_visible()
    finally:
        context.close()
    report = SafetyReport.objects.get()
    assert report.status == SafetyStatus.VALIDATED
    assert report.decided_by == coordinator.user
