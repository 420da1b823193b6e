"""The observatory's figures as they may leave the network: sums per region, published.

The network's own observatory (``reports/observatory_tables.py``) shows its staff every member
beside the others. A public page is read by anyone, who also reads the public directory: a row
of one or two structures would publish their own figures. So every row covers at least
``MIN_PEERS`` structures — a region with fewer joins « Autres régions », itself joined to the
smallest region shown while it has fewer — and the whole page needs ``MIN_PEERS`` structures.
The table then goes through ``reports.suppression.suppress`` like any document that leaves:
small counts and the counts that would give them away show « < 5 ».
"""

from django.utils.translation import gettext as _

from palabre.network.models import Region
from palabre.reports import observatory_tables
from palabre.reports.suppression import default_threshold, suppress
from palabre.reports.tables import Table

MIN_PEERS = observatory_tables.MIN_PEERS
KEYS = ("new_cases", "treated_cases", "closed_cases", "agreements", "interviews", "joint_meetings")


def region_groups(entries) -> list[tuple[str, list]]:
    """(label, entries) per region, in the code list's order, each of ``MIN_PEERS`` or more."""
    groups = []
    for region in Region:
        group = [entry for entry in entries if entry.member.region == region.value]
        if group:
            groups.append((str(region.label), group))
    kept = [(label, group) for label, group in groups if len(group) >= MIN_PEERS]
    others = [entry for label, group in groups if len(group) < MIN_PEERS for entry in group]
    while others and len(others) < MIN_PEERS and kept:
        smallest = min(kept, key=lambda item: (len(item[1]), item[0]))
        kept.remove(smallest)
        others += smallest[1]
    if others:
        kept.append((_("Autres régions"), others))
    return kept


def public_tables(network, year: int) -> list[Table]:
    """The year's activity per region, suppressed; empty under ``MIN_PEERS`` structures."""
    entries = observatory_tables.entries(network, year)
    if len(entries) < MIN_PEERS:
        return []
    table = Table(
        title=_("Activité des structures membres en %(year)s, par région") % {"year": year},
        headings=[
            _("Région"),
            _("Structures"),
            *(str(observatory_tables.COUNT_LABELS[key]) for key in KEYS),
        ],
        count_columns=list(range(2, 2 + len(KEYS))),
        has_total=True,
        note=_("Une région qui compte moins de %(peers)s structures est regroupée avec d'autres.")
        % {"peers": MIN_PEERS},
    )
    for label, group in [*region_groups(entries), (_("Ensemble des structures"), entries)]:
        table.rows.append(
            [label, len(group), *(sum(entry.figures[key] for entry in group) for key in KEYS)]
        )
    return suppress([table])


def threshold() -> int:
    return default_threshold()
