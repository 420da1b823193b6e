"""The time limits' card on « Aujourd'hui » (docs/adr/0020): the requests waiting for an answer,
the nearest deadline first — the first contact to attempt, then the decision —, those past
their first deadline flagged « En retard ». For who reads the intake queue.

One query, whatever the queue holds: the waiting requests are few (each closes at its limit),
so all of them are read at once, and counted and sorted here.
"""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from palabre.referrals import access

LINES = 6


def _next_deadline(referral):
    if referral.first_contact_at is None and referral.contact_due_at is not None:
        return referral.contact_due_at
    return referral.decision_due_at


def _day(moment) -> str:
    return timezone.localtime(moment).strftime("%d/%m/%Y")


def _line(referral, now):
    late = referral.first_contact_at is None and referral.contact_due_at <= now
    if referral.first_contact_at is not None:
        detail = _("contact tenté ; décision avant le %(day)s")
    elif late:
        detail = _("premier contact attendu depuis le %(day)s")
    else:
        detail = _("premier contact avant le %(day)s")
    return {
        "url": reverse("referrals:detail", args=[referral.pk]),
        "label": referral.requester_name,
        "detail": detail % {"day": _day(_next_deadline(referral))},
        "flag": _("En retard") if late else "",
    }


def today_panel(membership, day):
    if not access.can_read_queue(membership):
        return None
    waiting = list(
        access.referrals_for(membership)
        .pending()
        .filter(contact_due_at__isnull=False, decision_due_at__isnull=False)
        .only(
            "pk",
            "requester_first_name",
            "requester_last_name",
            "first_contact_at",
            "contact_due_at",
            "decision_due_at",
        )
        .order_by()
    )
    if not waiting:
        return None
    now = timezone.now()
    waiting.sort(key=lambda referral: (_next_deadline(referral), str(referral.pk)))
    lines = [_line(referral, now) for referral in waiting[:LINES]]
    late = sum(r.first_contact_at is None and r.contact_due_at <= now for r in waiting)
    title = _("Orientations à traiter")
    if late:
        title = _("Orientations à traiter, dont %(n)s en retard") % {"n": late}
    return {
        "template": "components/list_task_card.html",
        "card": {
            "key": "orientations",
            "title": title,
            "count": len(waiting),
            "lines": lines,
            "empty": "",
            "more_url": reverse("referrals:queue") if len(waiting) > LINES else None,
        },
    }
