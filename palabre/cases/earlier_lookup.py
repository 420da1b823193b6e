"""Finding the service's earlier cases that look like an intake (docs/adr/0027).

An earlier case is a case of the same service, opened on or before the intake's day and open at
some moment of the 24 months before it, not anonymised, which shares with the intake:

- an address (the number and street, ``Household.address_key``), or the landlord's residence;
- a party of the same name and telephone (``Party.identity_key``);
- a party whose record the coordination merged with one of the intake's (``Party.person``).

The keys are keyed hashes, different in each service: the search is made of equalities on
indexed columns, starts from ``access.earlier_cases_for`` (the member's own service, nothing for
whoever may not see earlier cases) and costs one query whatever the number of candidates
(``find``), or two for a whole page of referrals (``matches_for_probes``).
"""

import datetime as dt
import uuid
from dataclasses import dataclass, field

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, Subquery, Value
from django.utils.translation import gettext_lazy as _

from palabre.cases import access, codes, identity
from palabre.cases.earlier import Answer
from palabre.cases.models import Household, Party

WINDOW_MONTHS = 24
LIMIT = 12  # enough to recognise a situation; the page says when there are more

REASONS = {
    "same_address": _("même adresse"),
    "same_residence": _("même résidence"),
    "same_person": _("une personne du même nom et du même téléphone"),
    "same_record": _("une fiche réunie avec celle de la personne"),
}


def window_start(day: dt.date) -> dt.date:
    """The same day 24 months before (the 29 February of a leap year gives the 28th)."""
    year, month = day.year - WINDOW_MONTHS // 12, day.month
    for last in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


@dataclass(frozen=True)
class Probe:
    """What an intake is compared on; its keys under every secret key still accepted."""

    organisation_id: uuid.UUID
    day: dt.date
    person_keys: frozenset = frozenset()
    address_keys: frozenset = frozenset()
    persons: frozenset = frozenset()
    residence_id: uuid.UUID | None = None
    case_id: uuid.UUID | None = None  # the intake's own case, never its own earlier case

    @property
    def is_empty(self) -> bool:
        return not (self.person_keys or self.address_keys or self.persons or self.residence_id)


def probe_for_person(organisation_id, *, day, first_name, last_name, phone, address) -> Probe:
    """An intake not yet a case: a referral, a request."""
    return Probe(
        organisation_id=organisation_id,
        day=day,
        person_keys=frozenset(identity.person_keys(organisation_id, first_name, last_name, phone)),
        address_keys=frozenset(identity.address_keys(organisation_id, address)),
    )


def probe_for_case(case) -> Probe:
    """A case, from its parties and their households (prefetched by the case page, else one
    query)."""
    parties = list(case.parties.all())
    organisation_id = case.organisation_id
    person_keys, address_keys = set(), set()
    for party in parties:
        person_keys.update(
            identity.person_keys(organisation_id, party.first_name, party.last_name, party.phone)
        )
        if party.household is not None:
            address_keys.update(identity.address_keys(organisation_id, party.household.address))
    return Probe(
        organisation_id=organisation_id,
        day=case.opened_on,
        person_keys=frozenset(person_keys),
        address_keys=frozenset(address_keys),
        persons=frozenset(p.person_id for p in parties if p.person_id),
        residence_id=case.residence_id,
        case_id=case.pk,
    )


@dataclass
class EarlierCase:
    pk: uuid.UUID
    reference: str
    opened_on: dt.date
    closed_on: dt.date | None
    is_closed: bool
    outcome: str
    stage: str
    reasons: list = field(default_factory=list)
    can_open: bool = False
    answer: str = ""

    @property
    def answered(self) -> bool:
        return bool(self.answer)

    @property
    def answer_label(self) -> str:
        return str(Answer(self.answer).label) if self.answer else ""


@dataclass
class Found:
    cases: list
    more: bool = False  # more than ``LIMIT``: the oldest are left out

    @property
    def unanswered(self) -> list:
        return [earlier for earlier in self.cases if not earlier.answered]


def _in_window(queryset, probe: Probe):
    queryset = queryset.filter(anonymised_at__isnull=True, opened_on__lte=probe.day).filter(
        Q(closed_on__isnull=True) | Q(closed_on__gte=window_start(probe.day))
    )
    return queryset.exclude(pk=probe.case_id) if probe.case_id else queryset


def _conditions(probe: Probe) -> dict:
    """One boolean expression per reason the probe can give, on the outer case."""
    organisation = probe.organisation_id
    conditions = {}
    if probe.address_keys:
        conditions["same_address"] = Exists(
            Household.objects.filter(
                organisation_id=organisation,
                case=OuterRef("pk"),
                address_key__in=sorted(probe.address_keys),
            )
        )
    if probe.residence_id:
        conditions["same_residence"] = ExpressionWrapper(
            Q(residence_id=probe.residence_id), output_field=BooleanField()
        )
    if probe.person_keys:
        conditions["same_person"] = Exists(
            Party.objects.filter(
                organisation_id=organisation,
                case=OuterRef("pk"),
                identity_key__in=sorted(probe.person_keys),
            )
        )
    if probe.persons:
        conditions["same_record"] = Exists(
            Party.objects.filter(
                organisation_id=organisation, case=OuterRef("pk"), person__in=probe.persons
            )
        )
    return conditions


def _filters(probe: Probe) -> list:
    """The same reasons as ``_conditions``, as conditions a database can start from: the few
    cases holding one of the keys, read by the keys' indexes (``NOT key = ''`` lets SQLite use
    the partial ones), rather than a test of every case of the window."""
    organisation = probe.organisation_id
    filters = []
    if probe.address_keys:
        households = Household.objects.filter(
            organisation_id=organisation, address_key__in=sorted(probe.address_keys)
        ).exclude(address_key="")
        filters.append(Q(pk__in=households.values("case_id")))
    if probe.residence_id:
        filters.append(Q(residence_id=probe.residence_id))
    if probe.person_keys:
        parties = Party.objects.filter(
            organisation_id=organisation, identity_key__in=sorted(probe.person_keys)
        ).exclude(identity_key="")
        filters.append(Q(pk__in=parties.values("case_id")))
    if probe.persons:
        parties = Party.objects.filter(organisation_id=organisation, person__in=probe.persons)
        filters.append(Q(pk__in=parties.values("case_id")))
    return filters


def _outcome(case) -> str:
    if case.status == codes.Status.CLOSED:
        return str(codes.ClosureReason(case.closure_reason).label) if case.closure_reason else ""
    return str(codes.Status(case.status).label)


def _matching(membership, probe: Probe, case):
    """The member's candidate cases that match the probe, and the conditions by reason."""
    base = access.earlier_cases_for(membership, case)
    conditions = _conditions(probe)
    if not conditions or base.query.is_empty():
        return None, {}
    matched = Q()
    for condition in _filters(probe):
        matched |= condition
    candidates = _in_window(base.filter(organisation_id=probe.organisation_id), probe)
    return candidates.filter(matched), conditions


def find(membership, probe: Probe, *, case=None, answers=None, limit: int = LIMIT) -> Found:
    """The earlier cases ``membership`` may be shown for this intake, newest first, each with
    why it matched, whether the member may open it, and the answer already given (``answers``:
    the answers of this intake, rows with ``earlier_case`` and ``answer``). One query."""
    candidates, conditions = _matching(membership, probe, case)
    if candidates is None:
        return Found([])
    annotations = dict(conditions)
    annotations["can_open"] = Exists(access.cases_for(membership).filter(pk=OuterRef("pk")))
    annotations["given"] = (
        Subquery(answers.filter(earlier_case=OuterRef("pk")).values("answer")[:1])
        if answers is not None
        else Value("")
    )
    rows = list(
        candidates.annotate(**annotations)
        .only(
            "id",
            "reference",
            "opened_on",
            "closed_on",
            "status",
            "closure_reason",
            "stage_reached",
        )
        .order_by("-opened_on", "-reference")[: limit + 1]
    )
    return Found([_earlier(row, conditions) for row in rows[:limit]], more=len(rows) > limit)


def is_earlier(membership, probe: Probe, earlier_id, *, case=None) -> bool:
    """Whether ``earlier_id`` is one of the intake's earlier cases for this member."""
    candidates, _conditions_ = _matching(membership, probe, case)
    return candidates is not None and candidates.filter(pk=earlier_id).exists()


def _earlier(row, conditions) -> EarlierCase:
    return EarlierCase(
        pk=row.pk,
        reference=row.reference,
        opened_on=row.opened_on,
        closed_on=row.closed_on,
        is_closed=row.status == codes.Status.CLOSED,
        outcome=_outcome(row),
        stage=str(codes.Stage(row.stage_reached).label),
        reasons=[str(REASONS[name]) for name in conditions if getattr(row, name)],
        can_open=row.can_open,
        answer=row.given or "",
    )


def matches_for_probes(membership, probes: dict, *, day: dt.date) -> dict:
    """For a page of intakes of one day (``{key: Probe}``, none of them a case), the earlier
    cases each one has: ``{key: {case id, …}}``. Two queries whatever the page's length."""
    found = {key: set() for key in probes}
    probes = {key: probe for key, probe in probes.items() if not probe.is_empty}
    base = access.earlier_cases_for(membership)
    if not probes or base.query.is_empty():
        return found
    organisation = membership.organisation_id
    window = _in_window(base, Probe(organisation_id=organisation, day=day)).values("pk")
    rows = [
        (
            _key_rows(
                Household, "address_key", organisation, window, probes.values(), "address_keys"
            ),
            "address_keys",
        ),
        (
            _key_rows(Party, "identity_key", organisation, window, probes.values(), "person_keys"),
            "person_keys",
        ),
    ]
    for key, probe in probes.items():
        for by_case, keys in rows:
            found[key].update(
                case_id
                for case_id, case_keys in by_case.items()
                if case_keys & getattr(probe, keys)
            )
    return found


def _key_rows(model, column, organisation, window, probes, keys) -> dict:
    wanted = sorted(set().union(*(getattr(probe, keys) for probe in probes)))
    if not wanted:
        return {}
    rows = {}
    for case_id, key in model.objects.filter(
        organisation_id=organisation, case__in=window, **{f"{column}__in": wanted}
    ).values_list("case_id", column):
        rows.setdefault(case_id, set()).add(key)
    return rows
