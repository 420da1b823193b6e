"""What a referrer may know of a referral: a process status, never content (domain rule R4).

Beyond the service's answer (received, taken up, declined with its reason, re-oriented, or closed
without an answer by its limit), the status of the mediation itself is shown only while the
person's consent to share it is active on the case; whether an agreement was reached is shown
only when every party of the case has consented to share it.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from palabre.cases import codes
from palabre.referrals.models import Decision, Referral


class Progress(models.TextChoices):
    RECEIVED = "RECEIVED", _("Reçue, en attente de traitement")
    DECLINED = "DECLINED", _("Non retenue")
    REORIENTED = "REORIENTED", _("Réorientée")
    LAPSED = "LAPSED", _("Close sans réponse dans le délai")
    TAKEN_UP = "TAKEN_UP", _("Prise en charge par le service")
    CONTACT_MADE = "CONTACT_MADE", _("Contact établi avec la personne")
    ENGAGED = "ENGAGED", _("Médiation engagée")
    CLOSED = "CLOSED", _("Close")


ENGAGED_STAGES = {
    codes.Stage.OTHER_PARTY_CONTACTED,
    codes.Stage.OTHER_PARTY_INTERVIEWED,
    codes.Stage.JOINT_MEETING_HELD,
    codes.Stage.FOLLOW_UP_DONE,
}
ENGAGED_STATUSES = {
    codes.Status.CONTACTING_OTHER_PARTY,
    codes.Status.OTHER_PARTY_INTERVIEW_SCHEDULED,
    codes.Status.OTHER_PARTY_INTERVIEWED,
    codes.Status.JOINT_MEETING_SCHEDULED,
    codes.Status.JOINT_MEETING_HELD,
    codes.Status.SHUTTLE,
    codes.Status.AGREEMENT_REACHED,
    codes.Status.FOLLOW_UP_DUE,
}
CONTACT_STATUSES = {
    codes.Status.REQUESTER_INTERVIEW_SCHEDULED,
    codes.Status.REQUESTER_INTERVIEWED,
}
AGREEMENT_REASONS = {codes.ClosureReason.AGREEMENT_FULL, codes.ClosureReason.AGREEMENT_PARTIAL}
SHARE = codes.ConsentKind.SHARE_STATUS_WITH_REFERRER


@dataclass(frozen=True)
class Shown:
    """The status line a referrer sees. ``detail`` is a code label, never free text."""

    progress: Progress
    detail: str = ""
    agreement: bool | None = None  # None: not shared


def _sharing_parties(case) -> tuple[bool, bool]:
    """(requester shares, every party shares), from prefetched consents when available."""
    sharing = {}
    for party in case.parties.all():
        sharing[party.role, party.pk] = any(
            consent.kind == SHARE and consent.withdrawn_at is None
            for consent in party.consents.all()
        )
    requester = any(v for (role, _pk), v in sharing.items() if role == codes.PartyRole.REQUESTER)
    others = [v for (role, _pk), v in sharing.items() if role != codes.PartyRole.REQUESTER]
    return requester, requester and bool(others) and all(others)


def shown_to_referrer(referral: Referral) -> Shown:
    if referral.decision == Decision.PENDING:
        return Shown(Progress.RECEIVED)
    if referral.decision == Decision.DECLINED:
        return Shown(Progress.DECLINED, detail=referral.get_decline_reason_display())
    if referral.decision == Decision.LAPSED:
        return Shown(Progress.LAPSED)
    if referral.decision == Decision.REORIENTED:
        to = referral.reoriented_to
        return Shown(Progress.REORIENTED, detail=to.name if to else "")
    case = referral.case
    if case is None:
        return Shown(Progress.TAKEN_UP)
    requester_shares, all_share = _sharing_parties(case)
    if not requester_shares:
        return Shown(Progress.TAKEN_UP)
    if case.status == codes.Status.CLOSED:
        agreement = case.closure_reason in AGREEMENT_REASONS if all_share else None
        return Shown(Progress.CLOSED, agreement=agreement)
    if case.stage_reached in ENGAGED_STAGES or case.status in ENGAGED_STATUSES:
        return Shown(Progress.ENGAGED)
    if case.status in CONTACT_STATUSES or case.stage_reached == codes.Stage.REQUESTER_INTERVIEWED:
        return Shown(Progress.CONTACT_MADE)
    return Shown(Progress.TAKEN_UP)
