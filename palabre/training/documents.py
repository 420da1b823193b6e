"""The two printed documents of a session (WeasyPrint, A4): the attendance sheet (*feuille
d'émargement*) the participants sign each half-day — the evidence FDVA 1 asks for — and the
certificate of attendance of one participant, with the hours they actually attended.

The templates receive plain values only.
"""

import datetime as dt

from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from palabre.cases.letters import long_date, render_pdf
from palabre.training.attendance import hours_label, presence
from palabre.training.models import Session

BLANK_ROWS = 3
# Half-days a portrait sheet holds; past that the sheet turns landscape, and holds at most
# SHEET_COLUMNS half-days a table: a session of more (a week of full days) has one table per
# group of half-days, each on its own page with the list of participants, so that every
# signature box keeps its 2.6 cm and the sheet stays within its page.
PORTRAIT_COLUMNS = 4
SHEET_COLUMNS = 6


def _organiser(organisation) -> dict:
    return {
        "name": organisation.name,
        "address_lines": [
            line.strip() for line in organisation.address.splitlines() if line.strip()
        ],
        "phone": organisation.phone,
        "email": organisation.email,
    }


def dates_label(session: Session) -> str:
    if session.starts_on == session.ends_on:
        return _("le %(day)s") % {"day": long_date(session.starts_on)}
    return _("du %(start)s au %(end)s") % {
        "start": long_date(session.starts_on),
        "end": long_date(session.ends_on),
    }


def _half_day_label(half_day) -> str:
    return f"{half_day.day:%d/%m/%Y} — {half_day.get_period_display()}"


def _groups(items: list, most: int) -> list[list]:
    """``items`` in consecutive groups of at most ``most``, as even as can be (10 → 5 + 5)."""
    if not items:
        return []
    size = -(-len(items) // -(-len(items) // most))
    return [items[start : start + size] for start in range(0, len(items), size)]


def attendance_sheet_pdf(session: Session) -> bytes:
    """One sheet per session: every enrolled person × every half-day, an empty box to sign, a
    few blank lines for late arrivals, and the trainer's box under each half-day."""
    half_days = list(session.half_days.all())
    people = list(session.enrolments.enrolled().select_related("organisation"))
    context = {
        "organiser": _organiser(session.module.organiser),
        "module": session.module.title,
        "dates": dates_label(session),
        "where": session.where(),
        "trainer": session.trainer,
        "fdva": session.fdva,
        "objective": session.fdva_objective or session.module.objective,
        "hours": hours_label(sum(h.hours for h in half_days)),
        "sheets": [
            {
                "columns": [
                    {"label": _half_day_label(h), "hours": hours_label(h.hours)} for h in group
                ],
                "first": f"{group[0].day:%d/%m/%Y} {group[0].get_period_display()}",
                "last": f"{group[-1].day:%d/%m/%Y} {group[-1].get_period_display()}",
            }
            for group in _groups(half_days, SHEET_COLUMNS)
        ]
        or [{"columns": []}],
        "rows": [
            {
                "last_name": e.last_name.upper(),
                "first_name": e.first_name,
                "service": e.organisation.name,
            }
            for e in people
        ]
        + [{"last_name": "", "first_name": "", "service": ""}] * BLANK_ROWS,
        "landscape": len(half_days) > PORTRAIT_COLUMNS,
        "today": long_date(timezone.localdate()),
    }
    return render_pdf("training/pdf/attendance_sheet.html", context)


def attendance_sheet_filename(session: Session) -> str:
    return f"emargement-{slugify(session.module.title)[:40]}-{session.starts_on:%Y-%m-%d}.pdf"


def certificate_pdf(enrolment, today: dt.date | None = None) -> bytes:
    session = enrolment.session
    seen = presence(enrolment)
    half_days = list(session.half_days.all())
    context = {
        "organiser": _organiser(session.module.organiser),
        "name": enrolment.display_name,
        "service": enrolment.organisation.name,
        "module": session.module.title,
        "kind": session.module.get_kind_display(),
        "dates": dates_label(session),
        "where": session.where(),
        "trainer": session.trainer,
        "attended": hours_label(seen.hours),
        "planned": hours_label(sum(h.hours for h in half_days)),
        "present": seen.present,
        "half_days": seen.half_days,
        "fdva": session.fdva,
        "today": long_date(today or timezone.localdate()),
    }
    return render_pdf("training/pdf/certificate.html", context)


def certificate_filename(enrolment) -> str:
    return (
        f"attestation-{slugify(enrolment.display_name)[:40]}-"
        f"{enrolment.session.starts_on:%Y-%m-%d}.pdf"
    )
