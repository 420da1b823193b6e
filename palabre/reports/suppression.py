"""Disclosure control: what a document leaving the service hides (rule R9), and the proof that
what it hides stays hidden.

A figure about three households of one residence points at people. Before a document leaves the
service (PDF, spreadsheet, CSV), ``suppress`` works on **all its tables together**, as the reader
holding the whole document would:

1. **Small counts.** Every count ``n`` with ``0 < n < threshold`` is hidden, wherever the same
   quantity appears (``Table.row_keys`` and ``column_keys`` say which cells are one quantity: the
   year's new cases in the key figures and under each breakdown). Zero stays zero: « nobody »
   says nothing about a person.
2. **The audit.** The document's counts are tied by relations: each table's total is the sum of
   its rows, the tables state the others (``Table.relations``: a rate's numerator is the sum of
   two closure reasons, each row of a cumulative table is the next one plus a stage, the
   previous year's column has its own totals). For every hidden count, and for every count the
   document never shows but its rows add up to (``Table.unshown``) when it is small, the
   ``audit.Attacker`` finds the least and greatest value it can take given everything shown. The
   document is ready when every such interval is at least ``protection_width`` wide.
3. **Complementary counts.** While a count fails the audit, one more count is hidden: among the
   shown, non-zero counts tied to it, the smallest, so as to hide as little as possible.
4. **Figures computed from counts.** A rate or a share (``Table.depends_on``) is hidden in every
   row where a count it is computed from is hidden; a share of a hidden total is hidden in every
   row.

Every hidden cell shows the same mark, « < 5 » for the default threshold, whether it is small
itself or hidden to protect a small one; the documents say so in a legend. Row order cannot give
a count away either: the documents list rows in the code list's order or by label, never by count
(``report.in_fixed_order``).

The threshold is ``PALABRE_SMALL_CELL_THRESHOLD`` (5 by default); the protection width is
``PALABRE_PROTECTION_WIDTH``, by default the width of what the mark « < 5 » itself says (any of 1
to 4: 3), see ADR 0011. ``suppress`` returns new tables and leaves the ones it is given as they
were.
"""

from dataclasses import dataclass, replace
from decimal import Decimal

from django.conf import settings
from django.utils.translation import gettext as _

from palabre.reports.audit import Attacker, Bounds
from palabre.reports.tables import SUPPRESSED, Relation, Table, total_of


class DisclosureError(Exception):
    """The document cannot be protected: nothing shown is left to hide for a small count."""


def default_threshold() -> int:
    return settings.PALABRE_SMALL_CELL_THRESHOLD


def protection_width(threshold: int) -> int:
    """The configured width, but never less than what the mark says for this threshold."""
    return max(settings.PALABRE_PROTECTION_WIDTH, threshold - 2)


def suppress(
    tables: list[Table], threshold: int | None = None, width: int | None = None
) -> list[Table]:
    """Copies of ``tables``, one document, with their small counts hidden and protected (see
    the module docstring)."""
    if threshold is None:
        threshold = default_threshold()
    if width is None:
        width = protection_width(threshold)
    document = Document(tables)
    hidden = document.already_hidden | {
        key for key, value in document.values.items() if _is_small(value, threshold)
    }
    hidden = protect(document, hidden, threshold, width)
    return [document.write(index, hidden, threshold) for index in range(len(tables))]


def narrow_cells(tables: list[Table], threshold: int | None = None, width: int | None = None):
    """The audit of a finished document: each hidden or never shown small count whose interval
    is narrower than the protection width, with its interval. Empty for a document that can
    leave."""
    if threshold is None:
        threshold = default_threshold()
    if width is None:
        width = protection_width(threshold)
    document = Document(tables)
    return document.narrow(document.already_hidden, threshold, width)


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


# --- The document as its reader sees it -----------------------------------------------------------


@dataclass(frozen=True)
class Narrow:
    key: str
    bounds: Bounds


class Document:
    """The counts of a list of tables, by key, and every relation between them."""

    def __init__(self, tables: list[Table]):
        self.tables = tables
        self.values: dict[str, float] = {}
        self.already_hidden: set[str] = set()
        self.cells: list[dict[tuple[int, int], str]] = []
        stated = [relation for table in tables for relation in table.relations]
        same = _aliases(stated)
        relations = [_renamed(r, same) for r in stated if not _is_alias(r)]
        self.unshown: dict[str, int] = {}
        for index, table in enumerate(tables):
            keys = {}
            for r, row in enumerate(table.rows):
                for c in table.count_columns:
                    if c >= len(row) or not (_is_number(row[c]) or row[c] is SUPPRESSED):
                        continue
                    key = table.key(r, c) or f"#{index}.{r}.{c}"
                    key = same.get(key, key)
                    keys[r, c] = key
                    if row[c] is SUPPRESSED:
                        self.already_hidden.add(key)
                    elif self.values.setdefault(key, row[c]) != row[c]:
                        raise ValueError(
                            f"« {key} » vaut {self.values[key]} et {row[c]} dans le même document"
                        )
            self.cells.append(keys)
            relations += _totals(table, keys)
            self.unshown.update({same.get(k, k): v for k, v in table.unshown.items()})
        for key in self.already_hidden:
            self.values.pop(key, None)
        self.attacker = Attacker(relations)

    def shown(self, hidden: set[str]) -> dict[str, float]:
        return {key: value for key, value in self.values.items() if key not in hidden}

    def narrow(self, hidden: set[str], threshold: int, width: int) -> list[Narrow]:
        small_unshown = {
            key
            for key, value in self.unshown.items()
            if key not in self.values and _is_small(value, threshold)
        }
        bounds = self.attacker.bounds(self.shown(hidden), hidden, hidden | small_unshown)
        return [Narrow(key, bounds[key]) for key in sorted(bounds) if bounds[key].width < width]

    def complement(self, key: str, hidden: set[str]) -> str | None:
        """The count to hide so that ``key`` can move: a shown non-zero count of a relation
        naming it, else of the counts tied to it; the smallest, but first one that another
        relation would not give straight back (a total whose rows are all shown)."""
        shown = self.shown(hidden)
        direct = self.attacker.related(key)
        tied = [r for k in self.attacker.component_of(key, shown) for r in self.attacker.related(k)]
        for relations, pinned_too in ((direct, False), (tied, False), (direct, True), (tied, True)):
            candidates = {
                k
                for r in relations
                for k, _c in r.terms
                if shown.get(k, 0) > 0 and (pinned_too or not self._pinned(k, key, shown))
            }
            if candidates:
                return min(candidates, key=lambda k: (shown[k], k))
        return None

    def _pinned(self, candidate: str, key: str, shown) -> bool:
        """Whether an equality that does not name ``key`` gives ``candidate`` back from shown
        counts alone."""
        return any(
            relation.equal
            and all(k == candidate or k in shown for k, _c in relation.terms)
            and all(k != key for k, _c in relation.terms)
            for relation in self.attacker.related(candidate)
        )

    def write(self, index: int, hidden: set[str], threshold: int) -> Table:
        table, keys = self.tables[index], self.cells[index]
        rows = [list(row) for row in table.rows]
        for (r, c), key in keys.items():
            if key in hidden:
                rows[r][c] = SUPPRESSED
        _hide_derived(table, rows)
        below = max(threshold, table.suppressed_below or 0)
        return replace(
            table,
            headings=list(table.headings),
            rows=rows,
            count_columns=list(table.count_columns),
            depends_on=dict(table.depends_on),
            percent_columns=list(table.percent_columns),
            suppressed_below=below,
            row_keys=list(table.row_keys),
            column_keys=dict(table.column_keys),
            relations=list(table.relations),
            unshown=dict(table.unshown),
        )


def protect(document: Document, hidden: set[str], threshold: int, width: int) -> set[str]:
    """``hidden`` and the complementary counts that make every interval wide enough."""
    hidden = set(hidden)
    while narrow := document.narrow(hidden, threshold, width):
        extra = document.complement(narrow[0].key, hidden)
        if extra is None:
            raise DisclosureError(
                f"« {narrow[0].key} » ne peut pas être protégé : rien d'autre à masquer"
            )
        hidden.add(extra)
    return hidden


def _is_alias(relation: Relation) -> bool:
    """« a equals b »: the same quantity in two places (the closed cases of the key figures, of
    the closures' total, of the first cumulative row and of a rate's denominator)."""
    return (
        relation.equal
        and len(relation.terms) == 2
        and sorted(c for _k, c in relation.terms) == [-1, 1]
    )


def _aliases(relations: list[Relation]) -> dict[str, str]:
    """Each key named equal to others → the first of them in alphabetical order."""
    parent: dict[str, str] = {}

    def root(key):
        while parent.get(key, key) != key:
            key = parent[key]
        return key

    for relation in relations:
        if _is_alias(relation):
            a, b = sorted(root(k) for k, _c in relation.terms)
            if a != b:
                parent[b] = a
    return {key: root(key) for key in parent}


def _renamed(relation: Relation, same: dict[str, str]) -> Relation:
    terms: dict[str, int] = {}
    for key, coefficient in relation.terms:
        key = same.get(key, key)
        terms[key] = terms.get(key, 0) + coefficient
    return replace(relation, terms=tuple((k, c) for k, c in terms.items() if c))


def _totals(table: Table, keys: dict[tuple[int, int], str]) -> list[Relation]:
    """A table ending with a total: in each count column, the total is the sum of the rows."""
    if not table.has_total or len(table.rows) < 2:
        return []
    last = len(table.rows) - 1
    relations = []
    for c in table.count_columns:
        if (last, c) in keys:
            parts = [keys[r, c] for r in range(last) if (r, c) in keys]
            relations.append(total_of(keys[last, c], parts))
    return relations


def _hide_derived(table: Table, rows: list[list]) -> None:
    dependencies = {
        column: (sources,) if isinstance(sources, int) else tuple(sources)
        for column, sources in table.depends_on.items()
    }
    if table.has_total and len(rows) > 1:
        # A share of a hidden total gives the total back from any shown row: 12 is 30 % of 40.
        total = rows[-1]
        for column, sources in dependencies.items():
            if any(source < len(total) and total[source] is SUPPRESSED for source in sources):
                for row in rows:
                    if column < len(row) and row[column] is not None:
                        row[column] = SUPPRESSED
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
