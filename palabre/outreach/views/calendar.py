"""The month calendar of outreach actions, planned and past: a table of weeks, one link per
action, and the months before and after. Plain links: it works without JavaScript."""

import calendar
import datetime as dt

from django.shortcuts import render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from palabre.organisations.access import require
from palabre.outreach import access
from palabre.outreach.views.actions import list_crumb


def _month(request) -> dt.date:
    text = request.GET.get("mois", "")
    try:
        chosen = dt.datetime.strptime(text, "%Y-%m").date()
    except ValueError:
        return timezone.localdate().replace(day=1)
    return chosen if 1900 <= chosen.year <= 2100 else timezone.localdate().replace(day=1)


def _shift(month: dt.date, months: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def month_calendar(request):
    membership = request.membership
    require(access.can_open(membership))
    month = _month(request)
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(month.year, month.month)
    first, last = weeks[0][0], weeks[-1][-1]
    tz = timezone.get_current_timezone()
    actions = (
        access.actions_for(membership)
        .filter(
            starts_at__lt=dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min, tz),
            ends_at__gte=dt.datetime.combine(first, dt.time.min, tz),
        )
        .order_by("starts_at")
    )
    by_day = {}
    for action in actions:
        day = max(timezone.localtime(action.starts_at).date(), first)
        end = min(timezone.localtime(action.ends_at).date(), last)
        while day <= end:
            by_day.setdefault(day, []).append(action)
            day += dt.timedelta(days=1)
    today = timezone.localdate()
    rows = [
        [
            {
                "day": day,
                "in_month": day.month == month.month,
                "today": day == today,
                "actions": by_day.get(day, []),
            }
            for day in week
        ]
        for week in weeks
    ]
    here = reverse("outreach:calendar")
    context = {
        "month_label": formats.date_format(month, "F Y"),
        "weeks": rows,
        "previous_url": f"{here}?mois={_shift(month, -1):%Y-%m}",
        "next_url": f"{here}?mois={_shift(month, 1):%Y-%m}",
        "this_month_url": here,
        "crumbs": [list_crumb()],
        "title": _("Calendrier des actions"),
    }
    return render(request, "outreach/calendar.html", context)
