"""The PDF writer and the check every PDF of the test suite goes through (pdfcheck.py): each
problem it looks for, shown on a small document made wrong on purpose."""

import re
from pathlib import Path

import pytest
from weasyprint import HTML

from palabre.core import pdf
from palabre.core.tests import pdfcheck

ROOT = Path(__file__).resolve().parents[3]


def document(body: str, *, lang="fr", title="Essai") -> str:
    return (
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>'
        f"</head><body>{body}</body></html>"
    )


WELL_MADE = document(
    "<h1>Essai</h1><h2>Tableau</h2><table><thead><tr><th scope='col'>Commune</th>"
    "<th scope='col'>Dossiers</th></tr></thead><tbody><tr><th scope='row'>Rennes</th>"
    "<td>12</td></tr></tbody></table>"
)


def wide_table(columns=30) -> str:
    headings = "".join(f"<th scope='col'>Colonne{n}</th>" for n in range(1, columns + 1))
    cells = "".join(f"<td>{n}234567</td>" for n in range(1, columns + 1))
    return document(
        f"<h1>Essai</h1><table><thead><tr>{headings}</tr></thead>"
        f"<tbody><tr>{cells}</tr></tbody></table>"
    )


def test_a_well_made_document_has_no_problem_and_says_its_title_and_language():
    content = pdf.write(WELL_MADE)

    assert pdfcheck.problems(content) == []
    reading = pdfcheck.read(content)
    assert reading.info_title == "Essai"
    assert reading.xmp == {"title": ["Essai"], "language": ["fr"]}
    assert reading.rdf_blocks == 1
    assert reading.language == "fr"
    assert pdfcheck.headings(reading) == [1, 2]


def test_a_table_wider_than_the_page_is_found(pdf_checks):
    content = pdf.write(wide_table())
    pdf_checks.take()  # too wide on purpose

    found = pdfcheck.outside_the_page(content)
    assert found, "the table reaches past the right edge"
    assert all(line.startswith("page 1: ") for line in found)
    assert any(re.search(r"text « .*Colonne30", line) for line in found), found
    assert any("outside its 595 × 842 box" in line for line in found)


def test_any_pdf_the_suite_writes_is_measured_even_outside_the_palabre_writer(pdf_checks):
    HTML(string=wide_table()).write_pdf()

    found = pdf_checks.take()
    assert any("outside its 595 × 842 box" in line for line in found), found
    assert "no XMP metadata" in found  # written without the PDF/UA variant of palabre.core.pdf


def test_a_table_that_fits_is_not_reported(pdf_checks):
    with pdf_checks.paused():
        content = pdf.write(wide_table(columns=4))
    assert pdfcheck.outside_the_page(content) == []


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("<h2>Objet</h2><p>Texte</p>", "0 headings of level 1"),
        ("<h1>Un</h1><h1>Deux</h1>", "2 headings of level 1"),
        ("<h1>Un</h1><h3>Trois</h3>", "heading levels skip from 1 to 3"),
    ],
)
def test_headings_start_at_level_one_once_and_never_skip_a_level(pdf_checks, body, expected):
    content = pdf.write(document(body))
    pdf_checks.take()

    assert any(line.startswith(expected) for line in pdfcheck.problems(content))


def test_a_row_header_without_its_scope_is_found(pdf_checks):
    """WeasyPrint takes a ``<th>`` without ``scope="row"`` for the header of a column: the cells
    of its row no longer name it."""
    content = pdf.write(WELL_MADE.replace("scope='row'", ""))
    pdf_checks.take()

    assert "table 1: a cell does not name the header of its row" in pdfcheck.problems(content)


def test_a_document_without_language_is_found(pdf_checks):
    content = pdf.write(document("<h1>Essai</h1>", lang=""))
    pdf_checks.take()

    assert "no language in the catalog (<html lang>)" in pdfcheck.problems(content)


def test_the_data_cells_of_a_pdf_name_their_row_and_column_headers():
    reading = pdfcheck.read(pdf.write(WELL_MADE))

    cells = {e.type: e for e in reading.structure.walk() if e.type in ("TH", "TD")}
    headers = [e.id for e in reading.structure.walk() if e.type == "TH"]
    assert len(headers) == 3
    assert set(cells["TD"].attributes["Headers"]) == {headers[1], headers[2]}


def test_every_table_header_of_a_printed_document_has_a_scope():
    """The templates WeasyPrint prints: their ``<th>`` say whether they head a row or a
    column."""
    templates = [
        *ROOT.glob("palabre/*/templates/*/pdf/*.html"),
        *ROOT.glob("palabre/cases/templates/cases/letters/*.html"),
    ]
    assert len(templates) >= 6
    for template in templates:
        for tag in re.findall(r"<th\b[^>]*>", template.read_text()):
            assert re.search(r'\bscope="(col|row)"', tag), (template.name, tag)


def test_weasyprint_alone_leaves_the_language_out_of_the_xmp_packet(pdf_checks):
    """Why palabre.core.pdf extends WeasyPrint's metadata."""
    HTML(string=WELL_MADE).write_pdf(pdf_variant="pdf/ua-1")

    assert pdf_checks.take() == ["XMP language [] is not « fr »"]
