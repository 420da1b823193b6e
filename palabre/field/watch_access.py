"""The only way in to technical signals. Outside reach: 404, the same answer as for a missing
signal.

| role                      | team pages                      | report from        | partner pages |
|---------------------------|---------------------------------|--------------------|---------------|
| admin, coordinator        | every signal of the service     | anywhere (*)       | no            |
| mediator                  | their teams' shifts', their own | shifts they are on | no            |
| partner                   | no                              | no                 | routed to it  |
| reception, board, network | no                              | no                 | no            |

(*) a shift, an intervention or the service's whole territory; the coordination also names the
partner of the public space.

A partner account sees the signals routed to its partner organisation (colleagues' included):
what, where, how urgent, the photo and the dates — never the intervention, the shift, the team
or anything else of the service. The account-free link opens one signal the same way.
"""

from django.db.models import Q

from palabre.core.lookup import get_or_404
from palabre.core.models import Commune, Quartier
from palabre.field import access
from palabre.field.models import Shift, TechnicalSignal
from palabre.field.territory import Places
from palabre.organisations.models import Role
from palabre.partners.access import partner_of
from palabre.partners.models import Partner, Residence


def can_follow(membership) -> bool:
    """The team's pages of technical watch: the coordination and the service's mediators."""
    return access.can_open(membership)


def can_route(membership) -> bool:
    """Naming the partner of the public space, and reporting from the whole territory."""
    return access.can_manage(membership)


def signals_for(membership):
    """Every signal of the service for the coordination; for a mediator, those made on the
    shifts of their teams and those they made themselves."""
    if access.can_manage(membership):
        return TechnicalSignal.objects.of(membership.organisation_id)
    if access.goes_on_shifts(membership):
        their_shifts = Shift.objects.of(membership.organisation_id).filter(team__members=membership)
        return TechnicalSignal.objects.of(membership.organisation_id).filter(
            Q(shift__in=their_shifts) | Q(reported_by=membership)
        )
    return TechnicalSignal.objects.none()


def get_signal_for(membership, signal_id) -> TechnicalSignal:
    return get_or_404(
        signals_for(membership).select_related(
            "partner", "residence", "quartier", "commune", "shift", "intervention"
        ),
        signal_id,
    )


def get_reporting_shift_for(membership, shift_id) -> Shift:
    """A shift the member may report from: one they may log interventions on."""
    return access.get_loggable_shift_for(membership, shift_id)


def get_reporting_intervention_for(membership, intervention_id):
    """An intervention the member sees, on a shift they may log on."""
    loggable = access.loggable_shifts_for(membership).values("pk")
    interventions = access.interventions_for(membership).filter(shift__in=loggable)
    return get_or_404(
        interventions.select_related("shift", "residence", "quartier", "commune"),
        intervention_id,
    )


def service_places(membership) -> Places:
    """The whole territory of the service, for the coordination's signals made off a shift."""
    if not can_route(membership):
        return Places(residences=[], quartiers=[], communes=[])
    organisation = membership.organisation_id
    return Places(
        residences=list(
            Residence.objects.filter(organisation=organisation)
            .select_related("quartier", "commune")
            .order_by("name")
        ),
        quartiers=list(
            Quartier.objects.filter(organisation=organisation)
            .select_related("commune")
            .order_by("commune__name", "name")
        ),
        communes=list(Commune.objects.of(organisation).order_by("name")),
    )


def public_space_candidates(membership):
    """The partners the coordination may name for the public space: the service's active ones."""
    if not can_route(membership):
        return Partner.objects.none()
    return Partner.objects.of(membership.organisation_id).active()


# --- The partner's side -------------------------------------------------------------------------


def can_answer(membership) -> bool:
    """A partner account attached to a partner organisation (``partners.access.partner_of``)."""
    return partner_of(membership) is not None


def portal_signals(membership):
    """The signals routed to the account's partner organisation, nothing else of the service."""
    partner = partner_of(membership)
    if partner is None:
        return TechnicalSignal.objects.none()
    return (
        TechnicalSignal.objects.of(membership.organisation_id)
        .routed_to(partner)
        .select_related("residence", "quartier", "commune")
    )


def has_portal_signals(membership) -> bool:
    """Whether a partner account has signals to answer, in one query (for the navigation): the
    conditions of ``partner_of``, joined."""
    if membership is None or membership.role != Role.PARTNER:
        return False
    return (
        TechnicalSignal.objects.of(membership.organisation_id)
        .filter(
            partner__is_active=True,
            partner__contacts__membership=membership,
            partner__contacts__is_active=True,
        )
        .exists()
    )


def get_portal_signal_for(membership, signal_id) -> TechnicalSignal:
    return get_or_404(portal_signals(membership), signal_id)


def get_photo_signal_for(membership, signal_id) -> TechnicalSignal:
    """The team's signal, or the partner's: whoever may open the signal may see its photo."""
    if can_answer(membership):
        return get_portal_signal_for(membership, signal_id)
    return get_or_404(signals_for(membership), signal_id)
