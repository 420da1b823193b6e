"""Cases for the coordination: identifiers, dates, states and codes. Never a name, a private
note, a statement, a closure's free detail or anything said in an interview.

Narrower than the pages, never wider: the cases of ``cases.access.cases_for`` for the
administration and the coordination only. Each answer is written to the access log as the case
list's downloads and the case page are (``core.reads``)."""

import uuid

from django.db.models import Count, OuterRef, Prefetch, Q, Subquery
from django.utils.translation import gettext_lazy as _
from ninja import Query, Router

from palabre.api.models import Resource
from palabre.api.pagination import PageQuery, page_of
from palabre.api.schemas import CaseDetailOut, CasePage
from palabre.api.serialize import code, code_of, ref
from palabre.cases import access, codes
from palabre.cases.models import Case, CaseConflict
from palabre.core import reads
from palabre.organisations.access import can_read_cases, is_manager

from .common import member, responses

router = Router(tags=[_("Dossiers")])


def _coordination(membership) -> bool:
    return is_manager(membership) and can_read_cases(membership)


def _cases(membership):
    return (
        access.cases_for(membership)
        .select_related("commune", "quartier")
        .prefetch_related(
            Prefetch("conflicts", queryset=CaseConflict.objects.order_by("-is_primary", "category"))
        )
    )


def _case(case) -> dict:
    primary = case.primary_conflict()
    return {
        "id": case.pk,
        "reference": case.reference,
        "status": code(case, "status"),
        "stage_reached": code(case, "stage_reached"),
        "opened_on": case.opened_on,
        "closed_on": case.closed_on,
        "closure_reason": code(case, "closure_reason"),
        "referral_source": code(case, "referral_source"),
        "primary_conflict": code(primary, "category") if primary else None,
        "commune": ref(case.commune),
        "quartier": ref(case.quartier),
        "is_qpv": case.is_qpv,
        "is_relapse": case.is_relapse,
        "previous_case_id": case.previous_case_id,
    }


# The list reads plain values, not rows: the columns it answers, the names of the commune and the
# quartier, and the category of the primary conflict (the first by category, as
# ``Case.primary_conflict`` picks it from the prefetched conflicts).
LISTED = {
    "id": "pk",
    "reference": "reference",
    "status": "status",
    "stage_reached": "stage_reached",
    "opened_on": "opened_on",
    "closed_on": "closed_on",
    "closure_reason": "closure_reason",
    "referral_source": "referral_source",
    "commune_id": "commune_id",
    "commune_name": "commune__name",
    "quartier_id": "quartier_id",
    "quartier_name": "quartier__name",
    "is_qpv": "is_qpv",
    "is_relapse": "is_relapse",
    "previous_case_id": "previous_case_id",
}
CODED = ("status", "stage_reached", "closure_reason", "referral_source")


def _listed(membership):
    primary = CaseConflict.objects.filter(case=OuterRef("pk"), is_primary=True).order_by("category")
    return (
        access.cases_for(membership)
        .annotate(primary_category=Subquery(primary.values("category")[:1]))
        .values(*LISTED.values(), "primary_category")
    )


def _place(pk, name) -> dict | None:
    return None if pk is None else {"id": pk, "name": str(name)}


def _row(values) -> dict:
    """``_case`` for a row of ``_listed``: the same keys and values."""
    row = {key: values[column] for key, column in LISTED.items()}
    for field in CODED:
        row[field] = code_of(Case, field, row[field])
    row["commune"] = _place(row.pop("commune_id"), row.pop("commune_name"))
    row["quartier"] = _place(row.pop("quartier_id"), row.pop("quartier_name"))
    row["primary_conflict"] = code_of(CaseConflict, "category", values["primary_category"])
    return row


def _detail(case) -> dict:
    agreement = getattr(case, "agreement", None)
    return {
        **_case(case),
        "suspended_on": case.suspended_on,
        "conflicts": [
            {
                "category": code(conflict, "category"),
                "subcategory": code(conflict, "subcategory"),
                "is_primary": conflict.is_primary,
            }
            for conflict in case.conflicts.all()
        ],
        "parties": case.party_count,
        "interviews_held": case.interviews_held,
        "meetings_held": case.meetings_held,
        "agreement_reached_on": agreement.reached_on if agreement else None,
        "follow_ups_due": [
            follow_up.due_on
            for follow_up in case.follow_ups.order_by("due_on")
            if follow_up.done_on is None
        ],
    }


@router.get("/cases", response=responses(CasePage), summary=_("Dossiers (coordination)"))
def cases(request, page: Query[PageQuery]):
    membership = member(request, Resource.CASES, _coordination)
    rows = _listed(membership).order_by("-opened_on", "reference", "pk")
    listed = page_of(rows, page, _row, counted=access.cases_for(membership))
    reads.record(
        request,
        reads.Read.EXPORT,
        organisation_id=membership.organisation_id,
        count=len(listed["items"]),
    )
    return listed


@router.get("/cases/{case_id}", response=responses(CaseDetailOut), summary=_("Un dossier"))
def case(request, case_id: uuid.UUID):
    membership = member(request, Resource.CASES, _coordination)
    held = codes.AppointmentStatus.HELD
    rows = (
        _cases(membership)
        .select_related("agreement")
        .annotate(
            party_count=Count("parties", distinct=True),
            interviews_held=Count("interviews", filter=Q(interviews__status=held), distinct=True),
            meetings_held=Count("meetings", filter=Q(meetings__status=held), distinct=True),
        )
    )
    found = access.get_case_for(membership, case_id, queryset=rows)
    reads.record(request, reads.Read.CASE_PAGE, case=found)
    return _detail(found)
