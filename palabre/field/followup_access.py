"""The only way in to what follows an intervention: the person named with their agreement, the
*mises en relation* with partners, the mediation case it opens. Outside reach: 404.

| role               | intervention page               | name, orient              | open a case |
|--------------------|---------------------------------|---------------------------|-------------|
| admin, coordinator | every one                       | on a shift not cancelled  | yes (*)     |
| mediator           | their teams' shifts, and theirs | their own, on their shift | no          |
| reception, board   | no                              | no                        | no          |
| partner, network   | no                              | no                        | no          |

(*) opening a case is a first contact (``organisations.access.can_record_intake``); of the people
who reach field work, only the coordination may. A correspondent records the person's agreement
and the coordination opens the case the next day.

A partner is never shown the person nor the intervention: an orientation records that the person
was directed to it, nothing reaches the partner through Palabre.
"""

from django.db.models import Q
from django.http import Http404

from palabre.cases import access as case_access
from palabre.core.lookup import get_or_404
from palabre.field import access
from palabre.field.followup import PartnerOrientation
from palabre.field.models import Intervention, Shift
from palabre.organisations.access import can_record_intake
from palabre.partners.models import Partner


def can_follow(membership) -> bool:
    return access.can_open(membership)


def readable_interventions_for(membership):
    """The intervention pages a member reaches: every one for the coordination; for a mediator,
    those of their teams' shifts (like the notes) and of the shifts they are on."""
    if access.can_manage(membership):
        return Intervention.objects.of(membership.organisation_id)
    if access.goes_on_shifts(membership):
        shifts = Shift.objects.of(membership.organisation_id)
        of_teams = shifts.filter(team__members=membership).values("pk")
        on_them = shifts.filter(members=membership).values("pk")
        return Intervention.objects.of(membership.organisation_id).filter(
            Q(shift__in=of_teams) | Q(shift__in=on_them)
        )
    return Intervention.objects.none()


def get_intervention_for(membership, intervention_id) -> Intervention:
    return get_or_404(
        readable_interventions_for(membership).select_related(
            "shift__team",
            "residence__landlord",
            "quartier",
            "commune",
            "case",
            "person__consent_recorded_by__user",
        ),
        intervention_id,
    )


def get_workable_intervention_for(membership, intervention_id) -> Intervention:
    """An intervention whose follow-up the member records: the ones they may edit."""
    return get_or_404(
        access.editable_interventions_for(membership).select_related("case", "person"),
        intervention_id,
    )


def can_work_on(membership, intervention) -> bool:
    return access.editable_interventions_for(membership).filter(pk=intervention.pk).exists()


def can_open_case(membership) -> bool:
    """The coordination, which both runs field work and opens cases."""
    return access.can_manage(membership) and can_record_intake(membership)


def get_case_opening_intervention_for(membership, intervention_id) -> Intervention:
    if not can_open_case(membership):
        raise Http404
    return get_workable_intervention_for(membership, intervention_id)


def case_reachable(membership, intervention) -> bool:
    """Whether the member may open the case the intervention opened (a link, or only its
    reference)."""
    if intervention.case_id is None:
        return False
    return case_access.cases_for(membership).filter(pk=intervention.case_id).exists()


def orientations_of(intervention):
    return intervention.orientations.select_related("partner").order_by("oriented_on", "created_at")


def get_orientation_for(membership, orientation_id) -> PartnerOrientation:
    """An orientation of an intervention the member may edit."""
    editable = access.editable_interventions_for(membership).values("pk")
    orientations = PartnerOrientation.objects.of(membership.organisation_id).filter(
        intervention__in=editable
    )
    return get_or_404(orientations.select_related("intervention", "partner"), orientation_id)


def orientation_partners_for(membership):
    """The partners a person may be directed to: the service's active ones, by name only."""
    if not can_follow(membership):
        return Partner.objects.none()
    return Partner.objects.of(membership.organisation_id).active().order_by("name")
