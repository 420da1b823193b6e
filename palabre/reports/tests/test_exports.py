"""The four exports, read back as a funder would open them: CSV with the csv module, ODS with
odfpy and with LibreOffice, XLSX with openpyxl, PDF with pdftotext and pdfinfo. Each compares
the figures to the tables after suppression: numbers as numbers, small counts as « < 5 »."""

import copy
import csv
import datetime as dt
import io
import re
import subprocess
from decimal import Decimal

import pytest
from odf import opendocument
from odf.namespaces import OFFICENS
from odf.table import Table as OdsSheet
from odf.table import TableCell, TableRow
from openpyxl import load_workbook

from palabre.reports import exports
from palabre.reports.suppression import legend, suppress
from palabre.reports.tables import SUPPRESSED, Table
from palabre.reports.tests.support import ods_as_csv

MARKER = "TITRE-REPERE-5821"
TITLE = "Rapport d'activité 2025"
SUBTITLE = "Convention avec la Ville de Rennes, du 1er janvier au 31 décembre 2025"
SERVICE = "Cité et Médiation"
DAY = dt.date(2026, 3, 1)
NARRATIVE = "L'année a vu <b>deux</b> nouvelles permanences.\n\nLe quartier nord a doublé."


def report_tables():
    """Three tables as the indicators give them, small counts still there."""
    return [
        Table(
            title=f"Dossiers par commune {MARKER}",
            headings=["Commune", "Dossiers", "Part des dossiers"],
            rows=[
                ["Rennes", 1234, 0.9573],
                ["Cesson-Sévigné", 3, 0.0023],
                ["Bruz", 40, 0.031],
                ["Saint-Jacques-de-la-Lande", 12, 0.0093],
                ["Total", 1289, 1.0],
            ],
            count_columns=[1],
            has_total=True,
            depends_on={2: 1},
            percent_columns=[2],
            note="Commune du logement du demandeur.",
        ),
        Table(
            title="Délais et valorisation du temps bénévole des médiateurs",
            headings=["Étape", "Dossiers", "Médiane (jours)", "Valorisation (€)"],
            rows=[
                ["Premier entretien", 215, 12.5, Decimal("356.40")],
                ["Rencontre", 48, 30.25, None],
                ["Clôture", 0, None, Decimal("0.00")],
            ],
            count_columns=[1],
        ),
        Table(
            title="Délais et valorisation du temps bénévole des bénévoles",
            headings=["Mois", "Heures"],
            rows=[["janvier", 12.5], ["février", 8]],
        ),
    ]


def export(kind, tables=None, **options):
    arguments = {"service_name": SERVICE, "generated_on": DAY, **options}
    if kind == "pdf":
        arguments.setdefault("narrative", NARRATIVE)
    maker = getattr(exports, f"to_{kind}")
    return maker(TITLE, SUBTITLE, report_tables() if tables is None else tables, **arguments)


def expected(tables=None):
    """The cells every export must show: the suppressed tables, one value per cell."""
    return suppress(report_tables() if tables is None else tables, threshold=5)


def as_number(text: str) -> float:
    """A number written by a French spreadsheet or by LibreOffice's export (« 12,5 % »)."""
    text = text.replace("\N{NO-BREAK SPACE}", " ").strip()
    if text.endswith("%"):
        return as_number(text[:-1]) / 100
    return float(text.replace(" ", "").replace(",", "."))


def assert_same_cell(table, column, shown, cell):
    if cell is None:
        assert shown in (None, ""), (table.title, shown)
    elif cell is SUPPRESSED:
        assert shown == "< 5", (table.title, shown)
    elif isinstance(cell, int | float | Decimal):
        value = shown if isinstance(shown, int | float) else as_number(shown)
        tolerance = 0.0005 if column in table.percent_columns else 1e-9
        assert value == pytest.approx(float(cell), abs=tolerance), (table.title, shown, cell)
    else:
        assert shown == cell, (table.title, shown)


def assert_same_rows(table, rows):
    """``rows`` read back: the headings, then one row per row of the table."""
    assert list(rows[0][: len(table.headings)]) == table.headings
    for source, shown in zip(table.rows, rows[1 : len(table.rows) + 1], strict=True):
        shown = list(shown) + [None] * (len(source) - len(shown))
        for column, cell in enumerate(source):
            assert_same_cell(table, column, shown[column], cell)


# --- CSV ----------------------------------------------------------------------------------------


def read_csv(data: bytes) -> list[list[list[str]]]:
    """The CSV's blocks (separated by an empty line), each a list of rows."""
    assert data.startswith("\N{BYTE ORDER MARK}".encode())
    blocks, block = [], []
    for row in csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"):
        if row:
            block.append(row)
        else:
            blocks.append(block)
            block = []
    return [*blocks, block]


def test_the_csv_export_is_one_block_per_table_as_french_spreadsheets_read_it():
    data = export("csv")
    header, *blocks = read_csv(data)
    assert header == [[TITLE], [SUBTITLE], ["Cité et Médiation, document généré le 1er mars 2026"]]
    assert b";" in data and b"\r\n" in data
    for table, block in zip(expected(), blocks, strict=True):
        assert block[0] == [table.title]
        assert_same_rows(table, block[1:])
    communes = blocks[0]
    assert communes[2] == ["Rennes", "1234", "95,7 %"]
    assert communes[3] == ["Cesson-Sévigné", "< 5", "< 5"]
    assert communes[4] == ["Bruz", "40", "3,1 %"]
    # 3 would be 1289 - 1234 - 40 - 12: the next smallest count is hidden with it.
    assert communes[5] == ["Saint-Jacques-de-la-Lande", "< 5", "< 5"]
    assert communes[-2:] == [["Commune du logement du demandeur."], [legend(expected()[0])]]
    assert blocks[1][2:5] == [
        ["Premier entretien", "215", "12,5", "356,40"],
        ["Rencontre", "48", "30,25", ""],
        ["Clôture", "0", "", "0,00"],
    ]


def test_a_text_that_a_spreadsheet_would_take_for_a_formula_stays_a_text():
    table = Table(
        title='=HYPERLINK("http://exemple.test")',
        headings=["Libellé", "Écart"],
        rows=[["+33 6", -3], ["@SOMME", 4.5], ["-moins", 12]],
    )
    [_header, block] = read_csv(export("csv", [table]))
    assert block[0] == ['\'=HYPERLINK("http://exemple.test")']
    assert block[2:] == [["'+33 6", "-3"], ["'@SOMME", "4,5"], ["'-moins", "12"]]

    sheet = load_workbook(io.BytesIO(export("xlsx", [table])), data_only=False).active
    assert sheet["A1"].value == table.title and sheet["A1"].data_type == "s"
    assert sheet["A3"].value == "+33 6" and sheet["B3"].value == -3


# --- ODS ----------------------------------------------------------------------------------------


def ods_rows(sheet) -> list[list]:
    """A sheet's rows: floats and percentages as Python numbers, other cells as their text."""
    rows = []
    for row in sheet.getElementsByType(TableRow):
        cells = []
        for cell in row.getElementsByType(TableCell):
            kind = cell.getAttrNS(OFFICENS, "value-type")
            if kind in ("float", "percentage"):
                cells.append(float(cell.getAttrNS(OFFICENS, "value")))
            elif kind == "string":
                cells.append(str(cell))
            else:
                cells.append(None)
        rows.append(cells)
    return rows


def test_the_ods_export_has_one_sheet_per_table_with_numbers_as_numbers(tmp_path):
    path = tmp_path / "rapport.ods"
    path.write_bytes(export("ods"))
    document = opendocument.load(str(path))
    sheets = document.spreadsheet.getElementsByType(OdsSheet)
    tables = expected()
    assert [sheet.getAttribute("name") for sheet in sheets] == [
        f"Dossiers par commune {MARKER}"[:31],
        "Délais et valorisation du temps",
        "Délais et valorisation du t (2)",
    ]
    for table, sheet in zip(tables, sheets, strict=True):
        rows = ods_rows(sheet)
        assert rows[0] == [table.title]
        assert_same_rows(table, rows[1:])
    first = sheets[0].getElementsByType(TableRow)
    rennes = first[2].getElementsByType(TableCell)
    assert rennes[1].getAttrNS(OFFICENS, "value-type") == "float"
    assert rennes[2].getAttrNS(OFFICENS, "value-type") == "percentage"
    cesson = first[3].getElementsByType(TableCell)
    assert cesson[1].getAttrNS(OFFICENS, "value-type") == "string"
    assert str(cesson[1]) == "< 5"
    title_style = first[0].getElementsByType(TableCell)[0].getAttribute("stylename")
    assert title_style == "Bold"
    total = first[6].getElementsByType(TableCell)
    assert [cell.getAttribute("stylename") for cell in total] == ["Bold", "Bold", "BoldPercentCell"]


@pytest.mark.libreoffice
def test_libreoffice_opens_the_ods_export_with_the_same_numbers(soffice, tmp_path):
    source = tmp_path / "rapport.ods"
    source.write_bytes(export("ods"))
    out = ods_as_csv(soffice, source, tmp_path)
    tables = expected()
    names = exports._sheet_names(tables)
    for table, name in zip(tables, names, strict=True):
        text = (out / f"rapport-{name}.csv").read_text(encoding="utf-8")
        rows = [
            [as_number_en(cell) for cell in row]
            for row in csv.reader(io.StringIO(text), delimiter=";")
        ]
        assert rows[0][0] == table.title
        assert_same_rows(table, rows[1:])


def as_number_en(text: str):
    """LibreOffice's raw values in en-US: « 1234 », « 30.25 », « 95.7% »; texts stay texts."""
    if re.fullmatch(r"-?\d+(\.\d+)?%?", text):
        return float(text.rstrip("%")) / (100 if text.endswith("%") else 1)
    return text or None


# --- XLSX ---------------------------------------------------------------------------------------


def test_the_xlsx_export_has_one_sheet_per_table_with_numbers_as_numbers():
    workbook = load_workbook(io.BytesIO(export("xlsx")))
    tables = expected()
    assert workbook.sheetnames == [
        f"Dossiers par commune {MARKER}"[:31],
        "Délais et valorisation du temps",
        "Délais et valorisation du t (2)",
    ]
    assert workbook.properties.title == TITLE
    for table, sheet in zip(tables, workbook.worksheets, strict=True):
        rows = [list(row) for row in sheet.iter_rows(values_only=True)]
        assert rows[0][0] == table.title
        assert sheet["A1"].font.bold
        assert_same_rows(table, rows[1:])
    communes = workbook.worksheets[0]
    assert communes["B3"].value == 1234 and communes["B3"].data_type == "n"
    assert communes["C3"].data_type == "n" and communes["C3"].number_format == "0.0%"
    assert communes["B4"].value == "< 5" and communes["B4"].data_type == "s"
    assert communes["B7"].value == 1289 and communes["B7"].font.bold
    assert communes.column_dimensions["A"].width >= len("Saint-Jacques-de-la-Lande")
    delays = workbook.worksheets[1]
    assert delays["D3"].value == Decimal("356.40") or delays["D3"].value == 356.4
    assert delays["D3"].data_type == "n"


def test_sheet_names_are_short_unique_and_acceptable_to_both_spreadsheets():
    titles = ["A/B : C?", "x" * 40, "x" * 40, "X" * 40, "'Cité'", ""]
    names = exports._sheet_names([Table(title=title, headings=[]) for title in titles])
    assert names == [
        "A B C",
        "x" * 31,
        "x" * 27 + " (2)",
        "X" * 27 + " (3)",
        "Cité",
        "Tableau 6",
    ]
    assert all(len(name) <= 31 for name in names)


# --- PDF ----------------------------------------------------------------------------------------


def pdf_text(pdf: bytes) -> str:
    result = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", "-", "-"],
        input=pdf,
        capture_output=True,
        check=True,
    )
    return " ".join(result.stdout.decode().replace("\N{NO-BREAK SPACE}", " ").split())


@pytest.fixture(scope="module")
def pdf():
    # One chart for a table, one for no table; about a second to render.
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="300" height="120">'
        '<rect width="200" height="40" fill="#000091"/></svg>'
    )
    charts = {f"Dossiers par commune {MARKER}": svg, "Évolution mensuelle": svg}
    return export("pdf", charts=charts)


def test_the_pdf_export_is_an_a4_document_with_the_title_and_the_figures(pdf):
    info = subprocess.run(
        ["pdfinfo", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    assert re.search(r"Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)", info)
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert re.search(rf"Title:\s+{re.escape(TITLE)}", info)

    text = pdf_text(pdf)
    for words in (TITLE, SUBTITLE, MARKER, "Document généré le 1er mars 2026"):
        assert words in text
    assert "Rennes 1 234 95,7 %" in text
    assert re.search(r"Cesson-Sévigné <\s?5 <\s?5 Bruz 40 3,1 %", text)
    assert re.search(r"Saint-Jacques-de-la-Lande <\s?5 <\s?5 Total", text)
    assert "Total 1 289 100 %" in text
    assert "Premier entretien 215 12,5 356,40" in text
    assert "Rencontre 48 30,25" in text
    assert "Commune du logement du demandeur." in text
    assert "effectif inférieur à 5" in text
    assert f"Cité et Médiation — généré le 1er mars 2026 page 1 / {pages}" in text
    assert "Évolution mensuelle" in text


def test_the_narrative_of_the_pdf_is_plain_text(pdf):
    text = pdf_text(pdf)
    assert "L'année a vu <b>deux</b> nouvelles permanences." in text
    assert "Le quartier nord a doublé." in text


def test_the_headings_of_a_long_table_come_back_on_every_page():
    table = Table(
        title="Dossiers par mois",
        headings=["Mois", "Dossiers ouverts"],
        rows=[[f"Mois {index}", 100 + index] for index in range(90)],
        count_columns=[1],
    )
    pdf = exports.to_pdf("Long", "", [table], generated_on=DAY)
    pages = pdf_text(pdf).split("page ")
    assert len(pages) > 2
    assert all("Mois Dossiers ouverts" in page for page in pages[:-1])


# --- What an export may show ---------------------------------------------------------------------


def test_every_export_hides_small_counts_that_the_tables_still_hold():
    raw = report_tables()
    assert raw[0].rows[1][1] == 3
    [_header, communes, *_] = read_csv(export("csv", raw))
    assert communes[3][1] == "< 5"
    sheet = load_workbook(io.BytesIO(export("xlsx", raw))).worksheets[0]
    assert sheet["B4"].value == "< 5"
    assert raw == report_tables(), "the tables given are left as they were"


def test_the_threshold_of_the_settings_reaches_every_export(settings):
    settings.PALABRE_SMALL_CELL_THRESHOLD = 13
    [_header, communes, *_] = read_csv(export("csv"))
    assert communes[5] == ["Saint-Jacques-de-la-Lande", "< 13", "< 13"]
    sheet = load_workbook(io.BytesIO(export("xlsx"))).worksheets[0]
    assert sheet["B6"].value == "< 13"
    assert "inférieur à 13" in str(communes[-1])


def allowed_texts(tables, threshold=5) -> set[str]:
    """Every text an export may write: what it was given, the figures of its tables and the
    lines it adds itself (generation line, legends)."""
    texts = {TITLE, SUBTITLE, exports._generated_line(SERVICE, DAY)}
    for table in suppress(tables, threshold):
        texts.add(str(table.title))
        texts.update(str(heading) for heading in table.headings)
        texts.update(exports._footer_lines(table))
        for row in table.rows:
            for column, cell in enumerate(row):
                texts.add(exports.csv_text(table, column, cell))
                texts.add(exports.display_text(table, column, cell))
    return texts


def test_the_spreadsheets_and_the_csv_hold_only_what_their_tables_hold(tmp_path):
    tables = report_tables()
    allowed = allowed_texts(tables) | {""}

    csv_cells = {cell for block in read_csv(export("csv")) for row in block for cell in row}
    assert csv_cells <= allowed, csv_cells - allowed

    workbook = load_workbook(io.BytesIO(export("xlsx")))
    xlsx_texts = {
        cell.value
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str)
    }
    assert xlsx_texts <= allowed, xlsx_texts - allowed

    path = tmp_path / "rapport.ods"
    path.write_bytes(export("ods"))
    ods_texts = {
        cell
        for sheet in opendocument.load(str(path)).spreadsheet.getElementsByType(OdsSheet)
        for row in ods_rows(sheet)
        for cell in row
        if isinstance(cell, str)
    }
    assert ods_texts <= allowed, ods_texts - allowed


def test_the_pdf_holds_only_what_its_tables_and_narrative_hold(pdf):
    fixed = "Document généré le Commentaire page / — Graphique : Évolution mensuelle"
    allowed_words = set(
        " ".join([*allowed_texts(report_tables()), NARRATIVE, SERVICE, fixed])
        .replace("\N{NO-BREAK SPACE}", " ")
        .split()
    )
    words = set(pdf_text(pdf).split())
    unexpected = {word for word in words - allowed_words if not word.isdigit()}
    assert unexpected <= {"<5"}, unexpected


def test_an_export_leaves_its_tables_as_they_were():
    tables = report_tables()
    before = copy.deepcopy(tables)
    for kind in ("csv", "ods", "xlsx"):
        export(kind, tables)
    assert tables == before


def test_a_report_file_is_named_after_its_title_and_its_date():
    assert exports.filename(TITLE, "pdf", DAY) == "rapport-dactivite-2025-2026-03-01.pdf"
    assert exports.filename("", "csv", DAY) == "rapport-2026-03-01.csv"
