"""The only way in to partners' requests for rounds. Outside reach: 404, the same answer as for a
missing request.

| role                      | the service's requests      | ask, follow its own                 |
|---------------------------|-----------------------------|-------------------------------------|
| admin, coordinator        | read, accept, decline       | no                                  |
| mediator                  | no (sees them on the shift) | no                                  |
| partner                   | no                          | those of its partner organisation   |
| reception, board, network | no                          | no                                  |

A partner account asks only for a residence its partner organisation manages (a landlord's
``Residence``), and follows its organisation's requests (colleagues' included) as a status:
waiting, accepted, taken in hand on such evening, declined and why. Never the shift, the team,
the interventions or the shift report.
"""

from django.db.models import Prefetch, Q

from palabre.core.lookup import get_or_404
from palabre.field import access
from palabre.field.models import RoadmapItem, RoadmapRequest, Shift
from palabre.organisations.models import Role
from palabre.partners.access import partner_of
from palabre.partners.models import Residence


def can_review(membership) -> bool:
    """The coordination of a field service."""
    return access.can_manage(membership)


def requests_for(membership):
    if not can_review(membership):
        return RoadmapRequest.objects.none()
    return RoadmapRequest.objects.of(membership.organisation_id)


def _with_shifts(requests):
    items = RoadmapItem.objects.select_related("shift__team").order_by("shift__starts_at")
    return requests.select_related("partner", "residence").prefetch_related(
        Prefetch("items", queryset=items)
    )


def get_request_for(membership, request_id) -> RoadmapRequest:
    return get_or_404(_with_shifts(requests_for(membership)), request_id)


def candidate_shifts(membership, request, now):
    """The shifts the coordination may put ``request`` on: of the service, neither cancelled nor
    over, on an evening of the period, with the residence in their territory (the rule of
    ``territory.places_of``, in one query), and not already carrying it."""
    if not can_review(membership):
        return Shift.objects.none()
    residence = request.residence
    in_territory = Q(residences=residence.pk)
    if residence.quartier_id is not None:
        in_territory |= Q(quartiers=residence.quartier_id)
    if residence.commune_id is not None:
        in_territory |= Q(communes=residence.commune_id)
    carrying = request.items.values("shift")
    return (
        Shift.objects.of(membership.organisation_id)
        .not_cancelled()
        .filter(in_territory, date__range=(request.first_day, request.last_day), ends_at__gt=now)
        .exclude(pk__in=carrying)
        .select_related("team")
        .distinct()
        .order_by("starts_at")
    )


def get_candidate_shift_for(membership, request, shift_id, now) -> Shift:
    return get_or_404(candidate_shifts(membership, request, now), shift_id)


# --- The partner's side -------------------------------------------------------------------------


def can_ask(membership) -> bool:
    """A partner account attached to a partner organisation (``partners.access.partner_of``)."""
    return partner_of(membership) is not None


def askable_residences(membership):
    """The residences the account's partner organisation manages in the service."""
    partner = partner_of(membership)
    if partner is None:
        return Residence.objects.none()
    return Residence.objects.filter(
        organisation=membership.organisation_id, landlord=partner
    ).select_related("quartier")


def portal_requests(membership):
    """The requests of the account's partner organisation, nothing else of the service."""
    partner = partner_of(membership)
    if partner is None:
        return RoadmapRequest.objects.none()
    items = RoadmapItem.objects.select_related("shift")
    return (
        RoadmapRequest.objects.of(membership.organisation_id)
        .from_partner(partner)
        .select_related("residence")
        .prefetch_related(Prefetch("items", queryset=items))
    )


def get_portal_request_for(membership, request_id) -> RoadmapRequest:
    return get_or_404(portal_requests(membership), request_id)


def has_residences(membership) -> bool:
    """Whether a partner account's organisation manages a residence, in one query (for the
    navigation): the conditions of ``partner_of``, joined."""
    if membership is None or membership.role != Role.PARTNER:
        return False
    return Residence.objects.filter(
        organisation=membership.organisation_id,
        landlord__organisation=membership.organisation_id,
        landlord__is_active=True,
        landlord__contacts__membership=membership,
        landlord__contacts__is_active=True,
    ).exists()
