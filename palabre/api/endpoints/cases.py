"""Cases for the coordination: identifiers, dates, states and codes. Never a name, a private
note, a statement, a closure's free detail or anything said in an interview.

Narrower than the pages, never wider: the cases of ``cases.access.cases_for`` for the
administration and the coordination only. Each answer is written to the access log as the case
list's downloads and the case page are (``core.reads``)."""

import datetime as dt
import functools
import uuid

from django.core.exceptions import EmptyResultSet, FullResultSet
from django.db import connection
from django.db.models import Count, OuterRef, Prefetch, Q, Subquery
from django.utils.translation import gettext_lazy as _
from ninja import Query, Router

from palabre.api.models import Resource
from palabre.api.pagination import PageQuery, page_of
from palabre.api.schemas import CaseDetailOut, CasePage
from palabre.api.serialize import answer, code, coder, ref
from palabre.cases import access, codes
from palabre.cases.models import Case, CaseConflict
from palabre.core import reads, rows
from palabre.core.models import Commune, Quartier
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
LISTED = (
    "pk",
    "reference",
    "status",
    "stage_reached",
    "opened_on",
    "closed_on",
    "closure_reason",
    "referral_source",
    "commune_id",
    "commune__name",
    "quartier_id",
    "quartier__name",
    "is_qpv",
    "is_relapse",
    "previous_case_id",
)


def _listed(membership):
    primary = CaseConflict.objects.filter(case=OuterRef("pk"), is_primary=True).order_by("category")
    return (
        access.cases_for(membership)
        .annotate(primary_category=Subquery(primary.values("category")[:1]))
        .values(*LISTED, "primary_category")
    )


def _place(pk, name) -> dict | None:
    return None if pk is None else {"id": str(pk), "name": str(name)}


def _text(value) -> str | None:
    """An id or a date as its JSON text, written here rather than by the encoder's fallback,
    which the list would call some 200 times a page."""
    if value is None:
        return None
    return value.isoformat() if isinstance(value, dt.date) else str(value)


CODED = (
    (Case, "status"),
    (Case, "stage_reached"),
    (Case, "closure_reason"),
    (Case, "referral_source"),
    (CaseConflict, "category"),
)


def _coders() -> dict:
    return {field: coder(model, field) for model, field in CODED}


def _row(values, coders=None) -> dict:
    """``_case`` for a row of ``_listed``: the same keys, in the same order, and values.
    ``coders``: ``_coders()``, made once for the rows of a page."""
    coded = coders or _coders()
    return {
        "id": _text(values["pk"]),
        "reference": values["reference"],
        "status": coded["status"](values["status"]),
        "stage_reached": coded["stage_reached"](values["stage_reached"]),
        "opened_on": _text(values["opened_on"]),
        "closed_on": _text(values["closed_on"]),
        "closure_reason": coded["closure_reason"](values["closure_reason"]),
        "referral_source": coded["referral_source"](values["referral_source"]),
        "primary_conflict": coded["category"](values["primary_category"]),
        "commune": _place(values["commune_id"], values["commune__name"]),
        "quartier": _place(values["quartier_id"], values["quartier__name"]),
        "is_qpv": values["is_qpv"],
        "is_relapse": values["is_relapse"],
        "previous_case_id": _text(values["previous_case_id"]),
    }


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


# The list's page by hand-written SQL (docs/adr/0036), around the condition that
# ``cases.access.cases_for`` compiles: which cases the membership reads stays decided there. The
# same columns, order and primary conflict as ``_listed``; ``_listed`` answers instead when the
# condition needs more than the cases' own table.
LISTED_COLUMNS = (
    ("id", "c"),
    ("reference", "c"),
    ("status", "c"),
    ("stage_reached", "c"),
    ("opened_on", "c"),
    ("closed_on", "c"),
    ("closure_reason", "c"),
    ("referral_source", "c"),
    ("commune", "c"),
    ("name", "co"),
    ("quartier", "c"),
    ("name", "qu"),
    ("is_qpv", "c"),
    ("is_relapse", "c"),
    ("previous_case", "c"),
    ("category", "cf"),  # the primary conflict's, last as in ``_listed``
)


@functools.cache
def _page_sql() -> tuple[str, str, list]:
    """(the page's statement, the count's, the JSON readers of the page's columns), to complete
    with the condition of ``cases_for``; the cases' table keeps its own name, as the condition
    names it."""
    quote = connection.ops.quote_name
    models = {"c": Case, "cf": CaseConflict, "co": Commune, "qu": Quartier}
    case = quote(Case._meta.db_table)
    aliases = {"c": case, "cf": "listed_cf", "co": "listed_co", "qu": "listed_qu"}
    fields = [(models[alias]._meta.get_field(name), alias) for name, alias in LISTED_COLUMNS]

    def column(name, alias="c"):
        return f"{aliases[alias]}.{quote(models[alias]._meta.get_field(name).column)}"

    def table(alias):
        return f"{quote(models[alias]._meta.db_table)} {aliases[alias]}"

    primary = (
        f"(SELECT {column('category', 'cf')} FROM {table('cf')} "
        f"WHERE {column('case', 'cf')} = {column('id')} AND {column('is_primary', 'cf')} = %s "
        f"ORDER BY {column('category', 'cf')} ASC LIMIT 1)"
    )
    selected = [primary if alias == "cf" else column(field.name, alias) for field, alias in fields]
    page = (
        f"SELECT {', '.join(selected)} FROM {case} "
        f"LEFT OUTER JOIN {table('co')} ON {column('id', 'co')} = {column('commune')} "
        f"LEFT OUTER JOIN {table('qu')} ON {column('id', 'qu')} = {column('quartier')} "
        "WHERE {condition} "
        f"ORDER BY {column('opened_on')} DESC, {column('reference')} ASC, {column('id')} ASC "
        "LIMIT %s OFFSET %s"
    )
    count = f"SELECT COUNT(*) FROM {case} WHERE {{condition}}"
    return page, count, rows.json_readers(fields)


def _condition(cases) -> tuple[str, list] | None:
    """The WHERE of ``cases`` compiled, when it names the cases' table only (a subquery of its
    own is fine; a join the ORM has trimmed is not counted); ``None`` otherwise, and then the
    ORM answers."""
    query = cases.query
    if query.is_empty():  # ``none()``: no case at all
        return "0 = 1", []
    if (
        {alias for alias in query.alias_map if query.alias_refcount[alias]} != {Case._meta.db_table}
        or query.annotations
        or query.distinct
        or query.combinator
        or query.is_sliced
        or query.extra
    ):
        return None
    try:
        condition, params = query.get_compiler(connection=connection).compile(query.where)
    except EmptyResultSet:
        return "0 = 1", []
    except FullResultSet:  # no condition at all: left to the ORM, as any unusual rule
        return None
    return (condition, list(params)) if condition else None


def _page_by_hand(cases, page: PageQuery) -> dict | None:
    rule = _condition(cases)
    if rule is None:
        return None
    condition, params = rule
    page_sql, count_sql, converters = _page_sql()
    coders = _coders()
    with connection.cursor() as cursor:
        cursor.execute(
            page_sql.format(condition=condition), [True, *params, page.limit, page.offset]
        )
        found = [_values(rows.convert_json(row, converters)) for row in cursor.fetchall()]
        cursor.execute(count_sql.format(condition=condition), params)
        (count,) = cursor.fetchone()
    return {
        "count": count,
        "limit": page.limit,
        "offset": page.offset,
        "items": [_row(values, coders) for values in found],
    }


def _values(converted) -> dict:
    """A row of ``_page_sql`` as ``_listed`` names its values."""
    return dict(zip((*LISTED, "primary_category"), converted, strict=True))


@router.get("/cases", response=responses(CasePage), summary=_("Dossiers (coordination)"))
def cases(request, page: Query[PageQuery]):
    membership = member(request, Resource.CASES, _coordination)
    listed = _page_by_hand(access.cases_for(membership), page)
    if listed is None:
        ordered = _listed(membership).order_by("-opened_on", "reference", "pk")
        row = functools.partial(_row, coders=_coders())
        listed = page_of(ordered, page, row, counted=access.cases_for(membership))
    reads.record(
        request,
        reads.Read.EXPORT,
        organisation_id=membership.organisation_id,
        count=len(listed["items"]),
    )
    return answer(listed)


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
