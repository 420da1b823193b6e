"""The two letters a case produces, as PDF: the invitation to the other party (with its GDPR
art. 14 notice) and the content-free attestation of a mediation attempt (art. 750-1 CPC).

A letter leaves the service on paper: it carries names, addresses and dates, never the conflict
category, a note, what was said or how it ended. The templates therefore receive only the plain
values listed here, never the case object.
"""

import segno
from django.template.loader import render_to_string
from django.utils import formats, timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from palabre.cases import codes, invitation_actions, invitation_links
from palabre.cases.actions import TransitionRefused, has_active_consent
from palabre.cases.codes import Status
from palabre.core import journal, notices, pdf

# From the first contact with the other party to the follow-up: the invitation makes sense there.
INVITATION_STATUSES = {
    Status.CONTACTING_OTHER_PARTY,
    Status.OTHER_PARTY_INTERVIEW_SCHEDULED,
    Status.OTHER_PARTY_INTERVIEWED,
    Status.JOINT_MEETING_SCHEDULED,
    Status.JOINT_MEETING_HELD,
    Status.SHUTTLE,
    Status.AGREEMENT_REACHED,
    Status.FOLLOW_UP_DUE,
}
# Open states where the other party has been (or is being) contacted by the service.
OTHER_PARTY_CONTACTED_STATUSES = INVITATION_STATUSES
NOT_YET_AN_ATTEMPT = {Status.NEW, Status.QUALIFIED}


def render_pdf(template_name: str, context: dict) -> bytes:
    """Renders a letter template to PDF bytes. Nothing is fetched from outside the document."""
    return pdf.write(render_to_string(template_name, context))


def long_date(day) -> str:
    """« 1er mars 2026 », with no-break spaces so that a date never splits across lines."""
    text = formats.date_format(day, "j F Y")
    if day.day == 1 and (get_language() or "").startswith("fr"):
        text = "1er" + text[1:]
    return text.replace(" ", "\N{NO-BREAK SPACE}")


def _postal_lines(party) -> list[str]:
    """The household's address as it goes on an envelope, with the commune if it is missing."""
    household = party.household
    if household is None:
        return []
    lines = [line.strip() for line in household.address.splitlines() if line.strip()]
    commune = household.commune
    if commune is not None and commune.name.lower() not in household.address.lower():
        postal_codes = commune.postal_codes.replace(",", " ").split()
        prefix = postal_codes[0] if len(postal_codes) == 1 else ""
        lines.append(f"{prefix} {commune.name}".strip())
    return lines


def _organisation_context(organisation) -> dict:
    return {
        "name": organisation.name,
        "address_lines": [
            line.strip() for line in organisation.address.splitlines() if line.strip()
        ],
        "phone": organisation.phone,
        "email": organisation.email,
        "dpo_contact": organisation.dpo_contact or organisation.email,
    }


def _record(case, by, data: dict, summary: str):
    journal.record(
        organisation=case.organisation,
        subject=case,
        verb="letter_generated",
        summary=summary,
        actor=by.user if by else None,
        data=data,
    )


# --- Invitation to the other party --------------------------------------------------------------


def check_invitation(case, party):
    """Raises ``TransitionRefused`` (French message) when the invitation cannot be written yet."""
    if party.role != codes.PartyRole.OTHER_PARTY or party.case_id != case.pk:
        raise TransitionRefused(
            _("Le courrier d'invitation s'adresse à l'autre partie du dossier.")
        )
    if case.status == Status.CLOSED:
        raise TransitionRefused(
            _("Le dossier est clos : le courrier d'invitation ne peut plus être préparé.")
        )
    if case.status not in INVITATION_STATUSES:
        raise TransitionRefused(
            _(
                "Le courrier d'invitation se prépare une fois la prise de contact avec l'autre "
                "partie engagée ; le dossier est à l'état « %(status)s »."
            )
            % {"status": case.get_status_display()}
        )
    if not _requester_consented(case):
        raise TransitionRefused(
            _("Le consentement du demandeur à contacter l'autre partie n'est pas enregistré.")
        )


def _requester_consented(case) -> bool:
    """The requester's consent to contact the other party: read from the case's consents when the
    case page has them already (a query per party card otherwise), else from the database."""
    kind = codes.ConsentKind.CONTACT_OTHER_PARTY
    requester = case.requester()
    if "consents" not in getattr(case, "_prefetched_objects_cache", {}):
        return has_active_consent(requester, kind)
    return requester is not None and any(
        consent.party_id == requester.pk and consent.kind == kind and consent.is_active
        for consent in case.consents.all()
    )


def invitation_filename(case) -> str:
    return f"courrier-invitation-{case.reference}.pdf"


def _link_context(invitation) -> dict:
    """The invitation's link as the letter prints it: an address to type, its QR code (SVG, a
    ``data:`` URI: nothing fetched), and the last day it serves (docs/adr/0026)."""
    address = invitation_links.address_of(invitation)
    return {
        "address": invitation_links.printed_address(invitation),
        "qr": segno.make(address, error="m").svg_data_uri(scale=3, border=2),
        "until": long_date(timezone.localtime(invitation.expires_at).date()),
    }


def invitation_pdf(*, case, party, by) -> bytes:
    """The neutral invitation letter to the other party, followed by the GDPR art. 14 notice.

    Mentions « une difficulté de voisinage » only: no category, no requester, no note. It carries
    the link with which the party, without an account, books a slot at a permanence, asks to be
    called back or declines (``invitation_actions.invite_by_letter``). The notice carries its
    version, and the register of notices learns it went to the party (``core.notices.given``)."""
    check_invitation(case, party)
    invitation = invitation_actions.invite_by_letter(case=case, party=party, by=by)
    context = {
        "reference": case.reference,
        "today": long_date(timezone.localdate()),
        "organisation": _organisation_context(case.organisation),
        "recipient": {"name": str(party), "address_lines": _postal_lines(party)},
        "notice_version": notices.CURRENT[notices.NoticeKind.OTHER_PARTY].label(),
        "link": _link_context(invitation),
    }
    content = render_pdf("cases/letters/invitation.html", context)
    _record(
        case,
        by,
        {"letter": "invitation", "invitation": str(invitation.pk)},
        _("Courrier d'invitation généré"),
    )
    notices.given(
        kind=notices.NoticeKind.OTHER_PARTY,
        method=notices.NoticeMethod.LETTER,
        organisation=case.organisation,
        by=by,
        party=party,
    )
    return content


# --- Attestation of a mediation attempt ---------------------------------------------------------


def attempt_started(case) -> bool:
    """Past « Recevable, à planifier »: an interview was at least scheduled, or the case was
    closed after more than the intake."""
    if case.status == Status.CLOSED:
        return case.stage_reached != codes.Stage.INTAKE_ONLY
    if case.status in NOT_YET_AN_ATTEMPT:
        return False
    if case.status == Status.SUSPENDED:
        return case.interviews.exists()
    return True


def other_party_contacted(case) -> bool:
    """Whether the service has reached out to the other party: an attestation must be true."""
    if case.status == Status.CLOSED:
        reached = codes.STAGE_ORDER.index(case.stage_reached)
        return (
            reached >= codes.STAGE_ORDER.index(codes.Stage.OTHER_PARTY_CONTACTED)
            or case.closure_reason == codes.ClosureReason.OTHER_PARTY_REFUSED
        )
    if case.status in OTHER_PARTY_CONTACTED_STATUSES:
        return True
    if case.contact_attempts.exists():
        return True
    if "interviews" in getattr(case, "_prefetched_objects_cache", {}):  # the case page
        return any(
            i.party is not None and i.party.role == codes.PartyRole.OTHER_PARTY
            for i in case.interviews.all()
        )
    return case.interviews.filter(party__role=codes.PartyRole.OTHER_PARTY).exists()


def check_attestation(case, party):
    """Raises ``TransitionRefused`` (French message) when no attempt can be attested yet."""
    if party.case_id != case.pk or party.role not in (
        codes.PartyRole.REQUESTER,
        codes.PartyRole.OTHER_PARTY,
    ):
        raise TransitionRefused(
            _("L'attestation concerne le demandeur ou l'autre partie du dossier.")
        )
    if not attempt_started(case):
        raise TransitionRefused(
            _(
                "Aucune tentative de médiation n'a encore commencé : l'attestation se délivre "
                "une fois un entretien au moins planifié."
            )
        )
    if party.role == codes.PartyRole.OTHER_PARTY and not other_party_contacted(case):
        raise TransitionRefused(
            _(
                "L'autre partie n'a pas encore été contactée par le service : aucune attestation "
                "ne peut la concerner."
            )
        )


def attestation_filename(case) -> str:
    return f"attestation-tentative-mediation-{case.reference}.pdf"


def attestation_pdf(*, case, party, by) -> bytes:
    """States that the party took part in a mediation attempt between two dates. Nothing else:
    no content, no outcome, no other person, no conflict category."""
    check_attestation(case, party)
    today = timezone.localdate()
    context = {
        "reference": case.reference,
        "today": long_date(today),
        "organisation": _organisation_context(case.organisation),
        "party_name": str(party),
        "is_requester": party.role == codes.PartyRole.REQUESTER,
        "started_on": long_date(case.opened_on),
        "ended_on": long_date(case.closed_on or today),
    }
    content = render_pdf("cases/letters/attestation.html", context)
    _record(
        case,
        by,
        {"letter": "attestation", "party_role": party.role},
        _("Attestation de tentative de médiation générée"),
    )
    return content
