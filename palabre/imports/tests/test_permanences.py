"""The import of permanences: a service's own table of its drop-in sessions, through every page
with real XLSX, ODS and CSV files, each permanence created by ``create_permanence`` (its
sessions planned); unknown venues and bad hours listed in French, all or nothing, and nothing
added twice."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils.html import escape

from palabre.core.models import JournalEntry
from palabre.imports import actions
from palabre.imports.models import ImportedRow, ImportJob, ImportStatus
from palabre.imports.tests.conftest import BUILDERS, upload, xlsx
from palabre.imports.tests.test_import import database_digest, imported, work
from palabre.partners.tests.factories import VenueFactory
from palabre.permanences.models import Frequency, Permanence, Weekday

HEADER = ["Lieu", "Jour", "Fréquence", "Semaines", "Début", "Fin", "Créneau", "En ligne"]
ROWS = [
    ["Maison du Ronceray", "Mardi", "hebdomadaire", "", dt.time(14), dt.time(17), 45, "oui"],
    ["maison du ronceray", "jeu", "certaines semaines", "2 et 4", "9h30", "12h", "30 min", ""],
    ["Mairie de quartier", "Samedis", "", "", "10:00", "12:00", "", "non"],
]


@pytest.fixture
def venues(service, territory):
    return {
        "ronceray": VenueFactory(
            organisation=service, name="Maison du Ronceray", commune=territory["rennes"]
        ),
        "mairie": VenueFactory(
            organisation=service, name="Mairie de quartier", commune=territory["rennes"]
        ),
    }


def prepared(service, coordinator, rows, header=HEADER):
    job = actions.deposit(
        organisation=service,
        by=coordinator,
        upload=upload("permanences.xlsx", xlsx(header, rows)),
        kind="permanences",
    )
    return actions.set_mapping(
        job=job, by=coordinator, mapping=job.mapping, free_columns={}, defaults={}
    )


@pytest.mark.parametrize("extension", ["xlsx", "ods", "csv"])
def test_a_service_table_of_permanences_goes_through_every_step_and_sessions_are_planned(
    transactional_db, service, coordinator, venues, login, extension
):
    client = login(coordinator)
    response = client.post(
        reverse("imports:index"),
        {
            "kind": "permanences",
            "file": upload(f"permanences.{extension}", BUILDERS[extension](HEADER, ROWS)),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    job = ImportJob.objects.get()
    assert job.mapping == {
        "venue": "0",
        "weekday": "1",
        "frequency": "2",
        "weeks_of_month": "3",
        "starts_at": "4",
        "ends_at": "5",
        "slot_minutes": "6",
        "is_public": "7",
    }
    data = {f"field_{key}": col for key, col in job.mapping.items()}
    response = client.post(
        reverse("imports:mapping", args=[job.pk]), data | {"default_frequency": "WEEKLY"}
    )
    assert response["Location"] == reverse("imports:values", args=[job.pk])
    preview = client.get(reverse("imports:preview", args=[job.pk])).content.decode()
    assert "Importer 3 permanences" in preview

    client.post(reverse("imports:preview", args=[job.pk]))
    work()

    job.refresh_from_db()
    assert (job.status, job.imported_count) == (ImportStatus.DONE, 3)
    done = client.get(reverse("imports:progress", args=[job.pk])).content.decode()
    assert "3 permanences créées, leurs séances au calendrier." in done
    made = {p.weekday: p for p in Permanence.objects.of(service)}
    tuesday = made[Weekday.TUESDAY]
    assert (tuesday.venue, tuesday.frequency, tuesday.starts_at, tuesday.ends_at) == (
        venues["ronceray"],
        Frequency.WEEKLY,
        dt.time(14),
        dt.time(17),
    )
    assert (tuesday.slot_minutes, tuesday.is_public, tuesday.skip_school_holidays) == (
        45,
        True,
        True,
    )
    assert tuesday.valid_from == dt.date(2026, 12, 7)
    assert tuesday.occurrences.exists()  # planned as a permanence created on its page
    thursday = made[Weekday.THURSDAY]
    assert (thursday.frequency, thursday.weeks_of_month, thursday.starts_at) == (
        Frequency.WEEKS_OF_MONTH,
        "2,4",
        dt.time(9, 30),
    )
    assert (thursday.slot_minutes, thursday.is_public) == (30, True)
    saturday = made[Weekday.SATURDAY]
    assert (saturday.venue, saturday.is_public, saturday.slot_minutes) == (
        venues["mairie"],
        False,
        45,
    )
    created = JournalEntry.objects.filter(verb="permanence_created", actor=coordinator.user)
    assert created.count() == 3


def test_bad_rows_are_listed_in_french_with_their_row_and_column(
    service, coordinator, venues, login
):
    rows = [
        ["Salle inconnue", "mardi", "", "", "14h", "17h", "", ""],
        ["Mairie de quartier", "mardi", "", "", "vers 14h", "17h", "", ""],
        ["Mairie de quartier", "mercredi", "", "", "17h", "14h", "", ""],
        ["Mairie de quartier", "jeudi", "", "", "14h", "14h30", "45", ""],
        ["Mairie de quartier", "vendredi", "certaines semaines", "", "14h", "17h", "", ""],
        ["Mairie de quartier", "lundi", "", "", "14h", "17h", "une heure", ""],
        ["Mairie de quartier", "", "", "", "14h", "17h", "", ""],
    ]
    job = prepared(service, coordinator, rows)

    page = login(coordinator).get(reverse("imports:preview", args=[job.pk])).content.decode()

    expected = [
        (
            2,
            "Lieu",
            "lieu inconnu « Salle inconnue » : ajoutez-le d'abord aux lieux d'accueil du service.",
        ),
        (3, "Début", "heure illisible « vers 14h » (attendu : 14:00 ou 14h30)."),
        (4, "Fin", "l'heure de fin doit suivre l'heure de début."),
        (5, "Créneau", "un créneau dure plus longtemps que la permanence."),
        (6, "Semaines", "indiquez les semaines du mois : 1 à 5, ou -1 pour la dernière."),
        (
            7,
            "Créneau",
            "durée illisible « une heure » (attendu : un nombre de minutes, de 5 à 480).",
        ),
        (8, "Jour", "valeur manquante (« Jour » est obligatoire)."),
    ]
    for row, column, message in expected:
        assert (
            f'<th scope="row" class="fw-normal">{row}</th><td>{escape(column)}</td>'
            f"<td>{escape(message)}</td>"
        ) in page, (row, message)
    assert "7 erreurs à corriger dans le fichier" in page


def test_an_error_in_the_last_row_creates_no_permanence_and_changes_nothing(
    transactional_db, service, coordinator, venues
):
    rows = [*ROWS, ["Mairie de quartier", "lundi", "", "", "18h", "9h", "", ""]]
    job = prepared(service, coordinator, rows)
    before = database_digest()

    job = imported(job)

    assert job.status == ImportStatus.FAILED
    assert job.errors == [
        {"row": 5, "column": "Fin", "message": "l'heure de fin doit suivre l'heure de début."}
    ]
    assert database_digest() == before
    assert not Permanence.objects.exists()


def test_the_same_table_imported_twice_adds_nothing_the_second_time(
    transactional_db, service, coordinator, venues
):
    first = imported(prepared(service, coordinator, ROWS))
    more = [*ROWS, ["Mairie de quartier", "mercredi", "", "", "14h", "16h", "", ""]]
    second = imported(prepared(service, coordinator, more))

    assert (first.imported_count, second.imported_count, second.skipped_count) == (3, 1, 3)
    assert Permanence.objects.of(service).count() == 4
    assert ImportedRow.objects.of(service).filter(kind="permanences").count() == 4


def test_a_permanence_the_venue_already_holds_is_left_aside_and_said_so(
    service, coordinator, venues, login
):
    from palabre.permanences import actions as permanence_actions

    permanence_actions.create_permanence(
        organisation=service,
        by=coordinator,
        venue=venues["ronceray"],
        weekday=Weekday.TUESDAY,
        starts_at=dt.time(14),
        ends_at=dt.time(16),
        valid_from=dt.date(2026, 1, 5),
    )
    job = prepared(service, coordinator, ROWS)

    page = login(coordinator).get(reverse("imports:preview", args=[job.pk])).content.decode()

    assert (
        escape("le lieu tient déjà une permanence ce jour à cette heure : ligne laissée de côté.")
        in page
    )
    assert "Importer 2 permanences" in page
