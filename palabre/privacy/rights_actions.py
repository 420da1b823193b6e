"""Verbs of the rights requests. Each is keyword-only, atomic, checks the state it starts from and
writes one Journal entry on the request. The Journal names no one: it says what was done and
keeps the ids of the party records and cases concerned.

A refusal raises ``RightsRefused`` with a French sentence; nothing has been written when it does.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from palabre.core import journal
from palabre.core.actions import Refused
from palabre.privacy.rights import (
    IdentityCheck,
    RightsKind,
    RightsRequest,
    RightsStatus,
    extended_deadline,
    first_deadline,
    of_kind,
)


class RightsRefused(Refused):
    """The step is not possible on this request now; ``message`` says why, in French."""


def _day(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def log(rights_request, by, verb: str, summary: str, when=None, **data):
    journal.record(
        organisation=rights_request.organisation,
        subject=rights_request,
        verb=verb,
        summary=summary,
        actor=by.user if by else None,
        occurred_at=when,
        data=data,
    )


def at_noon(day: dt.date | None):
    if day is None:
        return None
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12)))


def lock(rights_request) -> RightsRequest:
    return RightsRequest.objects.select_for_update().get(pk=rights_request.pk)


def require_open(rights_request):
    if not rights_request.is_open:
        raise RightsRefused(
            _("La demande a déjà reçu sa réponse (%(status)s).")
            % {"status": rights_request.get_status_display().lower()}
        )


def require_identity(rights_request):
    if not rights_request.identity_checked:
        raise RightsRefused(
            _(
                "Vérifiez d'abord l'identité de la personne : ses données ne se communiquent, "
                "ne se corrigent ni ne s'effacent qu'à elle."
            )
        )


def require_kind(rights_request, kind):
    if rights_request.kind != kind:
        raise RightsRefused(
            _("Cette étape concerne une demande %(of_kind)s.")
            % {"of_kind": of_kind(RightsKind(kind).label)}
        )


def require_day(rights_request, day: dt.date, what: str):
    if day > timezone.localdate():
        raise RightsRefused(_("La date %(what)s est à venir.") % {"what": what})
    if day < rights_request.received_on:
        raise RightsRefused(
            _("La date %(what)s précède la réception de la demande.") % {"what": what}
        )


def ids_of(objects) -> list[str]:
    return sorted({str(obj.pk) for obj in objects})


# --- Receiving and following a request ----------------------------------------------------------


@transaction.atomic
def receive_request(
    *,
    organisation,
    by,
    kind: str,
    parties,
    received_on: dt.date,
    received_through: str,
    identity_method: str = "",
    details: str = "",
) -> RightsRequest:
    """Records a request with its deadline: one calendar month from its receipt (art. 12(3))."""
    parties = list(parties)
    if not parties:
        raise RightsRefused(
            _("Cherchez la personne puis cochez au moins une de ses fiches dans les dossiers.")
        )
    if any(party.organisation_id != organisation.pk for party in parties):
        raise RightsRefused(_("Une des fiches cochées n'appartient pas au service."))
    if received_on > timezone.localdate():
        raise RightsRefused(_("La date de réception est à venir."))
    if identity_method and identity_method not in IdentityCheck.values:
        raise RightsRefused(_("Ce moyen de vérifier l'identité n'est pas prévu."))
    rights_request = RightsRequest.objects.create(
        organisation=organisation,
        kind=kind,
        received_on=received_on,
        received_through=received_through,
        details=details.strip(),
        identity_checked=bool(identity_method),
        identity_method=identity_method,
        deadline=first_deadline(received_on),
        recorded_by=by.user,
    )
    rights_request.parties.set(parties)
    log(
        rights_request,
        by,
        "rights_received",
        _("Demande %(of_kind)s reçue (%(through)s), à traiter avant le %(deadline)s")
        % {
            "of_kind": of_kind(rights_request.get_kind_display()),
            "through": rights_request.get_received_through_display().lower(),
            "deadline": _day(rights_request.deadline),
        },
        when=at_noon(received_on),
        parties=ids_of(parties),
        cases=ids_of(party.case for party in parties),
    )
    return rights_request


@transaction.atomic
def check_identity(*, rights_request, by, identity_method: str) -> RightsRequest:
    rights_request = lock(rights_request)
    require_open(rights_request)
    if identity_method not in IdentityCheck.values:
        raise RightsRefused(_("Choisissez comment l'identité a été vérifiée."))
    rights_request.identity_checked = True
    rights_request.identity_method = identity_method
    rights_request.save(update_fields=["identity_checked", "identity_method", "updated_at"])
    log(
        rights_request,
        by,
        "identity_checked",
        _("Identité vérifiée : %(how)s") % {"how": IdentityCheck(identity_method).label.lower()},
    )
    return rights_request


@transaction.atomic
def start(*, rights_request, by) -> RightsRequest:
    rights_request = lock(rights_request)
    if rights_request.status != RightsStatus.RECEIVED:
        raise RightsRefused(_("La demande est déjà en cours ou a reçu sa réponse."))
    rights_request.status = RightsStatus.IN_PROGRESS
    rights_request.save(update_fields=["status", "updated_at"])
    log(rights_request, by, "rights_started", _("Demande prise en charge"))
    return rights_request


@transaction.atomic
def extend_deadline(*, rights_request, by, reason: str, on: dt.date) -> RightsRequest:
    """Two further months, for a complex or numerous request (art. 12(3)); the person must be
    told so, with the reason, within the first month: later, the deadline stays."""
    rights_request = lock(rights_request)
    require_open(rights_request)
    if rights_request.is_extended:
        raise RightsRefused(_("Le délai a déjà été prolongé une fois ; il ne peut plus l'être."))
    if not reason.strip():
        raise RightsRefused(_("Indiquez le motif de la prolongation, qui sera dit à la personne."))
    require_day(rights_request, on, _("de la prolongation"))
    if on > rights_request.first_deadline:
        raise RightsRefused(
            _(
                "Le délai ne peut plus être prolongé : la personne doit en être informée dans le "
                "mois qui suit sa demande, soit au plus tard le %(day)s."
            )
            % {"day": _day(rights_request.first_deadline)}
        )
    rights_request.deadline = extended_deadline(rights_request.received_on)
    rights_request.extended_on = on
    rights_request.extension_reason = reason.strip()
    rights_request.status = RightsStatus.IN_PROGRESS
    rights_request.save(
        update_fields=["deadline", "extended_on", "extension_reason", "status", "updated_at"]
    )
    log(
        rights_request,
        by,
        "deadline_extended",
        _("Délai prolongé jusqu'au %(day)s") % {"day": _day(rights_request.deadline)},
        when=at_noon(on),
    )
    return rights_request


def answer(rights_request, by, status, answered_on, **fields):
    rights_request.status = status
    rights_request.answered_on = answered_on
    rights_request.answered_by = by.user
    for name, value in fields.items():
        setattr(rights_request, name, value)
    rights_request.save(
        update_fields=["status", "answered_on", "answered_by", "updated_at", *fields]
    )


@transaction.atomic
def complete(*, rights_request, by, answered_on: dt.date) -> RightsRequest:
    """The answer was given (the export sent, the data corrected, the processing limited)."""
    rights_request = lock(rights_request)
    require_open(rights_request)
    if rights_request.kind == RightsKind.ERASURE:
        raise RightsRefused(
            _(
                "Une demande d'effacement se traite en effaçant les données, ou se refuse avec "
                "son motif."
            )
        )
    require_identity(rights_request)
    require_day(rights_request, answered_on, _("de la réponse"))
    answer(rights_request, by, RightsStatus.DONE, answered_on)
    log(rights_request, by, "rights_done", _("Demande traitée"), when=at_noon(answered_on))
    return rights_request


@transaction.atomic
def refuse(*, rights_request, by, reason: str, answered_on: dt.date) -> RightsRequest:
    """A refusal says its reason to the person, and that they may complain to the CNIL (art.
    12(4)). The reason stays on the request; the Journal only says that there is one."""
    rights_request = lock(rights_request)
    require_open(rights_request)
    if not reason.strip():
        raise RightsRefused(_("Indiquez le motif du refus, qui sera dit à la personne."))
    require_day(rights_request, answered_on, _("de la réponse"))
    answer(rights_request, by, RightsStatus.REFUSED, answered_on, refusal_reason=reason.strip())
    log(
        rights_request,
        by,
        "rights_refused",
        _("Demande refusée, avec son motif"),
        when=at_noon(answered_on),
    )
    return rights_request


@transaction.atomic
def record_export(*, rights_request, by, file_format: str) -> RightsRequest:
    """A copy of the person's data was made: the Journal keeps the trace (never the copy)."""
    rights_request = lock(rights_request)
    require_identity(rights_request)
    if rights_request.status == RightsStatus.RECEIVED:
        rights_request.status = RightsStatus.IN_PROGRESS
        rights_request.save(update_fields=["status", "updated_at"])
    log(
        rights_request,
        by,
        "export_made",
        _("Copie des données établie (%(format)s)") % {"format": file_format.upper()},
        format=file_format,
    )
    return rights_request
