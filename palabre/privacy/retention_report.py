"""The yearly purge report for the DPO (rule R8: « purge report per year for the DPO »): the
schedule in force and its legal bases, what the job purged or anonymised in the year line by
line, how it ran (passes, interruptions, rows it could not treat), and the legal holds. Counts,
dates and codes only: never a name, never what was removed. The same content as a page and as
a PDF (``core.pdf``)."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from palabre.core import pdf
from palabre.privacy.retention import LegalHold, RetentionRun, RetentionSchedule, lines_for


@dataclass
class YearReport:
    organisation: object
    year: int
    schedule: list  # (line, months)
    counts: list  # (line, number)
    passes: int
    interrupted: int
    errors: int
    first: dt.datetime | None
    last: dt.datetime | None
    holds_placed: int
    holds_lifted: int
    holds_at_end: list  # (case reference, reason label, placed on)
    written_on: dt.date

    @property
    def total(self) -> int:
        return sum(n for _line, n in self.counts)


def _bounds(year: int) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_current_timezone()
    return (
        dt.datetime(year, 1, 1, tzinfo=tz),
        dt.datetime(year + 1, 1, 1, tzinfo=tz),
    )


def years_of(organisation, today: dt.date) -> list[int]:
    """The years with a pass, newest first; this year always."""
    first = RetentionRun.objects.filter(organisation=organisation).order_by("started_at").first()
    start = timezone.localtime(first.started_at).year if first else today.year
    return list(range(today.year, min(start, today.year) - 1, -1))


def year_report(organisation, year: int) -> YearReport:
    start, end = _bounds(year)
    runs = list(
        RetentionRun.objects.filter(
            organisation=organisation, started_at__gte=start, started_at__lt=end
        ).order_by("started_at")
    )
    totals = {}
    for run in runs:
        for key, n in run.counts.items():
            totals[key] = totals.get(key, 0) + n
    lines = lines_for(organisation)
    schedule = RetentionSchedule.of(organisation)
    holds = LegalHold.objects.filter(organisation=organisation)
    at_end = (
        holds.filter(placed_at__lt=end)
        .filter(Q(lifted_at__isnull=True) | Q(lifted_at__gte=end))
        .select_related("case")
        .order_by("placed_at")
    )
    return YearReport(
        organisation=organisation,
        year=year,
        schedule=[(line, schedule.months(line.key)) for line in lines],
        counts=[(line, totals.get(line.key, 0)) for line in lines],
        passes=len(runs),
        interrupted=sum(1 for run in runs if run.finished_at is None),
        errors=totals.get("errors", 0),
        first=runs[0].started_at if runs else None,
        last=runs[-1].started_at if runs else None,
        holds_placed=holds.filter(placed_at__gte=start, placed_at__lt=end).count(),
        holds_lifted=holds.filter(lifted_at__gte=start, lifted_at__lt=end).count(),
        holds_at_end=[
            (hold.case.reference, hold.get_reason_display(), timezone.localtime(hold.placed_at))
            for hold in at_end
        ],
        written_on=timezone.localdate(),
    )


def title(report: YearReport) -> str:
    return _("Rapport annuel de conservation %(year)s") % {"year": report.year}


def as_pdf(report: YearReport) -> bytes:
    html = render_to_string(
        "privacy/retention_report_pdf.html", {"report": report, "title": title(report)}
    )
    return pdf.write(html)
