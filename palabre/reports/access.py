"""The only way in to reports and their files. Outside reach: 404.

Reports are aggregates: the administration, the coordination and the board see them, for their
own service only. Nobody else learns that a report exists.

| role                         | report runs of the service | download |
|------------------------------|----------------------------|----------|
| admin, coordinator, board    | yes                        | yes      |
| mediator, reception, partner | no                         | no       |
| network_staff                | no                         | no       |

The activity dashboard follows the same rule as the report runs: admin, coordinator and board,
for their own service; everybody else gets a 404.

The definitions of the indicators are no secret: they say how a figure is counted, never what it
is. Every signed-in member reads them, whatever the role (a mediator who records the process, a
partner or a funder's contact who checks how a report is made, the network's staff who compare
services); only a person without a membership gets a 404.

The case list's downloads (CSV, ODS, XLSX) follow the case list, not the reports: whoever reads
the list downloads it, with the same filters, and gets the same cases (a mediator, those assigned
to them). They hold the reference, dates, commune, quartier and coded fields only.

A convention's funder report is a report: admin, coordinator and board see it, for a convention
they can read (``partners.access``). Its commentary is written by the administration and the
coordination, read by the board.
"""

from django.http import Http404

from palabre.core.lookup import get_or_404
from palabre.network import access as network_access
from palabre.organisations.access import can_read_cases, can_see_aggregates, is_manager
from palabre.organisations.models import Organisation, OrganisationKind
from palabre.partners import access as partners_access
from palabre.reports.models import PushKey, ReportRun

# --- Report runs ---------------------------------------------------------------------------------


def can_see_reports(membership) -> bool:
    return can_see_aggregates(membership)


def runs_for(membership):
    if not can_see_reports(membership):
        return ReportRun.objects.none()
    return ReportRun.objects.of(membership.organisation_id)


def get_run_for(membership, run_id) -> ReportRun:
    return get_or_404(runs_for(membership), run_id)


def can_download_case_list(membership) -> bool:
    return can_read_cases(membership)


# --- Definitions of the indicators ---------------------------------------------------------------


def can_read_definitions(membership) -> bool:
    return membership is not None


# --- Funder reports -----------------------------------------------------------------------------


def can_edit_narratives(membership) -> bool:
    """The commentary of a funder report is written by the administration and the coordination;
    the board reads it."""
    return can_see_reports(membership) and partners_access.can_edit_conventions(membership)


def get_convention_for(membership, convention_id):
    """A convention whose funder report the member may see: reports are theirs to see and the
    convention is theirs to read. Otherwise 404."""
    if not can_see_reports(membership):
        raise Http404
    return partners_access.get_convention_for(membership, convention_id)


# --- Observatory --------------------------------------------------------------------------------
#
# | role                                   | share the service's figures | network dashboards |
# |----------------------------------------|-----------------------------|--------------------|
# | admin, coordinator of a service        | yes, with its own networks  | no                 |
# | admin, network_staff of a network      | no                          | yes, its network   |
# | anyone else                            | no                          | no                 |
#
# The network's pages read aggregates only: a member's figures, sums and medians, small counts
# hidden; never a case, a party or a note.


def can_share_figures(membership) -> bool:
    return is_manager(membership) and membership.organisation.kind == OrganisationKind.SERVICE


def sharing_networks_for(membership):
    """The networks the service may share its figures with: those it is a member of."""
    if not can_share_figures(membership):
        return Organisation.objects.none()
    return membership.organisation.networks.filter(kind=OrganisationKind.NETWORK)


def get_sharing_network_for(membership, network_id):
    return get_or_404(sharing_networks_for(membership), network_id)


def can_see_observatory(membership) -> bool:
    return network_access.can_manage(membership)


def observatory_network(membership):
    return network_access.network_of(membership)


def push_keys_for(membership):
    network = network_access.network_of(membership)
    if network is None:
        return PushKey.objects.none()
    return PushKey.objects.of(network).select_related("member")


def get_push_key_for(membership, key_id) -> PushKey:
    return get_or_404(push_keys_for(membership).active(), key_id)
