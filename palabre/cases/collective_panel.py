"""The case page's « Médiation collective » section (docs/adr/0035): the groups and their
parties, each meeting's attendance per group, the commitments each group took. Whoever reaches
the case page sees it; the links to the steps go to those who may take them."""

from django.urls import reverse

from palabre.cases import access, codes
from palabre.cases.collective import CollectiveMediation, GroupAttendance
from palabre.cases.models import Commitment


def _step_url(case, slug, **query):
    url = reverse("cases:collective_action", args=[case.pk, slug])
    return url + "".join(f"?{key}={value}" for key, value in query.items())


ROLE_ORDER = list(codes.PartyRole)


def _in_role_order(parties):
    """Parties as the case page lists them: the requester, the other party, the others."""
    return sorted(parties, key=lambda party: (ROLE_ORDER.index(party.role), party.created_at))


def _meetings(case, can_work):
    attendances = GroupAttendance.objects.filter(meeting__case=case).select_related("group")
    attendances = attendances.prefetch_related("present_parties")
    by_meeting = {}
    for attendance in attendances:
        attendance.present = _in_role_order(attendance.present_parties.all())
        by_meeting.setdefault(attendance.meeting_id, []).append(attendance)
    held = case.meetings.filter(status=codes.AppointmentStatus.HELD)
    return [
        {
            "meeting": meeting,
            "attendances": by_meeting.get(meeting.pk, []),
            "url": _step_url(case, "presence", rencontre=meeting.pk) if can_work else "",
        }
        for meeting in held.order_by("scheduled_at")
    ]


def _groups(case, can_work):
    commitments = Commitment.objects.filter(agreement__case=case, group__isnull=False)
    by_group = {}
    for commitment in commitments.order_by("created_at"):
        by_group.setdefault(commitment.group_id, []).append(commitment)
    return [
        {
            "group": group,
            "parties": _in_role_order(group.parties.all()),
            "commitments": by_group.get(group.pk, []),
            "url": _step_url(case, "modifier-groupe", groupe=group.pk) if can_work else "",
        }
        for group in case.party_groups.prefetch_related("parties")
    ]


def case_panel(membership, case):
    try:
        collective = case.collective  # read with the case on its page
    except CollectiveMediation.DoesNotExist:
        collective = None
    can_work = not case.is_closed and access.can_work_on_case(membership, case)
    can_manage = not case.is_closed and access.can_manage_case(membership, case)
    if collective is None:
        if not can_manage:
            return None
        return {
            "template": "cases/collective/_case_panel.html",
            "collective": None,
            "mark_url": _step_url(case, "collectif"),
        }
    return {
        "template": "cases/collective/_case_panel.html",
        "collective": collective,
        "groups": _groups(case, can_work),
        "ungrouped": _in_role_order(p for p in case.parties.all() if p.group_id is None),
        "meetings": _meetings(case, can_work),
        "has_agreement": hasattr(case, "agreement"),
        "can_work": can_work,
        "mark_url": _step_url(case, "collectif") if can_manage else "",
        "links": {
            "group": _step_url(case, "groupe"),
            "place": _step_url(case, "placer"),
            "commitment": _step_url(case, "engagement"),
        }
        if can_work
        else {},
    }
