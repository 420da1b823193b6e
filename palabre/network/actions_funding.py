"""The verbs of pooled funding search. Each runs in one transaction, writes one Journal row on
the network, and changes nothing when it refuses (with the reason, in French).

The network's staff: ``publish_call``, ``update_call`` (a new funder's name creates the
network's funder). A member service's coordination: ``mark_interest``, ``record_application``,
``record_result``. Amounts never go into the Journal's summaries.
"""

import datetime as dt
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from palabre.core import journal
from palabre.core.actions import Refused
from palabre.network.models import (
    ApplicationStage,
    FundingApplication,
    FundingCall,
    Member,
)
from palabre.partners.models import Partner, PartnerKind

CALL_FIELDS = (
    "title",
    "amount_min",
    "amount_max",
    "amount_total",
    "opens_on",
    "deadline",
    "eligibility",
    "legal_types",
    "domains",
    "regions",
    "url",
    "status",
)


def _log(network, subject, by, verb, summary, **data):
    journal.record(
        organisation=network,
        subject=subject,
        verb=verb,
        summary=summary,
        actor=by.user if by is not None else None,
        data=data,
    )


# --- Calls (the network's staff) ----------------------------------------------------------------


def _funder(network, funder, new_funder_name, new_funder_kind) -> Partner:
    """The chosen funder, or the one named anew (found again by its name if it exists)."""
    name = " ".join((new_funder_name or "").split())
    if name:
        if funder is not None:
            raise Refused(
                _("Choisissez un financeur de la liste ou nommez-en un nouveau, pas les deux.")
            )
        found = Partner.objects.of(network).filter(name__iexact=name).first()
        if found is not None:
            if not found.is_funder:
                found.is_funder = True
                found.save(update_fields=["is_funder", "search_text", "updated_at"])
            return found
        return Partner.objects.create(
            organisation=network,
            name=name,
            kind=new_funder_kind or PartnerKind.OTHER,
            is_funder=True,
        )
    if funder is None:
        raise Refused(_("Indiquez le financeur de l'appel."))
    if funder.organisation_id != network.pk or not funder.is_funder:
        raise Refused(_("Ce financeur n'est pas un financeur du réseau."))
    return funder


def _check_call(call: FundingCall):
    if call.deadline < call.opens_on:
        raise Refused(_("La date limite ne peut pas précéder l'ouverture de l'appel."))
    if (
        call.amount_min is not None
        and call.amount_max is not None
        and call.amount_min > call.amount_max
    ):
        raise Refused(_("Le montant minimum dépasse le montant maximum."))
    if (
        call.amount_total is not None
        and call.amount_max is not None
        and call.amount_max > call.amount_total
    ):
        raise Refused(_("Le montant maximum dépasse l'enveloppe totale."))


@transaction.atomic
def publish_call(
    *, network, by, funder=None, new_funder_name="", new_funder_kind="", **fields
) -> FundingCall:
    call = FundingCall(
        network=network, **{name: fields[name] for name in CALL_FIELDS if name in fields}
    )
    call.funder = _funder(network, funder, new_funder_name, new_funder_kind)
    _check_call(call)
    call.save()
    _log(network, call, by, "funding_call_published", _("Appel publié : %s") % call.title)
    return call


@transaction.atomic
def update_call(
    *, call: FundingCall, by, funder=None, new_funder_name="", new_funder_kind="", **fields
) -> FundingCall:
    for name in CALL_FIELDS:
        if name in fields:
            setattr(call, name, fields[name])
    call.funder = _funder(call.network, funder, new_funder_name, new_funder_kind)
    _check_call(call)
    call.save()
    _log(call.network, call, by, "funding_call_changed", _("Appel modifié : %s") % call.title)
    return call


# --- Applications (a member service's coordination) ---------------------------------------------


def _check_day(day: dt.date, call: FundingCall, what: str):
    today = timezone.localdate()
    if day > today:
        raise Refused(_("La date %(what)s ne peut pas être dans le futur.") % {"what": what})
    if day < call.opens_on:
        raise Refused(
            _("La date %(what)s ne peut pas précéder l'ouverture de l'appel (%(day)s).")
            % {"what": what, "day": call.opens_on.strftime("%d/%m/%Y")}
        )


@transaction.atomic
def mark_interest(*, call: FundingCall, member: Member, by) -> FundingApplication:
    today = timezone.localdate()
    if member.network_id != call.network_id:
        raise Refused(_("Cet appel n'est pas un appel de votre réseau."))
    if not call.is_open or call.deadline < today:
        raise Refused(_("Cet appel est clos : il n'est plus possible de s'y intéresser."))
    if FundingApplication.objects.filter(call=call, member=member).exists():
        raise Refused(_("Votre structure suit déjà cet appel."))
    try:
        with transaction.atomic():
            application = FundingApplication.objects.create(
                network_id=call.network_id,
                call=call,
                member=member,
                interested_on=today,
                recorded_by=by.user if by else None,
            )
    except IntegrityError:  # the same click twice at once
        raise Refused(_("Votre structure suit déjà cet appel.")) from None
    _log(
        call.network,
        application,
        by,
        "funding_interest",
        _("Intérêt signalé pour « %(call)s » : %(member)s")
        % {"call": call.title, "member": member.name},
    )
    return application


@transaction.atomic
def record_application(
    *, call: FundingCall, member: Member, by, applied_on: dt.date
) -> FundingApplication:
    """The member applied on ``applied_on``; its interest is recorded with it if not yet."""
    if member.network_id != call.network_id:
        raise Refused(_("Cet appel n'est pas un appel de votre réseau."))
    application = (
        FundingApplication.objects.select_for_update().filter(call=call, member=member).first()
    )
    if application is not None and application.stage != ApplicationStage.INTEREST:
        raise Refused(_("La candidature est déjà enregistrée."))
    _check_day(applied_on, call, _("de dépôt"))
    if applied_on > call.deadline:
        raise Refused(_("La date de dépôt est postérieure à la date limite de l'appel."))
    if application is None:
        if not call.is_open:
            raise Refused(_("Cet appel est clos : il n'est plus possible d'y candidater."))
        application = FundingApplication(
            network_id=call.network_id, call=call, member=member, interested_on=applied_on
        )
    application.stage = ApplicationStage.APPLIED
    application.applied_on = applied_on
    application.recorded_by = by.user if by else None
    application.save()
    _log(
        call.network,
        application,
        by,
        "funding_applied",
        _("Candidature déposée à « %(call)s » : %(member)s")
        % {"call": call.title, "member": member.name},
    )
    return application


@transaction.atomic
def record_result(
    *,
    application: FundingApplication,
    by,
    result: str,
    result_on: dt.date,
    amount: Decimal | None = None,
) -> FundingApplication:
    application = FundingApplication.objects.select_for_update().get(pk=application.pk)
    call = application.call
    if application.has_result:
        raise Refused(_("Le résultat de cette candidature est déjà enregistré."))
    if result not in (
        ApplicationStage.OBTAINED,
        ApplicationStage.REFUSED,
        ApplicationStage.WITHDRAWN,
    ):
        raise Refused(_("Choisissez un résultat : obtenu, refusé ou retiré."))
    if result != ApplicationStage.WITHDRAWN and application.stage != ApplicationStage.APPLIED:
        raise Refused(_("Enregistrez d'abord le dépôt de la candidature."))
    if result == ApplicationStage.OBTAINED:
        if amount is None or amount <= 0:
            raise Refused(_("Indiquez le montant obtenu."))
    elif amount is not None:
        raise Refused(_("Un montant ne s'indique que pour un financement obtenu."))
    _check_day(result_on, call, _("du résultat"))
    if application.applied_on and result_on < application.applied_on:
        raise Refused(_("La date du résultat précède celle du dépôt."))
    application.stage = result
    application.result_on = result_on
    application.amount_obtained = amount if result == ApplicationStage.OBTAINED else None
    application.recorded_by = by.user if by else None
    application.save()
    _log(
        call.network,
        application,
        by,
        "funding_result",
        _("Résultat de « %(call)s » pour %(member)s : %(result)s")
        % {
            "call": call.title,
            "member": application.member.name,
            "result": application.get_stage_display(),
        },
    )
    return application
