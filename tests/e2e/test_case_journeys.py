"""The two journeys of the foundation: a coordinator takes a case from the first contact to its
closure through the pages alone, and a volunteer mediator sees only the cases assigned to them.

Only the organisation, its territory and its people come from factories in the first journey:
everything about the case is clicked and typed, as a person would. Every page visited is audited
by axe-core (``audited.goto`` / ``audited.audit``).
"""

import datetime as dt
import re
import uuid

from django.utils import timezone
from playwright.sync_api import expect

from palabre.cases import actions
from palabre.cases.tests.factories import (
    CaseFactory,
    CommuneFactory,
    MembershipFactory,
    OrganisationFactory,
    QuartierFactory,
    UserFactory,
)

REQUESTER = "Hélène Lefèvre"
OTHER_PARTY = "Noël Girard"


def person(organisation, role, first_name, last_name):
    user = UserFactory(first_name=first_name, last_name=last_name)
    return MembershipFactory(user=user, organisation=organisation, role=role)


def local(days, hour):
    """A ``datetime-local`` value, ``days`` from today at ``hour`` o'clock."""
    day = timezone.localdate() + dt.timedelta(days=days)
    return f"{day.isoformat()}T{hour:02d}:00"


def main_of(html):
    """The ``<main>`` of a page (the rest carries per-response tokens)."""
    return re.search(r"<main.*</main>", html, re.DOTALL).group()


# --- What a person does on a page ----------------------------------------------------------------


def follow(audited, name, within=None):
    """Follows a link by its text (in ``within``, a part of the page) and audits where it leads."""
    with audited.page.expect_navigation():
        (within or audited.page).get_by_role("link", name=name, exact=True).click()
    audited.audit()


def navigate(audited, name):
    """Goes to a page through the main navigation."""
    follow(
        audited, name, within=audited.page.get_by_role("navigation", name="Navigation principale")
    )


def submit(audited, name):
    """Presses a form's button and audits the page the redirect lands on."""
    with audited.page.expect_navigation():
        audited.page.get_by_role("button", name=name, exact=True).click()
    audited.audit()


def take_step(audited, title, fill=lambda page: None):
    """From the case page: the step's link, its form filled in, its button (named like it)."""
    follow(audited, title)
    expect(audited.page.get_by_role("heading", level=1)).to_have_text(title)
    fill(audited.page)
    submit(audited, title)


def expect_done(page, message, status):
    """Back on the case page: the step's confirmation and the case's new state."""
    expect(page.get_by_role("status").filter(has_text=message)).to_be_visible()
    expect(page.locator("main .badge", has_text="État :")).to_have_text(
        re.compile(r"État\s*:\s*" + re.escape(status) + r"\s*$")
    )


# --- Journey 1 -----------------------------------------------------------------------------------


def test_a_coordinator_takes_a_case_from_first_contact_to_closure(audited, transactional_db):
    service = OrganisationFactory(name="Médiation Rennes Nord", slug="mediation-rennes-nord")
    commune = CommuneFactory(organisation=service, name="Rennes")
    QuartierFactory(commune=commune, name="Maurepas")
    coordinator = person(service, "coordinator", "Claire", "Dubois")
    person(service, "mediator", "Malik", "Benali")
    person(service, "mediator", "Sophie", "Tanguy")
    page = audited.page

    audited.login(coordinator.user.email)
    expect(page).to_have_url(re.compile(r"/dossiers/aujourdhui/$"))

    # The first contact opens the case.
    navigate(audited, "Premier contact")
    form = page.locator("#dossier")
    first_contact = form.get_by_role("group", name="Le premier contact")
    first_contact.get_by_label("Canal du premier contact").select_option(label="Téléphone")
    first_contact.get_by_label("Origine de la saisine").select_option(label="Bailleur social")
    first_contact.get_by_label("Prescripteur (organisme)").fill("Office public de l'habitat")
    requester = form.get_by_role("group", name="La personne qui demande la médiation")
    requester.get_by_role("textbox", name="Nom", exact=True).fill("Lefèvre")
    requester.get_by_role("textbox", name="Prénom", exact=True).fill("Hélène")
    requester.get_by_label("Téléphone").fill("06 12 34 56 78")
    requester.get_by_label("Adresse").fill("12 rue des Lilas, 35000 Rennes")
    other = form.get_by_role("group", name="L'autre partie (si la personne la nomme)")
    other.get_by_role("textbox", name="Nom", exact=True).fill("Girard")
    other.get_by_role("textbox", name="Prénom", exact=True).fill("Noël")
    other.get_by_label("Adresse").fill("14 rue des Lilas, 35000 Rennes")
    conflict = form.get_by_role("group", name="Le conflit")
    conflict.get_by_label("Motif principal").select_option(label="Bruit")
    conflict.get_by_label("Précision").select_option(label="Musique, télévision")
    place = form.get_by_role("group", name="Le lieu et le logement")
    place.get_by_label("Commune").select_option(label="Rennes")
    place.get_by_label("Quartier").select_option(label="Rennes — Maurepas")
    place.get_by_label("Logement").select_option(label="Locatif social")
    place.get_by_label("Type de bâti").select_option(label="Immeuble collectif")
    submit(audited, "Ouvrir le dossier")
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text(re.compile(r"^Dossier \d{4}-\d{4}$"))
    reference = heading.inner_text().removeprefix("Dossier ").strip()
    expect_done(page, f"Le dossier {reference} est ouvert.", "Nouvelle saisine")
    parties = page.get_by_role("region", name="Personnes")
    expect(parties).to_contain_text(REQUESTER)
    expect(parties).to_contain_text(OTHER_PARTY)

    submit(audited, "Déclarer la saisine recevable")
    expect_done(page, "La saisine est déclarée recevable.", "Recevable, à planifier")

    def pair(page):
        page.get_by_label("Malik Benali").check()
        page.get_by_label("Sophie Tanguy").check()

    take_step(audited, "Assigner le binôme de médiation", pair)
    expect_done(page, "Le binôme de médiation est enregistré.", "Recevable, à planifier")
    team = page.get_by_role("region", name="Binôme de médiation")
    expect(team).to_contain_text("Malik Benali")
    expect(team).to_contain_text("Sophie Tanguy")

    # The requester's interview: scheduled, then recorded.
    def requester_interview(page):
        expect(page.get_by_label("Personne reçue").locator("option:checked")).to_have_text(
            f"{REQUESTER} (Demandeur·euse)"
        )
        page.get_by_label("Date et heure").fill(local(days=1, hour=10))
        page.get_by_label("Modalité").select_option(label="En permanence")
        page.get_by_label("Lieu").fill("Maison de quartier de Maurepas")

    take_step(audited, "Planifier un entretien individuel", requester_interview)
    expect_done(page, "L'entretien est planifié.", "Entretien demandeur prévu")

    # « Aujourd'hui » shows the appointment and leads back to the case.
    navigate(audited, "Aujourd'hui")
    upcoming = page.get_by_role("region", name="Rendez-vous des 7 prochains jours")
    expect(upcoming).to_contain_text(f"{reference} Entretien (demandeur·euse), en permanence")
    follow(audited, reference, within=upcoming)

    def held_for_45_minutes(page):
        page.get_by_label("Oui, l'entretien a eu lieu").check()
        page.get_by_label("Durée (minutes)").fill("45")

    take_step(audited, "Renseigner un entretien", held_for_45_minutes)
    expect_done(page, "L'entretien est renseigné.", "Demandeur reçu")
    expect(page.get_by_role("region", name="Prochaines étapes")).to_contain_text(
        "enregistrez l'accord du demandeur pour contacter l'autre partie"
    )

    def consent(party, kind):
        def fill(page):
            page.get_by_label("Personne").select_option(label=party)
            page.get_by_label("Objet du consentement").select_option(label=kind)
            page.get_by_role("combobox", name="Recueilli", exact=True).select_option(
                label="De vive voix"
            )

        return fill

    take_step(
        audited,
        "Enregistrer un consentement",
        consent(f"{REQUESTER} (Demandeur·euse)", "Accord pour contacter l'autre partie"),
    )
    expect_done(page, "Le consentement est enregistré.", "Demandeur reçu")

    # Contacting the other party: the step, a letter sent and answered, the invitation letter.
    submit(audited, "Engager la prise de contact avec l'autre partie")
    expect_done(
        page,
        "La prise de contact avec l'autre partie est engagée.",
        "Prise de contact avec l'autre partie",
    )

    def letter_accepted(page):
        expect(page.get_by_label("Personne contactée")).to_contain_text(OTHER_PARTY)
        page.get_by_label("Moyen").select_option(label="Courrier")
        page.get_by_label("Résultat").select_option(label="Accepte un entretien")

    take_step(audited, "Enregistrer une tentative de contact", letter_accepted)
    expect_done(
        page, "La tentative de contact est enregistrée.", "Prise de contact avec l'autre partie"
    )
    attempts = page.get_by_role("table", name="Tentatives de contact")
    expect(attempts).to_contain_text("Courrier")
    expect(attempts).to_contain_text("Accepte un entretien")

    letter = page.get_by_role("link", name=f"Courrier d'invitation (PDF) — {OTHER_PARTY}")
    response = page.request.get(audited.base_url + letter.get_attribute("href"))
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")

    # The other party's interview.
    def other_party_interview(page):
        expect(page.get_by_label("Personne reçue").locator("option:checked")).to_have_text(
            f"{OTHER_PARTY} (Autre partie)"
        )
        page.get_by_label("Date et heure").fill(local(days=2, hour=17))
        page.get_by_label("Modalité").select_option(label="À domicile")

    take_step(audited, "Planifier un entretien individuel", other_party_interview)
    expect_done(page, "L'entretien est planifié.", "Entretien autre partie prévu")
    take_step(audited, "Renseigner un entretien", held_for_45_minutes)
    expect_done(page, "L'entretien est renseigné.", "Autre partie reçue")
    expect(page.get_by_role("region", name="Prochaines étapes")).to_contain_text(
        "Une rencontre de médiation demande l'accord enregistré des deux parties"
    )

    # The joint meeting: both parties' consent, then scheduled and held.
    for party in (f"{REQUESTER} (Demandeur·euse)", f"{OTHER_PARTY} (Autre partie)"):
        take_step(
            audited,
            "Enregistrer un consentement",
            consent(party, "Accord pour une rencontre de médiation"),
        )
        expect_done(page, "Le consentement est enregistré.", "Autre partie reçue")

    def meeting(page):
        page.get_by_label("Date et heure").fill(local(days=7, hour=18))
        page.get_by_label("Lieu").fill("Centre social Carrefour 18")

    take_step(audited, "Planifier la rencontre de médiation", meeting)
    expect_done(page, "La rencontre de médiation est planifiée.", "Rencontre de médiation prévue")

    def meeting_held(page):
        page.get_by_label("Oui, la rencontre a eu lieu").check()
        page.get_by_label("Issue").select_option(label="Accord")
        page.get_by_label("Durée (minutes)").fill("90")
        page.get_by_label("Participants (hors médiateurs)").fill("2")

    take_step(audited, "Renseigner la rencontre de médiation", meeting_held)
    expect_done(page, "La rencontre est renseignée.", "Rencontre de médiation tenue")

    # The written agreement and its commitments.
    def agreement(page):
        page.get_by_label("Forme").select_option(label="Écrit et signé")
        page.get_by_label("Portée").select_option(label="Total")
        page.get_by_label("Limiter le bruit à certaines heures").check()
        page.get_by_label("Se parler directement d'abord").check()

    take_step(audited, "Enregistrer l'accord", agreement)
    expect_done(page, "L'accord est enregistré.", "Accord trouvé")
    agreement_section = page.get_by_role("region", name="Accord", exact=True)
    expect(agreement_section).to_contain_text("Accord total")
    expect(agreement_section).to_contain_text("écrit et signé")
    expect(agreement_section).to_contain_text("Limiter le bruit à certaines heures")
    expect(agreement_section).to_contain_text("Se parler directement d'abord")

    # The follow-up, then the closure.
    due_on = timezone.localdate() + dt.timedelta(days=42)
    take_step(
        audited,
        "Programmer le suivi",
        lambda page: page.get_by_label("Suivi à faire le").fill(due_on.isoformat()),
    )
    expect_done(page, "Le suivi est programmé.", "Suivi à faire")
    take_step(
        audited,
        "Renseigner le suivi",
        lambda page: page.get_by_label("Résultat").select_option(label="L'accord tient"),
    )
    expect_done(page, "Le suivi est renseigné.", "Suivi à faire")
    expect(page.get_by_role("region", name="Suivi", exact=True)).to_contain_text("L'accord tient")

    take_step(
        audited,
        "Clore le dossier",
        lambda page: page.get_by_label("Motif de clôture").select_option(
            label="Accord total (écrit ou oral)"
        ),
    )
    expect_done(page, "Le dossier est clos.", "Clos")
    expect(page.get_by_role("region", name="Clôture", exact=True)).to_contain_text(
        "Accord total (écrit ou oral)"
    )
    expect(page.locator("main").get_by_text("Étape atteinte :")).to_contain_text("Suivi réalisé")

    # The Journal tells the whole story.
    history = page.get_by_role("list", name="Historique du dossier")
    for summary in (
        "Dossier ouvert",
        "Saisine déclarée recevable",
        "Binôme de médiation : Malik Benali, Sophie Tanguy",
        "Entretien prévu (Demandeur·euse)",
        "Entretien tenu (Demandeur·euse)",
        "Consentement recueilli (Demandeur·euse) : Accord pour contacter l'autre partie",
        "Prise de contact avec l'autre partie engagée",
        "Tentative de contact : Courrier — Accepte un entretien",
        "Courrier d'invitation généré",
        "Entretien prévu (Autre partie)",
        "Entretien tenu (Autre partie)",
        "Consentement recueilli (Demandeur·euse) : Accord pour une rencontre de médiation",
        "Consentement recueilli (Autre partie) : Accord pour une rencontre de médiation",
        "Rencontre de médiation prévue",
        "Rencontre de médiation tenue : Accord",
        "Accord total, écrit et signé",
        f"Suivi programmé au {due_on:%d/%m/%Y}",
        "Suivi réalisé : L'accord tient",
        "Dossier clos : Accord total (écrit ou oral)",
    ):
        expect(history).to_contain_text(summary)

    # The case list finds it by the requester's name typed without accents.
    navigate(audited, "Dossiers")
    search = page.get_by_label("Rechercher")
    results = page.locator("#resultats")
    search.press_sequentially("helene lefevre")  # the list answers as one types (htmx)
    expect(results.get_by_role("status")).to_have_text("1 dossier")
    expect(results.get_by_role("link", name=reference)).to_be_visible()
    expect(page).to_have_url(re.compile(r"\?q=helene(%20|\+)lefevre&"))
    audited.audit()
    search.fill("")
    search.press_sequentially("dupont")
    expect(results).to_contain_text("Aucun dossier ne correspond à ces filtres.")
    audited.audit()


# --- Journey 2 -----------------------------------------------------------------------------------


def test_a_volunteer_mediator_sees_only_the_cases_assigned_to_them(audited, transactional_db):
    service = OrganisationFactory(name="Médiation Rennes Sud", slug="mediation-rennes-sud")
    commune = CommuneFactory(organisation=service, name="Rennes")
    coordinator = person(service, "coordinator", "Claire", "Dubois")
    volunteer = person(service, "mediator", "Yves", "Le Bihan")
    colleague = person(service, "mediator", "Aïcha", "Diallo")

    def case(last_name, *team):
        opened = CaseFactory(
            organisation=service, by=coordinator, commune=commune, requester_last_name=last_name
        )
        if team:
            actions.assign_mediators(case=opened, by=coordinator, mediators=list(team))
        return opened

    mine = [case("Abgrall", volunteer, colleague), case("Bellec", volunteer)]
    not_mine = [case("Cariou", colleague), case("Derrien")]
    page = audited.page

    audited.login(volunteer.user.email)
    navigate(audited, "Dossiers")
    results = page.locator("#resultats")
    expect(results.get_by_role("status")).to_have_text("2 dossiers")
    for assigned in mine:
        expect(results.get_by_role("link", name=assigned.reference)).to_be_visible()
    for other in not_mine:
        expect(results).not_to_contain_text(other.reference)

    follow(audited, mine[0].reference, within=results)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Dossier {mine[0].reference}")
    expect(page.get_by_role("region", name="Binôme de médiation")).to_contain_text("Yves Le Bihan")
    expect(page.get_by_role("region", name="Notes privées")).to_be_visible()
    for managing in (
        "Déclarer la saisine recevable",
        "Assigner le binôme de médiation",
        "Modifier les informations du dossier",
        "Clore le dossier",
    ):
        expect(page.get_by_role("link", name=managing)).to_have_count(0)
        expect(page.get_by_role("button", name=managing)).to_have_count(0)

    # Typing the address of a colleague's case: the same 404 as for a case that does not exist.
    response = page.goto(f"{audited.base_url}/dossiers/{not_mine[0].pk}/")
    audited.audit()
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page introuvable")
    expect(page.locator("main")).not_to_contain_text(not_mine[0].reference)
    missing = page.request.get(f"{audited.base_url}/dossiers/{uuid.uuid4()}/")
    assert missing.status == 404
    assert main_of(missing.text()) == main_of(page.request.get(page.url).text())

    # The navigation offers only pages a mediator may use: each of its links answers them, and
    # the coordination's pages (first contact, activity figures) are not among them.
    navigation = page.get_by_role("navigation", name="Navigation principale")
    expect(navigation.get_by_role("link", name="Aujourd'hui", exact=True)).to_be_visible()
    expect(navigation.get_by_role("link", name="Dossiers", exact=True)).to_be_visible()
    hrefs = [link.get_attribute("href") for link in navigation.get_by_role("link").all()]
    for href in hrefs:
        response = page.request.get(audited.base_url + href)
        assert response.ok, f"{href} → {response.status}"
        assert "connexion" not in response.url and "/admin/login/" not in response.url, href
    for forbidden in ("/dossiers/premier-contact/", "/dossiers/activite/"):
        assert forbidden not in hrefs
        assert page.request.get(audited.base_url + forbidden).status == 404, forbidden
