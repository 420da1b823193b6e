"""The verbs of partners' requests for rounds. Each is keyword-only, runs in one transaction,
writes one Journal entry and changes nothing when it refuses (``FieldRefused``, a French
sentence).

The partner: ``ask_for_rounds``. The coordination: ``accept_request`` (onto a shift's feuille de
route, as many shifts as it takes) and ``decline_request`` (with a reason the partner reads).

The Journal says who asked for which residence and what became of it, never the request's text
nor the reason given.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from palabre.core import journal
from palabre.field.actions import FieldRefused
from palabre.field.models import RoadmapItem, RoadmapRequest, Shift
from palabre.field.roadmap_requests import CIVILITY_AND_NAME, EMAIL, PHONE, RequestStatus
from palabre.field.territory import Place, places_of
from palabre.partners.models import Partner, Residence
from palabre.referrals.forms import RECORD_WORDS

# How long a period may run, and how far ahead it may start.
LONGEST = dt.timedelta(days=92)
FURTHEST = dt.timedelta(days=366)


def _log(organisation, subject, by, verb, summary, **data):
    journal.record(
        organisation=organisation,
        subject=subject,
        verb=verb,
        summary=summary,
        actor=by.user if by is not None else None,
        data=data,
    )


def _day(value: dt.date) -> str:
    return value.strftime("%d/%m/%Y")


def text_problem(text: str) -> str:
    """Why a request's text or a decline reason cannot be kept (R1, R5); empty when it can."""
    if EMAIL.search(text) or PHONE.search(text):
        return _(
            "N'écrivez ni adresse e-mail ni numéro de téléphone : la demande dit où passer et "
            "pourquoi, jamais qui."
        )
    if CIVILITY_AND_NAME.search(text):
        return _(
            "Ne nommez personne (« M. …, Mme … ») : la demande dit où passer et pourquoi, "
            "jamais qui."
        )
    if RECORD_WORDS.search(text):
        return _(
            "Ne recopiez rien d'une plainte, d'une main courante ou d'un dossier locataire : le "
            "service de médiation ne peut pas conserver ces informations."
        )
    return ""


def _check_text(text: str, *, missing: str, longest: int) -> str:
    text = " ".join(text.split())
    if not text:
        raise FieldRefused(missing)
    if len(text) > longest:
        raise FieldRefused(
            _("Ce texte dépasse %(count)s caractères : faites plus court.") % {"count": longest}
        )
    problem = text_problem(text)
    if problem:
        raise FieldRefused(problem)
    return text


def _check_period(first_day: dt.date, last_day: dt.date, today: dt.date):
    if last_day < first_day:
        raise FieldRefused(_("La fin de la période est avant son début."))
    if first_day < today:
        raise FieldRefused(
            _("La période demandée commence dans le passé : choisissez des jours à venir.")
        )
    if last_day - first_day > LONGEST:
        raise FieldRefused(
            _("Une demande couvre %(days)s jours au plus : faites-en plusieurs.")
            % {"days": LONGEST.days + 1}
        )
    if first_day - today > FURTHEST:
        raise FieldRefused(_("La période demandée commence dans plus d'un an."))


@transaction.atomic
def ask_for_rounds(
    *,
    partner: Partner,
    by,
    residence: Residence,
    text: str,
    first_day: dt.date,
    last_day: dt.date,
    place_label: str = "",
) -> RoadmapRequest:
    """A partner asks for rounds through ``residence``, one it manages, from ``first_day`` to
    ``last_day``. The service is the partner's own."""
    if not partner.is_active:
        raise FieldRefused(_("Ce partenaire n'est plus actif : il ne peut plus rien demander."))
    if residence.organisation_id != partner.organisation_id or residence.landlord_id != partner.pk:
        raise FieldRefused(
            _(
                "%(partner)s ne gère pas la résidence « %(residence)s » : une demande de passage "
                "ne porte que sur une résidence de votre patrimoine."
            )
            % {"partner": partner.name, "residence": residence.name}
        )
    text = _check_text(
        text, missing=_("Dites ce que vous demandez à l'équipe de terrain."), longest=200
    )
    place_label = " ".join(place_label.split())
    if place_label:
        _check_text(place_label, missing="", longest=80)
    _check_period(first_day, last_day, timezone.localdate())
    request = RoadmapRequest.objects.create(
        organisation_id=partner.organisation_id,
        partner=partner,
        residence=residence,
        place_label=place_label,
        text=text,
        first_day=first_day,
        last_day=last_day,
        asked_by=by,
    )
    _log(
        partner.organisation,
        request,
        by,
        "roadmap_request_made",
        _("Demande de passage de %(partner)s : %(residence)s, du %(first)s au %(last)s")
        % {
            "partner": partner.name,
            "residence": residence.name,
            "first": _day(first_day),
            "last": _day(last_day),
        },
    )
    return request


def _lock(request) -> RoadmapRequest:
    return (
        RoadmapRequest.objects.select_for_update(of=("self",))
        .select_related("organisation", "partner", "residence")
        .get(pk=request.pk)
    )


@transaction.atomic
def accept_request(*, roadmap_request: RoadmapRequest, shift: Shift, by) -> RoadmapItem:
    """Puts the request on ``shift``'s feuille de route: a shift of the service, neither
    cancelled nor over, on an evening of the period asked, whose territory holds the residence.
    A request already accepted may go on another shift too; a declined one may not."""
    request = _lock(roadmap_request)
    # Locked as ``cancel_shift`` locks it: a shift cancelled meanwhile carries nothing.
    shift = Shift.objects.select_for_update().get(pk=shift.pk)
    if request.status == RequestStatus.DECLINED:
        raise FieldRefused(_("Cette demande a été déclinée : elle ne va plus sur une tournée."))
    if shift.organisation_id != request.organisation_id:
        raise FieldRefused(_("Cette tournée n'est pas une tournée du service."))
    if shift.is_cancelled:
        raise FieldRefused(_("Cette tournée est annulée."))
    now = timezone.now()
    if shift.ends_at <= now:
        raise FieldRefused(_("Cette tournée est terminée : choisissez une tournée à venir."))
    if not request.first_day <= shift.date <= request.last_day:
        raise FieldRefused(
            _(
                "Cette tournée n'est pas dans la période demandée (du %(first)s au %(last)s) : "
                "choisissez une soirée de la période, ou déclinez la demande."
            )
            % {"first": _day(request.first_day), "last": _day(request.last_day)}
        )
    if not places_of(shift).contains(Place(residence=request.residence)):
        raise FieldRefused(
            _(
                "La résidence « %(name)s » n'est pas dans le territoire de cette tournée : "
                "ajoutez-la à la tournée ou choisissez-en une autre."
            )
            % {"name": request.residence.name}
        )
    if request.items.filter(shift=shift).exists():
        raise FieldRefused(_("Cette demande est déjà sur la feuille de route de cette tournée."))
    item = RoadmapItem.objects.create(
        organisation_id=request.organisation_id,
        shift=shift,
        text=request.roadmap_text,
        residence=request.residence,
        partner_request=request,
    )
    if request.status == RequestStatus.PENDING:
        request.status = RequestStatus.ACCEPTED
        request.decided_at, request.decided_by = now, by
        request.save(update_fields=["status", "decided_at", "decided_by", "updated_at"])
    _log(
        request.organisation,
        request,
        by,
        "roadmap_request_accepted",
        _("Demande de passage de %(partner)s mise sur la feuille de route de la tournée du %(day)s")
        % {"partner": request.partner.name, "day": _day(shift.date)},
        shift=str(shift.pk),
    )
    return item


@transaction.atomic
def decline_request(*, roadmap_request: RoadmapRequest, by, reason: str) -> RoadmapRequest:
    """Declines a request still waiting, with a reason the partner reads."""
    request = _lock(roadmap_request)
    if request.status != RequestStatus.PENDING:
        raise FieldRefused(_("On ne décline qu'une demande en attente de réponse."))
    request.decline_reason = _check_text(
        reason, missing=_("Dites au partenaire pourquoi la demande est déclinée."), longest=300
    )
    request.status = RequestStatus.DECLINED
    request.decided_at, request.decided_by = timezone.now(), by
    request.save(
        update_fields=["status", "decided_at", "decided_by", "decline_reason", "updated_at"]
    )
    _log(
        request.organisation,
        request,
        by,
        "roadmap_request_declined",
        _("Demande de passage de %(partner)s déclinée") % {"partner": request.partner.name},
    )
    return request
