"""The only way in to permanences, occurrences, appointments and feeds. Outside reach: 404.

| role        | plan, staff | book         | names of the booked | visits        | own duties |
|-------------|-------------|--------------|---------------------|---------------|------------|
| admin/coord | yes         | yes          | yes                 | yes           | yes        |
| reception   | read        | yes          | yes                 | no            | no         |
| mediator    | read        | no           | sessions they hold  | sessions held | yes        |
| partner     | no          | for a person | its own bookings    | no            | no         |
| board, net. | no          | no           | no                  | no            | no         |

"Own duties" covers availability, absences, taking or giving up a session, and a calendar
feed. A partner account sees only the times and states of the bookings its partner made.
Residents reach their own appointment through its secret link only.
"""

from django.http import Http404

from palabre.cases.access import cases_for
from palabre.core.lookup import get_or_404
from palabre.organisations.models import Membership, Role
from palabre.partners.access import partner_of
from palabre.permanences.models import (
    Absence,
    Appointment,
    CalendarFeed,
    Closure,
    Duty,
    Occurrence,
    Permanence,
)

PLANNERS = {Role.ADMIN, Role.COORDINATOR}
READERS = {Role.ADMIN, Role.COORDINATOR, Role.RECEPTION, Role.MEDIATOR}
BOOKERS = {Role.ADMIN, Role.COORDINATOR, Role.RECEPTION}
ON_DUTY_ROLES = {Role.MEDIATOR, Role.COORDINATOR}


def _has(membership, roles) -> bool:
    return membership is not None and membership.role in roles


def can_read(membership) -> bool:
    return _has(membership, READERS)


def can_plan(membership) -> bool:
    return _has(membership, PLANNERS)


def can_book(membership) -> bool:
    return _has(membership, BOOKERS)


def can_book_as_partner(membership) -> bool:
    return partner_of(membership) is not None


def takes_duties(membership) -> bool:
    """Holds permanences: declares availability, takes or gives up sessions, has a feed."""
    return _has(membership, ON_DUTY_ROLES)


def holds(membership, occurrence) -> bool:
    return occurrence.duties.filter(mediator=membership).exists()


def can_see_people(membership, occurrence) -> bool:
    """Names of the people booked: the office, and the mediators holding that session."""
    if _has(membership, BOOKERS):
        return True
    return _has(membership, {Role.MEDIATOR}) and holds(membership, occurrence)


def can_record_visits(membership, occurrence) -> bool:
    if can_plan(membership):
        return True
    return _has(membership, {Role.MEDIATOR}) and holds(membership, occurrence)


def permanences_for(membership):
    if not can_read(membership):
        return Permanence.objects.none()
    return Permanence.objects.of(membership.organisation_id).select_related(
        "venue__commune", "venue__quartier"
    )


def get_permanence_for(membership, permanence_id) -> Permanence:
    return get_or_404(permanences_for(membership), permanence_id)


def occurrences_for(membership):
    if not can_read(membership):
        return Occurrence.objects.none()
    return Occurrence.objects.of(membership.organisation_id).select_related(
        "permanence__venue__commune", "permanence__venue__quartier"
    )


def get_occurrence_for(membership, occurrence_id) -> Occurrence:
    return get_or_404(occurrences_for(membership), occurrence_id)


def get_bookable_occurrence(membership, occurrence_id) -> Occurrence:
    """A planned session a partner account may book a person on."""
    if not can_book_as_partner(membership):
        raise Http404
    occurrences = Occurrence.objects.of(membership.organisation_id).planned()
    return get_or_404(occurrences.select_related("permanence__venue"), occurrence_id)


def closures_for(membership):
    if not can_read(membership):
        return Closure.objects.none()
    return Closure.objects.of(membership.organisation_id).select_related("venue")


def get_closure_for(membership, closure_id) -> Closure:
    if not can_plan(membership):
        raise Http404
    return get_or_404(closures_for(membership), closure_id)


def get_duty_for(membership, duty_id) -> Duty:
    """A duty its mediator may give up, or any duty for the coordination."""
    duties = Duty.objects.of(membership.organisation_id).select_related(
        "occurrence__permanence__venue", "mediator__user"
    )
    if not can_plan(membership):
        if not takes_duties(membership):
            raise Http404
        duties = duties.filter(mediator=membership)
    return get_or_404(duties, duty_id)


def get_team_member_for(membership, member_id) -> Membership:
    """A mediator or coordinator of the service whose availability the coordination manages."""
    if not can_plan(membership):
        raise Http404
    members = Membership.objects.mediators_of(membership.organisation_id).select_related("user")
    return get_or_404(members, member_id)


def get_absence_for(membership, absence_id) -> Absence:
    """An absence its mediator may withdraw, or any team member's for the coordination."""
    absences = Absence.objects.of(membership.organisation_id).select_related("mediator__user")
    if not can_plan(membership):
        if not takes_duties(membership):
            raise Http404
        absences = absences.filter(mediator=membership)
    return get_or_404(absences, absence_id)


def appointments_for(membership):
    """Appointments with names: the office's; a partner account's own bookings."""
    if _has(membership, BOOKERS | {Role.MEDIATOR}):
        appointments = Appointment.objects.of(membership.organisation_id)
        if membership.role == Role.MEDIATOR:
            appointments = appointments.filter(occurrence__duties__mediator=membership)
        return appointments.select_related("occurrence__permanence__venue", "case")
    partner = partner_of(membership)
    if partner is not None:
        return Appointment.objects.of(membership.organisation_id).filter(partner=partner)
    return Appointment.objects.none()


def get_appointment_for(membership, appointment_id) -> Appointment:
    return get_or_404(appointments_for(membership), appointment_id)


def feeds_for(membership):
    """The coordination manages every feed; a mediator only their own."""
    if can_plan(membership):
        return CalendarFeed.objects.of(membership.organisation_id)
    if takes_duties(membership):
        return CalendarFeed.objects.of(membership.organisation_id).filter(mediator=membership)
    return CalendarFeed.objects.none()


def get_feed_for(membership, feed_id) -> CalendarFeed:
    return get_or_404(feeds_for(membership), feed_id)


def openable_case_ids(membership: Membership, appointments) -> set:
    """The cases of ``appointments`` that ``membership`` may open: a link to any other would
    answer 404 (a mediator sees only the cases she is assigned to). One query, none without
    cases."""
    ids = {appointment.case_id for appointment in appointments if appointment.case_id}
    if not ids:
        return set()
    return set(cases_for(membership).filter(pk__in=ids).values_list("pk", flat=True))
