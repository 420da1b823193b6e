"""The only way in to cases and their parts. Anything outside the member's reach is a 404."""

from django.core.exceptions import ValidationError
from django.http import Http404

from palabre.cases.models import Case, Party, PrivateNote
from palabre.organisations.models import Role


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
