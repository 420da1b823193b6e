"""The only way in to field teams, shifts, their *feuille de route* and interventions. Outside
reach: 404, the same answer as for a missing object.

| role               | teams, planning | shifts seen   | log interventions | edit them | notes  |
|--------------------|-----------------|---------------|-------------------|-----------|--------|
| admin, coordinator | manage          | the service's | on any shift      | all       | all    |
| mediator           | no              | their teams'  | on their shifts   | their own | teams' |
| reception, board   | no              | none          | no                | no        | never  |
| partner, network   | no              | none          | no                | no        | never  |

A mediator edits what they recorded, on a shift they are on. Logging and editing stop when the
shift is cancelled.

Field work belongs to services: a network's own people, its admin included, have none.
"""

from django.db.models import Count
from django.http import Http404

from palabre.core.lookup import get_or_404
from palabre.field.models import FieldTeam, Intervention, RoadmapItem, Shift, ShiftStatus
from palabre.organisations.models import Membership, Role
from palabre.partners.models import Residence

MANAGERS = {Role.ADMIN, Role.COORDINATOR}


def _in_a_service(membership) -> bool:
    return membership is not None and not membership.organisation.is_network


def can_manage(membership) -> bool:
    """Teams, planning, cancelling, the *feuille de route*: the coordination."""
    return _in_a_service(membership) and membership.role in MANAGERS


def goes_on_shifts(membership) -> bool:
    """A mediator of the service: sees the shifts of their teams, logs on those they are on."""
    return _in_a_service(membership) and membership.role == Role.MEDIATOR


def can_open(membership) -> bool:
    return can_manage(membership) or goes_on_shifts(membership)


def can_log_on(membership, shift) -> bool:
    if shift.is_cancelled:
        return False
    if can_manage(membership):
        return True
    return goes_on_shifts(membership) and shift.members.filter(pk=membership.pk).exists()


def teams_for(membership):
    if not can_manage(membership):
        return FieldTeam.objects.none()
    return FieldTeam.objects.of(membership.organisation_id)


def get_team_for(membership, team_id) -> FieldTeam:
    return get_or_404(teams_for(membership), team_id)


def team_candidates(membership):
    """Who may join a team: the service's mediators and coordinators."""
    if not can_manage(membership):
        return Membership.objects.none()
    return Membership.objects.mediators_of(membership.organisation_id).select_related("user")


def shifts_for(membership):
    """Every shift for the coordination; those of their teams for a mediator."""
    if can_manage(membership):
        return Shift.objects.of(membership.organisation_id)
    if goes_on_shifts(membership):
        return Shift.objects.of(membership.organisation_id).filter(team__members=membership)
    return Shift.objects.none()


def get_shift_for(membership, shift_id) -> Shift:
    return get_or_404(shifts_for(membership).select_related("team"), shift_id)


def loggable_shifts_for(membership):
    """The shifts the member may log interventions on: any for the coordination, those they
    are on for a mediator; never a cancelled one. Each says how many it has (``logged``)."""
    if can_manage(membership):
        shifts = Shift.objects.of(membership.organisation_id)
    elif goes_on_shifts(membership):
        shifts = Shift.objects.of(membership.organisation_id).filter(members=membership)
    else:
        return Shift.objects.none()
    return (
        shifts.not_cancelled()
        .select_related("team")
        .annotate(logged=Count("interventions", distinct=True))
    )


def get_loggable_shift_for(membership, shift_id) -> Shift:
    return get_or_404(loggable_shifts_for(membership), shift_id)


def interventions_for(membership):
    """Interventions with their notes: the coordination's, and those of a mediator's teams."""
    if can_manage(membership):
        return Intervention.objects.of(membership.organisation_id)
    if goes_on_shifts(membership):
        return Intervention.objects.of(membership.organisation_id).filter(
            shift__team__members=membership
        )
    return Intervention.objects.none()


def editable_interventions_for(membership):
    """What the member may edit while the shift takes entries: any intervention of a shift not
    cancelled for the coordination; for a mediator, those they recorded on a shift they are on."""
    if can_manage(membership):
        interventions = Intervention.objects.of(membership.organisation_id)
    elif goes_on_shifts(membership):
        interventions = Intervention.objects.of(membership.organisation_id).filter(
            recorded_by=membership, shift__members=membership
        )
    else:
        return Intervention.objects.none()
    return interventions.exclude(shift__status=ShiftStatus.CANCELLED).select_related(
        "shift__team", "residence", "quartier", "commune"
    )


def get_editable_intervention_for(membership, intervention_id) -> Intervention:
    return get_or_404(editable_interventions_for(membership), intervention_id)


def recorded_entry(shift, client_id) -> Intervention | None:
    """The intervention a phone already sent under ``client_id``, in the shift's service (on
    this shift or another): asked before the entry is checked again, so that a replay is
    answered « already recorded » even when the shift has changed since."""
    return (
        Intervention.objects.of(shift.organisation_id)
        .filter(client_id=client_id)
        .select_related("residence", "quartier", "commune")
        .first()
    )


def get_roadmap_item_for(membership, item_id) -> RoadmapItem:
    """A priority the coordination may take off its shift's feuille de route."""
    if not can_manage(membership):
        raise Http404
    items = RoadmapItem.objects.filter(organisation=membership.organisation_id)
    return get_or_404(items.select_related("shift"), item_id)


def residences_for(membership):
    """The service's residences, to draw a shift's territory from."""
    if not can_manage(membership):
        return Residence.objects.none()
    return Residence.objects.filter(organisation=membership.organisation_id).select_related(
        "landlord", "quartier", "commune"
    )
