"""Objection and erasure (RGPD art. 21 and 17, rule R7): the two requests that change the
cases themselves. Same conventions as ``rights_actions``: keyword-only, atomic, one Journal entry
on the request naming no one; a refusal raises ``RightsRefused`` and nothing is written.

Both go through the retention job's own functions (``privacy.anonymise``), which check again,
row by row, that nothing keeps the data (a legal hold, a case still open)."""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from palabre.cases import actions as case_actions
from palabre.cases import codes
from palabre.core.actions import Refused
from palabre.privacy import anonymise
from palabre.privacy.retention import RetentionSchedule
from palabre.privacy.rights import RightsKind, RightsRequest, RightsStatus
from palabre.privacy.rights_actions import (
    RightsRefused,
    answer,
    at_noon,
    ids_of,
    lock,
    log,
    require_day,
    require_identity,
    require_kind,
    require_open,
)
from palabre.privacy.subject_access import appointments_without_a_case


def _other_parties(rights_request):
    return [
        party
        for party in rights_request.parties.select_related("case")
        if party.role == codes.PartyRole.OTHER_PARTY
    ]


def _close_for_objection(party, by, on: dt.date):
    case = party.case
    if case.is_closed:
        return None
    try:
        return case_actions.close(
            case=case, by=by, reason=codes.ClosureReason.OTHER_PARTY_REFUSED, closed_on=on
        )
    except Refused as refusal:
        raise RightsRefused(
            _("Dossier %(ref)s : %(reason)s") % {"ref": case.reference, "reason": refusal.message}
        ) from refusal


def _agreement_copy_kept(case) -> bool:
    """A copy of a written agreement is kept only when both sides agreed to it (rule R8)."""
    roles = set(
        case.consents.active()
        .filter(kind=codes.ConsentKind.KEEP_AGREEMENT_COPY)
        .values_list("party__role", flat=True)
    )
    return {codes.PartyRole.REQUESTER, codes.PartyRole.OTHER_PARTY} <= roles


def erasure_grounds(rights_request) -> list[str]:
    """Why the person's data cannot be erased now, case by case (empty: it can). A case already
    anonymised has nothing left to erase."""
    grounds = []
    cases = {party.case_id: party.case for party in rights_request.parties.select_related("case")}
    for case in sorted(cases.values(), key=lambda case: case.reference):
        if case.anonymised_at is not None:
            continue
        reference = case.reference
        if not case.is_closed:
            grounds.append(
                _("le dossier %(ref)s est en cours (la médiation a besoin de ces données)")
                % {"ref": reference}
            )
            continue
        hold = case.legal_holds.active().first()
        if hold is not None:
            grounds.append(
                _("le dossier %(ref)s est conservé pour un motif légal : %(reason)s")
                % {"ref": reference, "reason": hold.get_reason_display().lower()}
            )
        if hasattr(case, "agreement") and _agreement_copy_kept(case):
            grounds.append(
                _(
                    "une copie de l'accord du dossier %(ref)s est conservée, avec l'accord des "
                    "parties, pour son exécution"
                )
                % {"ref": reference}
            )
    return grounds


def _right_now(organisation, ground: str) -> anonymise.Context:
    """The retention job's context for an erasure due today whatever the schedule says: the
    person's request, not the duration, makes it due. The job's own checks still apply (a
    legal hold, a case still open, a row already treated)."""
    schedule = RetentionSchedule(
        organisation=organisation, other_party_months=0, case_months=0, appointment_months=0
    )
    return anonymise.Context(
        organisation, schedule, timezone.localdate(), timezone.now(), ground=ground
    )


@transaction.atomic
def apply_objection(*, rights_request, by, on: dt.date) -> RightsRequest:
    """The other party objects (RGPD art. 21, rule R7): each of their open cases closes on
    « Refus de l'autre partie », and their identity is erased at once, as rule R8 does at the
    closure for an other party who refused. A case kept for a legal reason keeps it; a case
    closed earlier, where they took part, keeps it until the case is anonymised (an erasure
    request reaches it sooner)."""
    rights_request = lock(rights_request)
    require_kind(rights_request, RightsKind.OBJECTION)
    require_open(rights_request)
    require_identity(rights_request)
    require_day(rights_request, on, _("de l'opposition"))
    parties = _other_parties(rights_request)
    if not parties:
        raise RightsRefused(
            _(
                "L'opposition qui clôt un dossier est celle de l'autre partie. Un demandeur qui ne "
                "veut plus de la médiation se désiste : clôturez son dossier avec ce motif depuis "
                "sa page, puis indiquez que la demande est traitée."
            )
        )
    closed = [case for case in (_close_for_objection(p, by, on) for p in parties) if case]
    context = _right_now(rights_request.organisation, "objection")
    erased = [p for p in parties if anonymise.purge_other_party(context, p.pk)]
    answer(rights_request, by, RightsStatus.DONE, on)
    log(
        rights_request,
        by,
        "objection_applied",
        _("Opposition appliquée : %(closed)s dossier(s) clos, %(erased)s identité(s) effacée(s)")
        % {"closed": len(closed), "erased": len(erased)},
        when=at_noon(on),
        cases=ids_of(closed),
        erased=ids_of(erased),
        kept=ids_of(set(parties) - set(erased)),
    )
    return rights_request


@transaction.atomic
def erase(*, rights_request, by, on: dt.date) -> RightsRequest:
    """Erasure where no ground to keep the data applies (RGPD art. 17): each case of the person
    is anonymised now by the retention job's own function, and so are her past appointments
    booked without a case (one still to come stays until its session: she cancels it with her
    link). Otherwise nothing is erased and the grounds are said; the coordination then refuses
    the request with them."""
    rights_request = lock(rights_request)
    require_kind(rights_request, RightsKind.ERASURE)
    require_open(rights_request)
    require_identity(rights_request)
    require_day(rights_request, on, _("de l'effacement"))
    grounds = erasure_grounds(rights_request)
    if grounds:
        raise RightsRefused(
            _("Rien n'est effacé : %(grounds)s. Refusez la demande avec ce motif, ou attendez.")
            % {"grounds": " ; ".join(grounds)}
        )
    context = _right_now(rights_request.organisation, "erasure")
    parties = list(rights_request.parties.select_related("case"))
    bookings = appointments_without_a_case(parties, rights_request.organisation_id)
    cases = sorted({p.case_id: p.case for p in parties}.values(), key=lambda case: case.reference)
    to_erase = [case for case in cases if case.anonymised_at is None]
    for case in to_erase:
        if not anonymise.anonymise_case(context, case.pk):
            raise RightsRefused(
                _("Le dossier %(ref)s n'a pas pu être anonymisé ; rien n'est effacé.")
                % {"ref": case.reference}
            )
    erased_bookings = [b for b in bookings if anonymise.anonymise_appointment(context, b.pk)]
    answer(rights_request, by, RightsStatus.DONE, on)
    log(
        rights_request,
        by,
        "erased",
        _("Effacement : %(n)s dossier(s) anonymisé(s)") % {"n": len(to_erase)},
        when=at_noon(on),
        cases=ids_of(to_erase),
        appointments=ids_of(erased_bookings),
    )
    return rights_request
