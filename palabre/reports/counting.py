"""Counts by a code, as every breakdown of the reports holds them (activity and field figures).

A ``Breakdown`` keeps its rows largest first, which suits a page read inside the service; the
tables of a document put them in a fixed order (``report.in_fixed_order``)."""

from collections import Counter
from dataclasses import dataclass

from django.utils.translation import gettext_lazy


@dataclass(frozen=True)
class Breakdown:
    """Counts by a code: ``rows`` of (code, label, count), largest first, then ``total``."""

    rows: tuple
    total: int

    def count(self, code) -> int:
        return next((n for c, _label, n in self.rows if c == code), 0)


def breakdown(pairs, labels) -> Breakdown:
    """``pairs`` of (code, count) → a Breakdown with the codes' labels, largest first."""
    counts = Counter()
    for code, count in pairs:
        counts[code] += count
    rows = sorted(
        ((code, str(labels(code)), count) for code, count in counts.items()),
        key=lambda row: (-row[2], row[1]),
    )
    return Breakdown(tuple(rows), sum(counts.values()))


UNKNOWN = gettext_lazy("Non renseigné")


def choice_label(choices):
    """The label of a code of ``choices``; « Non renseigné » for none, the code if unknown."""

    def label(code):
        if code in (None, ""):
            return UNKNOWN
        try:
            return choices(code).label
        except ValueError:
            return code

    return label
