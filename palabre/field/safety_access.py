"""The only way in to shift reports, serious events and lone-worker safety. Outside reach: 404,
the same answer as for a missing object.

| who                   | shift report                 | serious events       | check in, alarm |
|-----------------------|------------------------------|----------------------|-----------------|
| admin, coordinator    | read, validate; write if on  | flag, read, ack.     | if on the shift |
| mediator on the shift | read, write, sign until valid | flag; read own text | yes             |
| mediator not on it    | no                           | no                   | no              |
| reception, board      | no                           | no                   | no              |
| partner, network      | no                           | no                   | no              |

The team's safety settings (interval, on-call contact) and the on-call board of a shift: the
coordination only.

The free text of a report and the description of an event are for the coordination: the team
that writes them reads them back, nobody else does.
"""

from django.http import Http404

from palabre.core.lookup import get_or_404
from palabre.field import access
from palabre.field.models import Shift
from palabre.field.safety import SeriousEvent, ShiftReport
from palabre.organisations.models import Role

ON_SHIFT_ROLES = {Role.ADMIN, Role.COORDINATOR, Role.MEDIATOR}


def _in_a_service(membership) -> bool:
    return membership is not None and not membership.organisation.is_network


# --- Reports and events: the shift's team and the coordination ----------------------------------


def report_shifts_for(membership):
    """Shifts whose report and events the member may write: any for the coordination, those
    they are on for a mediator; never a cancelled one."""
    if access.can_manage(membership):
        shifts = Shift.objects.of(membership.organisation_id)
    elif access.goes_on_shifts(membership):
        shifts = Shift.objects.of(membership.organisation_id).filter(members=membership)
    else:
        return Shift.objects.none()
    return shifts.not_cancelled().select_related("team")


def get_report_shift_for(membership, shift_id) -> Shift:
    return get_or_404(report_shifts_for(membership), shift_id)


def writes_report(membership, shift) -> bool:
    """The report is the team's: written and signed by the people on the shift, whatever their
    role; the coordination validates it."""
    return goes_out(membership) and shift.members.filter(pk=membership.pk).exists()


def reports_for(membership):
    """Every report of the service, for the coordination only."""
    if not access.can_manage(membership):
        return ShiftReport.objects.none()
    return ShiftReport.objects.of(membership.organisation_id)


def get_report_for(membership, shift) -> ShiftReport | None:
    """The report of a shift the member reached through ``get_report_shift_for``."""
    return ShiftReport.objects.filter(organisation=shift.organisation_id, shift=shift).first()


def unreported_shifts_for(membership, since, until):
    """Shifts of the service ended between ``since`` and ``until`` that have no report yet: the
    coordination's list to chase."""
    if not access.can_manage(membership):
        return Shift.objects.none()
    reported = ShiftReport.objects.of(membership.organisation_id).values("shift")
    return (
        Shift.objects.of(membership.organisation_id)
        .not_cancelled()
        .filter(ends_at__range=(since, until))
        .exclude(pk__in=reported)
        .select_related("team")
    )


def events_for(membership):
    """The service's serious events, for the coordination only."""
    if not access.can_manage(membership):
        return SeriousEvent.objects.none()
    return SeriousEvent.objects.of(membership.organisation_id)


def get_event_for(membership, event_id) -> SeriousEvent:
    return get_or_404(events_for(membership).select_related("shift__team"), event_id)


def reads_description(membership, event) -> bool:
    """The coordination, and the person who flagged it."""
    return access.can_manage(membership) or event.reported_by_id == membership.pk


# --- Lone-worker safety: only the people on the shift check in ---------------------------------


def goes_out(membership) -> bool:
    """Someone who may be on a shift: a mediator or the coordination of a service."""
    return _in_a_service(membership) and membership.role in ON_SHIFT_ROLES


def shifts_on_for(membership):
    """The shifts the member is on: only they check in and raise the alarm there, whatever
    their role; never a cancelled one."""
    if not goes_out(membership):
        return Shift.objects.none()
    return (
        Shift.objects.of(membership.organisation_id)
        .filter(members=membership)
        .not_cancelled()
        .select_related("team")
    )


def get_shift_on_for(membership, shift_id) -> Shift:
    return get_or_404(shifts_on_for(membership), shift_id)


def get_watched_shift_for(membership, shift_id) -> Shift:
    """The on-call board of a shift: the coordination."""
    if not access.can_manage(membership):
        raise Http404
    return access.get_shift_for(membership, shift_id)
