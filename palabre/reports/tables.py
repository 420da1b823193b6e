"""The tables every report is made of, whatever it is shown in: page, PDF, ODS, XLSX or CSV.

A ``Table`` is a title, column headings and rows of cells. A cell is a number (``int``,
``float``, ``Decimal``), a text label, ``None`` (nothing to say) or ``SUPPRESSED`` (a count
hidden because it is small, see ``suppress``). Exports write numbers as numbers.
"""

from dataclasses import dataclass, field


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
