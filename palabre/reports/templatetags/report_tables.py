"""How a report's ``Table`` reads on a page: the cells in French (« 1 234 », « 12,5 % »,
« < 5 »), the columns of figures right-aligned, the notes under it. Used by
``components/report_table.html``."""

from decimal import Decimal

from django import template

from palabre.reports.exports import display_text
from palabre.reports.suppression import has_suppressed, legend
from palabre.reports.tables import SUPPRESSED

register = template.Library()


def _is_figure(cell) -> bool:
    return cell is SUPPRESSED or (
        isinstance(cell, int | float | Decimal) and not isinstance(cell, bool)
    )


@register.simple_tag
def table_layout(table) -> dict:
    """``{% table_layout table as shown %}``: headings, rows of shown cells, notes."""
    last = len(table.rows) - 1
    figures = [
        any(_is_figure(row[column]) for row in table.rows if column < len(row))
        for column in range(len(table.headings))
    ]
    return {
        "headings": [
            {"text": str(heading), "figure": figures[column]}
            for column, heading in enumerate(table.headings)
        ],
        "rows": [
            {
                "total": table.has_total and index == last,
                "label": display_text(table, 0, row[0]) if row else "",
                "cells": [
                    {"text": display_text(table, column, cell), "figure": _is_figure(cell)}
                    for column, cell in enumerate(row[1:], start=1)
                ],
            }
            for index, row in enumerate(table.rows)
        ],
        "notes": [str(table.note)] * bool(table.note)
        + ([legend(table)] if has_suppressed(table) else []),
    }
