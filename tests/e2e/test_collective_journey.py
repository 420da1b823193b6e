"""Collective mediation in Chromium, every page audited by axe-core (docs/adr/0035): a
coordinator handles a stairwell conflict in groups — marks the case collective, adds the
tenants of two stairwells as groups and puts their people in them, records their consents, the
meeting and who came from each group, the agreement and each group's commitment, the follow-up,
and closes the case.

The case arrives as the ordinary process leaves it once both sides were received (opened,
qualified, a pair assigned, both interviews held); the rest is clicked and typed."""

import datetime as dt

from django.utils import timezone
from playwright.sync_api import expect

from palabre.cases import actions, codes
from palabre.cases.tests.factories import CaseFactory, CommuneFactory, OrganisationFactory
from tests.e2e.test_case_journeys import expect_done, local, person, take_step

GROUP_B = "Locataires de l'escalier B"
GROUP_C = "Locataires de l'escalier C"


def _received_case(service, coordinator, pair):
    today = timezone.localdate()
    case = CaseFactory(
        organisation=service,
        by=coordinator,
        commune=CommuneFactory(organisation=service, name="Rennes"),
        opened_on=today - dt.timedelta(days=20),
        requester_first_name="Nadia",
        requester_last_name="Benhamou",
        other_party_first_name="Gérard",
        other_party_last_name="Le Moal",
    )
    actions.qualify(case=case, by=coordinator)
    actions.assign_mediators(case=case, by=coordinator, mediators=pair)
    requester, other = case.requester(), case.other_parties()[0]
    actions.record_consent(
        case=case,
        by=coordinator,
        party=requester,
        kind=codes.ConsentKind.CONTACT_OTHER_PARTY,
        given_on=today - dt.timedelta(days=15),
        method=codes.ConsentMethod.IN_PERSON,
    )
    for party, days in ((requester, 15), (other, 8)):
        if party is other:
            actions.start_contacting_other_party(case=case, by=coordinator)
        interview = actions.schedule_interview(
            case=case,
            by=coordinator,
            party=party,
            scheduled_at=timezone.now() - dt.timedelta(days=days),
            channel=codes.InterviewChannel.IN_PERSON_HOME,
        )
        actions.record_interview(interview=interview, by=coordinator, held=True)
    return case


def test_a_coordinator_handles_a_stairwell_conflict_in_groups(audited, transactional_db):
    service = OrganisationFactory(name="Médiation Rennes Sud", slug="mediation-rennes-sud")
    coordinator = person(service, "coordinator", "Claire", "Dubois")
    pair = [person(service, "mediator", "Malik", "Benali"),
            person(service, "mediator", "Sophie", "Tanguy")]  # fmt: skip
    case = _received_case(service, coordinator, pair)
    page = audited.page
    audited.login(coordinator.user.email)
    audited.goto(f"/dossiers/{case.pk}/")
    section = page.get_by_role("region", name="Médiation collective")

    take_step(
        audited,
        "Traiter en médiation collective",
        lambda page: page.get_by_label("Curative").check(),
    )
    expect_done(page, "Le dossier est traité en médiation collective.", "Autre partie reçue")
    expect(section).to_contain_text("Médiation collective, dimension curative.")

    for name, size in ((GROUP_B, "14"), (GROUP_C, "11")):

        def group(page, name=name, size=size):
            page.get_by_label("Nom du groupe").fill(name)
            page.get_by_label("Nombre estimé de personnes").fill(size)

        take_step(audited, "Ajouter un groupe", group)
        expect(
            page.get_by_role("status").filter(has_text="Le groupe est enregistré.")
        ).to_be_visible()

    def neighbour(page):
        page.get_by_label("Rôle").select_option(label="Autre participant·e")
        page.get_by_role("textbox", name="Nom", exact=True).fill("Tanguy")
        page.get_by_role("textbox", name="Prénom", exact=True).fill("Sylvie")

    take_step(audited, "Ajouter une personne", neighbour)
    for party, group in (
        ("Nadia Benhamou (Demandeur·euse)", GROUP_B),
        ("Sylvie Tanguy (Autre participant·e)", GROUP_B),
        ("Gérard Le Moal (Autre partie)", GROUP_C),
    ):

        def place(page, party=party, group=group):
            page.get_by_label("Personne").select_option(label=party)
            page.get_by_label("Groupe", exact=True).select_option(label=group)

        take_step(audited, "Placer une personne dans un groupe", place)
    expect(section).to_contain_text("Personnes inscrites : Nadia Benhamou, Sylvie Tanguy")
    expect(section).to_contain_text("Personnes inscrites : Gérard Le Moal")

    for party in ("Nadia Benhamou (Demandeur·euse)", "Gérard Le Moal (Autre partie)"):

        def consent(page, party=party):
            page.get_by_label("Personne").select_option(label=party)
            page.get_by_label("Objet du consentement").select_option(
                label="Accord pour une rencontre de médiation"
            )
            page.get_by_role("combobox", name="Recueilli", exact=True).select_option(
                label="De vive voix"
            )

        take_step(audited, "Enregistrer un consentement", consent)

    def meeting(page):
        page.get_by_label("Date et heure").fill(local(days=-1, hour=18))
        page.get_by_label("Lieu").fill("Local commun résidentiel")

    take_step(audited, "Planifier la rencontre de médiation", meeting)

    def meeting_held(page):
        page.get_by_label("Oui, la rencontre a eu lieu").check()
        page.get_by_label("Issue").select_option(label="Accord")
        page.get_by_label("Durée (minutes)").fill("120")

    take_step(audited, "Renseigner la rencontre de médiation", meeting_held)
    expect_done(page, "La rencontre est renseignée.", "Rencontre de médiation tenue")

    def attendance(page):
        page.get_by_label(f"{GROUP_B} : personnes présentes").fill("9")
        page.get_by_label("Nadia Benhamou").check()
        page.get_by_label("Sylvie Tanguy").check()
        page.get_by_label(f"{GROUP_C} : personnes présentes").fill("6")

    take_step(audited, "Renseigner la présence des groupes", attendance)
    expect(section).to_contain_text(f"{GROUP_B} : 9 (Nadia Benhamou, Sylvie Tanguy)")
    expect(section).to_contain_text(f"{GROUP_C} : 6")
    expect(section).to_contain_text("15 participants")

    def agreement(page):
        page.get_by_label("Forme").select_option(label="Écrit et signé")
        page.get_by_label("Portée").select_option(label="Total")

    take_step(audited, "Enregistrer l'accord", agreement)
    expect_done(page, "L'accord est enregistré.", "Accord trouvé")
    for group, category, wording in (
        (GROUP_B, "Règles pour les parties communes",
         "Les locataires de l'escalier B rangent poussettes et vélos au local prévu."),
        (GROUP_C, "Limiter le bruit à certaines heures",
         "Les locataires de l'escalier C ne se réunissent plus dans le hall après 22 h."),
    ):  # fmt: skip

        def commitment(page, group=group, category=category, wording=wording):
            page.get_by_label("Groupe qui s'engage").select_option(label=group)
            page.get_by_label("Catégorie d'engagement").select_option(label=category)
            page.get_by_label("Formulation de l'engagement").fill(wording)

        take_step(audited, "Ajouter un engagement de groupe", commitment)
        expect(section).to_contain_text(f"{category} — « {wording} »")

    due_on = timezone.localdate() + dt.timedelta(days=42)
    take_step(
        audited,
        "Programmer le suivi",
        lambda page: page.get_by_label("Suivi à faire le").fill(due_on.isoformat()),
    )
    take_step(
        audited,
        "Renseigner le suivi",
        lambda page: page.get_by_label("Résultat").select_option(label="L'accord tient"),
    )
    take_step(
        audited,
        "Clore le dossier",
        lambda page: page.get_by_label("Motif de clôture").select_option(
            label="Accord total (écrit ou oral)"
        ),
    )
    expect_done(page, "Le dossier est clos.", "Clos")
    # Closed, the section still shows the groups, who came and what each group signed, with
    # no step offered any more.
    expect(section).to_contain_text("15 participants")
    expect(section.get_by_role("link")).to_have_count(0)
    history = page.get_by_role("list", name="Historique du dossier")
    expect(history).to_contain_text("Présence des groupes renseignée : 15 personnes")
    expect(history).not_to_contain_text("escalier")  # the journal names no group
