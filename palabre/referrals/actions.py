"""Verbs of the intake queue: a referral arrives, and the service answers it.

Each verb is atomic and writes one Journal row. Mails to referrers and to the service carry a
link and nothing else: no name, no conflict, no status in the message itself.
"""

import datetime as dt

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from palabre.cases import actions as case_actions
from palabre.cases import codes, earlier_actions, invitation_actions
from palabre.cases.models import Case
from palabre.core import journal, mail, signed_links
from palabre.core.actions import Refused
from palabre.organisations.models import Membership, Role
from palabre.partners.models import Partner
from palabre.referrals.deadlines import targets_of
from palabre.referrals.models import (
    Decision,
    DeclineReason,
    Origin,
    Referral,
    ReferralLink,
)

LINK_SALT = "palabre.referrals.link"
CHANNEL_OF_ORIGIN = {
    Origin.PARTNER_ACCOUNT: codes.Channel.PARTNER_FORM,
    Origin.PARTNER_LINK: codes.Channel.PARTNER_FORM,
    Origin.PUBLIC_FORM: codes.Channel.WEB_FORM,
}


class ReferralRefused(Refused):
    """The referral cannot be recorded or answered; ``message`` says why, in French."""


def _log(referral: Referral, by: Membership | None, verb: str, summary: str, when=None, **data):
    journal.record(
        organisation=referral.organisation,
        subject=referral,
        verb=verb,
        summary=summary,
        actor=by.user if by else None,
        occurred_at=when,
        data=data,
    )


def _mail(recipients: list[str], subject: str, path: str, intro: str):
    """A content-free notification: one sentence and a link, sent once the data is saved."""
    recipients = sorted({address for address in recipients if address})
    if not recipients:
        return
    body = _(
        "%(intro)s\n\nPour en savoir plus, connectez-vous à Palabre :\n%(url)s\n\n"
        "Ce message ne contient volontairement aucune information sur les personnes."
    ) % {"intro": intro, "url": mail.absolute_url(path)}
    transaction.on_commit(lambda: mail.send_each(subject=subject, body=body, recipients=recipients))


def _coordinator_emails(organisation) -> list[str]:
    return list(
        Membership.objects.active()
        .filter(organisation=organisation, role__in=[Role.ADMIN, Role.COORDINATOR])
        .values_list("user__email", flat=True)
    )


def _check_person(organisation, *, commune, requester_last_name, requester_phone, requester_email):
    if commune is not None and commune.organisation_id != organisation.pk:
        raise ReferralRefused(_("Cette commune n'est pas couverte par le service."))
    if not (requester_phone or requester_email):
        raise ReferralRefused(
            _("Indiquez au moins un moyen de joindre la personne : téléphone ou e-mail.")
        )
    duplicate = Referral.objects.same_person(
        organisation=organisation,
        last_name=requester_last_name,
        phone=requester_phone,
        email=requester_email,
    )
    if duplicate.exists():
        raise ReferralRefused(
            _(
                "Une orientation pour cette personne est déjà en attente de traitement par le "
                "service : inutile de l'envoyer une seconde fois."
            )
        )


@transaction.atomic
def submit_referral(
    *,
    organisation,
    origin: str,
    requester_first_name: str,
    requester_last_name: str,
    conflict_category: str,
    agreed_to_be_contacted: bool,
    requester_phone: str = "",
    requester_email: str = "",
    requester_address: str = "",
    commune=None,
    availability: str = "",
    agreed_to_share_status: bool = False,
    partner: Partner | None = None,
    sent_by: Membership | None = None,
    referrer_name: str = "",
    referrer_email: str = "",
    link: ReferralLink | None = None,
    notify: bool = True,
    received_at: dt.datetime | None = None,
) -> Referral:
    """Puts a referral in the intake queue and tells the coordination (a link, no content).
    ``notify=False`` and ``received_at`` are for loading past or sample data, which must not
    send mail."""
    if not agreed_to_be_contacted:
        raise ReferralRefused(
            _(
                "La personne doit avoir accepté d'être contactée par le service de médiation : "
                "sans son accord, l'orientation ne peut pas être envoyée."
            )
        )
    if partner is not None and partner.organisation_id != organisation.pk:
        raise ReferralRefused(_("Ce partenaire n'est pas connu du service."))
    _check_person(
        organisation,
        commune=commune,
        requester_last_name=requester_last_name,
        requester_phone=requester_phone,
        requester_email=requester_email,
    )
    received_at = received_at or timezone.now()
    contact_due_at, decision_due_at = targets_of(organisation.pk).due_dates(received_at)
    referral = Referral.objects.create(
        organisation=organisation,
        origin=origin,
        partner=partner,
        sent_by=sent_by,
        link=link,
        referrer_name=referrer_name,
        referrer_email=referrer_email,
        requester_first_name=requester_first_name,
        requester_last_name=requester_last_name,
        requester_phone=requester_phone,
        requester_email=requester_email,
        requester_address=requester_address,
        commune=commune,
        conflict_category=conflict_category,
        availability=availability,
        agreed_to_be_contacted=True,
        agreed_to_share_status=agreed_to_share_status and origin != Origin.PUBLIC_FORM,
        received_at=received_at,
        contact_due_at=contact_due_at,
        decision_due_at=decision_due_at,
    )
    who = partner.name if partner else _("un·e habitant·e")
    _log(
        referral,
        sent_by,
        "received",
        _("Orientation reçue de %(who)s") % {"who": who},
        when=referral.received_at,
    )
    _mail(
        _coordinator_emails(organisation) if notify else [],
        _("Palabre : une nouvelle orientation est à traiter"),
        reverse("referrals:detail", args=[referral.pk]),
        _("Une nouvelle orientation est arrivée dans la file d'attente du service."),
    )
    return referral


# --- Signed links for partners without an account ---------------------------------------------


@transaction.atomic
def issue_link(
    *, organisation, partner: Partner, by: Membership, recipient_email: str = "", days: int = 30
) -> tuple[ReferralLink, str]:
    """Creates a single-use link valid ``days`` days; returns it with its signed token."""
    if partner.organisation_id != organisation.pk:
        raise ReferralRefused(_("Ce partenaire n'est pas connu du service."))
    if not 1 <= days <= 90:
        raise ReferralRefused(_("La durée de validité va de 1 à 90 jours."))
    link = ReferralLink.objects.create(
        organisation=organisation,
        partner=partner,
        recipient_email=recipient_email,
        issued_by=by,
        expires_at=timezone.now() + dt.timedelta(days=days),
    )
    token = signed_links.token_for(link, salt=LINK_SALT)
    journal.record(
        organisation=organisation,
        subject=link,
        verb="link_issued",
        summary=_("Lien d'orientation émis pour %(partner)s") % {"partner": partner.name},
        actor=by.user,
    )
    if recipient_email:
        _mail(
            [recipient_email],
            _("Palabre : un lien pour orienter une personne vers la médiation"),
            reverse("referrals:link_form", args=[token]),
            _(
                "%(service)s vous transmet un lien pour lui adresser une personne qui souhaite "
                "une médiation. Le lien sert une seule fois et expire le %(date)s."
            )
            % {
                "service": organisation.name,
                "date": timezone.localtime(link.expires_at).strftime("%d/%m/%Y"),
            },
        )
    return link, token


def link_from_token(token: str, *, lock: bool = False) -> ReferralLink:
    """The link a token names, if its signature holds and it may still be used."""
    queryset = ReferralLink.objects.select_related("partner", "organisation")
    if lock:
        queryset = queryset.select_for_update(of=("self",))
    link = signed_links.row_for(token, queryset, salt=LINK_SALT)
    if link is None:
        raise ReferralRefused(_("Ce lien n'est pas valide."))
    if link.used_at is not None:
        raise ReferralRefused(
            _("Ce lien a déjà servi pour une orientation. Demandez-en un nouveau au service.")
        )
    if link.revoked_at is not None or link.expires_at <= timezone.now():
        raise ReferralRefused(_("Ce lien a expiré. Demandez-en un nouveau au service."))
    return link


@transaction.atomic
def submit_referral_by_link(*, token: str, **fields) -> Referral:
    link = link_from_token(token, lock=True)
    referral = submit_referral(
        organisation=link.organisation,
        origin=Origin.PARTNER_LINK,
        partner=link.partner,
        link=link,
        **fields,
    )
    link.used_at = timezone.now()
    link.save(update_fields=["used_at", "updated_at"])
    return referral


@transaction.atomic
def revoke_link(*, link: ReferralLink, by: Membership) -> ReferralLink:
    if link.used_at is None and link.revoked_at is None:
        link.revoked_at = timezone.now()
        link.save(update_fields=["revoked_at", "updated_at"])
        journal.record(
            organisation=link.organisation,
            subject=link,
            verb="link_revoked",
            summary=_("Lien d'orientation révoqué"),
            actor=by.user,
        )
    return link


# --- Answering a referral ----------------------------------------------------------------------


def _lock(referral: Referral) -> Referral:
    locked = (
        Referral.objects.select_for_update(of=("self",))
        .select_related("partner")
        .get(pk=referral.pk)
    )
    if locked.decision != Decision.PENDING:
        raise ReferralRefused(
            _("Cette orientation a déjà été traitée (%(decision)s).")
            % {"decision": locked.get_decision_display().lower()}
        )
    return locked


def _decided(referral: Referral, by: Membership, decision: str, fields=()):
    referral.decision = decision
    referral.decided_at = timezone.now()
    referral.decided_by = by
    referral.save(update_fields=["decision", "decided_at", "decided_by", "updated_at", *fields])


def _tell_referrer(referral: Referral, intro: str):
    """The partner who sent it learns that something changed; the page tells what."""
    if referral.sent_by_id and referral.sent_by.user.email:
        _mail(
            [referral.sent_by.user.email],
            _("Palabre : votre orientation a avancé"),
            reverse("referrals:portal"),
            intro,
        )


@transaction.atomic
def accept_referral(
    *,
    referral: Referral,
    by: Membership,
    opened_on: dt.date | None = None,
    previous_case: Case | None = None,
) -> Case:
    """Opens a case for the person, linked to the referral (and to ``previous_case``, an earlier
    case of the same conflict: ``cases.earlier_actions``; the answers about earlier cases given
    on the referral go with it). The person's agreement to share
    the progress with the referrer becomes a consent record of the case, withdrawable there.
    The person is told, by e-mail or SMS when they left one, with the link to choose a slot at
    a permanence or to be called back (``invitation_actions.invite_requester``)."""
    referral = _lock(referral)
    opened_on = opened_on or timezone.localdate()
    partner = referral.partner
    case = case_actions.open_case(
        organisation=referral.organisation,
        by=by,
        opened_on=opened_on,
        channel=CHANNEL_OF_ORIGIN[referral.origin],
        referral_source=partner.referral_source if partner else codes.ReferralSource.MEDIA_WEB,
        referrer=partner,
        landlord=partner if partner and partner.kind == "SOCIAL_LANDLORD" else None,
        requester_last_name=referral.requester_last_name,
        requester_first_name=referral.requester_first_name,
        requester_phone=referral.requester_phone,
        requester_email=referral.requester_email,
        requester_address=referral.requester_address,
        primary_conflict=referral.conflict_category,
        commune=referral.commune,
    )
    if previous_case is not None:
        earlier_actions.link_as_same_conflict(case, previous_case, by)
    earlier_actions.carry_answers(case=case, answers=referral.earlier_answers.all())
    if referral.agreed_to_share_status and partner is not None:
        case_actions.record_consent(
            case=case,
            by=by,
            party=case.requester(),
            kind=codes.ConsentKind.SHARE_STATUS_WITH_REFERRER,
            given_on=timezone.localdate(referral.received_at),
            method=codes.ConsentMethod.VIA_REFERRER,
        )
    referral.case = case
    _decided(referral, by, Decision.ACCEPTED, fields=["case"])
    _log(
        referral,
        by,
        "accepted",
        _("Orientation acceptée : dossier %(ref)s") % {"ref": case.reference},
    )
    _tell_referrer(referral, _("Le service de médiation a pris en charge une de vos orientations."))
    invitation_actions.invite_requester(case=case, by=by)
    return case


@transaction.atomic
def decline_referral(*, referral: Referral, by: Membership, reason: str) -> Referral:
    if reason not in DeclineReason.values:
        raise ReferralRefused(_("Choisissez le motif pour lequel l'orientation n'est pas retenue."))
    referral = _lock(referral)
    referral.decline_reason = reason
    _decided(referral, by, Decision.DECLINED, fields=["decline_reason"])
    _log(
        referral,
        by,
        "declined",
        _("Orientation non retenue : %(reason)s") % {"reason": DeclineReason(reason).label},
    )
    _tell_referrer(referral, _("Le service de médiation a répondu à une de vos orientations."))
    return referral


@transaction.atomic
def reorient_referral(*, referral: Referral, by: Membership, to: Partner) -> Referral:
    """The service sends the person to a better-placed partner (conciliateur, ADIL…)."""
    referral = _lock(referral)
    if to.organisation_id != referral.organisation_id:
        raise ReferralRefused(_("Ce partenaire n'est pas connu du service."))
    if referral.partner_id == to.pk:
        raise ReferralRefused(_("On ne réoriente pas une personne vers celui qui l'a adressée."))
    referral.reoriented_to = to
    _decided(referral, by, Decision.REORIENTED, fields=["reoriented_to"])
    _log(referral, by, "reoriented", _("Orientation réorientée vers %(to)s") % {"to": to.name})
    _tell_referrer(referral, _("Le service de médiation a répondu à une de vos orientations."))
    return referral
