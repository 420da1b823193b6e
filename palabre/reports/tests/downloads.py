"""Reading a list's download back, as a spreadsheet would: its data rows, whatever the format.

A download holds one table: its title, its headings, its rows, then its notes (after an empty
line in a spreadsheet, right under the rows in a CSV: ``reports.exports``). The rows are those
under the headings, as wide as they are, up to the first empty line."""

import csv
import io
import zipfile


def data_rows(extension: str, content: bytes) -> list[list[str]]:
    reader = {"csv": _csv_rows, "ods": _ods_rows, "xlsx": _xlsx_rows}[extension]
    return _between_headings_and_blank(reader(content))


def text_of(extension: str, content: bytes) -> str:
    """Everything a download says, its metadata included (an ODS or XLSX file is a zip of XML)."""
    if extension == "csv":
        return content.decode("utf-8-sig")
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return "\n".join(archive.read(name).decode("utf-8") for name in archive.namelist())


def _between_headings_and_blank(rows: list[list[str]]) -> list[list[str]]:
    start = next(index for index, row in enumerate(rows) if row[:1] == ["Référence"])
    width = len(rows[start])
    found = []
    for row in rows[start + 1 :]:
        if not any(row) or len(row) != width:
            break
        found.append(row)
    return found


def _csv_rows(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def _xlsx_rows(content: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    return [
        ["" if value is None else str(value) for value in row]
        for row in sheet.iter_rows(values_only=True)
    ]


def _ods_rows(content: bytes) -> list[list[str]]:
    from odf import teletype
    from odf.opendocument import load
    from odf.table import Table, TableCell, TableRow

    sheet = load(io.BytesIO(content)).spreadsheet.getElementsByType(Table)[0]
    return [
        [teletype.extractText(cell) for cell in row.getElementsByType(TableCell)]
        for row in sheet.getElementsByType(TableRow)
    ]
