"""The only way in to outreach actions. Outside reach: 404, the same answer as for a missing
action.

| role                      | list, calendar, detail | plan, edit, cancel | record results, photos |
|---------------------------|------------------------|--------------------|------------------------|
| admin, coordinator        | yes                    | yes                | yes                    |
| mediator of the team      | yes                    | no                 | yes                    |
| other mediator, reception | yes                    | no                 | no                     |
| board, partner, network   | no                     | no                 | no                     |

Co-ownerships followed (*prévention des copropriétés*) follow the same table: everyone of the
service who opens outreach reads them and their contacts; the coordination creates, edits,
closes them and their contacts; the coordination and the mediators record follow-up points.

The linked cases show, on an action's page, only to whoever may open them
(``cases.access.cases_for``). Outreach belongs to services: a network's own people, its admin
included, have none. The public side (``outreach.public``) reads planned actions and photos with
consent only, through its own functions.
"""

from palabre.cases.access import cases_for
from palabre.core.lookup import get_or_404
from palabre.core.models import Commune, Quartier
from palabre.organisations.models import Membership, Role
from palabre.outreach.codes import OutreachStatus
from palabre.outreach.models import Coownership, OutreachAction, OutreachPhoto
from palabre.partners.models import Partner, Residence, Venue

MANAGERS = {Role.ADMIN, Role.COORDINATOR}
READERS = MANAGERS | {Role.MEDIATOR, Role.RECEPTION}


def _in_a_service(membership) -> bool:
    return membership is not None and not membership.organisation.is_network


def can_open(membership) -> bool:
    return _in_a_service(membership) and membership.role in READERS


def can_plan(membership) -> bool:
    return _in_a_service(membership) and membership.role in MANAGERS


def can_record_results(membership, action) -> bool:
    """The coordination, or a mediator of the action's team; never on a cancelled action."""
    if action.status == OutreachStatus.CANCELLED or not can_open(membership):
        return False
    if membership.role in MANAGERS:
        return True
    return membership.role == Role.MEDIATOR and action.team.filter(pk=membership.pk).exists()


def actions_for(membership):
    if not can_open(membership):
        return OutreachAction.objects.none()
    return OutreachAction.objects.of(membership.organisation_id)


def get_action_for(membership, action_id) -> OutreachAction:
    return get_or_404(
        actions_for(membership).select_related(
            "venue", "commune", "quartier", "residence", "coownership"
        ),
        action_id,
    )


def get_photo_for(membership, action, photo_id) -> OutreachPhoto:
    return get_or_404(OutreachPhoto.objects.filter(action=action), photo_id)


def linked_cases_for(membership, action):
    """The action's cases that this person may open."""
    return cases_for(membership).filter(pk__in=action.cases.values("pk"))


# --- Co-ownerships ------------------------------------------------------------------------------


def can_review(membership) -> bool:
    return can_open(membership) and membership.role in MANAGERS | {Role.MEDIATOR}


def coownerships_for(membership):
    if not can_open(membership):
        return Coownership.objects.none()
    return Coownership.objects.of(membership.organisation_id)


def get_coownership_for(membership, coownership_id) -> Coownership:
    return get_or_404(
        coownerships_for(membership).select_related(
            "commune", "quartier", "syndic", "convention__funder"
        ),
        coownership_id,
    )


def get_contact_for(membership, coownership, contact_id):
    return get_or_404(coownership.contacts.all(), contact_id)


def coownership_cases_for(membership, coownership):
    """The co-ownership's mediations that this person may open."""
    return cases_for(membership).filter(pk__in=coownership.cases.values("pk"))


# --- Choices for the forms ----------------------------------------------------------------------


def venues_for(membership):
    return Venue.objects.of(membership.organisation_id).filter(is_active=True)


def communes_for(membership):
    return Commune.objects.of(membership.organisation_id).order_by("name")


def quartiers_for(membership):
    return Quartier.objects.filter(organisation=membership.organisation_id).select_related(
        "commune"
    )


def residences_for(membership):
    return Residence.objects.filter(organisation=membership.organisation_id).select_related(
        "landlord"
    )


def partners_for(membership):
    return Partner.objects.of(membership.organisation_id).active()


def team_candidates_for(membership):
    return Membership.objects.mediators_of(membership.organisation_id).select_related("user")


def syndics_for(membership):
    from palabre.partners.models import PartnerKind

    return partners_for(membership).filter(kind=PartnerKind.SYNDIC)


def conventions_for(membership):
    from palabre.partners.models import Convention

    return Convention.objects.of(membership.organisation_id)


def coownership_choices_for(membership):
    """The co-ownerships an action can be attached to: those still followed."""
    return coownerships_for(membership).filter(followed_until__isnull=True)


def case_candidates_for(membership):
    """The cases one may link to results: those of the service this person opens."""
    return cases_for(membership)
