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
