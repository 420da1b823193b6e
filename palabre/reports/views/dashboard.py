"""The activity dashboard (aggregates for the coordination and the board) and the page of the
indicators' definitions (for every member of a service).

The dashboard is internal: the service's own figures, every one of them, without the small-count
suppression of the documents that leave the service. It reads the indicator library only, so it
shows counts, codes and dates: never a name, a note or a case.
"""

import datetime as dt
from dataclasses import replace

from django.db.models import Min
from django.shortcuts import render
from django.urls import reverse
from django.utils import formats
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from palabre.cases import codes
from palabre.cases.forms.filters import CLOSED, OPENED, TREATED
from palabre.cases.models import Case
from palabre.organisations.access import can_read_cases, require
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
# The cards whose figure is a list of cases: the kind of period that list filters on (the case
# list's ``periode``, the same conditions as the indicator).
CARD_LISTS = {"new": OPENED, "treated": TREATED, "closed": CLOSED}
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
    # Who reads the case list (the coordination; not the board) follows each figure to its list.
    lists = CaseLists(scope) if can_read_cases(membership) else None
    context = {
        "form": form,
        "period": report.period_label(scope),
        "previous_period": report.period_label(previous.scope),
        "territory": form.territory(),
        "cards": _cards(figures, previous, lists),
        "charts": _charts(figures, by_quartier=form.commune_chosen(), lists=lists),
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


# --- From a figure to its list ------------------------------------------------------------------


class CaseLists:
    """Addresses of the case list filtered as a figure of ``scope`` counts: « ces 237 dossiers »
    are the 237 cases of the list, and of its downloads. The list and the indicators read the
    same conditions (``cases.models``: ``opened_in``, ``treated_in``, ``closed_in``)."""

    def __init__(self, scope):
        self.scope = scope

    def url(self, period: str, *, start=None, end=None, **filters) -> str:
        params = {
            "periode": period,
            "du": (start or self.scope.start).isoformat(),
            "au": (end or self.scope.end).isoformat(),
        }
        if self.scope.communes:
            params["commune"] = str(self.scope.communes[0])
        if self.scope.quartiers:
            params["quartier"] = str(self.scope.quartiers[0])
        params.update({name: str(value) for name, value in filters.items()})
        return f"{reverse('cases:list')}?{urlencode(params)}"


LINK_TEXT = gettext_lazy("voir ces dossiers")


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


def _cards(figures, previous, lists=None) -> list[dict]:
    earlier = report.period_label(previous.scope)
    cards = []
    for label, section, key in CARDS:
        url = ""
        if lists is not None and section == "volume" and key in CARD_LISTS:
            url = lists.url(CARD_LISTS[key])
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
        cards.append(
            {
                "label": str(label),
                "value": value,
                "hint": hint,
                "url": url,
                "link_text": str(LINK_TEXT) if url else "",
            }
        )
    return cards


def _chart(chart_id, title, rows, urls=()) -> dict:
    """``rows`` of (label, count); ``urls``, when given, the list of each row's cases (« » for
    a row that has none: an unknown commune, say)."""
    drawn = charts.bars(rows, limit=max(len(rows), 1), text=_number)
    if urls:
        drawn = [replace(bar, url=url) for bar, url in zip(drawn, urls, strict=True)]
    return {
        "id": chart_id,
        "title": title,
        "bars": drawn,
        "height": charts.height(drawn),
        "link_text": str(LINK_TEXT),
    }


def _rows(breakdown, limit=12):
    return [(label, n) for _code, label, n in breakdown.rows][:limit]


def _urls(breakdown, url, limit=12) -> list[str]:
    """Each row's list: ``url(code)``, none for a row without a code or without cases."""
    return [
        url(code) if n and code not in (None, "") else ""
        for code, _label, n in breakdown.rows[:limit]
    ]


def _months(figures) -> list[tuple[str, int, dt.date, dt.date]]:
    """Every month of the period, the empty ones too (when there are not too many), with the
    days of the period it covers."""
    counted = {code: (label, n) for code, label, n in figures.breakdowns["month"].rows}
    scope = figures.scope
    months, day = [], dt.date(scope.start.year, scope.start.month, 1)
    while day <= scope.end and len(months) <= MONTHS_SHOWN:
        code = f"{day:%Y-%m}"
        label = f"{indicators.MONTHS[day.month - 1]} {day.year}"
        following = (day + dt.timedelta(days=32)).replace(day=1)
        first, last = max(day, scope.start), min(following - dt.timedelta(days=1), scope.end)
        months.append((*counted.get(code, (label, 0)), first, last))
        day = following
    if len(months) > MONTHS_SHOWN:
        return [(label, n, None, None) for label, n in counted.values()]
    return months


def _charts(figures, *, by_quartier: bool, lists=None) -> list[dict]:
    breakdowns = figures.breakdowns
    place = "quartier" if by_quartier else "commune"
    months = _months(figures)
    month_urls, origin_urls, place_urls, closure_urls = [], [], [], []
    if lists is not None:
        month_urls = [
            lists.url(OPENED, start=first, end=last) if n and first else ""
            for _label, n, first, last in months
        ]
        origin_urls = _urls(
            breakdowns["referral_source"],
            lambda code: (
                lists.url(OPENED, referral_source=code)
                if code in codes.ReferralSource.values
                else ""
            ),
        )
        place_urls = _urls(breakdowns[place], lambda pk: lists.url(OPENED, **{place: pk}))
        closure_urls = _urls(
            figures.process["closure_reasons"],
            lambda code: (
                lists.url(CLOSED, closure_reason=code) if code in codes.ClosureReason.values else ""
            ),
        )
    return [
        _chart(
            "graphique-mois",
            _("Nouvelles saisines par mois"),
            [(label, n) for label, n, _first, _last in months],
            month_urls,
        ),
        # No list behind this one: the case list's motive is any motive of a case, not its
        # main one.
        _chart(
            "graphique-motif",
            _("Nouvelles saisines par motif principal"),
            _rows(breakdowns["conflict"]),
        ),
        _chart(
            "graphique-origine",
            _("Nouvelles saisines par origine"),
            _rows(breakdowns["referral_source"]),
            origin_urls,
        ),
        _chart(
            f"graphique-{place}",
            _("Nouvelles saisines par quartier")
            if by_quartier
            else _("Nouvelles saisines par commune"),
            _rows(breakdowns[place]),
            place_urls,
        ),
        _chart(
            "graphique-cloture",
            _("Situations closes par motif de clôture"),
            _rows(figures.process["closure_reasons"]),
            closure_urls,
        ),
    ]
