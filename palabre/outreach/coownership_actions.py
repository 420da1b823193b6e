"""What changes the co-ownerships a service follows (*prévention des copropriétés*): following
one, changing it, closing or resuming its follow-up, its contacts, its follow-up points and the
mediations between co-owners linked to it. Keyword-only, atomic, each written to the Journal; a
refusal (``OutreachRefused``) says why in French and changes nothing.

Prevention actions are outreach actions (``outreach.actions.plan_action`` with ``coownership``)."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from palabre.core import journal
from palabre.outreach.actions import OutreachRefused
from palabre.outreach.codes import (
    CoownershipContactRole,
    CoownershipDifficulty,
    CoownershipProgramme,
    CoownershipTrend,
)
from palabre.outreach.models import Coownership, CoownershipContact, CoownershipReview
from palabre.partners.models import PartnerKind

FIELDS = (
    "name",
    "address",
    "commune",
    "quartier",
    "lots",
    "syndic",
    "programme",
    "difficulties",
    "convention",
    "followed_since",
)


def _log(coownership, by, verb, summary, **data):
    journal.record(
        organisation=coownership.organisation,
        subject=coownership,
        verb=verb,
        summary=summary,
        actor=by.user if by is not None else None,
        data=data,
    )


def _check_difficulties(difficulties):
    if any(code not in CoownershipDifficulty.values for code in difficulties):
        raise OutreachRefused(_("Choisissez les difficultés dans la liste."))


def _check(organisation_id, fields):
    if not fields["name"].strip():
        raise OutreachRefused(_("Donnez le nom de la copropriété."))
    if not fields["address"].strip():
        raise OutreachRefused(_("Donnez l'adresse de la copropriété."))
    commune, quartier = fields["commune"], fields["quartier"]
    syndic, convention = fields["syndic"], fields["convention"]
    own = [row for row in (commune, quartier, syndic, convention) if row is not None]
    if any(row.organisation_id != organisation_id for row in own):
        raise OutreachRefused(_("Cette copropriété ne peut citer que le territoire du service."))
    if quartier is not None and quartier.commune_id != commune.pk:
        raise OutreachRefused(_("Ce quartier n'est pas dans la commune choisie."))
    if syndic is not None and syndic.kind != PartnerKind.SYNDIC:
        raise OutreachRefused(_("Le syndic se choisit parmi les partenaires de type syndic."))
    if fields["programme"] not in CoownershipProgramme.values:
        raise OutreachRefused(_("Choisissez un dispositif de la liste."))
    if fields["lots"] is not None and not 1 <= fields["lots"] <= 10_000:
        raise OutreachRefused(_("Le nombre de lots va de 1 à 10 000."))
    if fields["followed_since"] > timezone.localdate() + dt.timedelta(days=366):
        raise OutreachRefused(_("Le suivi commence au plus tard dans un an."))
    _check_difficulties(fields["difficulties"])


def _fields(**given) -> dict:
    fields = {name: given.get(name) for name in FIELDS}
    fields["name"] = (fields["name"] or "").strip()
    fields["address"] = (fields["address"] or "").strip()
    fields["programme"] = fields["programme"] or CoownershipProgramme.NONE
    fields["difficulties"] = list(dict.fromkeys(fields["difficulties"] or []))
    return fields


def _write(coownership, fields):
    for name, value in fields.items():
        setattr(coownership, name, value)
    try:
        coownership.full_clean(exclude=["organisation", "cases"])
    except ValidationError as error:
        if "__all__" in error.message_dict or "name" in error.message_dict:
            raise OutreachRefused(_("Le service suit déjà une copropriété de ce nom.")) from None
        raise OutreachRefused(" ".join(error.messages)) from None
    try:
        with transaction.atomic():
            coownership.save()
    except IntegrityError:
        raise OutreachRefused(_("Le service suit déjà une copropriété de ce nom.")) from None


@transaction.atomic
def follow_coownership(*, organisation, by, **given) -> Coownership:
    """A co-ownership the service starts following. ``given``: name, address, commune,
    followed_since and optionally quartier, lots, syndic, programme, difficulties, convention."""
    fields = _fields(**given)
    _check(organisation.pk, fields)
    coownership = Coownership(organisation=organisation)
    _write(coownership, fields)
    _log(
        coownership,
        by,
        "coownership.followed",
        _("Copropriété suivie : %s") % coownership.name,
    )
    return coownership


def _lock(coownership) -> Coownership:
    return Coownership.objects.select_for_update().get(pk=coownership.pk)


@transaction.atomic
def change_coownership(*, coownership, by, **given) -> Coownership:
    coownership = _lock(coownership)
    fields = _fields(**given)
    _check(coownership.organisation_id, fields)
    if coownership.followed_until and fields["followed_since"] > coownership.followed_until:
        raise OutreachRefused(_("Le suivi ne peut pas commencer après sa clôture."))
    _write(coownership, fields)
    _log(
        coownership,
        by,
        "coownership.changed",
        _("Copropriété modifiée : %s") % coownership.name,
    )
    return coownership


@transaction.atomic
def close_follow_up(*, coownership, by, on=None) -> Coownership:
    """The follow-up ends on ``on`` (today by default). Planned prevention actions stay; the
    co-ownership is no longer offered for new ones."""
    coownership = _lock(coownership)
    if coownership.followed_until is not None:
        raise OutreachRefused(_("Le suivi de cette copropriété est déjà clos."))
    on = on or timezone.localdate()
    if on < coownership.followed_since:
        raise OutreachRefused(_("Le suivi ne peut pas être clos avant d'avoir commencé."))
    if on > timezone.localdate():
        raise OutreachRefused(_("Un suivi se clôt au plus tard aujourd'hui."))
    coownership.followed_until = on
    coownership.save(update_fields=["followed_until", "updated_at"])
    _log(
        coownership,
        by,
        "coownership.closed",
        _("Suivi de copropriété clos : %s") % coownership.name,
    )
    return coownership


@transaction.atomic
def resume_follow_up(*, coownership, by) -> Coownership:
    coownership = _lock(coownership)
    if coownership.followed_until is None:
        raise OutreachRefused(_("Le suivi de cette copropriété est en cours."))
    coownership.followed_until = None
    coownership.save(update_fields=["followed_until", "updated_at"])
    _log(
        coownership,
        by,
        "coownership.resumed",
        _("Suivi de copropriété repris : %s") % coownership.name,
    )
    return coownership


# --- Contacts -----------------------------------------------------------------------------------


def _check_contact(name, role, phone, email):
    if not name.strip():
        raise OutreachRefused(_("Donnez le nom du contact."))
    if role not in CoownershipContactRole.values:
        raise OutreachRefused(_("Choisissez un rôle de la liste."))
    if not phone.strip() and not email.strip():
        raise OutreachRefused(_("Donnez au moins un téléphone ou une adresse e-mail."))


@transaction.atomic
def add_contact(*, coownership, by, name, role, phone="", email="") -> CoownershipContact:
    _check_contact(name, role, phone, email)
    contact = CoownershipContact(
        coownership=coownership,
        name=name.strip(),
        role=role,
        phone=phone.strip(),
        email=email.strip(),
    )
    try:
        contact.full_clean(exclude=["coownership"])
    except ValidationError as error:
        raise OutreachRefused(" ".join(error.messages)) from None
    contact.save()
    _log(
        coownership,
        by,
        "coownership.contact_added",
        _("Contact ajouté à la copropriété : %s") % coownership.name,
        role=role,
    )
    return contact


@transaction.atomic
def change_contact(*, contact, by, name, role, phone="", email="") -> CoownershipContact:
    _check_contact(name, role, phone, email)
    contact.name, contact.role = name.strip(), role
    contact.phone, contact.email = phone.strip(), email.strip()
    try:
        contact.full_clean(exclude=["coownership"])
    except ValidationError as error:
        raise OutreachRefused(" ".join(error.messages)) from None
    contact.save()
    _log(
        contact.coownership,
        by,
        "coownership.contact_changed",
        _("Contact de copropriété modifié : %s") % contact.coownership.name,
        role=role,
    )
    return contact


@transaction.atomic
def remove_contact(*, contact, by) -> None:
    coownership = contact.coownership
    contact.delete()
    _log(
        coownership,
        by,
        "coownership.contact_removed",
        _("Contact retiré de la copropriété : %s") % coownership.name,
    )


# --- Follow-up points and mediations ------------------------------------------------------------


@transaction.atomic
def record_review(
    *, coownership, by, held_on, trend, difficulties=(), next_review_on=None
) -> CoownershipReview:
    """A follow-up point: the situation's trend, the difficulties still present, the next point."""
    if held_on > timezone.localdate():
        raise OutreachRefused(_("Un point de suivi se note une fois tenu."))
    if held_on < coownership.followed_since:
        raise OutreachRefused(_("Ce point est antérieur au début du suivi."))
    if trend not in CoownershipTrend.values:
        raise OutreachRefused(_("Choisissez l'évolution de la situation dans la liste."))
    difficulties = list(dict.fromkeys(difficulties))
    _check_difficulties(difficulties)
    if next_review_on is not None and next_review_on <= held_on:
        raise OutreachRefused(_("Le prochain point vient après celui-ci."))
    review = CoownershipReview.objects.create(
        coownership=coownership,
        held_on=held_on,
        trend=trend,
        difficulties=difficulties,
        next_review_on=next_review_on,
        recorded_by=by,
    )
    _log(
        coownership,
        by,
        "coownership.review",
        _("Point de suivi noté : %s") % coownership.name,
        trend=trend,
    )
    return review


@transaction.atomic
def link_cases(*, coownership, by, cases) -> Coownership:
    """The mediations between co-owners (cases of the service) followed with the building."""
    cases = list(cases)
    if any(case.organisation_id != coownership.organisation_id for case in cases):
        raise OutreachRefused(_("Seuls les dossiers du service peuvent être liés."))
    coownership.cases.set(cases)
    _log(
        coownership,
        by,
        "coownership.cases",
        _("Médiations liées à la copropriété : %s") % coownership.name,
        cases=len(cases),
    )
    return coownership
