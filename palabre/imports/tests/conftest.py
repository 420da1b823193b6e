"""A service with its territory (Rennes and two quartiers, one a QPV; Cesson-Sévigné without
quartiers), a coordinator, a fixed clock, and spreadsheets built with the real libraries."""

import csv
import datetime as dt
import io
import zoneinfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from palabre.cases.tests.factories import CommuneFactory, QuartierFactory
from palabre.imports import spreadsheets

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
NOW = dt.datetime(2026, 12, 7, 10, 0, tzinfo=PARIS)

# A typical service's own spreadsheet: its words, not Palabre's.
HEADER = [
    "N°",
    "Date demande",
    "Commune",
    "Quartier",
    "Orienteur",
    "Motif",
    "Date de fin",
    "Issue",
    "Observations",
]
ROWS = [
    [
        "A-001",
        dt.date(2025, 1, 14),
        "Rennes",
        "Maurepas",
        "Bailleur",
        "Bruit",
        dt.date(2025, 3, 2),
        "Accord",
        "Voisin du dessus, musique tard",
    ],
    ["A-002", dt.date(2025, 2, 3), "RENNES", "Centre", "mairie", "haie", "", "", ""],
    [
        "A-003",
        dt.date(2025, 5, 20),
        "Cesson-Sévigné",
        "",
        "Police",
        "Stationnement",
        dt.date(2025, 6, 1),
        "refus",
        "",
    ],
]


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: NOW)
    return NOW


@pytest.fixture
def territory(service):
    rennes = CommuneFactory(
        organisation=service, name="Rennes", insee_code="35238", postal_codes="35000,35200,35700"
    )
    cesson = CommuneFactory(organisation=service, name="Cesson-Sévigné", insee_code="35051")
    maurepas = QuartierFactory(commune=rennes, organisation=service, name="Maurepas", is_qpv=True)
    centre = QuartierFactory(commune=rennes, organisation=service, name="Centre")
    return {"rennes": rennes, "cesson": cesson, "maurepas": maurepas, "centre": centre}


def xlsx(header, rows) -> bytes:
    return spreadsheets.to_xlsx([("Feuille 1", [header, *rows])])


def ods(header, rows) -> bytes:
    return spreadsheets.to_ods([("Feuille 1", [header, *rows])])


def csv_bytes(header, rows, encoding="utf-8", delimiter=";") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(header)
    for row in rows:
        writer.writerow([v.strftime("%d/%m/%Y") if isinstance(v, dt.date) else v for v in row])
    return out.getvalue().encode(encoding)


def upload(name, content) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


BUILDERS = {"xlsx": xlsx, "ods": ods, "csv": csv_bytes}
