"""A report as the documents that leave the service: PDF, ODS, XLSX and CSV.

Every export is made from what it is given and nothing else: a title, a subtitle, the service's
name, the generation date and ``Table`` objects (the PDF also takes the narrative written for
the funder and charts drawn from the same tables). No export reads the database, so no name,
address or note from a case can reach a document by this road. Each one applies ``suppress``
to its tables first (rule R9): a document that leaves the service never shows a small count,
whatever the caller did before.

Formats, as the funders' spreadsheets expect them:

- **CSV**: UTF-8 with a byte order mark (Excel otherwise reads accents wrong), fields separated
  by « ; » and decimals written with a comma, as French spreadsheets read them; no thousands
  separator; a percentage as « 12,5 % ». The report's title, subtitle, service and date come
  first, then one block per table (its title, its headings, its rows), blocks separated by an
  empty line.
- **ODS** and **XLSX**: one sheet per table (names of 31 characters at most, all different),
  the table's title in bold on the first row, its headings on the second. Numbers are numbers
  (percentages are numbers with a percentage format), a hidden count is the text « < 5 ».
- **PDF**: A4 portrait, every table within the width of its page (one of nine columns or more
  on a landscape page of its own); the page number and the total (« page 2 / 5 ») at the foot
  of every page with the service and the date; headings of a long table repeated on each page;
  French number format (« 1 234 », « 12,5 % »); tagged for screen readers (PDF/UA-1).
"""

import base64
import csv
import datetime as dt
import io
import re
from decimal import Decimal
from pathlib import Path
from typing import NamedTuple

from django.template.loader import render_to_string
from django.utils import formats, timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from palabre.cases.letters import long_date
from palabre.core import pdf
from palabre.reports.suppression import has_suppressed, label, legend, suppress
from palabre.reports.tables import SUPPRESSED, Table

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}
PRINT_CSS = Path(__file__).parent / "static" / "reports" / "report-print.css"
SHEET_NAME_MAX = 31


def filename(title: str, extension: str, generated_on: dt.date | None = None) -> str:
    """« rapport-ville-de-rennes-2025-2026-03-01.pdf »."""
    day = generated_on or timezone.localdate()
    return f"{slugify(title) or 'rapport'}-{day.isoformat()}.{extension}"


# --- Cells --------------------------------------------------------------------------------------


def _is_number(cell) -> bool:
    return isinstance(cell, int | float | Decimal) and not isinstance(cell, bool)


def _decimals(value: float, most: int) -> int:
    """How many decimals show ``value`` rounded to ``most`` places, trailing zeros dropped."""
    for places in range(most + 1):
        if round(value, places) == round(value, most):
            return places
    return most


def _plain(value, most: int) -> str:
    """A number as a spreadsheet reads it in French: no grouping, a decimal comma."""
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        return str(value).replace(".", ",")
    return f"{round(value, most):.{_decimals(value, most)}f}".replace(".", ",")


def _percent_value(cell) -> float:
    return float(cell) * 100


def csv_text(table: Table, column: int, cell) -> str:
    if cell is None:
        return ""
    if cell is SUPPRESSED:
        return label(table)
    if _is_number(cell):
        if column in table.percent_columns:
            return f"{_plain(_percent_value(cell), 1)} %"
        return _plain(cell, 2)
    return str(cell)


def display_text(table: Table, column: int, cell) -> str:
    """A cell as a reader sees it in French: « 1 234 », « 12,5 % », « < 5 »."""
    if cell is None:
        return ""
    if cell is SUPPRESSED:
        return label(table)
    if not _is_number(cell):
        return str(cell)
    if column in table.percent_columns:
        value = _percent_value(cell)
        text = formats.number_format(
            round(value, 1), _decimals(value, 1), use_l10n=True, force_grouping=True
        )
        return f"{text}\N{NO-BREAK SPACE}%"
    if isinstance(cell, int):
        places = None
    elif isinstance(cell, Decimal):
        places = max(0, -cell.as_tuple().exponent)
    else:
        places = _decimals(cell, 2)
        cell = round(cell, 2)
    return formats.number_format(cell, places, use_l10n=True, force_grouping=True)


def _generated_line(service_name: str, generated_on: dt.date) -> str:
    date = long_date(generated_on).replace("\N{NO-BREAK SPACE}", " ")
    if service_name:
        return _("%(service)s, document généré le %(date)s") % {
            "service": service_name,
            "date": date,
        }
    return _("Document généré le %(date)s") % {"date": date}


def _prepare(tables, threshold, generated_on):
    return suppress(list(tables), threshold), generated_on or timezone.localdate()


def _sheet_names(tables: list[Table]) -> list[str]:
    """Sheet names as both spreadsheets accept them: 31 characters at most, without
    ``[ ] : * ? / \\``, all different whatever the case."""
    names, taken = [], set()
    for index, table in enumerate(tables, start=1):
        base = re.sub(r"[\[\]:*?/\\]", " ", table.title)
        base = " ".join(base.split()).strip("'") or _("Tableau %(number)s") % {"number": index}
        name, suffix = base[:SHEET_NAME_MAX], 1
        while name.casefold() in taken:
            suffix += 1
            mark = f" ({suffix})"
            name = base[: SHEET_NAME_MAX - len(mark)].rstrip() + mark
        taken.add(name.casefold())
        names.append(name)
    return names


def _footer_lines(table: Table) -> list[str]:
    lines = []
    if table.note:
        lines.append(str(table.note))
    if has_suppressed(table):
        lines.append(legend(table))
    return lines


# --- CSV ----------------------------------------------------------------------------------------


def to_csv(
    title: str,
    subtitle: str,
    tables: list[Table],
    *,
    service_name: str = "",
    generated_on: dt.date | None = None,
    threshold: int | None = None,
) -> bytes:
    tables, generated_on = _prepare(tables, threshold, generated_on)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([_csv_safe(title)])
    if subtitle:
        writer.writerow([_csv_safe(subtitle)])
    writer.writerow([_csv_safe(_generated_line(service_name, generated_on))])
    for table in tables:
        writer.writerow([])
        writer.writerow([_csv_safe(table.title)])
        writer.writerow([_csv_safe(heading) for heading in table.headings])
        for row in table.rows:
            writer.writerow(
                [_csv_safe(csv_text(table, column, cell)) for column, cell in enumerate(row)]
            )
        for line in _footer_lines(table):
            writer.writerow([_csv_safe(line)])
    return "\N{BYTE ORDER MARK}".encode() + buffer.getvalue().encode("utf-8")


def _csv_safe(text) -> str:
    """A text that a spreadsheet would take for a formula (« =… », « +… », « @… ») is written
    with a leading apostrophe. Numbers, negative ones included, are left as they are."""
    text = str(text)
    if text[:1] in ("=", "+", "@", "\t", "\r") or (
        text[:1] == "-" and not re.fullmatch(r"-\d+(,\d+)?( %)?", text)
    ):
        return "'" + text
    return text


# --- ODS and XLSX -------------------------------------------------------------------------------


class _Sheet(NamedTuple):
    """A table as both spreadsheets write it. Each of ``rows`` is ``(total, cells)``: whether it
    is the total row, and each cell as ``(column, kind, value)`` where ``kind`` is ``"empty"``,
    ``"percent"`` or ``"number"`` (``value`` is the number) or ``"text"`` (``value`` is the
    text as the CSV writes it, « < 5 » for a hidden count). ``footer``: the lines under the
    table, the generation line last."""

    name: str
    table: Table
    rows: list[tuple[bool, list[tuple[int, str, object]]]]
    footer: list[str]


def _sheet_cell(table: Table, column: int, cell) -> tuple[int, str, object]:
    if cell is None:
        return column, "empty", None
    if _is_number(cell):
        return column, "percent" if column in table.percent_columns else "number", cell
    return column, "text", csv_text(table, column, cell)


def _sheets(tables: list[Table], service_name: str, generated_on: dt.date):
    """The walk the ODS and XLSX writers share over tables already prepared: one sheet each."""
    generated = _generated_line(service_name, generated_on)
    for table, name in zip(tables, _sheet_names(tables), strict=True):
        last = len(table.rows)
        rows = [
            (
                table.has_total and index == last,
                [_sheet_cell(table, column, cell) for column, cell in enumerate(row)],
            )
            for index, row in enumerate(table.rows, start=1)
        ]
        yield _Sheet(name, table, rows, [*_footer_lines(table), generated])


# --- ODS ----------------------------------------------------------------------------------------


def to_ods(
    title: str,
    subtitle: str,
    tables: list[Table],
    *,
    service_name: str = "",
    generated_on: dt.date | None = None,
    threshold: int | None = None,
) -> bytes:
    from odf import dc, number
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.style import Style, TableColumnProperties, TextProperties
    from odf.table import Table as Sheet
    from odf.table import TableCell, TableColumn, TableRow
    from odf.text import P

    tables, generated_on = _prepare(tables, threshold, generated_on)
    document = OpenDocumentSpreadsheet()
    document.meta.addElement(dc.Title(text=str(title)))
    if subtitle:
        document.meta.addElement(dc.Subject(text=str(subtitle)))

    bold = Style(name="Bold", family="table-cell")
    bold.addElement(TextProperties(fontweight="bold"))
    document.automaticstyles.addElement(bold)
    percent_format = number.PercentageStyle(name="Percent")
    percent_format.addElement(number.Number(decimalplaces=1, minintegerdigits=1))
    percent_format.addElement(number.Text(text="\N{NO-BREAK SPACE}%"))
    document.automaticstyles.addElement(percent_format)
    percent = Style(name="PercentCell", family="table-cell", datastylename="Percent")
    document.automaticstyles.addElement(percent)
    bold_percent = Style(name="BoldPercentCell", family="table-cell", datastylename="Percent")
    bold_percent.addElement(TextProperties(fontweight="bold"))
    document.automaticstyles.addElement(bold_percent)
    column_styles = {}

    def column_style(width: int):
        if width not in column_styles:
            style = Style(name=f"Width{width}", family="table-column")
            style.addElement(TableColumnProperties(columnwidth=f"{width * 0.22:.2f}cm"))
            document.automaticstyles.addElement(style)
            column_styles[width] = style
        return column_styles[width]

    def text_cell(text, style=None):
        cell = TableCell(valuetype="string", **({"stylename": style} if style else {}))
        cell.addElement(P(text=str(text)))
        return cell

    def add_row(sheet, cells):
        row = TableRow()
        for cell in cells:
            row.addElement(cell)
        sheet.addElement(row)

    for sheet_data in _sheets(tables, service_name, generated_on):
        table = sheet_data.table
        sheet = Sheet(name=sheet_data.name)
        for width in _column_widths(table):
            sheet.addElement(TableColumn(stylename=column_style(width)))
        add_row(sheet, [text_cell(table.title, bold)])
        add_row(sheet, [text_cell(heading, bold) for heading in table.headings])
        for total, row in sheet_data.rows:
            emphasis = {"stylename": bold} if total else {}
            cells = []
            for column, kind, value in row:
                if kind == "empty":
                    cells.append(TableCell())
                elif kind == "percent":
                    style = bold_percent if total else percent
                    cells.append(
                        TableCell(valuetype="percentage", value=float(value), stylename=style)
                    )
                    cells[-1].addElement(P(text=display_text(table, column, value)))
                elif kind == "number":
                    cells.append(TableCell(valuetype="float", value=str(value), **emphasis))
                    cells[-1].addElement(P(text=_plain(value, 2)))
                else:
                    cells.append(text_cell(value, bold if total else None))
            add_row(sheet, cells)
        add_row(sheet, [])
        for line in sheet_data.footer:
            add_row(sheet, [text_cell(line)])
        document.spreadsheet.addElement(sheet)

    output = io.BytesIO()
    document.write(output)
    return output.getvalue()


def _column_widths(table: Table) -> list[int]:
    """Each column's width in characters, from its heading and its cells (within reason)."""
    widths = [len(str(heading)) for heading in table.headings]
    for row in table.rows:
        for column, cell in enumerate(row):
            text = display_text(table, column, cell)
            if column < len(widths):
                widths[column] = max(widths[column], len(text))
            else:
                widths.append(len(text))
    return [min(max(width + 2, 8), 60) for width in widths]


# --- XLSX ---------------------------------------------------------------------------------------


def to_xlsx(
    title: str,
    subtitle: str,
    tables: list[Table],
    *,
    service_name: str = "",
    generated_on: dt.date | None = None,
    threshold: int | None = None,
) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    tables, generated_on = _prepare(tables, threshold, generated_on)
    workbook = Workbook()
    workbook.remove(workbook.active)
    workbook.properties.title = str(title)
    workbook.properties.subject = str(subtitle)
    workbook.properties.creator = str(service_name) or "Palabre"
    created = dt.datetime.combine(generated_on, dt.time(12))
    workbook.properties.created = workbook.properties.modified = created
    bold = Font(bold=True)

    def put(sheet, row, column, value, font=None, number_format=None):
        cell = sheet.cell(row=row, column=column, value=value)
        if isinstance(value, str):
            cell.data_type = "s"  # never a formula, whatever the text starts with
        if font:
            cell.font = font
        if number_format:
            cell.number_format = number_format
        return cell

    for sheet_data in _sheets(tables, service_name, generated_on):
        table = sheet_data.table
        sheet = workbook.create_sheet(title=sheet_data.name)
        put(sheet, 1, 1, str(table.title), bold)
        for column, heading in enumerate(table.headings, start=1):
            put(sheet, 2, column, str(heading), bold)
        for index, (total, row) in enumerate(sheet_data.rows, start=3):
            font = bold if total else None
            for column, kind, value in row:
                if kind == "percent":
                    put(sheet, index, column + 1, float(value), font, "0.0%")
                elif kind == "number":
                    number_format = "#,##0" if isinstance(value, int) else None
                    if isinstance(value, Decimal) and value.as_tuple().exponent < 0:
                        number_format = "#,##0." + "0" * -value.as_tuple().exponent
                    put(sheet, index, column + 1, value, font, number_format)
                elif kind == "text":
                    put(sheet, index, column + 1, value, font)
        line = len(table.rows) + 4
        for text in sheet_data.footer:
            put(sheet, line, 1, text)
            line += 1
        for column, width in enumerate(_column_widths(table), start=1):
            sheet.column_dimensions[get_column_letter(column)].width = width
        sheet.freeze_panes = "A3"

    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


# --- PDF ----------------------------------------------------------------------------------------


# A table of this many columns is set in smaller type, and one of WIDE_COLUMNS or more gets a
# landscape page of its own (report-print.css says why).
MANY_COLUMNS = 6
WIDE_COLUMNS = 9


def _width(table: Table) -> str:
    columns = len(table.headings)
    if columns >= WIDE_COLUMNS:
        return "wide"
    return "many-columns" if columns >= MANY_COLUMNS else ""


def to_pdf(
    title: str,
    subtitle: str,
    tables: list[Table],
    *,
    service_name: str = "",
    generated_on: dt.date | None = None,
    narrative: str = "",
    charts: dict[str, str] | None = None,
    threshold: int | None = None,
) -> bytes:
    """The printable report. ``charts`` maps a table's title to an SVG drawing of it, placed
    under that table (a chart whose title matches no table comes after the tables). The
    narrative is plain text: paragraphs separated by an empty line, shown as written."""
    html = render_pdf_html(
        title,
        subtitle,
        tables,
        service_name=service_name,
        generated_on=generated_on,
        narrative=narrative,
        charts=charts,
        threshold=threshold,
    )
    return pdf.write(html, stylesheets=[PRINT_CSS.read_text()])


def render_pdf_html(
    title: str,
    subtitle: str,
    tables: list[Table],
    *,
    service_name: str = "",
    generated_on: dt.date | None = None,
    narrative: str = "",
    charts: dict[str, str] | None = None,
    threshold: int | None = None,
) -> str:
    tables, generated_on = _prepare(tables, threshold, generated_on)
    charts = dict(charts or {})
    sections = []
    for table in tables:
        last = len(table.rows) - 1
        sections.append(
            {
                "title": str(table.title),
                "width": _width(table),
                "headings": [
                    {
                        "text": str(heading),
                        "number": any(
                            _is_number(row[column]) or row[column] is SUPPRESSED
                            for row in table.rows
                            if column < len(row)
                        ),
                    }
                    for column, heading in enumerate(table.headings)
                ],
                "rows": [
                    {
                        "total": table.has_total and index == last,
                        "cells": [
                            {
                                "text": display_text(table, column, cell),
                                "number": _is_number(cell) or cell is SUPPRESSED,
                            }
                            for column, cell in enumerate(row)
                        ],
                    }
                    for index, row in enumerate(table.rows)
                ],
                "notes": _footer_lines(table),
                "chart": _svg_data_uri(charts.pop(str(table.title), "")),
            }
        )
    return render_to_string(
        "reports/pdf/report.html",
        {
            "title": title,
            "subtitle": subtitle,
            "service_name": service_name,
            "generated_on": long_date(generated_on),
            "narrative": [
                paragraph.strip()
                for paragraph in re.split(r"\n\s*\n", narrative or "")
                if paragraph.strip()
            ],
            "sections": sections,
            "other_charts": [
                {"title": key, "chart": _svg_data_uri(svg)} for key, svg in charts.items() if svg
            ],
        },
    )


def _svg_data_uri(svg: str) -> str:
    """An SVG drawing as an image (``<img>``): it cannot reach outside the document, and the
    PDF gives it an alternative text."""
    if not svg:
        return ""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode("ascii")
