"""The only way in to trainings. Outside reach: 404.

| membership                    | sessions                   | people enrolled      | history    |
|-------------------------------|----------------------------|----------------------|------------|
| network: admin, network_staff | manage its own             | all, on its own      | —          |
| service: admin, coordinator   | manage its own; see and    | all on its own; only | its people |
|                               | enrol on its networks'     | its people elsewhere |            |
| service: mediator             | see those open to it       | —                    | their own  |
| anyone else                   | nothing                    | nothing              | nothing    |

A network session is open to the services whose ``networks`` contain the organiser. A member
service's coordination never sees the names of the other members' people on it, nor their
number beyond the places left. Attendance, the attendance sheet and evaluations belong to the
organiser; a certificate reaches the organiser, the person and their coordination.
"""

from django.http import Http404

from palabre.core.lookup import get_or_404
from palabre.organisations.models import Membership, OrganisationKind, Role
from palabre.training.models import Enrolment, Module, Session, SessionHalfDay

NETWORK_MANAGERS = {Role.ADMIN, Role.NETWORK_STAFF}
SERVICE_MANAGERS = {Role.ADMIN, Role.COORDINATOR}
SERVICE_READERS = SERVICE_MANAGERS | {Role.MEDIATOR}
# The people a coordination may enrol: its team and its volunteers (the board), never partners.
ENROLLABLE_ROLES = [Role.ADMIN, Role.COORDINATOR, Role.MEDIATOR, Role.RECEPTION, Role.BOARD]


def _kind(membership):
    return membership.organisation.kind if membership is not None else None


def can_manage(membership) -> bool:
    """Staff of an organiser: a network's admin and staff, a service's admin and coordination."""
    if membership is None:
        return False
    if _kind(membership) == OrganisationKind.NETWORK:
        return membership.role in NETWORK_MANAGERS
    return membership.role in SERVICE_MANAGERS


def can_enrol(membership) -> bool:
    """A service's admin and coordination enrol the service's people."""
    return (
        membership is not None
        and _kind(membership) == OrganisationKind.SERVICE
        and membership.role in SERVICE_MANAGERS
    )


def is_reader(membership) -> bool:
    """A service's people who see the sessions open to them (mediators: read only)."""
    return (
        membership is not None
        and _kind(membership) == OrganisationKind.SERVICE
        and membership.role in SERVICE_READERS
    )


def can_open(membership) -> bool:
    return can_manage(membership) or is_reader(membership)


def manages(membership, session) -> bool:
    return can_manage(membership) and session.module.organiser_id == membership.organisation_id


def modules_for(membership):
    """Modules the membership manages (its organisation's), or sees (those of its networks)."""
    if can_manage(membership) and _kind(membership) == OrganisationKind.NETWORK:
        return Module.objects.of(membership.organisation)
    if is_reader(membership):
        organisation = membership.organisation
        own = Module.objects.of(organisation)
        if can_manage(membership):
            return own | Module.objects.filter(organiser__in=organisation.networks.all())
        return own | Module.objects.active().filter(organiser__in=organisation.networks.all())
    return Module.objects.none()


def get_module_for(membership, module_id) -> Module:
    return get_or_404(modules_for(membership).select_related("organiser"), module_id)


def get_managed_module_for(membership, module_id) -> Module:
    module = get_module_for(membership, module_id)
    if not can_manage(membership) or module.organiser_id != membership.organisation_id:
        raise Http404
    return module


def sessions_for(membership):
    if not can_open(membership):
        return Session.objects.none()
    organisation = membership.organisation
    if _kind(membership) == OrganisationKind.NETWORK:
        sessions = Session.objects.of(organisation)
    else:
        sessions = Session.objects.open_to(organisation)
    return sessions.select_related("module__organiser")


def get_session_for(membership, session_id) -> Session:
    return get_or_404(sessions_for(membership), session_id)


def get_managed_session_for(membership, session_id) -> Session:
    session = get_session_for(membership, session_id)
    if not manages(membership, session):
        raise Http404
    return session


def get_half_day_for(membership, session, half_day_id) -> SessionHalfDay:
    if not manages(membership, session):
        raise Http404
    return get_or_404(session.half_days.all(), half_day_id)


def enrolments_visible(membership, session):
    """Everyone for the organiser; a service's own people for anyone else who may enrol."""
    enrolments = session.enrolments.select_related("organisation", "user")
    if manages(membership, session):
        return enrolments
    if can_enrol(membership):
        return enrolments.of_service(membership.organisation_id)
    return enrolments.none()


def enrollable_people(membership):
    """The members of the enrolling coordination's own service."""
    if not can_enrol(membership):
        return Membership.objects.none()
    return (
        Membership.objects.active()
        .filter(organisation=membership.organisation_id, role__in=ENROLLABLE_ROLES)
        .select_related("user")
        .order_by("user__last_name", "user__first_name")
    )


def get_enrolment_for(membership, enrolment_id) -> Enrolment:
    """An enrolment the organiser's staff, the person's coordination or the person reaches."""
    if membership is None:
        raise Http404
    enrolments = Enrolment.objects.select_related("session__module__organiser", "organisation")
    organisation = membership.organisation_id
    if can_manage(membership) and _kind(membership) == OrganisationKind.NETWORK:
        enrolments = enrolments.filter(session__module__organiser=organisation)
    elif can_enrol(membership):
        enrolments = enrolments.filter(organisation=organisation) | enrolments.filter(
            session__module__organiser=organisation
        )
    elif is_reader(membership):
        enrolments = enrolments.filter(organisation=organisation, user=membership.user_id)
    else:
        raise Http404
    return get_or_404(enrolments, enrolment_id)


def can_cancel(membership, enrolment) -> bool:
    """The organiser, or the coordination that enrolled its person."""
    return manages(membership, enrolment.session) or (
        can_enrol(membership) and enrolment.organisation_id == membership.organisation_id
    )


def can_evaluate(membership, enrolment) -> bool:
    """The participant gives their own feedback."""
    return (
        membership is not None
        and enrolment.user_id == membership.user_id
        and enrolment.organisation_id == membership.organisation_id
    )


def get_person_for(membership, person_id) -> Membership:
    """A person whose training history the membership may read: themself, or a member of the
    service for its admin and coordination."""
    if not is_reader(membership):
        raise Http404
    people = Membership.objects.filter(organisation=membership.organisation_id).select_related(
        "user", "organisation"
    )
    if not can_enrol(membership):
        people = people.filter(pk=membership.pk)
    return get_or_404(people, person_id)


def can_read_fdva(membership) -> bool:
    """The FDVA 1 summary of the organiser's own volunteer trainings."""
    return can_manage(membership)
