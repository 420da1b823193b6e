"""Charts as data for the bar-chart component (inline SVG: no script, nothing for the CSP to
refuse, and WeasyPrint draws it in the PDF)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    text: str
    width: float  # percent of the longest bar
    y: int  # vertical position in the drawing
    url: str = ""  # the list of what the bar counts, when there is one


ROW_HEIGHT = 28


def bars(rows, *, limit=12, text=None) -> list[Bar]:
    """``rows`` of (label, value) → bars scaled to the largest value, at most ``limit``."""
    rows = [(str(label), value or 0) for label, value in rows][:limit]
    top = max((value for _label, value in rows), default=0)
    return [
        Bar(
            label=label,
            value=value,
            text=text(value) if text else f"{value}",
            width=round(100 * value / top, 1) if top else 0,
            y=index * ROW_HEIGHT,
        )
        for index, (label, value) in enumerate(rows)
    ]


def height(drawn: list[Bar]) -> int:
    return max(len(drawn), 1) * ROW_HEIGHT


def breakdown_bars(breakdown, limit=12) -> list[Bar]:
    return bars([(label, n) for _code, label, n in breakdown.rows], limit=limit)
