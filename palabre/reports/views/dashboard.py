"""The activity dashboard (aggregates for the coordination and the board) and the page of the
indicators' definitions (for every member of a service).

The dashboard is internal: the service's own figures, every one of them, without the small-count
suppression of the documents that leave the service. It reads the indicator library only, so it
shows counts, codes and dates: never a name, a note or a case.
"""

import datetime as dt

from django.db.models import Min
from django.shortcuts import render
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from palabre.cases.models import Case
from palabre.organisations.access import require
from palabre.reports import access, charts, indicators, report
from palabre.reports.forms.dashboard import DashboardForm

# The stat cards: label, where the figure is in ``Figures``.
CARDS = [
    (gettext_lazy("Nouvelles saisines"), "volume", "new"),
    (gettext_lazy("Situations traitées"), "volume", "treated"),
    (gettext_lazy("Situations closes"), "volume", "closed"),
    (gettext_lazy("Personnes concernées"), "volume", "persons"),
    (gettext_lazy("Entretiens individuels tenus"), "volume", "interviews"),
    (gettext_lazy("Rencontres de médiation tenues"), "volume", "joint_meetings"),
    (gettext_lazy("Accords, parmi les dossiers clos"), "process", "agreement_over_closed"),
    (gettext_lazy("Demandes d'information (sans dossier)"), None, "information_requests"),
]
# A month chart shows every month of the period, the empty ones too, up to this many.
MONTHS_SHOWN = 36


def dashboard(request):
    membership = request.membership
    require(access.can_see_reports(membership))
    organisation = membership.organisation
    first = Case.objects.of(organisation.pk).aggregate(first=Min("opened_on"))["first"]
    form = DashboardForm(
        request.GET or None, organisation=organisation, first_year=first.year if first else None
    )
    scope = form.scope()
    figures = indicators.compute(scope)
    previous = indicators.compute(scope.previous_year())
    context = {
        "form": form,
        "period": report.period_label(scope),
        "previous_period": report.period_label(previous.scope),
        "territory": form.territory(),
        "cards": _cards(figures, previous),
        "charts": _charts(figures, by_quartier=form.commune_chosen()),
        "tables": report.activity_tables(figures, previous),
        "can_share": access.can_share_figures(membership),
    }
    return render(request, "reports/dashboard.html", context)


def definitions(request):
    require(access.can_read_definitions(request.membership))
    context = {"sections": report.definitions()}
    if access.can_see_reports(request.membership):
        context["crumbs"] = [(_("Activité"), reverse("reports:dashboard"))]
    else:
        context["crumbs"] = []
    return render(request, "reports/definitions.html", context)


# --- What the dashboard shows -------------------------------------------------------------------


def _number(value) -> str:
    if value is None:
        return "—"
    return formats.number_format(value, use_l10n=True, force_grouping=True)


def _percent(rate) -> str:
    if rate.value is None:
        return "—"
    shown = formats.number_format(round(rate.value * 100, 1), 1, use_l10n=True)
    return f"{shown.removesuffix(',0')}\N{NO-BREAK SPACE}%"


def _figure(figures, section, key):
    return figures.information_requests if section is None else getattr(figures, section)[key]


def _cards(figures, previous) -> list[dict]:
    earlier = report.period_label(previous.scope)
    cards = []
    for label, section, key in CARDS:
        now, before = _figure(figures, section, key), _figure(previous, section, key)
        if isinstance(now, indicators.Rate):
            value, before = _percent(now), _percent(before)
            hint = _("%(numerator)s sur %(denominator)s ; %(period)s : %(value)s") % {
                "numerator": _number(now.numerator),
                "denominator": _number(now.denominator),
                "period": earlier,
                "value": before,
            }
        else:
            value = _number(now)
            hint = _("%(period)s : %(value)s") % {"period": earlier, "value": _number(before)}
        cards.append({"label": str(label), "value": value, "hint": hint})
    return cards


def _chart(chart_id, title, rows) -> dict:
    drawn = charts.bars(rows, limit=max(len(rows), 1), text=_number)
    return {"id": chart_id, "title": title, "bars": drawn, "height": charts.height(drawn)}


def _rows(breakdown, limit=12):
    return [(label, n) for _code, label, n in breakdown.rows][:limit]


def _months(figures) -> list[tuple[str, int]]:
    """Every month of the period, the empty ones too (when there are not too many)."""
    counted = {code: (label, n) for code, label, n in figures.breakdowns["month"].rows}
    scope = figures.scope
    months, day = [], dt.date(scope.start.year, scope.start.month, 1)
    while day <= scope.end and len(months) <= MONTHS_SHOWN:
        code = f"{day:%Y-%m}"
        label = f"{indicators.MONTHS[day.month - 1]} {day.year}"
        months.append(counted.get(code, (label, 0)))
        day = (day + dt.timedelta(days=32)).replace(day=1)
    if len(months) > MONTHS_SHOWN:
        return [(label, n) for label, n in counted.values()]
    return months


def _charts(figures, *, by_quartier: bool) -> list[dict]:
    breakdowns = figures.breakdowns
    place = "quartier" if by_quartier else "commune"
    return [
        _chart("graphique-mois", _("Nouvelles saisines par mois"), _months(figures)),
        _chart(
            "graphique-motif",
            _("Nouvelles saisines par motif principal"),
            _rows(breakdowns["conflict"]),
        ),
        _chart(
            "graphique-origine",
            _("Nouvelles saisines par origine"),
            _rows(breakdowns["referral_source"]),
        ),
        _chart(
            f"graphique-{place}",
            _("Nouvelles saisines par quartier")
            if by_quartier
            else _("Nouvelles saisines par commune"),
            _rows(breakdowns[place]),
        ),
        _chart(
            "graphique-cloture",
            _("Situations closes par motif de clôture"),
            _rows(figures.process["closure_reasons"]),
        ),
    ]
