"""The only way in to certification records: the network's staff (admin, network_staff of the
network organisation) read and manage those of their network; anyone else, and any record of
another network, gets a 404. A member service does not see its record here."""

from palabre.core.lookup import get_or_404
from palabre.network.access import network_of
from palabre.network.models import ActionItem, CertificationRecord, Finding


def records_for(membership):
    network = network_of(membership)
    if network is None:
        return CertificationRecord.objects.none()
    return CertificationRecord.objects.of(network).select_related("member", "network")


def get_record_for(membership, record_id) -> CertificationRecord:
    return get_or_404(records_for(membership), record_id)


def get_finding_for(record, finding_id) -> Finding:
    return get_or_404(Finding.objects.filter(record=record), finding_id)


def get_action_for(record, action_id) -> ActionItem:
    return get_or_404(
        ActionItem.objects.filter(record=record).select_related("owner_contact"), action_id
    )
