"""The verbs of field mediation. Each is keyword-only, runs in one transaction, writes one
Journal entry and changes nothing when it refuses (``FieldRefused``, a French sentence).

Teams: ``create_team``, ``update_team``. Shifts: ``plan_shift``, ``change_shift``,
``cancel_shift``, and the *feuille de route*: ``add_roadmap_item``, ``remove_roadmap_item``.
During the shift: ``record_intervention`` — the one way an intervention is made, whether from
the quick-entry form or from entries a phone kept while it had no signal — and
``change_intervention``, which refuses an edit made against an older version.

The Journal says what was done and to which shift, never what a note says.
"""

import datetime as dt
import uuid

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from palabre.core import journal
from palabre.core.actions import Refused
from palabre.core.text import normalise
from palabre.field import nights
from palabre.field.codes import (
    DEFAULT_REGISTER,
    MAX_PEOPLE_PER_BAND,
    PEOPLE_BANDS,
    RESIDENCE_PLACES,
    Initiator,
    InterventionType,
    PlaceKind,
    Register,
    Result,
)
from palabre.field.models import FieldTeam, Intervention, RoadmapItem, Shift, ShiftStatus
from palabre.field.territory import Place, places_of
from palabre.organisations.models import Membership

# An intervention is logged after it happened; a phone's clock may run a little fast.
CLOCK_SLACK = dt.timedelta(minutes=5)


class FieldRefused(Refused):
    pass


def _log(organisation, subject, by, verb, summary, **data):
    journal.record(
        organisation=organisation,
        subject=subject,
        verb=verb,
        summary=summary,
        actor=by.user if by is not None else None,
        data=data,
    )


def _own(organisation_id, rows, message):
    if any(row.organisation_id != organisation_id for row in rows):
        raise FieldRefused(message)


# --- Teams --------------------------------------------------------------------------------------


def _check_members(organisation_id, members):
    eligible = set(Membership.objects.mediators_of(organisation_id).values_list("pk", flat=True))
    if any(member.pk not in eligible for member in members):
        raise FieldRefused(_("Seuls les médiateurs et la coordination du service font équipe."))


def _check_team_name(organisation_id, name, team=None):
    """Accents and case aside: « Équipe de nuit » and « equipe de nuit » are one name."""
    if not name.strip():
        raise FieldRefused(_("Donnez un nom à l'équipe."))
    others = FieldTeam.objects.of(organisation_id)
    if team is not None:
        others = others.exclude(pk=team.pk)
    if normalise(name) in {normalise(other) for other in others.values_list("name", flat=True)}:
        raise FieldRefused(_("Une équipe du service s'appelle déjà « %(name)s ».") % {"name": name})


@transaction.atomic
def create_team(
    *, organisation, by, name: str, members=(), check_in_minutes: int | None = None
) -> FieldTeam:
    _check_team_name(organisation.pk, name)
    _check_members(organisation.pk, members)
    team = FieldTeam.objects.create(
        organisation=organisation, name=name.strip(), check_in_minutes=check_in_minutes
    )
    team.members.set(members)
    _log(organisation, team, by, "field_team_created", _("Équipe de terrain créée"))
    return team


@transaction.atomic
def update_team(
    *, team: FieldTeam, by, name: str, members=(), check_in_minutes: int | None = None
) -> FieldTeam:
    """Renames the team or changes its members. Someone who leaves the team stays on the shifts
    already planned for them, until the coordination changes those."""
    _check_team_name(team.organisation_id, name, team)
    _check_members(team.organisation_id, members)
    team.name = name.strip()
    team.check_in_minutes = check_in_minutes
    team.save()
    team.members.set(members)
    _log(team.organisation, team, by, "field_team_changed", _("Équipe de terrain modifiée"))
    return team


# --- Shifts -------------------------------------------------------------------------------------


def _shift_fields(team, starts_at, ends_at, members, communes, quartiers, residences) -> dict:
    """What a shift is made of; without ``members``, the whole team goes."""
    return {
        "team": team,
        "starts_at": starts_at,
        "ends_at": ends_at,
        "members": list(members) or list(team.members.select_related("user")),
        "communes": list(communes),
        "quartiers": list(quartiers),
        "residences": list(residences),
    }


def _check_shift(
    organisation_id, *, team, starts_at, ends_at, members, communes, quartiers, residences
):
    """The rules of a shift, for the callers without a form (the form checks them first)."""
    if team.organisation_id != organisation_id:
        raise FieldRefused(_("Cette équipe n'est pas une équipe du service."))
    problem = nights.problem(starts_at, ends_at)
    if problem:
        raise FieldRefused(problem)
    _own(
        organisation_id,
        [*communes, *quartiers, *residences],
        _("Le territoire de la tournée doit être celui du service."),
    )
    if not (communes or quartiers or residences):
        raise FieldRefused(
            _(
                "Indiquez le territoire de la tournée : au moins une commune, un quartier ou une "
                "résidence."
            )
        )
    in_team = set(team.members.values_list("pk", flat=True))
    outsiders = [member for member in members if member.pk not in in_team]
    if outsiders:
        raise FieldRefused(
            _("%(names)s ne fait pas partie de l'équipe « %(team)s ».")
            % {"names": ", ".join(m.user.get_full_name() for m in outsiders), "team": team.name}
        )
    if not members:
        raise FieldRefused(
            _("Indiquez qui part en tournée : l'équipe « %(team)s » est vide.")
            % {"team": team.name}
        )


def _write(shift, *, team, starts_at, ends_at, members, communes, quartiers, residences):
    shift.team = team
    shift.starts_at = starts_at
    shift.ends_at = ends_at
    shift.date = timezone.localdate(starts_at)
    shift.save()
    shift.members.set(members)
    shift.communes.set(communes)
    shift.quartiers.set(quartiers)
    shift.residences.set(residences)


@transaction.atomic
def plan_shift(
    *,
    organisation,
    by,
    team: FieldTeam,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    members=(),
    communes=(),
    quartiers=(),
    residences=(),
) -> Shift:
    """A new shift, of the evening it starts. Without ``members``, the whole team goes."""
    fields = _shift_fields(team, starts_at, ends_at, members, communes, quartiers, residences)
    _check_shift(organisation.pk, **fields)
    shift = Shift(organisation=organisation)
    _write(shift, **fields)
    _log(
        organisation,
        shift,
        by,
        "shift_planned",
        _("Tournée planifiée : %(day)s, %(hours)s")
        % {"day": shift.date.strftime("%d/%m/%Y"), "hours": nights.hours_label(starts_at, ends_at)},
    )
    return shift


def _lock(shift) -> Shift:
    return Shift.objects.select_for_update().get(pk=shift.pk)


@transaction.atomic
def change_shift(
    *,
    shift: Shift,
    by,
    team: FieldTeam,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    members=(),
    communes=(),
    quartiers=(),
    residences=(),
) -> Shift:
    """New hours, team, members or territory. Interventions already logged must stay within
    the hours; they keep the place they were logged at."""
    shift = _lock(shift)
    if shift.is_cancelled:
        raise FieldRefused(_("Cette tournée est annulée : elle ne change plus."))
    fields = _shift_fields(team, starts_at, ends_at, members, communes, quartiers, residences)
    _check_shift(shift.organisation_id, **fields)
    outside = shift.interventions.exclude(happened_at__range=(starts_at, ends_at)).count()
    if outside:
        raise FieldRefused(
            ngettext(
                "%(count)s intervention déjà enregistrée tomberait hors de ces horaires.",
                "%(count)s interventions déjà enregistrées tomberaient hors de ces horaires.",
                outside,
            )
            % {"count": outside}
        )
    _write(shift, **fields)
    _log(shift.organisation, shift, by, "shift_changed", _("Tournée modifiée"))
    return shift


@transaction.atomic
def cancel_shift(*, shift: Shift, by) -> Shift:
    shift = _lock(shift)
    if shift.is_cancelled:
        raise FieldRefused(_("Cette tournée est déjà annulée."))
    if shift.interventions.exists():
        raise FieldRefused(
            _("Des interventions sont enregistrées sur cette tournée : elle a eu lieu.")
        )
    shift.status = ShiftStatus.CANCELLED
    shift.save(update_fields=["status", "updated_at"])
    _log(shift.organisation, shift, by, "shift_cancelled", _("Tournée annulée"))
    return shift


# --- Feuille de route ---------------------------------------------------------------------------


@transaction.atomic
def add_roadmap_item(*, shift: Shift, by, text: str, residence=None) -> RoadmapItem:
    if shift.is_cancelled:
        raise FieldRefused(_("Cette tournée est annulée."))
    if not text.strip():
        raise FieldRefused(_("Écrivez la priorité."))
    if residence is not None and not places_of(shift).contains(Place(residence=residence)):
        raise FieldRefused(
            _("La résidence « %(name)s » n'est pas dans le territoire de la tournée.")
            % {"name": residence.name}
        )
    item = RoadmapItem.objects.create(
        organisation_id=shift.organisation_id, shift=shift, text=text.strip(), residence=residence
    )
    _log(
        shift.organisation,
        shift,
        by,
        "roadmap_item_added",
        _("Priorité ajoutée à la feuille de route"),
    )
    return item


@transaction.atomic
def remove_roadmap_item(*, item: RoadmapItem, by) -> None:
    shift = item.shift
    item.delete()
    _log(
        shift.organisation,
        shift,
        by,
        "roadmap_item_removed",
        _("Priorité retirée de la feuille de route"),
    )


# --- Interventions ------------------------------------------------------------------------------


def _check_intervention(shift, happened_at, place_kind, place, people):
    if shift.is_cancelled:
        raise FieldRefused(_("Cette tournée est annulée : on n'y enregistre rien."))
    if not nights.within(happened_at, shift.starts_at, shift.ends_at):
        raise FieldRefused(
            _("L'heure de l'intervention doit tomber pendant la tournée (%(hours)s).")
            % {"hours": nights.hours_label(shift.starts_at, shift.ends_at)}
        )
    if happened_at > timezone.now() + CLOCK_SLACK:
        raise FieldRefused(
            _("L'heure de l'intervention est à venir : on enregistre ce qui a eu lieu.")
        )
    if (place_kind in RESIDENCE_PLACES) != (place.residence is not None):
        raise FieldRefused(
            _(
                "Pour une résidence ou un hall, choisissez une résidence ; sinon, un quartier "
                "ou une commune."
            )
        )
    if not places_of(shift).contains(place):
        raise FieldRefused(_("Ce lieu n'est pas dans le territoire de la tournée."))
    if any(not 0 <= count <= MAX_PEOPLE_PER_BAND for count in people.values()):
        raise FieldRefused(
            _("Comptez de 0 à %(max)s personnes par tranche.") % {"max": MAX_PEOPLE_PER_BAND}
        )


@transaction.atomic
def record_intervention(
    *,
    shift: Shift,
    by,
    happened_at: dt.datetime,
    type: InterventionType,
    place_kind: PlaceKind,
    place: Place,
    place_label: str = "",
    register: Register | None = None,
    initiated_by: Initiator = Initiator.PATROL,
    result: Result = Result.SETTLED,
    follow_up_needed: bool = False,
    note: str = "",
    client_id: uuid.UUID | None = None,
    **people: int,
) -> Intervention:
    """Logs one intervention. ``people`` are the counts by band (``girls``, ``men``…); the
    register defaults to the type's. The first intervention marks the shift as held.

    ``client_id`` is made by the device that entered it: an intervention already recorded under
    it in the service is answered back, unchanged, and nothing new is written — a retried or
    doubled submission never makes two."""
    bands = {name for name, _label in PEOPLE_BANDS}
    if set(people) - bands:
        raise TypeError(f"unknown people bands: {sorted(set(people) - bands)}")
    if client_id is not None:
        existing = _recorded(shift, client_id)
        if existing is not None:
            return existing
    _check_intervention(shift, happened_at, place_kind, place, people)
    quartier, commune = place.area
    intervention = Intervention(
        organisation_id=shift.organisation_id,
        shift=shift,
        client_id=client_id or uuid.uuid4(),
        happened_at=happened_at,
        place_kind=place_kind,
        residence=place.residence,
        quartier=quartier,
        commune=commune,
        place_label=place_label.strip(),
        type=type,
        register=register or DEFAULT_REGISTER[type],
        initiated_by=initiated_by,
        result=result,
        follow_up_needed=follow_up_needed,
        note=note.strip(),
        recorded_by=by,
        **people,
    )
    try:
        with transaction.atomic():
            intervention.save(force_insert=True)
    except IntegrityError:
        # The same entry, sent twice at once: the other request recorded it.
        existing = _recorded(shift, intervention.client_id)
        if existing is None:
            raise
        return existing
    if shift.status == ShiftStatus.PLANNED:
        Shift.objects.filter(pk=shift.pk).update(status=ShiftStatus.HELD)
        shift.status = ShiftStatus.HELD
    _log(
        shift.organisation,
        intervention,
        by,
        "intervention_recorded",
        _("Intervention enregistrée : %(type)s") % {"type": intervention.get_type_display()},
        shift=str(shift.pk),
    )
    return intervention


def _recorded(shift, client_id) -> Intervention | None:
    existing = Intervention.objects.filter(
        organisation_id=shift.organisation_id, client_id=client_id
    ).first()
    if existing is not None and existing.shift_id != shift.pk:
        raise FieldRefused(_("Cette saisie a déjà été enregistrée sur une autre tournée."))
    return existing


# --- Editing an intervention --------------------------------------------------------------------


class InterventionConflict(FieldRefused):
    """An edit made against an older version of the intervention. ``current`` is the
    intervention as recorded now, ``proposed`` an unsaved copy with the refused edit: the person
    is shown both. Nothing is changed."""

    def __init__(self, message, *, current: Intervention, proposed: Intervention):
        super().__init__(message)
        self.current = current
        self.proposed = proposed


def _same(current: Intervention, name: str, value) -> bool:
    if name in ("residence", "quartier", "commune"):
        return getattr(current, f"{name}_id") == (value.pk if value is not None else None)
    return getattr(current, name) == value


@transaction.atomic
def change_intervention(
    *,
    intervention: Intervention,
    by,
    version: int,
    happened_at: dt.datetime | None = None,
    type: InterventionType | None = None,
    place_kind: PlaceKind | None = None,
    place: Place | None = None,
    place_label: str | None = None,
    register: Register | str | None = None,
    initiated_by: Initiator | None = None,
    result: Result | None = None,
    follow_up_needed: bool | None = None,
    note: str | None = None,
    **people: int,
) -> Intervention:
    """Changes what an intervention says, if ``version`` — the version the person started from
    — is still its version. Whatever is not given (``None``, a band of people left out) stays as
    recorded; ``register=""`` means the type's register.

    Three answers, in this order: an edit asking for exactly what is recorded is answered with
    the intervention, unchanged (the same edit sent twice, or replayed by a phone, is not a
    conflict with itself); an edit that breaks a rule of the shift is refused (``FieldRefused``);
    an edit made against an older version is refused with ``InterventionConflict`` — a stale
    edit never overwrites a newer one. Otherwise the version goes up by one."""
    bands = {name for name, _label in PEOPLE_BANDS}
    if set(people) - bands:
        raise TypeError(f"unknown people bands: {sorted(set(people) - bands)}")
    current = (
        Intervention.objects.select_for_update(of=("self",))
        .select_related("shift", "residence", "quartier", "commune")
        .get(pk=intervention.pk)
    )
    shift = current.shift
    place = place or Place.of(current)
    type = type or current.type
    quartier, commune = place.area
    values = {
        "happened_at": happened_at or current.happened_at,
        "type": type,
        "register": current.register if register is None else register or DEFAULT_REGISTER[type],
        "place_kind": place_kind or current.place_kind,
        "residence": place.residence,
        "quartier": quartier,
        "commune": commune,
        "place_label": current.place_label if place_label is None else place_label.strip(),
        "initiated_by": initiated_by or current.initiated_by,
        "result": result or current.result,
        "follow_up_needed": (
            current.follow_up_needed if follow_up_needed is None else follow_up_needed
        ),
        "note": current.note if note is None else note.strip(),
        **{band: people.get(band, getattr(current, band)) for band in bands},
    }
    if all(_same(current, name, value) for name, value in values.items()):
        return current
    _check_intervention(
        shift,
        values["happened_at"],
        values["place_kind"],
        place,
        {band: values[band] for band in bands},
    )
    if version != current.version:
        proposed = Intervention(
            organisation_id=current.organisation_id,
            shift=shift,
            client_id=current.client_id,
            recorded_by=current.recorded_by,
            version=version,
            **values,
        )
        changed_at = timezone.localtime(current.updated_at)
        raise InterventionConflict(
            _(
                "Cette intervention a été modifiée le %(day)s à %(time)s, après la version que "
                "vous avez modifiée : votre modification n'est pas appliquée. Comparez "
                "l'intervention enregistrée et la vôtre ; reprenez votre modification si elle "
                "doit remplacer celle enregistrée."
            )
            % {"day": changed_at.strftime("%d/%m"), "time": changed_at.strftime("%H:%M")},
            current=current,
            proposed=proposed,
        )
    for name, value in values.items():
        setattr(current, name, value)
    current.version += 1
    current.save()
    _log(
        shift.organisation,
        current,
        by,
        "intervention_changed",
        _("Intervention modifiée : %(type)s") % {"type": current.get_type_display()},
        shift=str(shift.pk),
        version=current.version,
    )
    return current
