"""The verbs of the network's members, dues, poles and events. Each runs in one transaction,
writes one Journal row on the network, and changes nothing when it refuses.

Members: ``create_member``, ``update_member``, ``add_contact``, ``update_contact``. Dues:
``record_year``, ``mark_paid``, ``remind_dues`` (the reminder of unpaid dues, idempotent).
Poles: ``create_pole``, ``update_pole``. Events: ``create_event``, ``update_event``,
``register``, ``cancel_registration``, ``record_attendance``. Documents: ``share_document``.
"""

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from palabre.core import journal, mail
from palabre.core.actions import Refused
from palabre.network import dues
from palabre.network.models import (
    Attendance,
    Event,
    EventKind,
    Member,
    MemberContact,
    MemberYear,
    Pole,
    Registration,
    SharedDocument,
)
from palabre.organisations.models import Organisation, OrganisationKind


def _log(network, subject, by, verb, summary, **data):
    journal.record(
        organisation=network,
        subject=subject,
        verb=verb,
        summary=summary,
        actor=by.user if by is not None else None,
        data=data,
    )


# --- Members --------------------------------------------------------------------------------------


def services_of(network):
    """The Palabre services of this instance that belong to the network: those a member entry may
    stand for."""
    return Organisation.objects.filter(kind=OrganisationKind.SERVICE, networks=network)


def _check_member(member: Member):
    if member.organisation_id is not None:
        if not services_of(member.network).filter(pk=member.organisation_id).exists():
            raise Refused(_("Ce service Palabre n'est pas membre du réseau."))
        taken = Member.objects.of(member.network).filter(organisation=member.organisation_id)
        if taken.exclude(pk=member.pk).exists():
            raise Refused(_("Ce service Palabre a déjà sa fiche dans l'annuaire."))


@transaction.atomic
def create_member(*, network, by, **fields) -> Member:
    member = Member(network=network, **fields)
    _check_member(member)
    member.save()
    _log(network, member, by, "member_created", _("Structure membre ajoutée : %s") % member.name)
    return member


@transaction.atomic
def update_member(*, member: Member, by, **fields) -> Member:
    for name, value in fields.items():
        setattr(member, name, value)
    _check_member(member)
    member.save()
    _log(member.network, member, by, "member_changed", _("Fiche modifiée : %s") % member.name)
    return member


def _only_main(contact: MemberContact):
    """One main contact per member: naming one withdraws the title from the others."""
    if contact.is_main:
        contact.member.contacts.exclude(pk=contact.pk).update(is_main=False)


@transaction.atomic
def add_contact(*, member: Member, by, **fields) -> MemberContact:
    contact = MemberContact.objects.create(network=member.network, member=member, **fields)
    _only_main(contact)
    _log(member.network, member, by, "contact_added", _("Contact ajouté : %s") % contact)
    return contact


@transaction.atomic
def update_contact(*, contact: MemberContact, by, **fields) -> MemberContact:
    for name, value in fields.items():
        setattr(contact, name, value)
    contact.save()
    _only_main(contact)
    _log(
        contact.network, contact.member, by, "contact_changed", _("Contact modifié : %s") % contact
    )
    return contact


# --- Dues -----------------------------------------------------------------------------------------


@transaction.atomic
def record_year(
    *, member: Member, by, year: int, category: str, invoice_reference: str = "", amount=None
) -> MemberYear:
    """Records one year of membership; the amount comes from the network's scale unless given."""
    if amount is None:
        amount = dues.amount_for(category)
    if amount < 0:
        raise Refused(_("Le montant ne peut pas être négatif."))
    try:
        with transaction.atomic():
            membership_year = MemberYear.objects.create(
                network=member.network,
                member=member,
                year=year,
                category=category,
                amount=amount,
                invoice_reference=invoice_reference,
                recorded_by=by.user if by is not None else None,
            )
    except IntegrityError as error:
        raise Refused(
            _("L'adhésion %(year)s de cette structure est déjà enregistrée.") % {"year": year}
        ) from error
    _log(
        member.network,
        member,
        by,
        "dues_called",
        _("Adhésion %(year)s : %(amount)s €") % {"year": year, "amount": number_format(amount, 2)},
        year=year,
    )
    return membership_year


@transaction.atomic
def mark_paid(*, year: MemberYear, by, paid_on: dt.date, invoice_reference: str = "") -> MemberYear:
    year = MemberYear.objects.select_for_update().get(pk=year.pk)
    if year.paid_on is not None:
        raise Refused(_("Cette cotisation est déjà marquée payée."))
    if paid_on > timezone.localdate():
        raise Refused(_("La date de paiement ne peut pas être dans le futur."))
    year.paid_on = paid_on
    if invoice_reference:
        year.invoice_reference = invoice_reference
    year.save(update_fields=["paid_on", "invoice_reference", "updated_at"])
    _log(
        year.network,
        year.member,
        by,
        "dues_paid",
        _("Cotisation %(year)s payée") % {"year": year.year},
        year=year.year,
    )
    return year


def main_contact(member: Member) -> MemberContact | None:
    """The contact who receives the calls for dues: the main one, else the first with an
    e-mail."""
    contacts = [c for c in member.contacts.all() if c.email]
    return next((c for c in contacts if c.is_main), contacts[0] if contacts else None)


def due_for_reminder(today: dt.date, network=None):
    """Unpaid dues of the current year whose next reminder is due today."""
    years = MemberYear.objects.filter(
        year=today.year,
        paid_on__isnull=True,
        member__is_active=True,
        reminders_sent__lt=dues.max_reminders(),
    )
    if network is not None:
        years = years.filter(network=network)
    last_before = today - dt.timedelta(days=dues.reminder_days())
    return years.exclude(last_reminded_on__gt=last_before)


def remind_dues(*, today: dt.date | None = None, network=None) -> int:
    """Sends each reminder that is due, one e-mail per member's main contact, once per step.
    Each year is counted and stamped in its own transaction, and its e-mail leaves when it
    commits; run twice the same day, it sends nothing more. Answers how many were sent."""
    today = today or timezone.localdate()
    sent = 0
    for year_id in due_for_reminder(today, network).values_list("pk", flat=True):
        with transaction.atomic():
            locked = due_for_reminder(today, network).select_for_update().filter(pk=year_id)
            year = locked.select_related("member", "network").first()
            if year is None:
                continue
            contact = main_contact(year.member)
            if contact is None:
                continue
            year.reminders_sent += 1
            year.last_reminded_on = today
            year.save(update_fields=["reminders_sent", "last_reminded_on", "updated_at"])
            _log(
                year.network,
                year.member,
                None,
                "dues_reminded",
                _("Relance %(step)s de la cotisation %(year)s envoyée")
                % {"step": year.reminders_sent, "year": year.year},
                year=year.year,
                step=year.reminders_sent,
            )
            _send_reminder(year, contact)
            sent += 1
    return sent


def _send_reminder(year: MemberYear, contact: MemberContact):
    network = year.network
    subject = _("%(network)s : cotisation %(year)s à régler") % {
        "network": network.name,
        "year": year.year,
    }
    lines = [
        _("Bonjour %(name)s,") % {"name": contact},
        "",
        _(
            "Sauf erreur de notre part, la cotisation %(year)s de %(member)s au %(network)s "
            "n'est pas encore réglée."
        )
        % {"year": year.year, "member": year.member.name, "network": network.name},
        _("Montant : %(amount)s €") % {"amount": number_format(year.amount, 2)},
    ]
    if year.invoice_reference:
        lines.append(_("Facture : %(reference)s") % {"reference": year.invoice_reference})
    lines += [
        "",
        _("Si le règlement est en cours, merci de ne pas tenir compte de ce message."),
        "",
        network.name,
        network.email,
    ]
    body = "\n".join(str(line) for line in lines).rstrip() + "\n"
    transaction.on_commit(
        lambda: mail.send_each(subject=subject, body=body, recipients=[contact.email])
    )


# --- Poles ----------------------------------------------------------------------------------------


def _check_referents(network, referents):
    if any(contact.network_id != network.pk for contact in referents):
        raise Refused(_("Un référent doit être le contact d'une structure membre du réseau."))


@transaction.atomic
def create_pole(*, network, by, name: str, regions: list[str], referents=()) -> Pole:
    _check_referents(network, referents)
    pole = Pole.objects.create(network=network, name=name, regions=list(regions))
    pole.referents.set(referents)
    _log(network, pole, by, "pole_created", _("Pôle créé : %s") % name)
    return pole


@transaction.atomic
def update_pole(*, pole: Pole, by, name: str, regions: list[str], referents=()) -> Pole:
    _check_referents(pole.network, referents)
    pole.name = name
    pole.regions = list(regions)
    pole.save()
    pole.referents.set(referents)
    _log(pole.network, pole, by, "pole_changed", _("Pôle modifié : %s") % name)
    return pole


# --- Events ---------------------------------------------------------------------------------------


def _check_event(event: Event):
    if event.ends_on is not None and event.ends_on < event.starts_on:
        raise Refused(_("La date de fin précède la date de début."))
    if event.pole_id is not None and event.kind == EventKind.NATIONAL_MEETING:
        raise Refused(_("Une rencontre nationale n'appartient à aucun pôle régional."))
    if event.pole_id is not None and event.pole.network_id != event.network_id:
        raise Refused(_("Ce pôle n'est pas celui du réseau."))
    if not event.place and not event.is_remote:
        raise Refused(_("Indiquez un lieu, ou que l'événement se tient à distance."))


@transaction.atomic
def create_event(*, network, by, **fields) -> Event:
    event = Event(network=network, **fields)
    _check_event(event)
    event.save()
    _log(network, event, by, "event_created", _("Événement créé : %s") % event.title)
    return event


@transaction.atomic
def update_event(*, event: Event, by, **fields) -> Event:
    for name, value in fields.items():
        setattr(event, name, value)
    _check_event(event)
    event.save()
    _log(event.network, event, by, "event_changed", _("Événement modifié : %s") % event.title)
    return event


@transaction.atomic
def register(*, event: Event, by, member: Member, contact=None, name: str = "") -> Registration:
    """Registers a member's contact, or a person named for a member (not in its contacts)."""
    name = name.strip()
    if member.network_id != event.network_id:
        raise Refused(_("Cette structure n'est pas membre du réseau."))
    if contact is not None and contact.member_id != member.pk:
        raise Refused(_("Ce contact n'appartient pas à la structure choisie."))
    if contact is None and not name:
        raise Refused(_("Choisissez un contact de la structure, ou indiquez un nom."))
    if contact is not None:
        name = ""
    elif event.registrations.filter(member=member, name__iexact=name).exists():
        raise Refused(_("Cette personne est déjà inscrite."))
    try:
        with transaction.atomic():
            registration = Registration.objects.create(
                network=event.network, event=event, member=member, contact=contact, name=name
            )
    except IntegrityError as error:
        raise Refused(_("Cette personne est déjà inscrite.")) from error
    _log(
        event.network,
        event,
        by,
        "event_registration",
        _("Inscription : %(person)s (%(member)s)")
        % {"person": registration.person, "member": member.name},
    )
    return registration


@transaction.atomic
def cancel_registration(*, registration: Registration, by) -> None:
    event = registration.event
    person = registration.person
    registration.delete()
    _log(event.network, event, by, "event_unregistration", _("Inscription retirée : %s") % person)


@transaction.atomic
def record_attendance(*, event: Event, by, attendance: dict, today: dt.date | None = None) -> int:
    """Sets present or absent for the registrations given (registration id → value), once the
    event has begun. Answers how many changed."""
    today = today or timezone.localdate()
    if event.starts_on > today:
        raise Refused(_("Les présences se relèvent à partir du premier jour de l'événement."))
    changed = 0
    for registration in event.registrations.select_for_update():
        value = attendance.get(str(registration.pk), attendance.get(registration.pk))
        if value is None or value == registration.attendance:
            continue
        if value not in Attendance.values:
            raise Refused(_("Valeur de présence inconnue."))
        registration.attendance = value
        registration.save(update_fields=["attendance", "updated_at"])
        changed += 1
    _log(
        event.network,
        event,
        by,
        "event_attendance",
        _("Présences relevées (%(count)s modifiées)") % {"count": changed},
    )
    return changed


# --- Shared documents -----------------------------------------------------------------------------


@transaction.atomic
def share_document(
    *, network, by, title: str, shared_on: dt.date, file, event=None, pole=None
) -> SharedDocument:
    """Keeps a file for an event, or for a pole's exchange of practices (one of the two)."""
    if (event is None) == (pole is None):
        raise Refused(_("Un document se partage à un événement ou dans un pôle."))
    where = event or pole
    if where.network_id != network.pk:
        raise Refused(_("Cet événement ou ce pôle n'est pas celui du réseau."))
    filename = file.name.rsplit("/", 1)[-1]
    document = SharedDocument(
        network=network,
        event=event,
        pole=pole,
        title=title,
        shared_on=shared_on,
        filename=filename,
        size=file.size,
        added_by=by.user if by is not None else None,
    )
    document.file.save(filename, file, save=False)
    document.save()
    _log(network, where, by, "document_shared", _("Document partagé : %s") % title)
    return document
