"""The rights of the people in the browser: the coordination sees an overdue request flagged on
« Aujourd'hui », records a new one for a person found across two cases, downloads her copy
(nothing of the neighbour nor of any note in it) and answers. Every page visited is audited by
axe-core. The clock stands at Monday 16 March 2026, 10:00."""

import datetime as dt
import json
from pathlib import Path

from playwright.sync_api import expect

from palabre.cases.tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from palabre.privacy import rights_actions
from palabre.privacy.rights import ReceivedThrough, RightsKind, RightsRequest, RightsStatus
from palabre.privacy.tests import rights_support as support

clock = support.clock


def click(audited, role, name):
    with audited.page.expect_navigation():
        audited.page.get_by_role(role, name=name, exact=True).first.click()
    audited.audit()


def test_the_coordination_records_follows_and_answers_an_access_request(
    audited, transactional_db, clock
):
    service = OrganisationFactory(name="Médiation Rennes", slug="mediation-rennes")
    other = OrganisationFactory(name="Autre service", slug="autre-service")
    coordinator = MembershipFactory(
        user=UserFactory(first_name="Maëlle", last_name="Rouxel"),
        organisation=service,
        role="coordinator",
    )
    world = support.build_world(service, other, coordinator)
    rights_actions.receive_request(
        organisation=service,
        by=coordinator,
        kind=RightsKind.RECTIFICATION,
        parties=[world["neighbour"]],
        received_on=dt.date(2026, 2, 9),
        received_through=ReceivedThrough.LETTER,
    )
    page = audited.page

    audited.login(coordinator.user.email)
    audited.goto("/dossiers/aujourdhui/")
    card = page.locator("section.card").filter(has_text="Droits des personnes")
    expect(card).to_contain_text("Demande de rectification")
    expect(card.locator(".badge.text-bg-danger")).to_have_text("En retard")

    audited.goto("/protection/droits/")
    click(audited, "link", "Enregistrer une demande")
    page.get_by_label("Nom, e-mail ou téléphone de la personne").fill("eloise le gall")
    click(audited, "button", "Chercher")
    page.get_by_label("Éloïse Le Gall — demandeur·euse du dossier 2026-0001", exact=False).check()
    page.get_by_label("Eloise LE GALL — autre partie du dossier 2026-0002", exact=False).check()
    page.get_by_label("Accès", exact=True).check()
    page.get_by_label("Courrier", exact=True).check()
    page.get_by_label("Identité vérifiée").select_option(
        label="Pièce d'identité présentée sur place (sans copie)"
    )
    click(audited, "button", "Enregistrer la demande")
    expect(page.get_by_role("status").first).to_contain_text("au plus tard le 16/04/2026")
    expect(page.get_by_role("heading", level=1)).to_have_text("Demande : Accès")

    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger en JSON").click()
    text = Path(download.value.path()).read_text(encoding="utf-8")
    assert [case["dossier"] for case in json.loads(text)["dossiers"]] == ["2026-0001", "2026-0002"]
    for marker in support.MARKERS:
        assert marker not in text, marker

    click(audited, "link", "Indiquer que la demande est traitée")
    click(audited, "button", "Demande traitée")
    expect(page.get_by_role("status").first).to_contain_text("La demande est traitée.")
    request = RightsRequest.objects.get(kind=RightsKind.ACCESS)
    assert request.status == RightsStatus.DONE
    assert request.answered_on == support.TODAY
