"""What the partners views share: the card of deliverables due."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from palabre.partners import access
from palabre.partners.describe import deliverable_state

DUE_WITHIN_DAYS = 30
CARD_LINES = 8


def due_deliverables_card(membership):
    """« Livrables à rendre sous 30 jours » for the coordination (late ones first), else None."""
    if not access.can_edit_conventions(membership):
        return None
    today = timezone.localdate()
    due = access.deliverables_due_for(membership, today, within_days=DUE_WITHIN_DAYS)
    items = list(due[: CARD_LINES + 1])
    return {
        "key": "livrables-a-rendre",
        "title": _("Livrables à rendre sous %(days)s jours") % {"days": DUE_WITHIN_DAYS},
        "count": len(items) if len(items) <= CARD_LINES else due.count(),
        "lines": [
            {
                "url": reverse("partners:convention_detail", args=[item.convention_id]),
                "label": f"{item} — {item.convention.title}",
                "detail": _("%(state)s (le %(day)s)")
                % {
                    "state": deliverable_state(item, today).label.lower(),
                    "day": item.due_on.strftime("%d/%m/%Y"),
                },
            }
            for item in items[:CARD_LINES]
        ],
        "empty": _("Aucun livrable à rendre dans les 30 prochains jours."),
        "more_url": None,
    }
