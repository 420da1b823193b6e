"""The dashboard's figures as they leave the service: the activity tables of
``reports.report``, computed by ``reports.indicators`` and passed through
``reports.suppression.suppress`` (small counts hidden and protected, as in the exports)."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja import Field, Query, Router, Schema

from palabre.api.models import Resource
from palabre.api.schemas import FiguresOut
from palabre.reports import access, indicators, report
from palabre.reports.scope import Scope
from palabre.reports.suppression import default_threshold, has_suppressed, label, legend, suppress
from palabre.reports.tables import SUPPRESSED

from .common import member, responses

router = Router(tags=[_("Chiffres")])


class Year(Schema):
    year: int | None = Field(None, ge=2000, le=2100, description=_("L'année (l'année en cours)."))


def cell(value, table):
    if value is SUPPRESSED:
        return label(table)
    if isinstance(value, Decimal):
        return float(value)
    if value is None or isinstance(value, int | float | str):
        return value
    return str(value)


def tables_out(tables) -> list[dict]:
    return [
        {
            "title": str(table.title),
            "headings": [str(heading) for heading in table.headings],
            "rows": [[cell(value, table) for value in row] for row in table.rows],
            "note": str(table.note),
            "suppressed": has_suppressed(table),
            "legend": legend(table) if has_suppressed(table) else "",
        }
        for table in tables
    ]


@router.get("/figures", response=responses(FiguresOut), summary=_("Chiffres d'activité de l'année"))
def figures(request, query: Query[Year]):
    membership = member(request, Resource.FIGURES, access.can_see_reports)
    year = query.year or timezone.localdate().year
    scope = Scope.of_service(membership.organisation, dt.date(year, 1, 1), dt.date(year, 12, 31))
    computed = indicators.compute(scope)
    previous = indicators.compute(scope.previous_year())
    return {
        "start": scope.start,
        "end": scope.end,
        "small_counts_hidden_below": default_threshold(),
        "tables": tables_out(suppress(report.activity_tables(computed, previous))),
    }
