"""The funder report: one convention, one year, the activity its scope rules attach to it.

The report is the activity report cut by the convention's scope (``Scope(convention=...)``),
with the same period a year earlier beside it, the breakdowns the funder looks at first
(``dimensions_for``), a few charts, and the commentary the coordination writes (``Narrative``).

Two readers, two versions of the same tables:
- the service's own page shows every figure (« chiffres internes »);
- the documents that leave the service (the builder ``funder_report``: PDF, ODS, XLSX, CSV) are
  made from the tables after ``suppress``, and so are the charts of the PDF. Nothing in them is
  read from a case beyond coded fields: the narrative is the service's own text about its work.

The period is the calendar year cut to the convention's dates, and, for the year in progress, to
today: a report of the current year compares the months elapsed with the same months a year
earlier.
"""

import datetime as dt
import hashlib
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from palabre.cases.letters import long_date
from palabre.partners.describe import scope_in_words
from palabre.partners.models import Convention
from palabre.reports import charts, exports, indicators, runs
from palabre.reports.models import Narrative
from palabre.reports.report import (
    activity_tables,
    breakdown_title,
    closures_title,
    dimensions_for,
    period_label,
)
from palabre.reports.scope import Scope
from palabre.reports.suppression import suppress
from palabre.reports.tables import SUPPRESSED, Table, keep_rows

KIND = "funder_report"
FORMATS = ("pdf", "ods", "xlsx", "csv")
# How many years the convention page links to; the report page offers all of them.
PANEL_YEARS = 6


# --- Years and period ---------------------------------------------------------------------------


def years_of(convention, today: dt.date | None = None) -> list[int]:
    """The years a report can be asked for, most recent first: from the convention's first year
    to its last one, or to this year while it runs."""
    today = today or timezone.localdate()
    last = min(convention.ends_on or today, today).year
    return list(range(max(last, convention.starts_on.year), convention.starts_on.year - 1, -1))


def default_year(convention, today: dt.date | None = None) -> int:
    """The year just ended when the convention covers it (the report funders wait for), else
    the most recent one."""
    today = today or timezone.localdate()
    years = years_of(convention, today)
    return today.year - 1 if today.year - 1 in years else years[0]


def period_of(convention, year: int, today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """The calendar year within the convention's dates, and up to ``today`` at most."""
    today = today or timezone.localdate()
    start = max(dt.date(year, 1, 1), convention.starts_on)
    end = min(dt.date(year, 12, 31), convention.ends_on or dt.date.max, today)
    return start, max(start, end)


def funder_name(convention, day: dt.date) -> str:
    """The funder as it was called on ``day``; without a funder, the signatories."""
    if convention.funder is not None:
        return convention.funder.name_on(day)
    names = [partner.name for partner in convention.partners.order_by("name")]
    return ", ".join(names) or convention.title


# --- Narrative ----------------------------------------------------------------------------------


def narrative_of(convention, year: int) -> Narrative | None:
    return Narrative.objects.filter(convention=convention, year=year).first()


def digest(text: str) -> str:
    """What identifies a narrative in a report's parameters: the report is made again whenever
    the text changes, and served again when it comes back to a text already printed."""
    return hashlib.sha256(text.encode()).hexdigest()[:16] if text else ""


# --- The report ---------------------------------------------------------------------------------


@dataclass
class FunderReport:
    convention: Convention
    year: int
    scope: Scope
    figures: indicators.Figures
    previous: indicators.Figures
    tables: list[Table]
    title: str
    subtitle: str
    funder: str
    narrative: str = ""
    # What the convention's scope cannot count, and how the period was cut.
    notes: list[str] = field(default_factory=list)
    dimensions: list[str] = field(default_factory=list)


def _ignore(_percent, _step=""):
    pass


def compose(convention, year: int, *, until=None, today=None, now=None, progress=_ignore):
    """The report of ``convention`` for ``year``, every figure shown (the page's version).
    ``until`` cuts the period earlier (a report asked yesterday for the year in progress)."""
    today = today or timezone.localdate()
    start, end = period_of(convention, year, today)
    if until is not None:
        end = max(start, min(end, until))
    # Cut by the calendar (the year in progress) rather than by the convention's own dates.
    cut = end < min(dt.date(year, 12, 31), convention.ends_on or dt.date.max)
    scope = Scope.of_service(convention.organisation, start, end, convention=convention)
    progress(10, _("Calcul des indicateurs de l'année"))
    figures = indicators.compute(scope, now=now)
    progress(45, _("Calcul des indicateurs de l'année précédente"))
    previous = indicators.compute(scope.previous_year(), now=now)
    progress(75, _("Mise en forme des tableaux"))

    dimensions = dimensions_for(convention)
    notes = _notes(convention, scope, figures, year, cut)
    tables = activity_tables(figures, previous, dimensions=dimensions)
    tables = _fit_to_convention(tables, figures)
    name = funder_name(convention, end)
    narrative = narrative_of(convention, year)
    return FunderReport(
        convention=convention,
        year=year,
        scope=scope,
        figures=figures,
        previous=previous,
        tables=[_scope_table(convention, notes), *tables],
        title=_("Bilan %(year)s — %(funder)s") % {"year": year, "funder": name},
        subtitle=_("%(convention)s. Activité %(period)s.")
        % {"convention": convention.title, "period": _period_in_words(scope)},
        funder=name,
        narrative=narrative.text if narrative else "",
        notes=notes,
        dimensions=dimensions,
    )


def _period_in_words(scope) -> str:
    label = period_label(scope)
    if label == str(scope.start.year):
        return _("de l'année %(year)s") % {"year": label}
    return _("du %(start)s au %(end)s") % {
        "start": long_date(scope.start).replace("\N{NO-BREAK SPACE}", " "),
        "end": long_date(scope.end).replace("\N{NO-BREAK SPACE}", " "),
    }


def _notes(convention, scope, figures, year, cut) -> list[str]:
    notes = []
    if not convention.covers_cases():
        notes.append(
            _(
                "Cette convention ne couvre pas la médiation de voisinage : aucun dossier n'en "
                "relève."
            )
        )
    if cut:
        notes.append(
            _(
                "Année en cours : chiffres arrêtés au %(day)s, comparés à la même période de "
                "l'année précédente."
            )
            % {"day": scope.end.strftime("%d/%m/%Y")}
        )
    elif (scope.start, scope.end) != (dt.date(year, 1, 1), dt.date(year, 12, 31)):
        notes.append(
            _(
                "La convention ne couvre qu'une partie de l'année : le bilan va du %(start)s au "
                "%(end)s, comparé à la même période de l'année précédente."
            )
            % {"start": scope.start.strftime("%d/%m/%Y"), "end": scope.end.strftime("%d/%m/%Y")}
        )
    if figures.information_requests is None:
        notes.append(
            _(
                "Les demandes d'information sans dossier ne portent qu'une commune et une "
                "origine : le périmètre de cette convention ne permet pas de les compter."
            )
        )
    if figures.permanences is None:
        notes.append(
            _(
                "Les permanences ne sont rattachées qu'à un lieu : le périmètre de cette "
                "convention ne permet pas de compter leurs séances et leurs rendez-vous."
            )
        )
    # The volunteer hours: the interviews and meetings of the convention's cases, and the duty
    # hours of exactly the sessions its « Permanences » table counts (``indicators._sessions``).
    cases, sessions = convention.covers_cases(), figures.permanences is not None
    if cases and sessions:
        hours = _(
            "Les heures de bénévolat comptent les entretiens et rencontres tenus dans les dossiers "
            "de la convention et les heures de permanence des bénévoles aux séances du tableau "
            "« Permanences »."
        )
    elif cases:
        hours = _(
            "Les heures de bénévolat comptent les entretiens et rencontres tenus dans les dossiers "
            "de la convention ; les séances de permanence, rattachées à un lieu et non à un "
            "dossier, ne peuvent pas être comptées dans son périmètre et n'y figurent pas."
        )
    elif sessions:
        hours = _(
            "Les heures de bénévolat comptent les heures de permanence des bénévoles aux séances "
            "du tableau « Permanences » ; aucun dossier ne relève de cette convention."
        )
    else:
        hours = _(
            "Aucune heure de bénévolat ne relève de cette convention : ni dossier, ni séance de "
            "permanence dans son périmètre."
        )
    notes.append(hours)
    return notes


def _fit_to_convention(tables: list[Table], figures) -> list[Table]:
    """A figure the scope cannot count is left out rather than shown empty: the key figures
    drop the rows without a value (the notes say why)."""
    return [keep_rows(tables[0], lambda row: row[1] is not None), *tables[1:]]


def _scope_table(convention, notes) -> Table:
    """The convention's scope rules, so that the funder reads what the figures count."""
    return Table(
        title=_("Périmètre de la convention"),
        headings=[_("Règle"), _("Dossiers retenus")],
        rows=[[str(rule), str(value)] for rule, value in scope_in_words(convention)],
        note=" ".join(notes),
    )


# --- Charts -------------------------------------------------------------------------------------


def chart_dimensions(report: FunderReport) -> list[str]:
    """The breakdowns drawn: the funder's own cut first (landlord, quartier, commune, or the
    referral sources of a police and justice convention), then the main conflict and the
    months."""
    convention = report.convention
    first = report.dimensions[0]
    if first == "commune" and not convention.scope_communes.exists():
        first = "referral_source" if convention.scope_referral_sources else "commune"
    chosen = [first, "conflict", "month"]
    return list(dict.fromkeys(chosen))


def page_charts(report: FunderReport) -> list[dict]:
    """Charts of the page, from every figure (context of ``components/chart_bars.html``)."""
    figures = report.figures
    drawn = [(breakdown_title(d), figures.breakdowns[d]) for d in chart_dimensions(report)]
    drawn.insert(1, (closures_title(), figures.process["closure_reasons"]))
    shown = []
    for index, (title, breakdown) in enumerate(drawn, start=1):
        bars = charts.breakdown_bars(breakdown)
        shown.append(
            {
                "title": title,
                "bars": bars,
                "chart_height": charts.height(bars),
                "chart_id": f"graphique-{index}",
            }
        )
    return shown


def document_charts(report: FunderReport, suppressed: list[Table]) -> dict[str, str]:
    """The PDF's charts as SVG drawings, keyed by the title of the table each one draws. They
    are drawn from the suppressed tables: a hidden count has no bar, only « < 5 »."""
    titles = {str(chart["title"]) for chart in page_charts(report)}
    return {
        str(table.title): _svg(table)
        for table in suppressed
        if str(table.title) in titles and table.rows
    }


SVG_WIDTH, LABEL_WIDTH, BAR_ROOM = 640, 250, 320


def _svg(table: Table, limit: int = 12) -> str:
    rows = table.rows[:-1] if table.has_total else table.rows
    rows = rows[:limit]
    values = [row[1] if exports._is_number(row[1]) else 0 for row in rows]
    top = max(values, default=0)
    bars = []
    for index, (row, value) in enumerate(zip(rows, values, strict=True)):
        width = round(BAR_ROOM * value / top, 1) if top else 0
        y = index * charts.ROW_HEIGHT
        bars.append(
            {
                "label": str(row[0]),
                "text": exports.display_text(table, 1, row[1]) if row[1] is not None else "",
                "hidden": row[1] is SUPPRESSED,
                "rect_y": y + 6,
                "text_y": y + 19,
                "width": width,
                "value_x": LABEL_WIDTH + width + 6,
            }
        )
    return render_to_string(
        "reports/funder_chart.svg",
        {
            "bars": bars,
            "width": SVG_WIDTH,
            "height": max(len(bars), 1) * charts.ROW_HEIGHT,
            "bar_x": LABEL_WIDTH,
        },
    )


# --- The documents ------------------------------------------------------------------------------


def export_params(convention, year: int, today: dt.date | None = None) -> dict:
    """What identifies a funder report's file: the convention and year, the end of the period
    (the year in progress is a new report each day), the narrative's digest (a new text makes a
    new file, see ``digest``) and the convention's last change (its scope rules)."""
    _start, end = period_of(convention, year, today)
    narrative = narrative_of(convention, year)
    return {
        "convention": convention.pk,
        "year": year,
        "until": end,
        "narrative": digest(narrative.text if narrative else ""),
        "convention_changed": convention.updated_at,
    }


@runs.register(KIND, title=gettext_lazy("Bilan pour le financeur"), version="1", formats=FORMATS)
def build_funder_report(organisation, params, progress, format):
    """The builder of the four documents. Every one is made from the suppressed tables."""
    convention = (
        Convention.objects.of(organisation)
        .select_related("funder", "organisation")
        .get(pk=params["convention"])
    )
    until = dt.date.fromisoformat(params["until"]) if params.get("until") else None
    report = compose(convention, int(params["year"]), until=until, progress=progress)
    tables = suppress(report.tables)
    progress(90, _("Écriture du document"))
    options = {"service_name": organisation.name}
    if format == "pdf":
        content = exports.to_pdf(
            report.title,
            report.subtitle,
            tables,
            narrative=report.narrative,
            charts=document_charts(report, tables),
            **options,
        )
    else:
        writer = {"ods": exports.to_ods, "xlsx": exports.to_xlsx, "csv": exports.to_csv}[format]
        content = writer(report.title, report.subtitle, tables, **options)
    return exports.filename(report.title, format), exports.CONTENT_TYPES[format], content
