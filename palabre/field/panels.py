"""The field panel of « Aujourd'hui »: the member's shifts of the coming week, the one running
first, each leading to quick entry once begun."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from palabre.field import access, nights

LINES = 6


def today_panel(membership, day):
    if not access.can_open(membership):
        return None
    now = timezone.now()
    shifts = list(
        access.loggable_shifts_for(membership)
        .filter(date__range=(day - dt.timedelta(days=1), day + dt.timedelta(days=6)))
        .filter(ends_at__gte=now - 12 * nights.HOUR)
        .order_by("starts_at")[:LINES]
    )
    if not shifts:
        return None
    lines = []
    for shift in shifts:
        begun = shift.starts_at <= now + nights.HOUR
        if shift.is_running(now):
            state = _("en cours")
        elif shift.ends_at < now:
            state = _("terminée")
        else:
            state = _("prévue")
        lines.append(
            {
                "url": reverse("field:shift_entry" if begun else "field:shift", args=[shift.pk]),
                "label": _("Saisie rapide — %(team)s") % {"team": shift.team.name}
                if begun
                else _("Tournée — %(team)s") % {"team": shift.team.name},
                "when": shift.starts_at,
                "detail": f"{nights.hours_label(shift.starts_at, shift.ends_at)} · {state}",
            }
        )
    return {
        "template": "components/list_task_card.html",
        "card": {
            "key": "tournees",
            "title": _("Tournées de la semaine")
            if access.can_manage(membership)
            else _("Mes tournées"),
            "count": len(lines),
            "lines": lines,
            "empty": "",
            "more_url": reverse("field:planning"),
            "show_day": True,
        },
    }
