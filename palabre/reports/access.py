"""The only way in to reports and their files. Outside reach: 404.

Reports are aggregates: the administration, the coordination and the board see them, for their
own service only. Nobody else learns that a report exists.

| role                         | report runs of the service | download |
|------------------------------|----------------------------|----------|
| admin, coordinator, board    | yes                        | yes      |
| mediator, reception, partner | no                         | no       |
| network_staff                | no                         | no       |
"""

from palabre.core.lookup import get_or_404
from palabre.organisations.access import can_see_aggregates
from palabre.reports.models import ReportRun

# --- Report runs ---------------------------------------------------------------------------------


def can_see_reports(membership) -> bool:
    return can_see_aggregates(membership)


def runs_for(membership):
    if not can_see_reports(membership):
        return ReportRun.objects.none()
    return ReportRun.objects.of(membership.organisation_id)


def get_run_for(membership, run_id) -> ReportRun:
    return get_or_404(runs_for(membership), run_id)
