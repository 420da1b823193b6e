"""The copy of a person's data, as JSON and as PDF, downloaded by the coordination: her own data
is there, across her cases; the other people, what they said and the text of every note are
not (RGPD art. 15(4), ADR 0018). The PDF is read back as text and as a screen reader meets it
(the root conftest's pdf_checks)."""

import datetime as dt
import json
import subprocess

import pytest
from django.urls import reverse

from palabre.core.models import JournalEntry
from palabre.privacy import rights_actions as actions
from palabre.privacy.access_log import AccessRecord
from palabre.privacy.rights import ReceivedThrough, RightsKind, RightsStatus
from palabre.privacy.tests import rights_support as support
from palabre.privacy.tests.rights_support import (
    MARKERS,
    NEIGHBOUR,
    NEIGHBOUR_SAID,
    OWN_NOTE,
    TODAY,
)

clock = support.clock
world = support.world


def pdf_text(pdf: bytes) -> str:
    result = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True
    )
    return " ".join(result.stdout.decode().split())


def _request(coordinator, parties, identity_method="ID_SHOWN"):
    return actions.receive_request(
        organisation=coordinator.organisation,
        by=coordinator,
        kind=RightsKind.ACCESS,
        parties=parties,
        received_on=dt.date(2026, 3, 9),
        received_through=ReceivedThrough.IN_PERSON,
        identity_method=identity_method,
    )


@pytest.fixture
def her_request(world, coordinator):
    return _request(coordinator, world["eloise"])


def _download(client, request, file_format):
    return client.get(reverse("privacy:rights_export", args=[request.pk, file_format]))


def test_her_json_copy_holds_her_data_across_both_cases(login, coordinator, her_request, world):
    response = _download(login(coordinator), her_request, "json")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "no-store" in response["Cache-Control"]
    assert "attachment" in response["Content-Disposition"]
    export = json.loads(response.content)
    first, second = export["dossiers"]
    assert [first["dossier"], second["dossier"]] == [world["first"].reference, "2026-0002"]
    assert [first["votre_role"], second["votre_role"]] == ["Demandeur·euse", "Autre partie"]
    assert first["identite"]["e_mail"] == "eloise.legall@exemple.fr"
    assert first["identite"]["telephone"] == "06 12 34 56 78"
    assert first["identite"]["adresse"] == "3 allée des Lilas"
    assert second["identite"]["nom"] == "LE GALL"
    assert first["donnees_du_dossier"]["commune"] == "Rennes"
    assert first["donnees_du_dossier"]["motifs_du_conflit"] == ["Bruit"]
    assert first["donnees_du_dossier"]["ouvert_le"] == "2026-01-05"
    assert [c["objet"] for c in first["consentements"]] == [
        "Accord pour informer le prescripteur de l'état d'avancement",
        "Accord pour contacter l'autre partie",
    ]
    assert [i["le"][:16] for i in first["entretiens"]] == ["2026-01-12T14:00"]
    assert first["orientation"]["partenaire"] == "Archipel Habitat"
    assert first["orientation"]["quand_vous_joindre"] == "en semaine après 18 h"
    assert first["notes_rapportant_vos_propos"] == [TODAY.isoformat()]
    assert second["notes_rapportant_vos_propos"] == []
    assert len(first["rendez_vous_en_permanence"]) == 1
    assert [b["identite_donnee"]["e_mail"] for b in export["rendez_vous_hors_dossier"]] == [
        "Eloise.LeGall@exemple.fr"
    ]
    assert any("Archipel Habitat" in r for r in first["destinataires"])


def test_her_copy_carries_nothing_of_the_others_nor_of_any_note(login, coordinator, her_request):
    client = login(coordinator)

    text = _download(client, her_request, "json").content.decode()
    printed = pdf_text(_download(client, her_request, "pdf").content)

    for marker in MARKERS:
        assert marker not in text, marker
        assert marker not in printed, marker
    assert "Le Gall" in printed and "eloise.legall@exemple.fr" in printed
    assert "Vos données personnelles" in printed
    assert "Ce qui ne vous est pas communiqué" in printed


def test_the_neighbours_copy_has_his_letter_and_not_her(login, coordinator, world):
    request = _request(coordinator, [world["neighbour"]])

    export = json.loads(_download(login(coordinator), request, "json").content)

    (section,) = export["dossiers"]
    assert section["identite"]["nom"] == NEIGHBOUR
    assert section["courriers"] == [{"le": "2026-01-20", "courrier": "Courrier"}]
    assert section["prises_de_contact"][0]["resultat"] == "Envoyé, sans réponse pour l'instant"
    assert section["orientation"] is None
    assert section["notes_rapportant_vos_propos"] == [TODAY.isoformat()]
    text = json.dumps(export, ensure_ascii=False)
    for absent in ("Le Gall", "eloise", "Colocatairemarqueur", NEIGHBOUR_SAID, OWN_NOTE):
        assert absent not in text, absent


def test_each_copy_is_written_in_the_journal_and_the_access_log(login, coordinator, her_request):
    _download(login(coordinator), her_request, "pdf")

    her_request.refresh_from_db()
    assert her_request.status == RightsStatus.IN_PROGRESS
    summaries = list(
        JournalEntry.objects.filter(subject_id=her_request.pk).values_list("summary", flat=True)
    )
    assert "Copie des données établie (PDF)" in summaries
    reads = AccessRecord.objects.filter(kind="subject_access")
    assert sorted(str(r.party_id) for r in reads) == sorted(
        str(p.pk) for p in her_request.parties.all()
    )


def test_no_copy_before_her_identity_is_checked(login, coordinator, world):
    request = _request(coordinator, world["eloise"], identity_method="")

    response = _download(login(coordinator), request, "json")

    assert response.status_code == 302
    assert response.url == reverse("privacy:rights_detail", args=[request.pk])
    assert not JournalEntry.objects.filter(subject_id=request.pk, verb="export_made").exists()
    assert not AccessRecord.objects.filter(kind="subject_access").exists()


def test_an_unknown_format_is_a_404(login, coordinator, her_request):
    assert _download(login(coordinator), her_request, "csv").status_code == 404
