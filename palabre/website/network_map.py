"""The directory's map: the regions as a tile grid placed roughly where they lie, drawn by
Palabre as inline SVG (no map tiles, nothing fetched from another site). Each tile shows its
region's member count and links to the list filtered on it; the list stays the content, the map
a way into it."""

from django.utils.translation import ngettext

from palabre.network.models import Region

TILE_W, TILE_H, GAP = 118, 64, 6
# (column, row) of each region: metropolitan France on five rows, overseas on the last one.
PLACES = {
    Region.NOR: (2, 0),
    Region.HDF: (3, 0),
    Region.BRE: (0, 1),
    Region.PDL: (1, 1),
    Region.CVL: (2, 1),
    Region.IDF: (3, 1),
    Region.GES: (4, 1),
    Region.NAQ: (1, 2),
    Region.ARA: (3, 2),
    Region.BFC: (4, 2),
    Region.OCC: (2, 3),
    Region.PAC: (4, 3),
    Region.COR: (5, 4),
    Region.GUA: (0, 5),
    Region.MTQ: (1, 5),
    Region.GUY: (2, 5),
    Region.REU: (3, 5),
    Region.MAY: (4, 5),
}
# Names too long for one line of a tile, cut where they break; a tile's text is its link's name.
LINES = {
    Region.ARA: ("Auvergne-", "Rhône-Alpes"),
    Region.BFC: ("Bourgogne-", "Franche-Comté"),
    Region.CVL: ("Centre-", "Val de Loire"),
    Region.NAQ: ("Nouvelle-", "Aquitaine"),
    Region.PAC: ("Provence-Alpes-", "Côte d'Azur"),
}
OVERSEAS_ROW = 5
OVERSEAS_GAP = 34  # room for the « Outre-mer » label above the overseas row
COLUMNS, ROWS = 6, 6


def tiles(counts: dict, selected: str = "") -> list[dict]:
    """One tile per region: its place, name, code and count, in the code list's order."""
    shown = []
    for region in Region:
        column, row = PLACES[region]
        count = counts.get(region.value, 0)
        shown.append(
            {
                "code": region.value,
                "name": str(region.label),
                "lines": LINES.get(region, (str(region.label),)),
                "count": count,
                "x": column * (TILE_W + GAP),
                "y": row * (TILE_H + GAP) + (OVERSEAS_GAP if row == OVERSEAS_ROW else 0),
                "selected": region.value == selected,
                "count_text": ngettext("%(count)s structure", "%(count)s structures", count)
                % {"count": count},
            }
        )
    return shown


def size() -> dict:
    return {
        "width": COLUMNS * (TILE_W + GAP) - GAP,
        "height": ROWS * (TILE_H + GAP) - GAP + OVERSEAS_GAP,
        "tile_w": TILE_W,
        "tile_h": TILE_H,
        "overseas_y": OVERSEAS_ROW * (TILE_H + GAP) + OVERSEAS_GAP - 10,
    }
