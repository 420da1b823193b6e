"""The verbs of what follows an intervention. Each is keyword-only, runs in one transaction,
writes one Journal entry and changes nothing when it refuses (``FieldRefused``, a French
sentence).

- ``record_person`` names the person met, or records what they agreed to; ``forget_person``
  erases them (an agreement withdrawn).
- ``open_case_from`` opens a mediation case from the intervention, the form of a first contact
  prefilled from it (the way a person who came to a permanence opens one).
- ``orient`` records a *mise en relation* with a partner; ``advance_orientation`` moves it on.

Nothing is sent to the partner: the person is told whom to call, or the team calls the partner
with the person's agreement, and Palabre keeps that it was done. A message from Palabre could
say nothing the partner could act on (no name may leave the team) and would itself tell a
landlord that one of its tenants was met at night. The Journal says what was done, never who
the person is.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from palabre.cases import actions as case_actions
from palabre.cases import codes as case_codes
from palabre.core import journal
from palabre.field.actions import FieldRefused
from palabre.field.codes import (
    ORIENTATION_STEPS,
    Initiator,
    InterventionType,
    OrientationReason,
    OrientationStatus,
)
from palabre.field.followup import CONTACT_FIELDS, NAME_FIELDS, NamedPerson, PartnerOrientation
from palabre.field.models import Intervention

# The conflict of a case opened from an intervention of these types, unless the coordination
# says otherwise; the other types leave the choice to it.
CONFLICT_OF_TYPE = {
    InterventionType.NOISE_NIGHT: case_codes.ConflictCategory.NOISE,
    InterventionType.COMMON_AREA_OCCUPATION: case_codes.ConflictCategory.COMMON_AREAS,
    InterventionType.YOUTH_GROUP_DIALOGUE: case_codes.ConflictCategory.CHILDREN_YOUTH,
    InterventionType.CONFLICT_PUBLIC_SPACE: case_codes.ConflictCategory.PUBLIC_SPACE_USE,
}


def _log(intervention, by, verb, summary, **data):
    journal.record(
        organisation=intervention.organisation,
        subject=intervention,
        verb=verb,
        summary=summary,
        actor=by.user if by is not None else None,
        data=data,
    )


def _lock(intervention) -> Intervention:
    return (
        Intervention.objects.select_for_update(of=("self",))
        .select_related("shift", "organisation")
        .get(pk=intervention.pk)
    )


def _check_open(intervention):
    if intervention.shift.is_cancelled:
        raise FieldRefused(_("Cette tournée est annulée : on n'y enregistre rien."))


# --- The person ---------------------------------------------------------------------------------


def _check_person(values: dict, agreements: dict):
    if not any(agreements.values()):
        raise FieldRefused(
            _(
                "Cochez ce que la personne accepte (être nommée, être contactée, être orientée) ; "
                "sans son accord, rien n'est enregistré sur elle."
            )
        )
    if any(values[name] for name in NAME_FIELDS) and not agreements["agreed_to_be_named"]:
        raise FieldRefused(
            _(
                "Le nom n'est pas enregistré : la personne n'a pas accepté d'être nommée. "
                "Cochez son accord, ou laissez le nom vide."
            )
        )
    if any(values[name] for name in CONTACT_FIELDS) and not agreements["agreed_to_be_contacted"]:
        raise FieldRefused(
            _(
                "Le téléphone ou l'e-mail n'est pas enregistré : la personne n'a pas accepté "
                "d'être contactée. Cochez son accord, ou laissez ces champs vides."
            )
        )
    if values["email"]:
        try:
            validate_email(values["email"])
        except ValidationError as error:
            raise FieldRefused(_("Cette adresse e-mail n'est pas valide.")) from error
    limits = {"first_name": 80, "last_name": 80, "usual_name": 80, "phone": 30, "email": 254}
    if any(len(values[name]) > limit for name, limit in limits.items()):
        raise FieldRefused(_("Un nom ou un moyen de contact est trop long."))


@transaction.atomic
def record_person(
    *,
    intervention: Intervention,
    by,
    first_name: str = "",
    last_name: str = "",
    usual_name: str = "",
    phone: str = "",
    email: str = "",
    agreed_to_be_named: bool = False,
    agreed_to_be_contacted: bool = False,
    agreed_to_be_oriented: bool = False,
) -> NamedPerson:
    """Records the person met and what they agreed to, or changes them. A name needs the
    agreement to be named, a phone or an e-mail the agreement to be contacted; with no agreement
    at all nothing is recorded (``forget_person`` erases a person already recorded). Who
    recorded the agreement, and when, changes when the agreement does."""
    intervention = _lock(intervention)
    _check_open(intervention)
    values = {
        "first_name": first_name.strip(),
        "last_name": last_name.strip(),
        "usual_name": usual_name.strip(),
        "phone": phone.strip(),
        "email": email.strip(),
    }
    agreements = {
        "agreed_to_be_named": bool(agreed_to_be_named),
        "agreed_to_be_contacted": bool(agreed_to_be_contacted),
        "agreed_to_be_oriented": bool(agreed_to_be_oriented),
    }
    _check_person(values, agreements)
    person = NamedPerson.objects.filter(intervention=intervention).first()
    created = person is None
    if created:
        person = NamedPerson(
            organisation_id=intervention.organisation_id, intervention=intervention
        )
    agreement_changed = created or any(
        getattr(person, name) != value for name, value in agreements.items()
    )
    for name, value in (values | agreements).items():
        setattr(person, name, value)
    if agreement_changed:
        person.consent_recorded_by = by
        person.consent_recorded_at = timezone.now()
    person.save()
    _log(
        intervention,
        by,
        "person_recorded" if created else "person_changed",
        _("Accord de la personne enregistré : %(agreed)s")
        % {"agreed": ", ".join(person.agreements())},
        named=person.is_named,
    )
    return person


@transaction.atomic
def forget_person(*, intervention: Intervention, by) -> None:
    """Erases the person's name, contact and agreement (they withdraw it, or it was a mistake).
    A case already opened keeps its own copy, in the case; orientations, which hold nothing of
    the person, stay for the figures."""
    intervention = _lock(intervention)
    deleted, _rows = NamedPerson.objects.filter(intervention=intervention).delete()
    if not deleted:
        raise FieldRefused(_("Aucune personne n'est enregistrée sur cette intervention."))
    _log(intervention, by, "person_forgotten", _("Personne effacée de l'intervention"))


# --- A mediation case ---------------------------------------------------------------------------


def case_prefill(intervention: Intervention, person: NamedPerson | None) -> dict:
    """What the intervention says of a case: the person (as far as they agreed), the place, the
    conflict."""
    fields = {
        "referral_source": case_codes.ReferralSource.NIGHT_MEDIATION,
        "commune": intervention.commune,
        "quartier": intervention.quartier,
    }
    if person is not None and person.agreed_to_be_named:
        fields["requester_last_name"] = person.last_name or person.usual_name or person.first_name
        fields["requester_first_name"] = person.first_name if person.last_name else ""
    if person is not None and person.agreed_to_be_contacted:
        fields |= {"requester_phone": person.phone, "requester_email": person.email}
    residence = intervention.residence
    if residence is not None:
        address = ", ".join(part for part in (residence.address, intervention.place_label) if part)
        fields |= {
            "requester_address": address,
            "housing": case_codes.Housing.SOCIAL_RENTAL,
            "building_type": case_codes.BuildingType.APARTMENT_BLOCK,
            "landlord_name": residence.landlord.name,
            "landlord": residence.landlord,
        }
    if intervention.type in CONFLICT_OF_TYPE:
        fields["primary_conflict"] = CONFLICT_OF_TYPE[intervention.type]
    return fields


def first_contact_channel(intervention) -> str:
    """A resident's call to the team came by phone; anything else, the team going to people."""
    if intervention.initiated_by == Initiator.RESIDENT_CALL:
        return case_codes.Channel.PHONE
    return case_codes.Channel.OUTREACH


@transaction.atomic
def open_case_from(*, intervention: Intervention, by, **case_fields):
    """Opens a mediation case for the person met, at « Nouvelle saisine », on the evening of the
    intervention, coming from the night team (``ReferralSource.NIGHT_MEDIATION`` unless said
    otherwise); the intervention keeps the link. Only for a person who agreed to be named, and
    once per intervention."""
    intervention = _lock(intervention)
    _check_open(intervention)
    if intervention.case_id is not None:
        raise FieldRefused(
            _("Cette intervention a déjà ouvert le dossier %(ref)s.")
            % {"ref": intervention.case.reference}
        )
    person = NamedPerson.objects.filter(intervention=intervention).first()
    if person is None or not person.agreed_to_be_named:
        raise FieldRefused(
            _(
                "Un dossier s'ouvre au nom de la personne : enregistrez d'abord son accord pour "
                "être nommée."
            )
        )
    for name, value in case_prefill(intervention, person).items():
        case_fields.setdefault(name, value)
    if not case_fields.get("requester_last_name"):
        raise FieldRefused(_("Indiquez le nom de la personne qui demande la médiation."))
    if not case_fields.get("primary_conflict"):
        raise FieldRefused(_("Choisissez le motif principal du conflit."))
    case = case_actions.open_case(
        organisation=intervention.organisation,
        by=by,
        opened_on=timezone.localdate(intervention.happened_at),
        channel=first_contact_channel(intervention),
        **case_fields,
    )
    intervention.case = case
    intervention.save(update_fields=["case", "updated_at"])
    _log(
        intervention,
        by,
        "case_opened",
        _("Dossier de médiation ouvert depuis l'intervention : %(ref)s") % {"ref": case.reference},
    )
    return case


# --- Mise en relation ---------------------------------------------------------------------------


def _check_orientation(intervention, partner, reason, oriented_on):
    if partner.organisation_id != intervention.organisation_id or not partner.is_active:
        raise FieldRefused(_("Ce partenaire n'est pas un partenaire actif du service."))
    if reason not in OrientationReason.values:
        raise FieldRefused(_("Choisissez le motif de l'orientation."))
    evening = intervention.shift.date
    if not evening <= oriented_on <= timezone.localdate():
        raise FieldRefused(
            _("La date de l'orientation va du soir de l'intervention (%(day)s) à aujourd'hui.")
            % {"day": evening.strftime("%d/%m/%Y")}
        )


@transaction.atomic
def orient(
    *,
    intervention: Intervention,
    by,
    partner,
    reason: str,
    oriented_on: dt.date | None = None,
    status: str = OrientationStatus.PROPOSED,
    agreed_now: bool = False,
) -> PartnerOrientation:
    """Records that the person was directed to ``partner``, for ``reason``, with their
    agreement to be oriented: recorded before (``record_person``), or given now
    (``agreed_now``), which records it with the orientation. Nothing is sent to the partner."""
    intervention = _lock(intervention)
    _check_open(intervention)
    person = NamedPerson.objects.filter(intervention=intervention).first()
    agreed_before = person is not None and person.agreed_to_be_oriented
    if not (agreed_before or agreed_now):
        raise FieldRefused(
            _(
                "Une orientation se fait avec l'accord de la personne : cochez qu'elle accepte "
                "d'être orientée vers un partenaire."
            )
        )
    oriented_on = oriented_on or timezone.localdate()
    _check_orientation(intervention, partner, reason, oriented_on)
    if status not in OrientationStatus.values:
        raise FieldRefused(_("Choisissez où en est l'orientation."))
    if intervention.orientations.filter(partner=partner).exists():
        raise FieldRefused(
            _("La personne est déjà orientée vers %(partner)s depuis cette intervention.")
            % {"partner": partner.name}
        )
    if not agreed_before:
        person = person or NamedPerson(
            organisation_id=intervention.organisation_id, intervention=intervention
        )
        person.agreed_to_be_oriented = True
        person.consent_recorded_by = by
        person.consent_recorded_at = timezone.now()
        person.save()
    orientation = PartnerOrientation(
        organisation_id=intervention.organisation_id,
        intervention=intervention,
        partner=partner,
        reason=reason,
        oriented_on=oriented_on,
        status=status,
        recorded_by=by,
        status_changed_at=timezone.now(),
    )
    try:
        with transaction.atomic():
            orientation.save(force_insert=True)
    except IntegrityError as error:
        raise FieldRefused(
            _("La personne est déjà orientée vers %(partner)s depuis cette intervention.")
            % {"partner": partner.name}
        ) from error
    _log(
        intervention,
        by,
        "oriented",
        _("Orientation vers %(partner)s : %(reason)s")
        % {"partner": partner.name, "reason": OrientationReason(reason).label},
        orientation=str(orientation.pk),
        agreement_recorded=not agreed_before,
    )
    return orientation


@transaction.atomic
def advance_orientation(*, orientation: PartnerOrientation, by, status: str) -> PartnerOrientation:
    """Moves the orientation on: proposed, accepted by the person, contact made — never back."""
    orientation = (
        PartnerOrientation.objects.select_for_update(of=("self",))
        .select_related("intervention__shift", "intervention__organisation", "partner")
        .get(pk=orientation.pk)
    )
    _check_open(orientation.intervention)
    if status not in OrientationStatus.values:
        raise FieldRefused(_("Choisissez où en est l'orientation."))
    if ORIENTATION_STEPS.index(status) <= ORIENTATION_STEPS.index(orientation.status):
        raise FieldRefused(
            _("Cette orientation est déjà « %(status)s » : elle ne revient pas en arrière.")
            % {"status": orientation.get_status_display()}
        )
    orientation.status = status
    orientation.status_changed_at = timezone.now()
    orientation.save(update_fields=["status", "status_changed_at", "updated_at"])
    _log(
        orientation.intervention,
        by,
        "orientation_advanced",
        _("Orientation vers %(partner)s : %(status)s")
        % {"partner": orientation.partner.name, "status": orientation.get_status_display()},
        orientation=str(orientation.pk),
    )
    return orientation
