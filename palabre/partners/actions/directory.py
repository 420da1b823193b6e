"""Verbs of the directory: partners, their renames, contacts and residences, and venues."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from palabre.organisations.models import Membership, Role
from palabre.partners.actions.base import (
    ActionRefused,
    log,
    organisation_id_of,
    require_free_name,
    require_own,
    require_quartier_in_commune,
)
from palabre.partners.models import Contact, Partner, PartnerKind, PartnerName, Residence, Venue

# --- Partners -----------------------------------------------------------------------------------


def _check_partner(partner: Partner, *, exclude=None):
    require_own(partner.organisation_id, partner.commune)
    require_free_name(
        Partner.objects.of(partner.organisation_id),
        partner.name,
        _("Un partenaire du service s'appelle déjà « %(name)s »."),
        exclude=exclude,
    )


@transaction.atomic
def create_partner(
    *,
    organisation,
    by: Membership | None,
    kind: str,
    name: str,
    short_name: str = "",
    is_funder: bool = False,
    address: str = "",
    commune=None,
    phone: str = "",
    email: str = "",
    website: str = "",
    description: str = "",
) -> Partner:
    partner = Partner(
        organisation_id=organisation_id_of(organisation),
        kind=kind,
        name=name.strip(),
        short_name=short_name,
        is_funder=is_funder,
        address=address,
        commune=commune,
        phone=phone,
        email=email,
        website=website,
        description=description,
    )
    _check_partner(partner)
    partner.save()
    log(partner, by, "partner_created", _("Partenaire ajouté à l'annuaire"))
    return partner


@transaction.atomic
def update_partner(
    *,
    partner: Partner,
    by: Membership | None,
    kind: str,
    name: str,
    short_name: str,
    is_funder: bool,
    address: str,
    commune,
    phone: str,
    email: str,
    website: str,
    description: str,
    is_active: bool,
) -> Partner:
    """Corrects the partner's record. An official change of name goes through ``rename_partner``
    instead, so that old reports keep the old name."""
    if not is_funder and partner.is_funder and partner.funded_conventions.exists():
        raise ActionRefused(_("Ce partenaire finance des conventions : il reste financeur."))
    if (
        partner.kind == PartnerKind.SOCIAL_LANDLORD
        and kind != PartnerKind.SOCIAL_LANDLORD
        and partner.residences.exists()
    ):
        raise ActionRefused(
            _("Ce bailleur a des résidences enregistrées : il reste bailleur social.")
        )
    partner.kind, partner.name, partner.short_name = kind, name.strip(), short_name
    partner.is_funder, partner.address, partner.commune = is_funder, address, commune
    partner.phone, partner.email, partner.website = phone, email, website
    partner.description, partner.is_active = description, is_active
    _check_partner(partner, exclude=partner)
    partner.save()
    log(partner, by, "partner_updated", _("Fiche du partenaire modifiée"))
    return partner


@transaction.atomic
def rename_partner(
    *, partner: Partner, by: Membership | None, new_name: str, renamed_on: dt.date
) -> PartnerName:
    """The partner takes ``new_name`` from ``renamed_on``: its current name becomes a former
    name valid until the day before, so that ``name_on`` answers the right name for any day."""
    new_name = new_name.strip()
    if new_name == partner.name:
        raise ActionRefused(_("C'est déjà le nom du partenaire."))
    latest = partner.former_names.order_by("-valid_until").first()
    if latest is not None and renamed_on <= latest.valid_until:
        raise ActionRefused(
            _("Le partenaire portait encore le nom « %(name)s » jusqu'au %(day)s.")
            % {"name": latest.name, "day": latest.valid_until.strftime("%d/%m/%Y")}
        )
    require_free_name(
        Partner.objects.of(partner.organisation_id),
        new_name,
        _("Un partenaire du service s'appelle déjà « %(name)s »."),
        exclude=partner,
    )
    former = PartnerName.objects.create(
        organisation_id=partner.organisation_id,
        partner=partner,
        name=partner.name,
        valid_from=latest.valid_until + dt.timedelta(days=1) if latest else None,
        valid_until=renamed_on - dt.timedelta(days=1),
    )
    partner.name = new_name
    partner.save()
    log(
        partner,
        by,
        "partner_renamed",
        _("Changement de nom enregistré à compter du %(day)s")
        % {"day": renamed_on.strftime("%d/%m/%Y")},
        former_name=former.name,
        renamed_on=renamed_on.isoformat(),
    )
    return former


# --- Contacts and residences --------------------------------------------------------------------


def _check_account(contact: Contact):
    membership = contact.membership
    if membership is None:
        return
    require_own(contact.organisation_id, membership)
    if membership.role != Role.PARTNER:
        raise ActionRefused(_("Seul un compte « partenaire prescripteur » peut être rattaché."))
    if Contact.objects.filter(membership=membership).exclude(pk=contact.pk).exists():
        raise ActionRefused(_("Ce compte Palabre est déjà rattaché à un autre contact."))


@transaction.atomic
def add_contact(
    *,
    partner: Partner,
    by: Membership | None,
    first_name: str,
    last_name: str,
    job_title: str = "",
    email: str = "",
    phone: str = "",
    membership: Membership | None = None,
) -> Contact:
    contact = Contact(
        organisation_id=partner.organisation_id,
        partner=partner,
        first_name=first_name,
        last_name=last_name,
        job_title=job_title,
        email=email,
        phone=phone,
        membership=membership,
    )
    _check_account(contact)
    contact.save()
    # Contacts are people: the Journal names neither them nor their details.
    log(partner, by, "contact_added", _("Contact ajouté"))
    return contact


@transaction.atomic
def update_contact(
    *,
    contact: Contact,
    by: Membership | None,
    first_name: str,
    last_name: str,
    job_title: str,
    email: str,
    phone: str,
    membership: Membership | None,
) -> Contact:
    contact.first_name, contact.last_name, contact.job_title = first_name, last_name, job_title
    contact.email, contact.phone, contact.membership = email, phone, membership
    _check_account(contact)
    contact.save()
    log(contact.partner, by, "contact_updated", _("Contact modifié"))
    return contact


@transaction.atomic
def deactivate_contact(*, contact: Contact, by: Membership | None) -> Contact:
    """The person left the partner: kept for history, no longer offered. A partner account
    attached to an inactive contact no longer opens the partner portal (``access.partner_of``)."""
    if not contact.is_active:
        raise ActionRefused(_("Ce contact est déjà désactivé."))
    contact.is_active = False
    contact.save(update_fields=["is_active", "updated_at"])
    log(contact.partner, by, "contact_deactivated", _("Contact désactivé"))
    return contact


@transaction.atomic
def add_residence(
    *,
    landlord: Partner,
    by: Membership | None,
    name: str,
    address: str = "",
    commune=None,
    quartier=None,
) -> Residence:
    if landlord.kind != PartnerKind.SOCIAL_LANDLORD:
        raise ActionRefused(_("Seul un bailleur social a des résidences."))
    require_own(landlord.organisation_id, commune, quartier)
    require_quartier_in_commune(commune, quartier)
    require_free_name(
        landlord.residences.all(),
        name,
        _("%(landlord)s a déjà une résidence « %(name)s »."),
        landlord=landlord.name,
    )
    residence = Residence.objects.create(
        organisation_id=landlord.organisation_id,
        landlord=landlord,
        name=name.strip(),
        address=address,
        commune=commune or (quartier.commune if quartier else None),
        quartier=quartier,
    )
    log(landlord, by, "residence_added", _("Résidence ajoutée"))
    return residence


# --- Venues -------------------------------------------------------------------------------------


def _check_venue(venue: Venue, *, exclude=None):
    require_own(venue.organisation_id, venue.commune, venue.quartier, venue.host)
    require_quartier_in_commune(venue.commune, venue.quartier)
    require_free_name(
        Venue.objects.of(venue.organisation_id),
        venue.name,
        _("Un lieu du service s'appelle déjà « %(name)s »."),
        exclude=exclude,
    )
    if (venue.latitude is None) != (venue.longitude is None):
        raise ActionRefused(_("Indiquez la latitude et la longitude du lieu, ou aucune des deux."))
    for name in ("latitude", "longitude"):
        value = getattr(venue, name)
        if value is not None:
            try:
                Venue._meta.get_field(name).clean(value, venue)
            except ValidationError as error:
                raise ActionRefused(error.messages[0]) from error


@transaction.atomic
def create_venue(
    *,
    organisation,
    by: Membership | None,
    name: str,
    address: str,
    commune,
    quartier=None,
    host: Partner | None = None,
    access_notes: str = "",
    latitude=None,
    longitude=None,
) -> Venue:
    venue = Venue(
        organisation_id=organisation_id_of(organisation),
        name=name.strip(),
        address=address,
        commune=commune,
        quartier=quartier,
        host=host,
        access_notes=access_notes,
        latitude=latitude,
        longitude=longitude,
    )
    _check_venue(venue)
    venue.save()
    log(venue, by, "venue_created", _("Lieu d'accueil ajouté"))
    return venue


@transaction.atomic
def update_venue(
    *,
    venue: Venue,
    by: Membership | None,
    name: str,
    address: str,
    commune,
    quartier,
    host: Partner | None,
    access_notes: str,
    is_active: bool,
    latitude=None,
    longitude=None,
) -> Venue:
    venue.name, venue.address, venue.commune, venue.quartier = (
        name.strip(),
        address,
        commune,
        quartier,
    )
    venue.host, venue.access_notes, venue.is_active = host, access_notes, is_active
    venue.latitude, venue.longitude = latitude, longitude
    _check_venue(venue, exclude=venue)
    venue.save()
    log(venue, by, "venue_updated", _("Lieu d'accueil modifié"))
    return venue
