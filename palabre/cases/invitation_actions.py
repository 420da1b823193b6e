"""Verbs of invitations to book (docs/adr/0026). Each is keyword-only and atomic and writes the
case's Journal; the person's answers come through the link, without an account (``by`` is then
nobody).

- ``invite_by_letter``: the invitation the letter to the other party prints (the one already
  printed, while it has two weeks to run, so that a letter printed twice carries one link);
- ``invite_requester``: the confirmation a requester receives by e-mail or SMS when the service
  takes the request on, sent by the worker (``invitation_delivery``);
- ``send_to_requester``: the same message, sent by the team from the case page;
- ``hold`` then ``record_booking`` (called by ``permanences`` around its booking), ``ask_callback``,
  ``decline``: the person's answer. It closes the link and the party's other open links, and for
  the other party it is the result of the service's contact attempt: a ``ContactAttempt``
  (channel of the invitation, result « Accepte un entretien », « Réfléchit, à relancer » or
  « Refuse la médiation ») while the case is at the contact stage;
- ``reopen``: the slot chosen is cancelled, the link serves again;
- ``mark_callback_done`` and ``withdraw``: the team's side.

A link serves while it is neither answered, withdrawn nor expired, the case neither closed nor
suspended, and, for the other party, the requester's consent to contact them still active.
"""

import datetime as dt
import re

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from palabre.cases import actions, codes, invitation_delivery
from palabre.cases.codes import Status
from palabre.cases.invitations import Answer, CallbackBand, CallbackDay, Delivery, Invitation
from palabre.core import journal, signed_links, sms
from palabre.core.actions import Refused

# A printed letter reuses the link already printed while it has at least this long to run.
REUSE_FOR_AT_LEAST = dt.timedelta(days=14)
PAUSED = (Status.CLOSED, Status.SUSPENDED)
# Where the requester is sent the link from the case page: their first interview still to fix.
BEFORE_REQUESTER_INTERVIEW = (Status.NEW, Status.QUALIFIED)
RESULT_OF = {
    Answer.BOOKED: codes.ContactAttemptResult.ACCEPTED,
    Answer.CALLBACK: codes.ContactAttemptResult.THINKING,
    Answer.DECLINED: codes.ContactAttemptResult.REFUSED,
}
ATTEMPT_CHANNEL_OF = {
    Delivery.LETTER: codes.ContactAttemptChannel.LETTER,
    Delivery.EMAIL: codes.ContactAttemptChannel.EMAIL,
    Delivery.SMS: codes.ContactAttemptChannel.SMS,
}
# The states where the service's contact attempts with the other party are recorded.
ATTEMPT_STATUSES = (Status.CONTACTING_OTHER_PARTY, Status.OTHER_PARTY_INTERVIEW_SCHEDULED)
PHONE = re.compile(r"(0[1-9]\d{8}|\+[1-9]\d{7,14})")


class InvitationRefused(Refused):
    """The link cannot serve, or the answer is not complete; ``message`` says why, in French."""


def valid_days() -> int:
    return getattr(settings, "PALABRE_INVITATION_DAYS", 30)


def case_allows(invitation: Invitation) -> bool:
    """Whether the case still wants this answer: open, not suspended and, for the other party,
    the requester's consent to contact them active."""
    case = invitation.case
    if case.status in PAUSED:
        return False
    if invitation.party.role == codes.PartyRole.OTHER_PARTY:
        return actions.has_active_consent(case.requester(), codes.ConsentKind.CONTACT_OTHER_PARTY)
    return True


def refusal(invitation: Invitation, now=None) -> str:
    """Why the link cannot take an answer now, in French; ``""`` when it can."""
    if invitation.answered_at is not None:
        return _("Vous avez déjà répondu à cette invitation.")
    if invitation.revoked_at is not None:
        return _("Ce lien a été retiré par le service.")
    if invitation.is_expired(now):
        return _("Ce lien a expiré le %(day)s.") % {
            "day": timezone.localtime(invitation.expires_at).strftime("%d/%m/%Y")
        }
    if not case_allows(invitation):
        return _("Ce lien n'est plus valable.")
    return ""


# --- Issuing ------------------------------------------------------------------------------------


def _issue(*, case, party, by, delivery: str) -> Invitation:
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return Invitation.objects.create(
                    organisation_id=case.organisation_id,
                    case=case,
                    party=party,
                    code=signed_links.short_code(),
                    delivery=delivery,
                    issued_by=by,
                    expires_at=_expiry(timezone.now(), valid_days()),
                )
        except IntegrityError:  # the one-in-a-trillion code already taken: draw again
            continue
    raise InvitationRefused(_("Le lien n'a pas pu être créé. Réessayez."))


def _expiry(now: dt.datetime, days: int) -> dt.datetime:
    """The end of the ``days``-th day from ``now`` (Paris time): a letter that prints
    « valable jusqu'au 8 janvier » means the whole of that day."""
    last_day = timezone.localdate(now) + dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime.combine(last_day, dt.time(23, 59, 59)))


@transaction.atomic
def invite_by_letter(*, case, party, by) -> Invitation:
    """The invitation the letter to ``party`` carries (the letter's own checks come first)."""
    current = (
        Invitation.objects.filter(party=party, delivery=Delivery.LETTER)
        .usable(timezone.now() + REUSE_FOR_AT_LEAST)
        .order_by("-expires_at")
        .first()
    )
    return current or _issue(case=case, party=party, by=by, delivery=Delivery.LETTER)


def delivery_for(party) -> str | None:
    """How a message reaches the party: their e-mail, else a mobile number, else not at all."""
    if party.email:
        return Delivery.EMAIL
    try:
        sms.normalise_phone(party.phone)
    except sms.SmsError:
        return None
    return Delivery.SMS


@transaction.atomic
def invite_requester(*, case, by) -> Invitation | None:
    """Tells the requester that the service takes their request on, with the link to book or to
    be called back; None when they left no e-mail nor mobile number. The message leaves once the
    transaction commits, through the worker."""
    requester = case.requester()
    delivery = delivery_for(requester) if requester is not None else None
    if delivery is None or case.status in PAUSED:
        return None
    invitation = _issue(case=case, party=requester, by=by, delivery=delivery)
    _log(
        invitation,
        by,
        "invitation_sent",
        _("Invitation à prendre rendez-vous envoyée au demandeur (%(delivery)s)")
        % {"delivery": Delivery(delivery).label},
    )
    transaction.on_commit(invitation_delivery.send_soon)
    return invitation


def requester_link_waiting(case) -> Invitation | None:
    """The link sent to the requester that still waits for their answer, if any."""
    requester = case.requester()
    if requester is None:
        return None
    return Invitation.objects.filter(party=requester).usable().order_by("-expires_at").first()


@transaction.atomic
def send_to_requester(*, case, by) -> Invitation:
    """The team sends the requester the link by e-mail or SMS (a case opened at intake, or a
    link to send again after one expired); a clear refusal when it cannot leave."""
    case = type(case).objects.select_for_update().get(pk=case.pk)
    if case.status in PAUSED:
        raise InvitationRefused(_("Le dossier est clos ou suspendu : aucun lien n'est envoyé."))
    if case.status not in BEFORE_REQUESTER_INTERVIEW:
        raise InvitationRefused(
            _("Le lien sert à fixer le premier entretien du demandeur : il est déjà prévu.")
        )
    waiting = requester_link_waiting(case)
    if waiting is not None:
        raise InvitationRefused(
            _("Un lien envoyé au demandeur attend sa réponse jusqu'au %(day)s.")
            % {"day": timezone.localtime(waiting.expires_at).strftime("%d/%m/%Y")}
        )
    invitation = invite_requester(case=case, by=by)
    if invitation is None:
        raise InvitationRefused(
            _(
                "Le demandeur n'a laissé ni e-mail ni numéro de portable : donnez-lui le lien "
                "d'un courrier ou appelez-le."
            )
        )
    return invitation


def _log(invitation: Invitation, by, verb: str, summary: str):
    journal.record(
        organisation=invitation.organisation,
        subject=invitation.case,
        verb=verb,
        summary=summary,
        actor=by.user if by is not None else None,
        data={"invitation": str(invitation.pk), "party_role": invitation.party.role},
    )


# --- The person's answer ------------------------------------------------------------------------


def hold(invitation: Invitation) -> Invitation:
    """The invitation under a row lock, or ``InvitationRefused`` when it cannot take an answer.
    Call inside the transaction that records the answer."""
    invitation = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("case", "party", "organisation")
        .get(pk=invitation.pk)
    )
    problem = refusal(invitation)
    if problem:
        raise InvitationRefused(problem)
    return invitation


def _answer(invitation: Invitation, answer: str, **fields) -> Invitation:
    now = timezone.now()
    invitation.answer = answer
    invitation.answered_at = now
    for name, value in fields.items():
        setattr(invitation, name, value)
    invitation.save(update_fields=["answer", "answered_at", "updated_at", *fields])
    # One answer per person: the party's other links (a letter printed twice, a message) close.
    Invitation.objects.filter(party=invitation.party).unanswered().exclude(pk=invitation.pk).update(
        revoked_at=now, updated_at=now
    )
    party, case = invitation.party, invitation.case
    _log(
        invitation,
        None,
        "invitation_answered",
        _("Réponse à l'invitation (%(role)s) : %(answer)s")
        % {"role": party.get_role_display(), "answer": Answer(answer).label},
    )
    if party.role == codes.PartyRole.OTHER_PARTY and case.status in ATTEMPT_STATUSES:
        actions.record_contact_attempt(
            case=case,
            by=None,
            party=party,
            channel=ATTEMPT_CHANNEL_OF[invitation.delivery],
            attempted_on=timezone.localdate(now),
            result=RESULT_OF[answer],
        )
    return invitation


@transaction.atomic
def record_booking(*, invitation: Invitation) -> Invitation:
    """The person chose a slot; ``permanences`` books it in the same transaction, after
    ``hold``."""
    return _answer(hold(invitation), Answer.BOOKED)


def clean_phone(phone: str) -> str:
    """A telephone number as people write it, checked and kept as written; ``""`` if it is not
    one (a landline will do: the service calls)."""
    digits = re.sub(r"[\s.\-()/]", "", phone or "")
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    return phone.strip() if PHONE.fullmatch(digits) else ""


@transaction.atomic
def ask_callback(*, invitation: Invitation, days, bands, phone: str) -> Invitation:
    """The person asks to be called back on ``phone``, on some ``days`` at some ``bands``."""
    days = [day for day in CallbackDay.values if day in set(days)]
    bands = [band for band in CallbackBand.values if band in set(bands)]
    if not days or not bands:
        raise InvitationRefused(_("Choisissez au moins un jour et un moment de la journée."))
    number = clean_phone(phone)
    if not number:
        raise InvitationRefused(
            _("Indiquez un numéro de téléphone à 10 chiffres (ou au format international).")
        )
    return _answer(
        hold(invitation),
        Answer.CALLBACK,
        callback_days=",".join(days),
        callback_bands=",".join(bands),
        callback_phone=number,
    )


@transaction.atomic
def decline(*, invitation: Invitation) -> Invitation:
    """The person does not wish to take part: the team sees it, nobody insists through the link."""
    return _answer(hold(invitation), Answer.DECLINED)


@transaction.atomic
def reopen(*, invitation: Invitation) -> Invitation:
    """The slot chosen through the link is cancelled (by the person or the service): the link
    serves again until it expires, so that the person chooses another slot or another answer.
    What the first answer recorded (the contact attempt) stays in the case's history."""
    invitation = Invitation.objects.select_for_update(of=("self",)).get(pk=invitation.pk)
    if invitation.answer != Answer.BOOKED or invitation.revoked_at is not None:
        return invitation
    invitation.answer, invitation.answered_at = "", None
    invitation.save(update_fields=["answer", "answered_at", "updated_at"])
    _log(
        invitation,
        None,
        "invitation_reopened",
        _("Créneau choisi annulé : le lien d'invitation sert de nouveau (%(role)s)")
        % {"role": invitation.party.get_role_display()},
    )
    return invitation


# --- The team's side ----------------------------------------------------------------------------


@transaction.atomic
def mark_callback_done(*, invitation: Invitation, by) -> Invitation:
    """The team called the person back; the card of « Aujourd'hui » lets go of it. What the call
    gave is recorded as usual (a contact attempt, an interview…)."""
    invitation = Invitation.objects.select_for_update(of=("self",)).get(pk=invitation.pk)
    if invitation.answer != Answer.CALLBACK:
        raise InvitationRefused(_("Cette personne n'a pas demandé à être rappelée."))
    if invitation.callback_done_at is None:
        invitation.callback_done_at = timezone.now()
        invitation.callback_done_by = by
        invitation.save(update_fields=["callback_done_at", "callback_done_by", "updated_at"])
        _log(
            invitation,
            by,
            "invitation_called_back",
            _("Rappel fait (%(role)s)") % {"role": invitation.party.get_role_display()},
        )
    return invitation


@transaction.atomic
def withdraw(*, invitation: Invitation, by) -> Invitation:
    """The link stops serving (a letter sent to a wrong address, a change of plan)."""
    invitation = Invitation.objects.select_for_update(of=("self",)).get(pk=invitation.pk)
    if invitation.answered_at is not None:
        raise InvitationRefused(_("La personne a déjà répondu : le lien ne sert plus."))
    if invitation.revoked_at is None:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at", "updated_at"])
        _log(
            invitation,
            by,
            "invitation_withdrawn",
            _("Lien d'invitation retiré (%(role)s)")
            % {"role": invitation.party.get_role_display()},
        )
    return invitation
