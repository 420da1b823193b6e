"""Who reads the access log: the coordination of a service (admin, coordinator), for the data of
its own service; anybody else — mediators, reception, board, partners, a network's people —
gets the same 404 as for a page that does not exist."""

from django.urls import reverse

from palabre.cases import access as cases_access
from palabre.organisations import access as organisations_access
from palabre.organisations.access import require
from palabre.privacy.access_log import AccessRecord


def can_read_access_log(membership) -> bool:
    return organisations_access.is_manager(membership) and organisations_access.can_read_cases(
        membership
    )


def records_for(membership):
    """Every read of the member's service's data, for its coordination; 404 for anyone else."""
    require(can_read_access_log(membership))
    return AccessRecord.objects.of(membership.organisation_id)


def get_case_for(membership, case_id):
    require(can_read_access_log(membership))
    return cases_access.get_case_for(membership, case_id)


def get_party_for(membership, case_id, party_id):
    case = get_case_for(membership, case_id)
    return case, cases_access.get_party_for(membership, case, party_id)


def case_panel(membership, case):
    """The case page's link to its « Journal des consultations », for the coordination only.
    Reads nothing: the case page keeps its number of queries."""
    if not can_read_access_log(membership):
        return None
    return {
        "template": "privacy/access_log_panel.html",
        "url": reverse("privacy:case_access_log", args=[case.pk]),
    }
