"""Reading a spreadsheet into a header and rows of cells, with openpyxl (XLSX), odfpy (ODS)
and the csv module (CSV in UTF-8 or Windows-1252, « ; », « , » or tab separated).

A cell comes back as ``str``, ``datetime.date`` or a number; an empty one as ``""``. Rows
that are entirely empty are dropped, but every row keeps its number in the file (the header
being row 1) so that errors name the row the person sees in their spreadsheet."""

import csv
import datetime as dt
import io
from pathlib import PurePath

from django.utils.translation import gettext as _

from palabre.core.actions import Refused

FORMATS = (".xlsx", ".ods", ".csv")
MAX_ROWS = 50_000
MAX_COLUMNS = 60


class UnreadableFile(Refused):
    """The file cannot be read as the spreadsheet its name says; ``message`` says why."""


def read(name: str, content: bytes):
    """``(header, [(row number, cells), …])`` for the first sheet of the file."""
    suffix = PurePath(name).suffix.lower()
    reader = {".xlsx": _xlsx_rows, ".ods": _ods_rows, ".csv": _csv_rows}.get(suffix)
    if reader is None:
        raise UnreadableFile(_("Déposez un fichier XLSX, ODS ou CSV."))
    try:
        rows = reader(content)
        header = None
        body = []
        for number, cells in enumerate(rows, start=1):
            cells = [_clean(cell) for cell in cells[:MAX_COLUMNS]]
            if header is None:
                if any(cells):
                    header = [str(cell).strip() for cell in cells]
                continue
            if any(cell != "" for cell in cells):
                body.append((number, cells + [""] * (len(header) - len(cells))))
                if len(body) > MAX_ROWS:
                    raise UnreadableFile(
                        _("Le fichier compte plus de %(max)s lignes : découpez-le.")
                        % {"max": f"{MAX_ROWS:n}"}
                    )
    except UnreadableFile:
        raise
    except Exception as error:  # a damaged file raises whatever its library raises
        raise UnreadableFile(
            _("Ce fichier ne peut pas être lu comme un tableur %(format)s : est-il endommagé ?")
            % {"format": suffix[1:].upper()}
        ) from error
    if header is None:
        raise UnreadableFile(_("Le fichier est vide : aucune ligne d'en-tête trouvée."))
    while header and not header[-1]:
        header.pop()
    return header, [(number, cells[: len(header)]) for number, cells in body]


def _clean(cell):
    if cell is None:
        return ""
    if isinstance(cell, dt.datetime):
        return cell.date() if cell.time() == dt.time() else cell
    if isinstance(cell, str):
        return cell.strip()
    if isinstance(cell, float) and cell.is_integer():
        return int(cell)
    return cell


def _xlsx_rows(content: bytes):
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    try:
        sheet = workbook.worksheets[0]
        for row in sheet.iter_rows(values_only=True):
            yield list(row)
    finally:
        workbook.close()


def _ods_rows(content: bytes):
    from odf import opendocument, table, teletype

    document = opendocument.load(io.BytesIO(content))
    sheet = document.spreadsheet.getElementsByType(table.Table)[0]
    for row in sheet.getElementsByType(table.TableRow):
        repeat_rows = int(row.getAttribute("numberrowsrepeated") or 1)
        cells = []
        for cell in row.childNodes:
            if cell.qname[1] not in ("table-cell", "covered-table-cell"):
                continue
            repeat = int(cell.getAttribute("numbercolumnsrepeated") or 1)
            cells.extend([_ods_value(cell, teletype)] * min(repeat, MAX_COLUMNS))
        while cells and cells[-1] in ("", None):
            cells.pop()
        if not cells and repeat_rows > 1000:
            return  # the empty filler that ends a sheet
        for _repeat in range(repeat_rows):
            yield cells


def _ods_value(cell, teletype):
    kind = cell.getAttribute("valuetype")
    if kind == "date":
        value = cell.getAttribute("datevalue")
        return dt.datetime.fromisoformat(value) if "T" in value else dt.date.fromisoformat(value)
    if kind in ("float", "percentage", "currency"):
        return float(cell.getAttribute("value"))
    return teletype.extractText(cell)


def _csv_rows(content: bytes):
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("cp1252")
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=";,\t")
    except csv.Error:

        class dialect(csv.excel):
            delimiter = ";" if sample.count(";") > sample.count(",") else ","

    yield from csv.reader(io.StringIO(text), dialect)
