"""Who may see and act on a *signalement exceptionnel*. Anything else is a 404.

| role          | propose          | list                | read the content | decide          |
|---------------|------------------|---------------------|------------------|-----------------|
| admin         | any case         | the whole service   | yes              | unless proposer |
| coordinator   | any case         | the whole service   | yes              | unless proposer |
| mediator      | assigned cases   | their own proposals | their own        | never           |
| reception, board, partner, network_staff: nothing.                                      |

Deciding is validating or refusing a proposal, or reviewing an urgent report.
The transmission of a validated report is recorded by its proposer or the coordination.
"""

from django.core.exceptions import ValidationError
from django.http import Http404

from palabre.cases import access as cases_access
from palabre.organisations.access import is_manager
from palabre.organisations.models import OrganisationKind, Role
from palabre.privacy.safety_reports import SafetyReport, SafetyStatus


def _in_a_service(membership) -> bool:
    return membership is not None and membership.organisation.kind == OrganisationKind.SERVICE


def can_propose(membership, case) -> bool:
    return _in_a_service(membership) and cases_access.can_work_on_case(membership, case)


def can_list(membership) -> bool:
    return _in_a_service(membership) and membership.role in {
        Role.ADMIN,
        Role.COORDINATOR,
        Role.MEDIATOR,
    }


def reports_for(membership):
    """The coordination reads every report of its service; a mediator, the ones they proposed."""
    if not can_list(membership):
        return SafetyReport.objects.none()
    reports = SafetyReport.objects.of(membership.organisation_id)
    if not is_manager(membership):
        reports = reports.proposed_by(membership.user_id)
    return reports.select_related("case", "proposed_by", "decided_by", "transmitted_by")


def get_report_for(membership, report_id) -> SafetyReport:
    try:
        return reports_for(membership).get(pk=report_id)
    except (SafetyReport.DoesNotExist, ValueError, TypeError, ValidationError) as error:
        raise Http404 from error


def is_proposer(membership, report) -> bool:
    return report.proposed_by_id is not None and report.proposed_by_id == membership.user_id


def can_decide(membership, report) -> bool:
    """Validate or refuse a proposal, or review an urgent report: the coordination, never the
    proposer (two people look at each report)."""
    return (
        is_manager(membership)
        and membership.organisation_id == report.organisation_id
        and not is_proposer(membership, report)
    )


def can_record_transmission(membership, report) -> bool:
    return report.status == SafetyStatus.VALIDATED and (
        is_manager(membership) or is_proposer(membership, report)
    )
