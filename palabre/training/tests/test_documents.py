"""The attendance sheet and the certificate, rendered for real (WeasyPrint) and read back with
pdftotext, and on their pages as a screen reader meets them (pdfcheck)."""

import datetime as dt
import subprocess
from decimal import Decimal

import pytest

from palabre.core.tests import pdfcheck
from palabre.training import actions, documents
from palabre.training.models import Period
from palabre.training.tests.conftest import NEXT_MONDAY, person

A4, A4_LANDSCAPE = (595, 842), (842, 595)


def pdf_text(pdf: bytes) -> str:
    result = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True
    )
    return " ".join(result.stdout.decode().split())


def pdf_pages(pdf: bytes) -> int:
    result = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True)
    line = next(x for x in result.stdout.decode().splitlines() if x.startswith("Pages:"))
    return int(line.split()[1])


def assert_reads_well(content: bytes, title: str):
    assert pdfcheck.problems(content) == []
    reading = pdfcheck.read(content)
    assert pdfcheck.headings(reading) == [1]
    assert reading.xmp == {"title": [f"{title} — Réseau Test"], "language": ["fr"]}


@pytest.fixture
def enrolled(session, service, coordinator):
    people = [
        person(service, "mediator", "Awa", "Diallo"),
        person(service, "mediator", "Bruno", "Le Goff"),
    ]
    return [actions.enrol(session=session, person=p, by=coordinator) for p in people]


def test_the_attendance_sheet_lists_each_person_and_each_half_day(session, enrolled):
    session.fdva = True
    session.save()
    pdf = documents.attendance_sheet_pdf(session)
    text = pdf_text(pdf)
    assert pdf.startswith(b"%PDF")
    assert pdf_pages(pdf) == 1
    for expected in (
        "Feuille d'émargement",
        "Gestion des conflits et communication non violente",
        "Maison des associations, Rennes",
        "Claire Formatrice",
        "Réseau Test",
        "DIALLO",
        "Awa",
        "LE GOFF",
        "Service Un",
        "FDVA 1",
        "Signature du formateur",
        f"{session.starts_on:%d/%m/%Y} — matin",
        f"{session.ends_on:%d/%m/%Y} — après-midi",
        "14 h",
    ):
        assert expected in text, expected
    assert_reads_well(pdf, "Feuille d'émargement")


def test_the_attendance_sheet_says_nothing_of_fdva_when_the_session_is_not(session, enrolled):
    assert "FDVA" not in pdf_text(documents.attendance_sheet_pdf(session))


def test_the_certificate_states_the_hours_actually_attended(session, enrolled, staff):
    awa = enrolled[0]
    after = session.ends_on + dt.timedelta(days=1)
    for index, half_day in enumerate(session.half_days.all()):
        actions.record_attendance(
            half_day=half_day, by=staff, present=[awa.pk] if index < 3 else [], today=after
        )
    pdf = documents.certificate_pdf(awa, today=after)
    text = pdf_text(pdf)
    for expected in (
        "Attestation de présence",
        "Awa Diallo",
        "Service Un",
        "Gestion des conflits et communication non violente",
        "Claire Formatrice",
        "10 h 30 sur 14 h",
        "3 demi-journées de présence sur 4",
        "Réseau Test",
    ):
        assert expected in text, expected
    assert Decimal("10.5") == sum(h.hours for h in session.half_days.all()[:3])
    assert_reads_well(pdf, "Attestation de présence")


def test_a_week_of_full_days_is_signed_on_landscape_sheets_that_fit_their_pages(make_session):
    """Ten half-days do not fit one page with a 2.6 cm box each: two sheets of five, each
    with the participants."""
    days = [NEXT_MONDAY + dt.timedelta(days=offset) for offset in range(5)]
    session = make_session(
        ends_on=days[-1],
        half_days=[(day, p, Decimal("3.5")) for day in days for p in Period.values],
    )

    pdf = documents.attendance_sheet_pdf(session)

    assert pdfcheck.outside_the_page(pdf) == []
    assert set(pdfcheck.page_sizes(pdf)) == {A4_LANDSCAPE}
    text = pdf_text(pdf)
    assert f"Feuille 1 sur 2 : du {days[0]:%d/%m/%Y} matin au {days[2]:%d/%m/%Y} matin" in text
    assert f"Feuille 2 sur 2 : du {days[2]:%d/%m/%Y} après-midi" in text
    assert text.count("Signature du formateur") == 2
    assert_reads_well(pdf, "Feuille d'émargement")
