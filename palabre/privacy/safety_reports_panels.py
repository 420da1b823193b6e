"""The *signalement exceptionnel* on other apps' pages: the case page (a way to propose one, and
the case's reports this member may read) and « Aujourd'hui » (what waits for the coordination);
and the case page's information notices, party by party."""

from django.urls import reverse
from django.utils.translation import gettext as _

from palabre.core.notices import CURRENT
from palabre.organisations.access import is_manager
from palabre.privacy import dpo_access
from palabre.privacy import safety_reports_access as access
from palabre.privacy.notices import KIND_OF_PARTY_ROLE


def case_panel(membership, case):
    """Links only: the case page keeps its number of queries."""
    if not access.can_propose(membership, case):
        return None
    return {
        "template": "privacy/safety_reports/case_panel.html",
        "list_url": reverse("dpo:safety_reports") + f"?vue=tous&dossier={case.pk}",
        "propose_url": reverse("dpo:safety_report_propose", args=[case.pk]),
    }


def today_panel(membership, day):
    """For the coordination: the reports to validate, to transmit or to review."""
    if not (access.can_list(membership) and is_manager(membership)):
        return None
    waiting = access.reports_for(membership).awaiting_decision()
    reports = list(waiting[:6])
    lines = [
        {
            "url": reverse("dpo:safety_report", args=[report.pk]),
            "label": report.case.reference,
            "when": report.proposed_at,
            "detail": f"{report.get_recipient_display()} · {report.to_do}",
        }
        for report in reports
    ]
    if not lines:
        return None
    count = len(lines) if len(lines) < 6 else waiting.count()
    return {
        "template": "components/list_task_card.html",
        "card": {
            "key": "signalements",
            "title": _("Signalements exceptionnels à traiter"),
            "count": count,
            "lines": lines,
            "empty": "",
            "more_url": reverse("dpo:safety_reports"),
            "show_day": True,
        },
    }


def notices_panel(membership, case):
    """For the case's team: a link per party to record the information notice given (its
    kind follows the party's role). Reads nothing: the parties are already on the page."""
    if not dpo_access.can_record_for_party(membership, case):
        return None
    parties = [
        {
            "name": str(party),
            "role": party.get_role_display(),
            "version": CURRENT[KIND_OF_PARTY_ROLE[party.role]].number,
            "url": reverse("dpo:notice_party", args=[case.pk, party.pk]),
        }
        for party in case.parties.all()
        if party.role in KIND_OF_PARTY_ROLE
    ]
    return {"template": "privacy/notices/case_panel.html", "parties": parties}
