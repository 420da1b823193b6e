"""The permanences panel of the case page: the person's appointments, and a way to book one."""

import datetime as dt

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from palabre.permanences import access
from palabre.permanences.models import AppointmentState


def case_panel(membership, case):
    can_book = access.can_book(membership) and not case.is_closed
    appointments = list(
        case.permanence_appointments.exclude(state=AppointmentState.EXPIRED)
        .select_related("occurrence__permanence__venue")
        .order_by("-occurrence__starts_at")
    )
    if not (appointments or can_book):
        return None
    return {
        "template": "permanences/_case_panel.html",
        "appointments": appointments,
        "can_book": can_book,
        "can_read_sessions": access.can_read(membership),
    }


def today_panel(membership, day):
    """« Ce qui m'attend aujourd'hui »: the coming week's sessions, those one holds for a
    mediator, all of them for the office."""
    if not access.can_read(membership):
        return None
    start = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
    sessions = (
        access.occurrences_for(membership)
        .planned()
        .filter(starts_at__gte=start, starts_at__lt=start + dt.timedelta(days=7))
        .annotate(
            on_duty=Count("duties", distinct=True),
            booked=Count(
                "appointments",
                filter=Q(appointments__state__in=[AppointmentState.BOOKED]),
                distinct=True,
            ),
        )
        .order_by("starts_at")
    )
    if access.takes_duties(membership) and not access.can_book(membership):
        sessions = sessions.filter(duties__mediator=membership)
    sessions = list(sessions[:6])
    lines = [
        {
            "url": reverse("permanences:occurrence", args=[session.pk]),
            "label": session.permanence.venue.name,
            "when": session.starts_at,
            "detail": ngettext("%(n)s rendez-vous", "%(n)s rendez-vous", session.booked)
            % {"n": session.booked}
            + (_(" · moins de deux médiateurs") if session.on_duty < 2 else ""),
        }
        for session in sessions
    ]
    return {
        "template": "components/list_task_card.html",
        "card": {
            "key": "permanences",
            "title": _("Permanences des 7 prochains jours"),
            "count": len(lines),
            "lines": lines,
            "empty": _("Aucune séance de permanence dans les 7 prochains jours."),
            "more_url": reverse("permanences:list"),
            "show_day": True,
        },
    }
