"""The verbs of the *signalement exceptionnel*: propose (or record an urgent transmission),
validate, refuse, record the transmission, review an urgent one.

Each is keyword-only, atomic, checks the state it starts from and who acts, and writes one line
of the Journal about the report (never the case: its history is read by reception). The line
names the reason and the recipient; the content never leaves the report.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from palabre.core import journal
from palabre.core.actions import Refused
from palabre.privacy import safety_reports_access as access
from palabre.privacy.safety_reports import (
    CONTENT_MAX_LENGTH,
    SafetyDecision,
    SafetyReason,
    SafetyRecipient,
    SafetyReport,
    SafetyStatus,
)


def _record(report, by, verb, summary, **data):
    journal.record(
        organisation=report.organisation,
        subject=report,
        verb=verb,
        summary=summary,
        actor=by.user,
        data={"reason": report.reason, "recipient": report.recipient, **data},
    )


def _labels(report) -> dict:
    return {
        "recipient": SafetyRecipient(report.recipient).label,
        "reason": SafetyReason(report.reason).label,
    }


def _check_moment(moment, *, after=None):
    now = timezone.now()
    if moment > now:
        raise Refused(_("L'heure de la transmission ne peut pas être dans le futur."))
    if after is not None and moment < after:
        raise Refused(_("La transmission ne peut pas précéder la validation du signalement."))


@transaction.atomic
def propose_safety_report(
    *,
    case,
    by,
    reason,
    recipient,
    content,
    recipient_detail="",
    urgent=False,
    transmitted_at=None,
    channel="",
) -> SafetyReport:
    """A mediator (or the coordination) proposes a report from a case. ``urgent``: the report
    has already been made (emergency services called), it is recorded with when and how, and
    goes to the coordination for review."""
    if not access.can_propose(by, case):
        raise Refused(_("Seule l'équipe du dossier peut proposer un signalement exceptionnel."))
    content = (content or "").strip()
    if not content:
        raise Refused(_("Indiquez le contenu minimal à transmettre."))
    if len(content) > CONTENT_MAX_LENGTH:
        raise Refused(
            _("Le contenu transmis tient en %(n)s caractères au plus : le strict nécessaire.")
            % {"n": CONTENT_MAX_LENGTH}
        )
    now = timezone.now()
    report = SafetyReport(
        organisation=case.organisation,
        case=case,
        reason=reason,
        recipient=recipient,
        recipient_detail=recipient_detail,
        content=content,
        proposed_by=by.user,
        proposed_at=now,
    )
    if urgent:
        if transmitted_at is None or not channel:
            raise Refused(
                _("Un signalement transmis en urgence indique quand et comment il l'a été.")
            )
        _check_moment(transmitted_at)
        report.urgent = True
        report.status = SafetyStatus.TRANSMITTED
        report.transmitted_at, report.transmitted_by, report.channel = (
            transmitted_at,
            by.user,
            channel,
        )
    report.save()
    if urgent:
        summary = _("Signalement exceptionnel transmis en urgence à : %(recipient)s (%(reason)s)")
    else:
        summary = _("Signalement exceptionnel proposé à : %(recipient)s (%(reason)s)")
    verb = "safety_report_urgent" if urgent else "safety_report_proposed"
    _record(report, by, verb, summary % _labels(report), case=str(case.pk), urgent=urgent)
    return report


def _locked(report) -> SafetyReport:
    return SafetyReport.objects.select_for_update().get(pk=report.pk)


def _check_decider(report, by):
    if not access.can_decide(by, report):
        if access.is_proposer(by, report):
            raise Refused(
                _(
                    "Un signalement est validé ou revu par une autre personne que celle qui l'a "
                    "proposé."
                )
            )
        raise Refused(_("Seule la coordination du service donne son avis sur un signalement."))


def _decide(report, by, decision, comment):
    report.decision = decision
    report.decision_comment = (comment or "").strip()
    report.decided_by = by.user
    report.decided_at = timezone.now()


@transaction.atomic
def validate_safety_report(*, report, by, comment="") -> SafetyReport:
    report = _locked(report)
    _check_decider(report, by)
    if report.status != SafetyStatus.PROPOSED:
        raise Refused(_("Ce signalement n'attend plus de validation."))
    _decide(report, by, SafetyDecision.VALIDATED, comment)
    report.status = SafetyStatus.VALIDATED
    report.save()
    _record(
        report,
        by,
        "safety_report_validated",
        _("Signalement exceptionnel validé, à transmettre à : %(recipient)s") % _labels(report),
    )
    return report


@transaction.atomic
def refuse_safety_report(*, report, by, comment) -> SafetyReport:
    report = _locked(report)
    _check_decider(report, by)
    if report.status != SafetyStatus.PROPOSED:
        raise Refused(_("Ce signalement n'attend plus de validation."))
    if not (comment or "").strip():
        raise Refused(_("Indiquez le motif du refus : il sera lu par la personne qui l'a proposé."))
    _decide(report, by, SafetyDecision.REFUSED, comment)
    report.status = SafetyStatus.REFUSED
    report.save()
    _record(report, by, "safety_report_refused", _("Signalement exceptionnel refusé"))
    return report


@transaction.atomic
def record_transmission(*, report, by, transmitted_at, channel) -> SafetyReport:
    report = _locked(report)
    if not access.can_record_transmission(by, report):
        raise Refused(_("Seul un signalement validé peut être dit transmis."))
    _check_moment(transmitted_at, after=report.decided_at)
    report.status = SafetyStatus.TRANSMITTED
    report.transmitted_at, report.transmitted_by, report.channel = transmitted_at, by.user, channel
    report.save()
    _record(
        report,
        by,
        "safety_report_transmitted",
        _("Signalement exceptionnel transmis à : %(recipient)s") % _labels(report),
        channel=channel,
    )
    return report


@transaction.atomic
def review_urgent_report(*, report, by, confirms: bool, comment="") -> SafetyReport:
    """After an urgent transmission, someone of the coordination other than the proposer says
    whether the urgency was founded: the transmission stands either way, the review is for the
    team's practice."""
    report = _locked(report)
    _check_decider(report, by)
    if not report.awaits_review:
        raise Refused(_("Ce signalement n'attend pas de revue."))
    if not confirms and not (comment or "").strip():
        raise Refused(_("Indiquez ce qui aurait pu être fait autrement."))
    decision = SafetyDecision.CONFIRMED if confirms else SafetyDecision.QUESTIONED
    _decide(report, by, decision, comment)
    report.save()
    _record(
        report,
        by,
        "safety_report_reviewed",
        _("Signalement en urgence revu : %(decision)s") % {"decision": decision.label},
    )
    return report
