"""The verbs of technical watch. Each is keyword-only, runs in one transaction, writes one Journal
entry and changes nothing when it refuses (``FieldRefused``, a French sentence).

The team: ``report_signal`` (from a shift, an intervention, or the service's territory), and the
coordination's ``set_public_space_partner``. The partner: ``acknowledge_signal`` and
``resolve_signal``, from its portal or through ``answer_by_link``. The clock: ``remind_overdue``.

E-mails to the partner say what, where, how urgent and by when, with a signed link to the
signal (``core.signed_links``, the referral links' mechanism); never the description, which the
page shows, and never anything of the intervention. The Journal says what was done and to
whom, never what the description says.
"""

import datetime as dt
import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from palabre.core import journal, mail, signed_links
from palabre.field.actions import FieldRefused
from palabre.field.codes import RESIDENCE_PLACES, PlaceKind
from palabre.field.models import (
    SignalLink,
    SignalReminder,
    SignalRouting,
    TechnicalSignal,
)
from palabre.field.territory import Place, places_of
from palabre.field.watch import DUE_AFTER, SignalCategory, SignalStatus, Urgency
from palabre.field.watch_photos import Photo
from palabre.partners.models import Partner

logger = logging.getLogger(__name__)

LINK_SALT = "palabre.field.signal_link"
# How long a link e-mailed to the partner keeps working; each reminder carries a new one.
LINK_DAYS = 30


def _log(organisation, subject, by, verb, summary, **data):
    journal.record(
        organisation=organisation,
        subject=subject,
        verb=verb,
        summary=summary,
        actor=by.user if by is not None else None,
        data=data,
    )


# --- Routing ------------------------------------------------------------------------------------


def public_space_partner(organisation_id) -> Partner | None:
    routing = (
        SignalRouting.objects.filter(organisation_id=organisation_id)
        .select_related("public_space_partner")
        .first()
    )
    return routing.public_space_partner if routing is not None else None


def partner_for(organisation_id, place: Place) -> Partner:
    """Who must repair it: the landlord of the residence, else the partner the service named for
    the public space."""
    if place.residence is not None:
        return place.residence.landlord
    partner = public_space_partner(organisation_id)
    if partner is None or not partner.is_active:
        raise FieldRefused(
            _(
                "Aucun destinataire n'est désigné pour les signalements sur l'espace public : "
                "la coordination doit le choisir (Terrain › Veille technique › Destinataires). "
                "Rien n'a été envoyé."
            )
        )
    return partner


def recipients_of(partner: Partner) -> list[str]:
    """The addresses a signal is e-mailed to: the partner's own and its active contacts'."""
    addresses = {partner.email} | set(
        partner.contacts.filter(is_active=True).values_list("email", flat=True)
    )
    return sorted(address for address in addresses if address)


@transaction.atomic
def set_public_space_partner(*, organisation, by, partner: Partner | None) -> SignalRouting:
    if partner is not None and partner.organisation_id != organisation.pk:
        raise FieldRefused(_("Ce partenaire n'est pas connu du service."))
    routing, _created = SignalRouting.objects.get_or_create(organisation=organisation)
    routing.public_space_partner = partner
    routing.save()
    _log(
        organisation,
        routing,
        by,
        "signal_routing_changed",
        _("Destinataire des signalements sur l'espace public : %(partner)s")
        % {"partner": partner.name if partner is not None else _("aucun")},
    )
    return routing


# --- Reporting ----------------------------------------------------------------------------------


def _place_of_service(organisation_id, place: Place) -> bool:
    row = place.residence or place.quartier or place.commune
    return row is not None and row.organisation_id == organisation_id


def _check_signal(organisation, *, shift, category, urgency, place_kind, place, description):
    if category not in SignalCategory.values:
        raise FieldRefused(_("Choisissez la catégorie du problème."))
    if urgency not in Urgency.values:
        raise FieldRefused(_("Choisissez l'urgence."))
    if shift is not None:
        if shift.organisation_id != organisation.pk:
            raise FieldRefused(_("Cette tournée n'est pas une tournée du service."))
        if shift.is_cancelled:
            raise FieldRefused(_("Cette tournée est annulée : on n'y signale rien."))
        if not places_of(shift).contains(place):
            raise FieldRefused(_("Ce lieu n'est pas dans le territoire de la tournée."))
    elif not _place_of_service(organisation.pk, place):
        raise FieldRefused(_("Ce lieu n'est pas dans le territoire du service."))
    if (place_kind in RESIDENCE_PLACES) != (place.residence is not None):
        raise FieldRefused(
            _(
                "Pour une résidence ou un hall, choisissez une résidence ; sinon, un quartier "
                "ou une commune."
            )
        )
    if category == SignalCategory.OTHER and not description:
        raise FieldRefused(
            _("Décrivez le problème : la catégorie « Autre » ne dit pas ce qui ne va pas.")
        )


@transaction.atomic
def report_signal(
    *,
    organisation,
    by,
    category: SignalCategory,
    place_kind: PlaceKind,
    place: Place,
    urgency: Urgency = Urgency.NORMAL,
    place_label: str = "",
    description: str = "",
    photo: Photo | None = None,
    shift=None,
    intervention=None,
) -> TechnicalSignal:
    """Sends a signal to the partner responsible (``partner_for``) and e-mails it a link. From
    an intervention, the signal belongs to its shift; from a shift, the place must be in the
    shift's territory; otherwise in the service's. Due ``DUE_AFTER[urgency]`` after now."""
    if intervention is not None:
        if shift is not None and shift.pk != intervention.shift_id:
            raise FieldRefused(_("Cette intervention n'est pas de cette tournée."))
        if intervention.organisation_id != organisation.pk:
            raise FieldRefused(_("Cette intervention n'est pas une intervention du service."))
        shift = intervention.shift
    description = description.strip()
    _check_signal(
        organisation,
        shift=shift,
        category=category,
        urgency=urgency,
        place_kind=place_kind,
        place=place,
        description=description,
    )
    partner = partner_for(organisation.pk, place)
    quartier, commune = place.area
    now = timezone.now()
    signal = TechnicalSignal(
        organisation=organisation,
        shift=shift,
        intervention=intervention,
        category=category,
        urgency=urgency,
        place_kind=place_kind,
        residence=place.residence,
        quartier=quartier,
        commune=commune,
        place_label=place_label.strip(),
        description=description,
        partner=partner,
        sent_at=now,
        due_at=now + DUE_AFTER[urgency],
        reported_by=by,
    )
    if photo is not None:
        signal.photo.save(f"photo.{photo.extension}", ContentFile(photo.content), save=False)
    signal.save(force_insert=True)
    _log(
        organisation,
        signal,
        by,
        "signal_sent",
        _("Signalement technique envoyé à %(partner)s : %(category)s")
        % {"partner": partner.name, "category": signal.get_category_display()},
    )
    _tell_partner(signal, kind="new")
    return signal


# --- The partner's answer -----------------------------------------------------------------------


def _lock(signal) -> TechnicalSignal:
    return (
        TechnicalSignal.objects.select_for_update(of=("self",))
        .select_related("organisation", "partner")
        .get(pk=signal.pk)
    )


def _how(by) -> str:
    return "" if by is not None else _(" (par le lien reçu par e-mail)")


@transaction.atomic
def acknowledge_signal(*, signal: TechnicalSignal, by=None) -> TechnicalSignal:
    """The partner says it has taken the signal in hand. ``by`` is its account, or None when it
    answers through the e-mailed link."""
    signal = _lock(signal)
    if signal.status == SignalStatus.ACKNOWLEDGED:
        raise FieldRefused(_("Ce signalement est déjà pris en compte."))
    if signal.status == SignalStatus.RESOLVED:
        raise FieldRefused(_("Ce signalement est déjà marqué résolu."))
    signal.status = SignalStatus.ACKNOWLEDGED
    signal.acknowledged_at = timezone.now()
    signal.save(update_fields=["status", "acknowledged_at", "updated_at"])
    _log(
        signal.organisation,
        signal,
        by,
        "signal_acknowledged",
        _("Signalement pris en compte par %(partner)s%(how)s")
        % {"partner": signal.partner.name, "how": _how(by)},
    )
    return signal


@transaction.atomic
def resolve_signal(*, signal: TechnicalSignal, by=None) -> TechnicalSignal:
    """The partner says the problem is repaired. A signal resolved straight away counts as
    acknowledged at the same moment."""
    signal = _lock(signal)
    if signal.status == SignalStatus.RESOLVED:
        raise FieldRefused(_("Ce signalement est déjà marqué résolu."))
    now = timezone.now()
    signal.status = SignalStatus.RESOLVED
    signal.acknowledged_at = signal.acknowledged_at or now
    signal.resolved_at = now
    signal.save(update_fields=["status", "acknowledged_at", "resolved_at", "updated_at"])
    _log(
        signal.organisation,
        signal,
        by,
        "signal_resolved",
        _("Signalement résolu selon %(partner)s%(how)s")
        % {"partner": signal.partner.name, "how": _how(by)},
    )
    return signal


STEPS = {"pris-en-compte": acknowledge_signal, "resolu": resolve_signal}


def signal_from_token(token: str) -> TechnicalSignal:
    """The signal a link opens, if its signature holds and it has not expired."""
    queryset = SignalLink.objects.select_related(
        "signal__organisation", "signal__partner", "signal__residence", "signal__quartier",
        "signal__commune",
    )  # fmt: skip
    link = signed_links.row_for(token, queryset, salt=LINK_SALT)
    if link is None:
        raise FieldRefused(
            _(
                "Ce lien n'est pas valide : il a peut-être été coupé ou modifié. Copiez-le en "
                "entier depuis l'e-mail reçu, ou demandez-en un nouveau au service."
            )
        )
    if not link.is_usable():
        raise FieldRefused(
            _(
                "Ce lien a expiré le %(date)s. Le service vous en enverra un nouveau avec sa "
                "prochaine relance, ou sur simple demande."
            )
            % {"date": timezone.localtime(link.expires_at).strftime("%d/%m/%Y")}
        )
    return link.signal


def answer_by_link(*, token: str, step: str) -> TechnicalSignal:
    """Acknowledges or resolves (``step``: a key of ``STEPS``) the signal a valid link opens."""
    signal = signal_from_token(token)
    if step not in STEPS:
        raise FieldRefused(_("Cette réponse n'est pas prévue."))
    return STEPS[step](signal=signal, by=None)


# --- E-mails and reminders ----------------------------------------------------------------------


def _issue_link(signal) -> str:
    link = SignalLink.objects.create(
        organisation_id=signal.organisation_id,
        signal=signal,
        expires_at=timezone.now() + dt.timedelta(days=LINK_DAYS),
    )
    return signed_links.token_for(link, salt=LINK_SALT)


def link_url(token: str) -> str:
    return mail.absolute_url(reverse("field:signal_link", args=[token]))


def _message(signal, kind, token) -> tuple[str, str]:
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "kind": kind,
            "service": signal.organisation.name,
            "partner": signal.partner.name,
            "category": signal.get_category_display(),
            "place": signal.place,
            "urgency": signal.get_urgency_display(),
            "status": signal.get_status_display(),
            "sent": formats.date_format(timezone.localtime(signal.sent_at), _("j F Y à H:i")),
            "due": formats.date_format(timezone.localtime(signal.due_at), _("j F Y à H:i")),
            "link": link_url(token),
            "expires": formats.date_format(
                timezone.localdate() + dt.timedelta(days=LINK_DAYS), "j F Y"
            ),
        }
        subject = mail.render_plain("field/watch/mail.txt#subject", context)
        body = mail.render_plain("field/watch/mail.txt#body", context)
    body = "\n\n".join(part.strip() for part in body.split("\n\n") if part.strip())
    return " ".join(subject.split()), body + "\n"


def _tell_partner(signal, *, kind: str, reminder: SignalReminder | None = None) -> bool:
    """E-mails the partner a new link once the transaction commits, one message per address.
    A reminder is written to the Journal once its e-mail has left; one whose e-mail could not
    leave is forgotten, so that the next run sends it."""
    recipients = recipients_of(signal.partner)
    if not recipients:
        return False
    subject, body = _message(signal, kind, _issue_link(signal))

    def send():
        try:
            for address in recipients:
                mail.message(subject=subject, body=body, to=address).send()
            if reminder is not None:
                _log(
                    signal.organisation,
                    signal,
                    None,
                    "signal_reminded",
                    _("Relance envoyée à %(partner)s : signalement en retard (%(status)s)")
                    % {
                        "partner": signal.partner.name,
                        "status": signal.get_status_display().lower(),
                    },
                )
        except Exception as error:
            # The signal stands and shows in the partner's portal; a reminder is sent again by
            # the next run. The error may quote an address: only its type is logged.
            logger.warning("Signal %s: e-mail not sent (%s)", signal.pk, type(error).__name__)
            if reminder is not None:
                SignalReminder.objects.filter(pk=reminder.pk).delete()

    transaction.on_commit(send)
    return True


def remind_overdue(*, now: dt.datetime | None = None) -> int:
    """Reminds the partner of each overdue signal, once while it is « sent » and once more if it
    is still not resolved once « acknowledged ». Each signal is handled in its own transaction,
    its reminder recorded under a unique (signal, step) pair: run twice, nothing more is sent.
    A signal whose partner has no address is left for a later run. Answers how many went."""
    now = now or timezone.now()
    due = list(TechnicalSignal.objects.overdue(now).values_list("pk", flat=True))
    return sum(_remind(pk, now) for pk in due)


def _remind(pk, now) -> bool:
    with transaction.atomic():
        signal = (
            TechnicalSignal.objects.overdue(now)
            .select_for_update(of=("self",))
            .select_related("organisation", "partner", "residence", "quartier", "commune")
            .filter(pk=pk)
            .first()
        )
        if signal is None or signal.reminders.filter(step=signal.status).exists():
            return False
        if not recipients_of(signal.partner):
            return False
        try:
            with transaction.atomic():
                reminder = SignalReminder.objects.create(
                    organisation_id=signal.organisation_id, signal=signal, step=signal.status
                )
        except IntegrityError:  # another run reminded it meanwhile
            return False
        return _tell_partner(signal, kind="reminder", reminder=reminder)
