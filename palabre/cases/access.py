"""The only way in to cases and their parts. Anything outside the member's reach is a 404."""

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.http import Http404

from palabre.cases.models import Case, Party, PrivateNote
from palabre.core.lookup import get_or_404
from palabre.organisations.models import OrganisationKind, Role


def cases_for(membership):
    return Case.objects.for_member(membership)


def get_case_for(membership, case_id, *, queryset=None) -> Case:
    """The case, from ``queryset`` when given (itself narrowed by ``cases_for``)."""
    try:
        return (queryset if queryset is not None else cases_for(membership)).get(pk=case_id)
    except (Case.DoesNotExist, ValueError, TypeError, ValidationError) as error:
        raise Http404 from error


def get_party_for(membership, case, party_id) -> Party:
    try:
        return case.parties.get(pk=party_id)
    except (Party.DoesNotExist, ValueError, TypeError, ValidationError) as error:
        raise Http404 from error


def get_invitation_for(membership, case, invitation_id):
    """One of ``case``'s invitations to book (the case already fetched for the member)."""
    try:
        return case.invitations.select_related("party").get(pk=invitation_id)
    except (ObjectDoesNotExist, ValueError, TypeError, ValidationError) as error:
        raise Http404 from error


def is_assigned(membership, case) -> bool:
    if "assignments" in getattr(case, "_prefetched_objects_cache", {}):
        return any(
            a.membership_id == membership.pk and a.ended_at is None for a in case.assignments.all()
        )
    return case.assignments.filter(membership=membership, ended_at__isnull=True).exists()


def can_manage_case(membership, case) -> bool:
    """Assign mediators, qualify, suspend, close, link a new case: coordination."""
    return (
        membership is not None
        and membership.organisation_id == case.organisation_id
        and membership.role in {Role.ADMIN, Role.COORDINATOR}
    )


def can_work_on_case(membership, case) -> bool:
    """Record the process (interviews, consents, attempts, meetings, agreement, follow-up)."""
    if can_manage_case(membership, case):
        return True
    return (
        membership is not None
        and membership.role == Role.MEDIATOR
        and membership.organisation_id == case.organisation_id
        and is_assigned(membership, case)
    )


def can_see_notes(membership, case) -> bool:
    """Private notes: the case's own mediators and the coordination, nobody else."""
    return can_work_on_case(membership, case)


def can_record_intake(membership) -> bool:
    return membership is not None and membership.role in {
        Role.ADMIN,
        Role.COORDINATOR,
        Role.RECEPTION,
    }


def notes_for(membership, case):
    if not can_see_notes(membership, case):
        return PrivateNote.objects.none()
    return (
        PrivateNote.objects.visible_to(membership)
        .filter(case=case)
        .select_related("author", "source_party")
    )


# --- Earlier cases at intake, a person's records (docs/adr/0027) -------------------------------

MANAGING = {Role.ADMIN, Role.COORDINATOR}


def _of_service(membership) -> bool:
    return membership is not None and membership.organisation.kind == OrganisationKind.SERVICE


def can_see_earlier_cases(membership, case=None) -> bool:
    """The service's earlier cases that look like this one (an intake, a referral, a case):
    its coordination, and for a case its own mediators. Never reception, the board, partners or
    a network, and never another service's."""
    if not _of_service(membership):
        return False
    if case is not None and case.organisation_id != membership.organisation_id:
        return False
    if membership.role in MANAGING:
        return True
    return case is not None and membership.role == Role.MEDIATOR and is_assigned(membership, case)


def earlier_cases_for(membership, case=None):
    """Where earlier cases are looked for: the member's own service. A mediator of the case
    reads the reference, dates and outcome of an earlier case they do not work on; opening it
    still goes through ``cases_for``."""
    if not can_see_earlier_cases(membership, case):
        return Case.objects.none()
    return Case.objects.of(membership.organisation_id)


def can_merge_records(membership) -> bool:
    """Merging two records of one person: the coordination of the service."""
    return _of_service(membership) and membership.role in MANAGING


def records_for(membership):
    """The party records of the service's cases, for the coordination merging them."""
    if not can_merge_records(membership):
        return Party.objects.none()
    return Party.objects.filter(organisation_id=membership.organisation_id)


def get_record_for(membership, party_id) -> Party:
    return get_or_404(records_for(membership).select_related("case", "household"), party_id)
