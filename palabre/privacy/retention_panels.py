"""What retention adds to other apps' pages (``core.panels``), at no cost to their number of
queries where it can: on the case page, « dossier anonymisé » for whoever reads the case (read
from the case itself) and, for the coordination, the way to the case's conservation page; on
« Aujourd'hui », the closed cases to be anonymised within a month (two queries)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from palabre.cases.access import can_manage_case
from palabre.privacy import due
from palabre.privacy.retention import RetentionSchedule
from palabre.privacy.retention_access import can_manage_retention

SHOWN = 6


def case_panel(membership, case):
    manages = can_manage_case(membership, case)
    if case.anonymised_at is None and not manages:
        return None
    return {
        "template": "privacy/_retention_case_panel.html",
        "anonymised_at": case.anonymised_at,
        "url": reverse("retention:hold", args=[case.pk]) if manages else "",
    }


def today_panel(membership, day):
    """For the coordination of a service: the closed cases whose anonymisation falls within a
    month, the first ones by their day, to keep one for a legal reason in time."""
    if not can_manage_retention(membership) or membership.organisation.is_network:
        return None
    organisation = membership.organisation
    schedule = RetentionSchedule.of(organisation)
    today = timezone.localdate()
    cases = due.cases_due(organisation, schedule, due.add_months(today, 1))
    if not cases:
        return None
    lines = []
    for case in cases[:SHOWN]:
        on = max(today, due.due_on(due.last_contact(case), schedule.case_months))
        lines.append(
            {
                "url": reverse("cases:detail", args=[case.pk]),
                "label": case.reference,
                "detail": _("anonymisé le %(day)s") % {"day": f"{on:%d/%m/%Y}"},
            }
        )
    return {
        "template": "components/list_task_card.html",
        "card": {
            "key": "conservation",
            "title": _("Dossiers anonymisés d'ici un mois"),
            "count": len(cases),
            "lines": lines,
            "empty": "",
            "more_url": reverse("retention:preview"),
        },
    }
