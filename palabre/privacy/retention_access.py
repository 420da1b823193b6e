"""Who reaches retention: the schedule, its preview, the runs and the yearly report are the
coordination's (admin, coordinator; a network's admin for its own); a legal hold is placed and
lifted by who manages the case. Anything else answers 404, like a missing page."""

from django.core.exceptions import ValidationError
from django.http import Http404

from palabre.cases.access import can_manage_case, get_case_for
from palabre.organisations.access import is_manager, require
from palabre.privacy.retention import LegalHold, RetentionRun


def can_manage_retention(membership) -> bool:
    return is_manager(membership)


def runs_for(membership):
    require(can_manage_retention(membership))
    return RetentionRun.objects.filter(organisation=membership.organisation)


def get_case_to_hold(membership, case_id):
    """A case of the member's service that they manage, or 404."""
    case = get_case_for(membership, case_id)
    require(can_manage_case(membership, case))
    return case


def get_hold_for(membership, case_id, hold_id) -> LegalHold:
    case = get_case_to_hold(membership, case_id)
    try:
        return case.legal_holds.select_related("case__organisation").get(pk=hold_id)
    except (LegalHold.DoesNotExist, ValueError, ValidationError) as error:
        raise Http404 from error


def holds_for(membership):
    require(can_manage_retention(membership))
    return LegalHold.objects.filter(organisation=membership.organisation)
