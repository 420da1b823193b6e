"""« Ce qui sera anonymisé le mois prochain »: every row that falls due before the same day next
month, line by line, with the day it falls due (``due.due_on``) — the rows already due are
treated by the next night's pass. The cases kept for a legal reason are listed apart."""

import datetime as dt
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from palabre.privacy import due
from palabre.privacy.retention import LegalHold, RetentionSchedule, lines_for


@dataclass(frozen=True)
class Row:
    label: str
    moment: dt.date
    due_on: dt.date
    url: str = ""


@dataclass
class Upcoming:
    line: object
    months: int
    rows: list = field(default_factory=list)


def _day(moment) -> dt.date:
    return timezone.localtime(moment).date() if isinstance(moment, dt.datetime) else moment


def _case_url(case) -> str:
    return reverse("cases:detail", args=[case.pk])


def _case_row(row):
    return _("Dossier %(ref)s") % {"ref": row.reference}, row.closed_on, row


def _contact_end(contact):
    ends = [contact.updated_at] if not contact.is_active else []
    if not contact.partner.is_active:
        ends.append(contact.partner.updated_at)
    return min(ends)


def _received(referral) -> str:
    return _("Orientation reçue le %(day)s") % {"day": f"{_day(referral.received_at):%d/%m/%Y}"}


# Line key → row → (label, moment it is counted from, its case or None).
DESCRIBE = {
    "notes": _case_row,
    "cases": lambda row: (_case_row(row)[0], due.last_contact(row), row),
    "other_parties": lambda row: (
        _("Dossier %(ref)s : l'autre partie") % {"ref": row.case.reference},
        row.case.closed_on,
        row.case,
    ),
    "referrals": lambda row: (_received(row), row.decided_at or row.received_at, None),
    "appointments": lambda row: (_("Rendez-vous en permanence"), row.occurrence.starts_at, None),
    "partner_contacts": lambda row: (f"{row} ({row.partner.name})", _contact_end(row), None),
    "referral_links": lambda row: (
        _("Lien d'orientation (%(partner)s)") % {"partner": row.partner.name},
        min(filter(None, [row.expires_at, row.used_at, row.revoked_at])),
        None,
    ),
    "coownership_contacts": lambda row: (
        f"{row} ({row.coownership.name})",
        row.coownership.followed_until,
        None,
    ),
    "network_contacts": lambda row: (row.name, row.updated_at, None),
    "volunteers": lambda row: (str(row), max(m.updated_at for m in row.memberships.all()), None),
}


def _rows(key, rows, months) -> list[Row]:
    made = []
    for row in rows:
        label, moment, case = DESCRIBE[key](row)
        day = _day(moment)
        made.append(Row(label, day, due.due_on(day, months), _case_url(case) if case else ""))
    return made


def upcoming(organisation, today: dt.date) -> list[Upcoming]:
    """Each line of the organisation's schedule with the rows due by the same day next month."""
    schedule = RetentionSchedule.of(organisation)
    horizon = due.add_months(today, 1)
    found = due.due(organisation, horizon, schedule)
    shown = []
    for line in lines_for(organisation):
        months = schedule.months(line.key)
        item = Upcoming(line, months)
        keys = [line.key] + [key for key, shown in due.COUNTED_AS.items() if shown == line.key]
        for key in keys:
            rows = found.lines.get(key, [])
            item.rows += _rows(key, _related(key, rows), months)
        item.rows.sort(key=lambda row: (row.due_on, row.label))
        shown.append(item)
    return shown


def _related(key, rows):
    """The rows, with what their labels read (fetched once for a line)."""
    model_rows = list(rows)
    if not model_rows or key in ("cases", "notes", "volunteers"):
        return model_rows
    select = {
        "other_parties": ("case",),
        "appointments": ("occurrence",),
        "partner_contacts": ("partner",),
        "referral_links": ("partner",),
        "coownership_contacts": ("coownership",),
    }.get(key)
    if select is None:
        return model_rows
    model = type(model_rows[0])
    by_pk = model.objects.select_related(*select).in_bulk([row.pk for row in model_rows])
    return [by_pk[row.pk] for row in model_rows]


def anonymised_on(case) -> dt.date | None:
    """The day a closed case falls due, by its service's schedule today (None: still open)."""
    if not case.is_closed or case.anonymised_at is not None:
        return None
    schedule = RetentionSchedule.of(case.organisation)
    found = due.with_last_contact(type(case).objects.filter(pk=case.pk)).get()
    return due.due_on(due.last_contact(found), schedule.case_months)


def holds(organisation):
    """The cases kept for a legal reason now, oldest hold first."""
    return (
        LegalHold.objects.active()
        .filter(organisation=organisation)
        .select_related("case", "placed_by")
        .order_by("placed_at")
    )
