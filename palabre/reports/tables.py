"""The tables every report is made of, whatever it is shown in: page, PDF, ODS, XLSX or CSV.

A ``Table`` is a title, column headings and rows of cells. A cell is a number (``int``,
``float``, ``Decimal``), a text label, ``None`` (nothing to say) or ``SUPPRESSED`` (a count
hidden because it is small, see ``suppress``). Exports write numbers as numbers.

The tables of one document are read together by whoever receives it, so a count carries the
identity of what it counts (``row_keys`` and ``column_keys``: « nouvelles saisines de l'année »
is the same quantity in the key figures and under every breakdown), and a table may state how its
counts add up with those of other tables (``relations``). Disclosure control
(``suppression.suppress``) hides a quantity everywhere it appears and checks, as a reader with
the whole document would, that nothing hidden can be worked out from what is shown.
"""

from dataclasses import dataclass, field, replace


@dataclass(frozen=True)
class Relation:
    """A linear fact between quantities of a document, by key: ``Σ coefficient × quantity`` is
    zero (``equal``) or at most zero. ``total_of`` and ``at_most`` write the usual ones."""

    terms: tuple[tuple[str, int], ...]
    equal: bool = True


def total_of(total: str, parts) -> Relation:
    """``total`` is the sum of ``parts``."""
    return Relation(((total, -1), *((part, 1) for part in parts)))


def at_most(small: str, large: str) -> Relation:
    """``small`` ≤ ``large`` (cases with an interview held are among the closed cases)."""
    return Relation(((small, 1), (large, -1)), equal=False)


class _Suppressed:
    """A small count hidden from a document that leaves the service (rule R9)."""

    def __repr__(self):
        return "SUPPRESSED"

    def __str__(self):
        return "< 5"


SUPPRESSED = _Suppressed()


@dataclass
class Table:
    title: str
    headings: list[str]
    rows: list[list] = field(default_factory=list)
    # Which columns hold counts of cases or persons, subject to small-cell suppression.
    count_columns: list[int] = field(default_factory=list)
    # The last row is a total of the others (complementary suppression must protect it).
    has_total: bool = False
    note: str = ""
    # Columns computed from counts (a rate, a share): ``{column: count column or columns}``. A
    # cell is hidden whenever a count it is computed from is hidden in the same row.
    depends_on: dict[int, int | tuple[int, ...]] = field(default_factory=dict)
    # Columns holding a ratio between 0 and 1, shown as a percentage (0.125 → « 12,5 % »).
    percent_columns: list[int] = field(default_factory=list)
    # Set by ``suppress``: the threshold the small counts were hidden under (« < 5 »).
    suppressed_below: int | None = None
    # What each count is, for the whole document: the key of the cell in row r and count column
    # c is ``row_keys[r] + column_keys[c]`` (« volume.new » + « @now »). A count without a key
    # is a quantity of its own, known to this table only.
    row_keys: list[str] = field(default_factory=list)
    column_keys: dict[int, str] = field(default_factory=dict)
    # How the document's counts add up, across tables; ``unshown`` gives the value of each
    # quantity a relation names but no table shows (a per-stage count under a cumulative table).
    relations: list[Relation] = field(default_factory=list)
    unshown: dict[str, int] = field(default_factory=dict)

    def key(self, row: int, column: int) -> str | None:
        if row < len(self.row_keys) and self.row_keys[row] and column in self.column_keys:
            return self.row_keys[row] + self.column_keys[column]
        return None


def keep_rows(table: Table, keep) -> Table:
    """``table`` with only the rows ``keep(row)`` accepts, their keys with them."""
    kept = [index for index, row in enumerate(table.rows) if keep(row)]
    return replace(
        table,
        rows=[table.rows[index] for index in kept],
        row_keys=[table.row_keys[index] for index in kept] if table.row_keys else [],
    )
