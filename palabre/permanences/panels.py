"""The permanences panel of the case page: the person's appointments, and a way to book one."""

from palabre.permanences import access
from palabre.permanences.models import AppointmentState


def case_panel(membership, case):
    can_book = access.can_book(membership) and not case.is_closed
    appointments = list(
        case.permanence_appointments.exclude(state=AppointmentState.EXPIRED)
        .select_related("occurrence__permanence__venue")
        .order_by("-occurrence__starts_at")
    )
    if not (appointments or can_book):
        return None
    return {
        "template": "permanences/_case_panel.html",
        "appointments": appointments,
        "can_book": can_book,
        "can_read_sessions": access.can_read(membership),
    }
