"""What the field views share: how a shift is named and when it is."""

import datetime as dt

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from palabre.field import nights


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
