"""Palabre's templates for an import, as XLSX (openpyxl) and ODS (odfpy): one header row with
the fields' labels, a second sheet listing the codes each coded column accepts."""

import datetime as dt
import io

from django.utils.translation import gettext as _

from palabre.imports import fields as spec
from palabre.imports import kinds

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ODS_TYPE = "application/vnd.oasis.opendocument.spreadsheet"


def template_sheets(kind: str):
    fields = spec.fields_of(kind)
    header = [str(f.label) for f in fields]
    codes = [[_("Colonne"), _("Valeur acceptée")]]
    for f in fields:
        if f.kind == spec.CODE:
            codes += [[str(f.label), str(label)] for _code, label in f.choices.choices]
        elif f.kind == spec.BOOL:
            codes += [[str(f.label), _("oui")], [str(f.label), _("non")]]
    return [(kinds.sheet_title(kind), [header]), (_("Valeurs"), codes)]


def to_xlsx(sheets) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    for title, rows in sheets:
        sheet = workbook.create_sheet(title)
        for row in rows:
            cells = []
            for value in row:
                if isinstance(value, dt.date):
                    value = WriteOnlyCell(sheet, value=value)
                    value.number_format = "DD/MM/YYYY"
                cells.append(value)
            sheet.append(cells)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def to_ods(sheets) -> bytes:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    document = OpenDocumentSpreadsheet()
    for title, rows in sheets:
        table = Table(name=title)
        for row in rows:
            line = TableRow()
            for value in row:
                if isinstance(value, dt.date):
                    cell = TableCell(valuetype="date", datevalue=value.isoformat())
                elif isinstance(value, (int, float)) and not isinstance(value, bool):
                    cell = TableCell(valuetype="float", value=value)
                else:
                    cell = TableCell(valuetype="string")
                cell.addElement(P(text="" if value is None else str(value)))
                line.addElement(cell)
            table.addElement(line)
        document.spreadsheet.addElement(table)
    out = io.BytesIO()
    document.write(out)
    return out.getvalue()
