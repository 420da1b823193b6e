"""Where the team meets the answers to invitations (docs/adr/0026): a panel on the case page, and
on « Aujourd'hui » the people who asked to be called back, for the coordination (the whole
service) and the mediators (their own cases)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from palabre.cases import access, invitation_actions, invitation_links
from palabre.cases.invitations import Answer, Delivery, Invitation
from palabre.organisations.models import Role

LINES = 6
CALLERS = {Role.ADMIN, Role.COORDINATOR, Role.MEDIATOR}


def _state(invitation: Invitation, now) -> str:
    if invitation.answer:
        return "answered"
    if invitation.revoked_at is not None:
        return "withdrawn"
    if invitation.is_expired(now):
        return "expired"
    return "open"


def _row(invitation: Invitation, now) -> dict:
    state = _state(invitation, now)
    appointment = None
    if invitation.answer == Answer.BOOKED:
        appointment = next(iter(invitation.appointments.all()), None)
    return {
        "invitation": invitation,
        "state": state,
        "address": invitation_links.printed_address(invitation) if state == "open" else "",
        "appointment": appointment,
    }


def case_panel(membership, case):
    """The case's invitations, most recent first, with what the person answered."""
    invitations = list(
        case.invitations.select_related("party", "callback_done_by__user").prefetch_related(
            "appointments__occurrence__permanence__venue"
        )
    )
    can_work = access.can_work_on_case(membership, case) and not case.is_closed
    offer = _requester_offer(case) if can_work else None
    if not invitations and offer is None:
        return None
    now = timezone.now()
    return {
        "template": "cases/invitations/_case_panel.html",
        "rows": [_row(invitation, now) for invitation in invitations],
        "can_work": can_work,
        "offer": offer,
    }


def _requester_offer(case) -> str | None:
    """How the link would reach the requester (« e-mail », « SMS ») when the team can send it
    from the case page: first interview still to fix, no link waiting, a way to reach them."""
    if case.status not in invitation_actions.BEFORE_REQUESTER_INTERVIEW:
        return None
    requester = case.requester()
    delivery = invitation_actions.delivery_for(requester) if requester is not None else None
    if delivery is None or invitation_actions.requester_link_waiting(case) is not None:
        return None
    return _("e-mail") if delivery == Delivery.EMAIL else _("SMS")


def _line(invitation: Invitation) -> dict:
    when = ", ".join(invitation.days_of_callback())
    bands = ", ".join(invitation.bands_of_callback())
    return {
        "url": reverse("cases:detail", args=[invitation.case_id]) + "#h-invitations",
        "label": invitation.case.reference,
        "detail": _("%(role)s · %(days)s · %(bands)s")
        % {"role": invitation.party.get_role_display(), "days": when, "bands": bands},
    }


def today_panel(membership, day):
    """« Rappels demandés »: each person waiting for the team's call, the oldest request first."""
    if membership is None or membership.role not in CALLERS:
        return None
    waiting = list(
        Invitation.objects.callbacks_to_make()
        .filter(case__in=access.cases_for(membership))
        .select_related("case", "party")
        .order_by("answered_at", "pk")
    )
    if not waiting:
        return None
    return {
        "template": "components/list_task_card.html",
        "card": {
            "key": "rappels",
            "title": _("Rappels demandés par lien d'invitation"),
            "count": len(waiting),
            "lines": [_line(invitation) for invitation in waiting[:LINES]],
            "empty": "",
            "more_url": None,
        },
    }
