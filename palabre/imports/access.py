"""Who may import, and the only way to fetch an import for a member: the coordination
(admin, coordinator) of a mediation service, its own imports only; 404 for anyone else."""

from django.core.exceptions import ValidationError
from django.http import Http404

from palabre.imports.models import ImportJob
from palabre.organisations import access as organisation_access
from palabre.organisations.models import OrganisationKind


def can_import(membership) -> bool:
    return (
        organisation_access.is_manager(membership)
        and membership.organisation.kind != OrganisationKind.NETWORK
    )


def jobs_for(membership):
    if not can_import(membership):
        return ImportJob.objects.none()
    return ImportJob.objects.of(membership.organisation)


def get_job_for(membership, job_id) -> ImportJob:
    try:
        return jobs_for(membership).select_related("organisation").get(pk=job_id)
    except (ImportJob.DoesNotExist, ValueError, ValidationError) as error:
        raise Http404 from error
