"""The rights requests' card on « Aujourd'hui », for the coordination: the requests waiting for
an answer, the nearest deadline first, so that the overdue ones lead and are flagged. One query
when nothing waits or a few do, two when the card is full."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from palabre.privacy import rights_access as access

LINES = 6


def _line(rights_request, day):
    deadline = rights_request.deadline.strftime("%d/%m/%Y")
    overdue = rights_request.deadline < day
    return {
        "url": reverse("privacy:rights_detail", args=[rights_request.pk]),
        "label": rights_request.title,
        "detail": (_("délai dépassé depuis le %(day)s") if overdue else _("avant le %(day)s"))
        % {"day": deadline},
        "flag": _("En retard") if overdue else "",
    }


def today_panel(membership, day):
    if not access.can_handle_rights(membership):
        return None
    waiting = access.requests_for(membership).open().order_by("deadline", "received_on")
    first = list(waiting[:LINES])
    if not first:
        return None
    if len(first) < LINES:
        count, overdue = len(first), sum(r.deadline < day for r in first)
    else:  # more may wait: one query counts them all
        totals = waiting.aggregate(
            count=Count("pk"), overdue=Count("pk", filter=Q(deadline__lt=day))
        )
        count, overdue = totals["count"], totals["overdue"]
    title = _("Droits des personnes : demandes à traiter")
    if overdue:
        title = _("Droits des personnes : demandes à traiter, dont %(n)s en retard") % {
            "n": overdue
        }
    return {
        "template": "components/list_task_card.html",
        "card": {
            "key": "droits",
            "title": title,
            "count": count,
            "lines": [_line(rights_request, day) for rights_request in first],
            "empty": "",
            "more_url": reverse("privacy:rights_list") if count > len(first) else None,
        },
    }
