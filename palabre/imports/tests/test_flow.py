"""The whole journey through the pages, with real XLSX, ODS and CSV files: deposit, columns
pre-filled from the service's own headers, preview, import in the task worker, result."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.urls import reverse

from palabre.cases import codes
from palabre.cases.models import Case, PrivateNote
from palabre.core.models import JournalEntry
from palabre.imports.models import ImportJob, ImportStatus, RememberedMapping
from palabre.imports.tests.conftest import BUILDERS, HEADER, ROWS, upload


def work():
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


def deposit(client, name, content):
    response = client.post(reverse("imports:index"), {"file": upload(name, content)})
    assert response.status_code == 302, response.content.decode()[:2000]
    return ImportJob.objects.get()


def mapping_post(job, **changes):
    data = {f"field_{key}": col for key, col in job.mapping.items()}
    data |= {f"free_{pos}": choice for pos, choice in job.free_columns.items()}
    data |= {
        "default_channel": "PHONE",
        "default_referral_source": "UNKNOWN",
        "default_housing": "UNKNOWN",
        "default_building_type": "UNKNOWN",
    }
    data |= changes
    return data


@pytest.mark.parametrize("extension", ["xlsx", "ods", "csv"])
def test_a_service_spreadsheet_goes_through_every_step_and_its_cases_are_opened(
    transactional_db, service, coordinator, territory, login, extension
):
    client = login(coordinator)
    job = deposit(client, f"dossiers-2025.{extension}", BUILDERS[extension](HEADER, ROWS))

    assert job.row_count == 3
    assert job.mapping == {
        "source_key": "0",
        "opened_on": "1",
        "commune": "2",
        "quartier": "3",
        "referral_source": "4",
        "primary_conflict": "5",
        "closed_on": "6",
        "closure_reason": "7",
    }
    page = client.get(reverse("imports:mapping", args=[job.pk]))
    assert page.status_code == 200
    response = client.post(
        reverse("imports:mapping", args=[job.pk]), mapping_post(job, free_8="note")
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("imports:values", args=[job.pk])
    assert (
        "Toutes les valeurs du fichier sont reconnues"
        in client.get(reverse("imports:values", args=[job.pk])).content.decode()
    )
    preview = client.get(reverse("imports:preview", args=[job.pk])).content.decode()
    assert "Importer 3 dossiers" in preview

    response = client.post(reverse("imports:preview", args=[job.pk]))
    assert response["Location"] == reverse("imports:progress", args=[job.pk])
    waiting = client.get(response["Location"])
    assert waiting["Refresh"] == "3"
    assert '<progress id="import-progress"' in waiting.content.decode()
    work()

    job.refresh_from_db()
    assert (job.status, job.imported_count, job.progress) == (ImportStatus.DONE, 3, 100)
    assert not job.file
    done = client.get(reverse("imports:progress", args=[job.pk]))
    assert "Refresh" not in done
    assert "3 dossiers importés." in done.content.decode()
    cases = {c.opened_on: c for c in Case.objects.of(service)}
    first = cases[dt.date(2025, 1, 14)]
    assert (first.status, first.closure_reason, first.closed_on) == (
        codes.Status.CLOSED,
        codes.ClosureReason.AGREEMENT_FULL,
        dt.date(2025, 3, 2),
    )
    assert (first.commune, first.quartier, first.is_qpv) == (
        territory["rennes"],
        territory["maurepas"],
        True,
    )
    assert first.referral_source == codes.ReferralSource.SOCIAL_LANDLORD
    assert first.primary_conflict().category == codes.ConflictCategory.NOISE
    second = cases[dt.date(2025, 2, 3)]
    assert (second.status, second.referral_source, second.quartier) == (
        codes.Status.NEW,
        codes.ReferralSource.CITY_SERVICE,
        territory["centre"],
    )
    assert second.primary_conflict().category == codes.ConflictCategory.VEGETATION
    third = cases[dt.date(2025, 5, 20)]
    assert (third.commune, third.closure_reason, third.referral_source) == (
        territory["cesson"],
        codes.ClosureReason.OTHER_PARTY_REFUSED,
        codes.ReferralSource.POLICE_NATIONALE,
    )
    assert [n.text for n in PrivateNote.objects.filter(case=first)] == [
        "Observations : Voisin du dossus, musique tard".replace("dossus", "dessus")
    ]
    assert not PrivateNote.objects.filter(case=second).exists()
    verbs = JournalEntry.objects.filter(subject_id=job.pk).values_list("verb", flat=True)
    assert set(verbs) == {"import_deposited", "import_requested", "imported"}


def test_the_next_file_of_the_same_shape_comes_with_the_columns_chosen_last_time(
    service, coordinator, territory, login
):
    client = login(coordinator)
    header = ["Réf.", "Ouvert le", "Ville", "Nature", "Commentaire"]
    job = deposit(
        client, "a.csv", BUILDERS["csv"](header, [["1", "02/01/2025", "Rennes", "Bruit", "x"]])
    )
    assert "opened_on" not in job.mapping  # « Ouvert le » names no field Palabre knows
    response = client.post(
        reverse("imports:mapping", args=[job.pk]),
        mapping_post(job, field_opened_on="1", field_primary_conflict="3", free_4="note"),
    )
    assert response.status_code == 302, response.content.decode()
    ImportJob.objects.all().delete()

    again = deposit(
        client, "b.csv", BUILDERS["csv"](header, [["2", "03/01/2025", "Rennes", "Odeurs", "y"]])
    )

    assert again.mapping["opened_on"] == "1"
    assert again.free_columns == {"4": "note"}
    assert RememberedMapping.objects.get(organisation=service).columns["ouvert le"] == "opened_on"


def test_a_mapping_without_a_required_field_is_refused_in_french(
    service, coordinator, territory, login
):
    client = login(coordinator)
    job = deposit(client, "a.csv", BUILDERS["csv"](HEADER, ROWS))
    response = client.post(
        reverse("imports:mapping", args=[job.pk]), mapping_post(job, field_commune="")
    )
    assert response.status_code == 200
    assert "Choisissez la colonne des champs obligatoires : Commune." in response.content.decode()
    job.refresh_from_db()
    assert job.mapping["commune"] == "2"


def test_the_templates_download_and_are_read_back_with_their_headers(coordinator, login):
    from palabre.imports import readers
    from palabre.imports.fields import CASE_FIELDS

    client = login(coordinator)
    for extension in ("xlsx", "ods"):
        response = client.get(reverse("imports:template", args=[extension]))
        assert response.status_code == 200
        content = b"".join(response.streaming_content) if response.streaming else response.content
        header, rows = readers.read(f"modele.{extension}", content)
        assert header == [str(f.label) for f in CASE_FIELDS]
        assert rows == []
    assert client.get(reverse("imports:template", args=["exe"])).status_code == 404


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("dossiers.xlsx", b"N;Date\n1;02/01/2025\n", "ne correspond pas à son extension (.xlsx)"),
        ("dossiers.exe", b"MZ\x90\x00", "Ce type de fichier n&#x27;est pas accepté"),
        ("dossiers.csv", b"", "est vide"),
        ("dossiers.csv", b"N;Date\n", "Le fichier n&#x27;a aucune ligne sous son en-tête."),
    ],
)
def test_a_bad_file_is_refused_in_french_and_nothing_is_kept(
    service, coordinator, login, name, content, message
):
    response = login(coordinator).post(reverse("imports:index"), {"file": upload(name, content)})

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ImportJob.objects.exists()


def test_unknown_values_are_answered_on_their_page_once_for_all_their_rows(
    service, coordinator, territory, login
):
    client = login(coordinator)
    rows = [[str(n), "02/01/2025", "Rennes", "", "", "Trottinettes", "", "", ""] for n in range(3)]
    job = deposit(client, "a.csv", BUILDERS["csv"](HEADER, rows))
    client.post(reverse("imports:mapping", args=[job.pk]), mapping_post(job))
    page = client.get(reverse("imports:values", args=[job.pk])).content.decode()
    assert page.count("« Trottinettes » dans la colonne Motif du conflit") == 1

    response = client.post(
        reverse("imports:values", args=[job.pk]), {"answer_primary_conflict_0": "PUBLIC_SPACE_USE"}
    )

    assert response["Location"] == reverse("imports:preview", args=[job.pk])
    assert "Importer 3 dossiers" in client.get(response["Location"]).content.decode()
    job.refresh_from_db()
    assert job.answers["primary_conflict"] == {"trottinettes": "PUBLIC_SPACE_USE"}
