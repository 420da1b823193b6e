"""What the field views share: how a shift is named and when it is, and how two versions of an
intervention compare."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from palabre.field import actions, nights
from palabre.field.codes import PEOPLE_BANDS


def evening(shift) -> str:
    """« samedi 27 mars 2027 »: the evening the shift belongs to, even after midnight."""
    return date_format(shift.date, "l j F Y")


def title(shift) -> str:
    return _("Tournée du %(evening)s") % {"evening": evening(shift)}


def when(shift) -> str:
    """« 22 h – 6 h (8 h) »: local hours and real length."""
    return _("%(hours)s (%(length)s)") % {
        "hours": nights.hours_label(shift.starts_at, shift.ends_at),
        "length": nights.length_label(nights.duration(shift.starts_at, shift.ends_at)),
    }


def names(memberships) -> list[str]:
    return [m.user.get_full_name() or m.user.email for m in memberships]


def planning_crumb():
    return (_("Tournées"), reverse("field:planning"))


def first_of_month(value, today: dt.date) -> dt.date:
    """``2027-03`` → 1 March 2027; anything else → the first of today's month."""
    try:
        year, month = (int(part) for part in value.split("-"))
        if 2000 <= year <= 2999:
            return dt.date(year, month, 1)
    except (AttributeError, ValueError):
        pass
    return today.replace(day=1)


def add_months(first: dt.date, months: int) -> dt.date:
    index = first.year * 12 + first.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def month_url(first: dt.date) -> str:
    return f"{reverse('field:planning')}?mois={first:%Y-%m}"


def compare(current, proposed) -> list[dict]:
    """Two states of one intervention side by side, for a refused stale edit: each row a label,
    what is recorded, what the person asked for, and whether they differ."""
    rows = [
        (_("Heure"), lambda i: timezone.localtime(i.happened_at).strftime("%H:%M")),
        (_("Type"), lambda i: i.get_type_display()),
        (_("Lieu"), lambda i: i.place),
        (_("Registre"), lambda i: i.get_register_display()),
        (_("À l'initiative de"), lambda i: i.get_initiated_by_display()),
        (_("Personnes rencontrées"), _people),
        (_("Résultat"), lambda i: i.get_result_display()),
        (_("Suite à donner"), lambda i: _("oui") if i.follow_up_needed else _("non")),
        (_("Note"), lambda i: i.note or "—"),
    ]
    compared = []
    for label, show in rows:
        recorded, asked = str(show(current)), str(show(proposed))
        compared.append(
            {"label": label, "recorded": recorded, "asked": asked, "differs": recorded != asked}
        )
    return compared


def _people(intervention) -> str:
    counts = [
        f"{label} : {getattr(intervention, name)}"
        for name, label in PEOPLE_BANDS
        if getattr(intervention, name)
    ]
    return ", ".join(counts) or _("aucune")


def change(*, conflict: dict, **kwargs):
    """``actions.change_intervention``, keeping a conflict (``conflict["refused"]``, with both
    versions) for the page or the answer that shows it; ``act_on`` turns it into the message."""
    try:
        return actions.change_intervention(**kwargs)
    except actions.InterventionConflict as refused:
        conflict["refused"] = refused
        raise
