"""The DPO's documents (R6, R12): the register entry and the DPIA template, filled from the
service's settings, as a page and a PDF (read back by the ``pdf_checks`` fixture)."""

import html
import subprocess

from django.urls import reverse

from palabre.privacy import dpo
from palabre.privacy.tests import safety_support as support

clock = support.clock
team = support.team


def pdf_text(pdf: bytes) -> str:
    result = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True
    )
    return " ".join(result.stdout.decode().split())


def _set_up(service):
    service.name = "Cité et Médiation"
    service.address = "7 rue de Brest\n35000 Rennes"
    service.email = "contact@cite-mediation.fr"
    service.dpo_contact = "dpo@cite-mediation.fr"
    service.save()


def test_the_register_names_the_service_its_dpo_its_durations_and_measures(team, login, service):
    _set_up(service)
    text = html.unescape(login(team["coordinator"]).get(reverse("dpo:register")).content.decode())

    for expected in [
        "Cité et Médiation, 7 rue de Brest, 35000 Rennes",
        "dpo@cite-mediation.fr",
        "Autres parties (personnes qui n'ont rien demandé",
        "24 mois après le dernier contact",
        "Journal des consultations",
        "Chiffrement au repos",
        "Double authentification",
        "Sauvegardes",
        "Transferts hors de l'Union européenne : aucun",
    ]:
        assert expected in text, expected


def test_a_duration_changed_by_the_service_reaches_its_register(team, service):
    from palabre.privacy.retention import RetentionSchedule

    RetentionSchedule.objects.create(organisation=service, case_months=18)

    assert dpo.months(service)["cases"] == 18
    assert any(
        row.when == "18 mois après le dernier contact" for row in dpo.retention_rows(service)
    )


def test_without_a_dpo_contact_the_register_says_to_fill_it(team, login, service):
    text = html.unescape(login(team["coordinator"]).get(reverse("dpo:register")).content.decode())
    assert "Non renseigné : à indiquer dans les réglages de l'organisation." in text


def test_the_register_and_the_dpia_download_as_well_made_pdfs(team, login, service):
    _set_up(service)
    client = login(team["coordinator"])

    register = client.get(reverse("dpo:register_pdf"))
    dpia = client.get(reverse("dpo:dpia_pdf"))

    assert register["Content-Type"] == "application/pdf"
    assert register["Content-Disposition"] == (
        f'attachment; filename="registre-{service.slug}.pdf"'
    )
    assert "no-store" in register["Cache-Control"]
    register_text, dpia_text = pdf_text(register.content), pdf_text(dpia.content)
    assert "Registre des traitements" in register_text
    assert "dpo@cite-mediation.fr" in register_text
    assert "Analyse d'impact relative à la protection des données" in dpia_text
    assert "Dossiers en cours 1" in dpia_text
    assert "Accès illégitime aux données" in dpia_text
    assert "Autre partie (art. 14, courrier d'invitation) : version 1" in dpia_text


def test_a_network_gets_the_register_of_its_own_processing(login, member, db):
    from palabre.cases.tests.factories import OrganisationFactory

    network = OrganisationFactory(name="Réseau France Médiation", slug="reseau", kind="NETWORK")
    text = html.unescape(
        login(member("network_staff", network)).get(reverse("dpo:register")).content.decode()
    )
    assert "Gestion des structures membres" in text
    assert "Demandeurs et demandeuses de médiation" not in text
