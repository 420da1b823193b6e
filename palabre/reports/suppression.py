"""Small-cell suppression: what a document leaving the service hides (rule R9).

A figure about three households of one residence points at people. Before a table leaves the
service (PDF, spreadsheet, CSV), ``suppress`` hides its small counts:

1. **Small counts.** In the count columns (``Table.count_columns``), every cell ``n`` with
   ``0 < n < threshold`` becomes ``SUPPRESSED``, totals included: a small total is hidden too.
   Zero stays zero: « nobody » says nothing about a person.
2. **Complementary cells.** When the table ends with a total row (``Table.has_total``) and a
   count column has exactly one hidden cell above a total that is shown, the hidden count would
   come back by subtraction. The smallest other non-zero cell of that column is hidden as well
   (the total itself when there is none). Columns only: the tables of a report have no total
   column.
3. **Figures computed from counts.** A rate or a share (``Table.depends_on``) is hidden in
   every row where a count it is computed from is hidden: 20 % of 15 is 3.

Every hidden cell shows the same mark, « < 5 » for the default threshold, whether it is small
itself or hidden to protect a small one; the documents say so in a legend. The rule works table
by table: a figure repeated in two tables of the same document is hidden in both only if it is
small, so a report should not publish a total in one table and the same breakdown minus one row
in another.

The threshold is ``PALABRE_SMALL_CELL_THRESHOLD`` (5 by default). ``suppress`` returns new
tables and leaves the ones it is given as they were.
"""

from dataclasses import replace
from decimal import Decimal

from django.conf import settings
from django.utils.translation import gettext as _

from palabre.reports.tables import SUPPRESSED, Table


def default_threshold() -> int:
    return settings.PALABRE_SMALL_CELL_THRESHOLD


def suppress(tables: list[Table], threshold: int | None = None) -> list[Table]:
    """Copies of ``tables`` with their small counts hidden (see the module docstring)."""
    if threshold is None:
        threshold = default_threshold()
    return [_suppress_table(table, threshold) for table in tables]


def label(table: Table) -> str:
    """The mark a hidden cell shows in a document: « < 5 »."""
    return f"< {table.suppressed_below or default_threshold()}"


def legend(table: Table) -> str:
    """The sentence under a table with hidden cells, saying what the mark means."""
    return _(
        "« %(mark)s » : effectif inférieur à %(threshold)s, ou masqué pour qu'un tel effectif "
        "ne puisse pas être retrouvé par différence."
    ) % {"mark": label(table), "threshold": table.suppressed_below or default_threshold()}


def has_suppressed(table: Table) -> bool:
    return any(cell is SUPPRESSED for row in table.rows for cell in row)


def _is_number(cell) -> bool:
    return isinstance(cell, int | float | Decimal) and not isinstance(cell, bool)


def _is_small(cell, threshold: int) -> bool:
    return _is_number(cell) and 0 < cell < threshold


def _suppress_table(table: Table, threshold: int) -> Table:
    rows = [list(row) for row in table.rows]
    for row in rows:
        for column in table.count_columns:
            if column < len(row) and _is_small(row[column], threshold):
                row[column] = SUPPRESSED

    if table.has_total and len(rows) > 1:
        body, total = rows[:-1], rows[-1]
        for column in table.count_columns:
            if column >= len(total) or total[column] is SUPPRESSED:
                continue
            hidden = [row for row in body if column < len(row) and row[column] is SUPPRESSED]
            if len(hidden) != 1:
                continue
            shown = [
                row
                for row in body
                if column < len(row) and _is_number(row[column]) and row[column] != 0
            ]
            if shown:
                min(shown, key=lambda row: row[column])[column] = SUPPRESSED
            else:
                total[column] = SUPPRESSED

    dependencies = {
        column: (sources,) if isinstance(sources, int) else tuple(sources)
        for column, sources in table.depends_on.items()
    }
    for row in rows:
        # A rate may be computed from another computed figure: hide until nothing changes.
        changed = True
        while changed:
            changed = False
            for column, sources in dependencies.items():
                if column >= len(row) or row[column] is SUPPRESSED:
                    continue
                if any(source < len(row) and row[source] is SUPPRESSED for source in sources):
                    row[column] = SUPPRESSED
                    changed = True

    below = max(threshold, table.suppressed_below or 0)
    return replace(
        table,
        headings=list(table.headings),
        rows=rows,
        count_columns=list(table.count_columns),
        depends_on=dict(table.depends_on),
        percent_columns=list(table.percent_columns),
        suppressed_below=below,
    )
