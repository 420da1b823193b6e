"""What changes outreach actions. Keyword-only, atomic, each written to the Journal; a refusal
(``OutreachRefused``) says why in French and changes nothing."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from palabre.cases.codes import ConflictCategory
from palabre.core import journal
from palabre.core.actions import Refused
from palabre.core.uploads import content_matches_name
from palabre.field.watch_photos import prepare_photo
from palabre.organisations.models import Membership
from palabre.outreach.codes import OutreachKind, OutreachStatus
from palabre.outreach.models import OutreachAction, OutreachPhoto

LONGEST = dt.timedelta(days=14)
MOST_HOURS = Decimal(2000)


class OutreachRefused(Refused):
    pass


def _log(action, by, verb, summary, **data):
    journal.record(
        organisation=action.organisation,
        subject=action,
        verb=verb,
        summary=summary,
        actor=by.user if by is not None else None,
        data=data,
    )


def _check_places(organisation_id, *, venue, place_name, commune, quartier, residence):
    if venue is None and not place_name.strip():
        raise OutreachRefused(
            _("Choisissez un lieu d'accueil du service ou écrivez le nom du lieu.")
        )
    foreign = [row for row in (venue, commune, quartier, residence) if row is not None]
    if any(row.organisation_id != organisation_id for row in foreign):
        raise OutreachRefused(_("Ce lieu n'est pas dans le territoire du service."))
    if quartier is not None and quartier.commune_id != commune.pk:
        raise OutreachRefused(_("Ce quartier n'est pas dans la commune choisie."))


def _check_fields(organisation_id, fields):
    if fields["kind"] not in OutreachKind.values:
        raise OutreachRefused(_("Choisissez un type d'action de la liste."))
    if not fields["title"].strip():
        raise OutreachRefused(_("Donnez un intitulé à l'action."))
    starts_at, ends_at = fields["starts_at"], fields["ends_at"]
    if ends_at <= starts_at:
        raise OutreachRefused(_("L'action doit finir après avoir commencé."))
    if ends_at - starts_at > LONGEST:
        raise OutreachRefused(_("Une action dure au plus 14 jours : créez-en plusieurs."))
    _check_places(
        organisation_id,
        venue=fields["venue"],
        place_name=fields["place_name"],
        commune=fields["commune"],
        quartier=fields["quartier"],
        residence=fields["residence"],
    )
    coownership = fields["coownership"]
    if coownership is not None and coownership.organisation_id != organisation_id:
        raise OutreachRefused(_("Cette copropriété n'est pas suivie par le service."))
    if any(partner.organisation_id != organisation_id for partner in fields["partners"]):
        raise OutreachRefused(_("Ce partenaire n'est pas un partenaire du service."))
    eligible = set(Membership.objects.mediators_of(organisation_id).values_list("pk", flat=True))
    if any(member.pk not in eligible for member in fields["team"]):
        raise OutreachRefused(_("Seuls les médiateurs et la coordination du service font équipe."))


def _write(action, fields):
    partners, team = fields.pop("partners"), fields.pop("team")
    for name, value in fields.items():
        setattr(action, name, value.strip() if isinstance(value, str) else value)
    if action.venue is not None:
        action.place_name, action.address = "", ""
    try:
        action.full_clean(exclude=["organisation", "partners", "team", "cases"])
    except ValidationError as error:
        raise OutreachRefused(" ".join(error.messages)) from None
    action.save()
    action.partners.set(partners)
    action.team.set(team)


def _fields(**given) -> dict:
    return {
        "kind": given["kind"],
        "title": given["title"],
        "starts_at": given["starts_at"],
        "ends_at": given["ends_at"],
        "venue": given.get("venue"),
        "place_name": given.get("place_name") or "",
        "address": given.get("address") or "",
        "commune": given["commune"],
        "quartier": given.get("quartier"),
        "residence": given.get("residence"),
        "coownership": given.get("coownership"),
        "partners": list(given.get("partners") or []),
        "team": list(given.get("team") or []),
        "public_description": given.get("public_description") or "",
    }


@transaction.atomic
def plan_action(*, organisation, by, **given) -> OutreachAction:
    """A new planned action. ``given``: kind, title, starts_at, ends_at, commune, and optionally
    venue or place_name and address, quartier, residence, coownership (a prevention action in a
    co-ownership the service follows), partners, team, public_description."""
    fields = _fields(**given)
    _check_fields(organisation.pk, fields)
    action = OutreachAction(organisation=organisation)
    _write(action, fields)
    _log(action, by, "outreach.planned", _("Action d'aller-vers prévue : %s") % action.title)
    return action


def _lock(action) -> OutreachAction:
    return OutreachAction.objects.select_for_update().get(pk=action.pk)


@transaction.atomic
def change_action(*, action, by, **given) -> OutreachAction:
    action = _lock(action)
    if action.status == OutreachStatus.CANCELLED:
        raise OutreachRefused(_("Cette action est annulée : elle ne se modifie plus."))
    fields = _fields(**given)
    _check_fields(action.organisation_id, fields)
    _write(action, fields)
    _log(action, by, "outreach.changed", _("Action d'aller-vers modifiée : %s") % action.title)
    return action


@transaction.atomic
def cancel_action(*, action, by) -> OutreachAction:
    action = _lock(action)
    if action.status != OutreachStatus.PLANNED:
        raise OutreachRefused(_("Seule une action prévue peut être annulée."))
    action.status = OutreachStatus.CANCELLED
    action.save(update_fields=["status", "updated_at"])
    _log(action, by, "outreach.cancelled", _("Action d'aller-vers annulée : %s") % action.title)
    return action


def _check_results(action, counts, hours, topics, cases):
    if action.starts_at > timezone.now():
        raise OutreachRefused(_("Cette action n'a pas encore commencé : ses résultats attendront."))
    if any(value is not None and value < 0 for value in counts.values()):
        raise OutreachRefused(_("Les nombres ne peuvent pas être négatifs."))
    if hours is not None and not Decimal(0) <= hours <= MOST_HOURS:
        raise OutreachRefused(_("Les heures passées vont de 0 à 2000."))
    if any(topic not in ConflictCategory.values for topic in topics):
        raise OutreachRefused(_("Choisissez les sujets abordés dans la liste."))
    if any(case.organisation_id != action.organisation_id for case in cases):
        raise OutreachRefused(_("Seuls les dossiers du service peuvent être liés à l'action."))


@transaction.atomic
def record_results(
    *,
    action,
    by,
    doors_knocked=None,
    households_met=None,
    people_informed=None,
    contacts_made=None,
    hours=None,
    topics=(),
    cases=(),
    public_description=None,
) -> OutreachAction:
    """The action is held: its counts, hours, topics raised and the cases it led to."""
    action = _lock(action)
    if action.status == OutreachStatus.CANCELLED:
        raise OutreachRefused(_("Cette action est annulée : elle n'a pas de résultats."))
    counts = {
        "doors_knocked": doors_knocked,
        "households_met": households_met,
        "people_informed": people_informed,
        "contacts_made": contacts_made,
    }
    topics, cases = list(dict.fromkeys(topics)), list(cases)
    _check_results(action, counts, hours, topics, cases)
    for name, value in counts.items():
        setattr(action, name, value)
    action.hours, action.topics, action.status = hours, topics, OutreachStatus.HELD
    if public_description is not None:
        action.public_description = public_description.strip()
    action.save()
    action.cases.set(cases)
    _log(
        action,
        by,
        "outreach.results",
        _("Résultats de l'action enregistrés : %s") % action.title,
        cases=len(cases),
    )
    return action


# --- Photos -------------------------------------------------------------------------------------


@transaction.atomic
def add_photo(*, action, by, photo, caption="", consent=False) -> OutreachPhoto:
    """A photo of the action, re-encoded without its metadata; ``consent``: the consent of the
    people shown is recorded, so the photo may appear on the public page."""
    if action.status == OutreachStatus.CANCELLED:
        raise OutreachRefused(_("Cette action est annulée : elle ne prend pas de photo."))
    if not content_matches_name(photo):
        raise OutreachRefused(
            _("Ce fichier n'est pas une photo lisible : envoyez une image JPEG ou PNG.")
        )
    try:
        prepared = prepare_photo(photo)
    except Refused as refused:
        raise OutreachRefused(refused.message) from None
    row = OutreachPhoto(organisation_id=action.organisation_id, action=action, caption=caption)
    if consent:
        row.consent_recorded_at, row.consent_recorded_by = timezone.now(), by
    row.image.save(f"photo.{prepared.extension}", ContentFile(prepared.content), save=False)
    row.save()
    _log(action, by, "outreach.photo_added", _("Photo ajoutée à l'action : %s") % action.title)
    return row


@transaction.atomic
def record_consent(*, photo, by) -> OutreachPhoto:
    if photo.consent_recorded_at is None:
        photo.consent_recorded_at, photo.consent_recorded_by = timezone.now(), by
        photo.save(update_fields=["consent_recorded_at", "consent_recorded_by", "updated_at"])
        _log(photo.action, by, "outreach.photo_consent", _("Consentement recueilli pour une photo"))
    return photo


@transaction.atomic
def remove_photo(*, photo, by) -> None:
    action = photo.action
    photo.image.delete(save=False)
    photo.delete()
    _log(action, by, "outreach.photo_removed", _("Photo retirée de l'action : %s") % action.title)
