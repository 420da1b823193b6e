"""The reports at scale: ``indicators.compute`` next to hand-written SQL doing the same work.

Two scopes over the last full calendar year of the bench dataset:

- *one service*: the service whose case count is nearest to 10,000 (its annual activity report),
  and the biggest service when that is another one;
- *the network*: every service of the dataset in one scope (the network-wide figures).

For each, the median of ``REPORT_REPEAT`` runs of ``indicators.compute(scope)`` (after a warm-up)
is set against the median of ``RawReport``: the same figures computed through
``connection.cursor()`` — same filters (the scope's services, the period in the service's time
zone), same aggregations (counts by code, rates' numerators and denominators, the delays fetched
as raw values and summarised in Python, the breakdowns with their names) — by a developer who
knows the schema and writes each aggregation once. Both results are compared figure by figure:
a baseline that does not give the same numbers is reported, as it would not measure the same
work. Times are printed, never asserted; the target is a ratio ≤ 2.
"""

import datetime as dt
import os
import statistics
import time
import uuid
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection
from django.db.models import Count
from django.utils import timezone

from palabre.cases import codes
from palabre.cases.models import (
    Case,
    CaseConflict,
    ContactAttempt,
    FollowUp,
    Household,
    InformationRequest,
    Interview,
    Meeting,
    Party,
)
from palabre.core.models import Commune, JournalEntry, Quartier
from palabre.organisations.models import Membership, Organisation, Role
from palabre.partners.models import Partner, Residence
from palabre.permanences.models import (
    Appointment,
    AppointmentState,
    BookingChannel,
    Duty,
    Occurrence,
    OccurrenceStatus,
    Permanence,
)
from palabre.reports import indicators
from palabre.reports.scope import Scope

REPORT_REPEAT = int(os.environ.get("PALABRE_BENCH_REPORT_REPEAT") or 5)
REPORT_WARMUP = 1
SERVICE_CASES = 10_000  # the annual report of a service of this size
RATIO_TARGET = 2.0  # compute() / its raw SQL (printed, never asserted)
AUDIT_SHARE_TARGET = 0.20  # disclosure control / building the report it protects

HELD = str(codes.AppointmentStatus.HELD)


def t(model):
    return f'"{model._meta.db_table}"'


def median_seconds(function, repeat=REPORT_REPEAT, warmup=REPORT_WARMUP):
    for _ in range(warmup):
        function()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


# --- The same figures by hand -----------------------------------------------------------------


def _spread(days):
    """Count, median and inclusive quartiles, as the report prints them."""
    if not days:
        return (0, None, None, None)
    if len(days) == 1:
        return (1, days[0], days[0], days[0])
    q1, _median, q3 = statistics.quantiles(days, n=4, method="inclusive")
    return (len(days), statistics.median(days), q1, q3)


class RawReport:
    """Every figure of ``indicators.compute`` for ``organisation_ids`` over [start, end], through
    ``connection.cursor()``; calling it runs the queries and returns ``comparable`` figures."""

    def __init__(self, organisation_ids, start, end, now):
        ops = connection.ops
        self.pg = connection.vendor == "postgresql"
        self.orgs = [
            Organisation._meta.pk.get_db_prep_value(pk, connection) for pk in organisation_ids
        ]
        self.org_in = ", ".join(["%s"] * len(self.orgs))
        zone = timezone.get_current_timezone()
        self.zone = zone
        self.start, self.end = start, end
        self.d_start, self.d_end = ops.adapt_datefield_value(start), ops.adapt_datefield_value(end)
        self.at_start = ops.adapt_datetimefield_value(
            dt.datetime.combine(start, dt.time.min, tzinfo=zone)
        )
        self.at_end = ops.adapt_datetimefield_value(
            dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
        )
        self.now = ops.adapt_datetimefield_value(now)

    # Helpers: the scope's cases, the period, local dates.

    def cases_where(self, alias="c"):
        return f"{alias}.organisation_id IN ({self.org_in})"

    def treated(self, alias="c"):
        return f"{alias}.opened_on <= %s AND ({alias}.closed_on IS NULL OR {alias}.closed_on >= %s)"

    def local_date(self, value):
        if value is None:
            return None
        if isinstance(value, str):  # SQLite: an aggregate of a datetime column comes back as text
            value = dt.datetime.fromisoformat(value)
        if value.tzinfo is None:  # SQLite stores UTC, naive
            value = value.replace(tzinfo=dt.UTC)
        return value.astimezone(self.zone).date()

    def __call__(self):
        with connection.cursor() as cursor:
            self.cursor = cursor
            figures = {}
            figures.update(self.volume())
            figures.update(self.process())
            figures.update(self.delays())
            figures.update(self.breakdowns())
            figures.update(self.permanences())
            figures.update(self.information_requests())
            figures.update(self.volunteers())
        return figures

    def rows(self, sql, params):
        self.cursor.execute(sql, params)
        return self.cursor.fetchall()

    # A. Volume.

    def volume(self):
        o, s, e = self.orgs, self.d_start, self.d_end
        new, treated, closed = self.rows(
            f"""SELECT COALESCE(SUM(CASE WHEN opened_on BETWEEN %s AND %s THEN 1 ELSE 0 END), 0),
                       COALESCE(SUM(CASE WHEN {self.treated("c")} THEN 1 ELSE 0 END), 0),
                       COALESCE(SUM(CASE WHEN closed_on BETWEEN %s AND %s THEN 1 ELSE 0 END), 0)
                FROM {t(Case)} c WHERE {self.cases_where()}""",
            [s, e, e, s, s, e, *o],
        )[0]
        parties = dict(
            self.rows(
                f"""SELECT p.role, COUNT(*) FROM {t(Party)} p JOIN {t(Case)} c ON c.id = p.case_id
                    WHERE {self.cases_where()} AND {self.treated()} GROUP BY p.role""",
                [*o, e, s],
            )
        )
        ((households,),) = self.rows(
            f"""SELECT COUNT(*) FROM {t(Household)} h JOIN {t(Case)} c ON c.id = h.case_id
                WHERE {self.cases_where()} AND {self.treated()}""",
            [*o, e, s],
        )
        interviews = dict(
            self.rows(
                f"""SELECT p.role, COUNT(*) FROM {t(Interview)} i
                    JOIN {t(Case)} c ON c.id = i.case_id JOIN {t(Party)} p ON p.id = i.party_id
                    WHERE {self.cases_where()} AND i.status = %s
                      AND i.scheduled_at >= %s AND i.scheduled_at < %s
                    GROUP BY p.role""",
                [*o, HELD, self.at_start, self.at_end],
            )
        )
        joint, shuttle, cases_with_joint = self.rows(
            f"""SELECT COALESCE(SUM(CASE WHEN m.kind = %s THEN 1 ELSE 0 END), 0),
                       COALESCE(SUM(CASE WHEN m.kind = %s THEN 1 ELSE 0 END), 0),
                       COUNT(DISTINCT CASE WHEN m.kind = %s THEN m.case_id END)
                FROM {t(Meeting)} m JOIN {t(Case)} c ON c.id = m.case_id
                WHERE {self.cases_where()} AND m.status = %s
                  AND m.scheduled_at >= %s AND m.scheduled_at < %s""",
            ["JOINT", "SHUTTLE", "JOINT", *o, HELD, self.at_start, self.at_end],
        )[0]
        return {
            "volume.new": new,
            "volume.treated": treated,
            "volume.closed": closed,
            "volume.persons": sum(parties.values()),
            "volume.requesters": parties.get("REQUESTER", 0),
            "volume.other_parties": parties.get("OTHER_PARTY", 0),
            "volume.households": households,
            "volume.interviews_requester": interviews.get("REQUESTER", 0),
            "volume.interviews_other_party": interviews.get("OTHER_PARTY", 0),
            "volume.interviews": sum(interviews.values()),
            "volume.joint_meetings": joint,
            "volume.shuttle_exchanges": shuttle,
            "volume.meetings_per_case": (joint, cases_with_joint),
        }

    # B. Process and results: one pass over the closed cases, grouped by stage and reason.

    def process(self):
        o = self.orgs
        # The other party accepted: an interview held with her, or a « yes » on contact unless the
        # case was closed on her refusal or as unreachable. She refused: not accepted, and a
        # « no » on contact or a closure on her refusal. So answered = accepted or a refusal.
        rows = self.rows(
            f"""SELECT stage_reached, closure_reason, COUNT(*),
                       SUM(CASE WHEN accepted THEN 1 ELSE 0 END),
                       SUM(CASE WHEN accepted OR refusal THEN 1 ELSE 0 END)
                FROM (
                  SELECT c.stage_reached, c.closure_reason,
                         (EXISTS (SELECT 1 FROM {t(Interview)} i
                                  JOIN {t(Party)} p ON p.id = i.party_id
                                  WHERE i.case_id = c.id AND i.status = %s AND p.role = %s)
                          OR (c.closure_reason NOT IN (%s, %s)
                              AND EXISTS (SELECT 1 FROM {t(ContactAttempt)} ca
                                          WHERE ca.case_id = c.id AND ca.result = %s))
                         ) AS accepted,
                         (c.closure_reason = %s
                          OR EXISTS (SELECT 1 FROM {t(ContactAttempt)} ca
                                     WHERE ca.case_id = c.id AND ca.result = %s)) AS refusal
                  FROM {t(Case)} c
                  WHERE {self.cases_where()} AND c.closed_on BETWEEN %s AND %s
                ) closed
                GROUP BY stage_reached, closure_reason""",
            [HELD, "OTHER_PARTY", "OTHER_PARTY_REFUSED", "OTHER_PARTY_UNREACHABLE", "ACCEPTED",
             "OTHER_PARTY_REFUSED", "REFUSED", *o, self.d_start, self.d_end],
        )  # fmt: skip
        met_stages = {"JOINT_MEETING_HELD", "FOLLOW_UP_DONE"}
        agreements = {"AGREEMENT_FULL", "AGREEMENT_PARTIAL"}
        stages, reasons = Counter(), Counter()
        closed = accepted = answered = met = agreed = agreed_after_meeting = 0
        for stage, reason, n, n_accepted, n_answered in rows:
            stages[stage] += n
            reasons[reason] += n
            closed += n
            accepted += n_accepted
            answered += n_answered
            met += n if stage in met_stages else 0
            agreed += n if reason in agreements else 0
            agreed_after_meeting += n if stage in met_stages and reason in agreements else 0
        funnel, reached = [], 0
        for stage in reversed(codes.STAGE_ORDER):
            reached += stages.get(str(stage), 0)
            funnel.append(reached)
        follow_ups = dict(
            self.rows(
                f"""SELECT f.result, COUNT(*) FROM {t(FollowUp)} f
                    JOIN {t(Case)} c ON c.id = f.case_id
                    WHERE {self.cases_where()} AND f.done_on BETWEEN %s AND %s
                    GROUP BY f.result""",
                [*o, self.d_start, self.d_end],
            )
        )
        return {
            "process.acceptance": (accepted, answered),
            "process.funnel": tuple(reversed(funnel)),
            "process.agreements_full": reasons.get("AGREEMENT_FULL", 0),
            "process.agreements_partial": reasons.get("AGREEMENT_PARTIAL", 0),
            "process.agreement_over_meetings": (agreed_after_meeting, met),
            "process.agreement_over_closed": (agreed, closed),
            "process.closure_reasons": {k or None: n for k, n in reasons.items()},
            "process.follow_up_results": {k or None: n for k, n in follow_ups.items()},
        }

    # Delays of the closed cases, net of suspended days: raw values fetched, summarised in Python.

    def delays(self):
        o = self.orgs
        closed = f"{self.cases_where()} AND c.closed_on BETWEEN %s AND %s"
        if self.pg:  # local days computed by the server
            first = "(MIN({col}) AT TIME ZONE %s)::date"
            day = "(j.occurred_at AT TIME ZONE %s)::date"
            days = "c.closed_on - c.opened_on - c.suspended_days"
            zone = [str(self.zone)]
        else:
            first, day, zone = "MIN({col})", "j.occurred_at", []
            days = "julianday(c.closed_on) - julianday(c.opened_on) - c.suspended_days"
        rows = self.rows(
            f"""SELECT c.id, c.opened_on, {days},
                  (SELECT {first.format(col="i.scheduled_at")} FROM {t(Interview)} i
                   WHERE i.case_id = c.id AND i.status = %s),
                  (SELECT {first.format(col="m.scheduled_at")} FROM {t(Meeting)} m
                   WHERE m.case_id = c.id AND m.status = %s AND m.kind = %s)
                FROM {t(Case)} c
                WHERE {closed}""",
            [*zone, HELD, *zone, HELD, "JOINT", *o, self.d_start, self.d_end],
        )
        # Suspension periods from the cases' journal: « suspendu » opens one (a second while
        # suspended changes nothing), « repris » or « clos » ends it; one never ended runs up to
        # the event measured. A case's entries are in its service: joined on the journal's
        # (organisation, subject) index from the closed cases.
        entries = self.rows(
            f"""SELECT c.id, j.verb, {day} FROM {t(Case)} c
                JOIN {t(JournalEntry)} j ON j.organisation_id = c.organisation_id
                  AND j.subject_kind = %s AND j.subject_id = c.id
                WHERE {closed} AND j.verb IN (%s, %s, %s)
                ORDER BY j.occurred_at, j.recorded_at""",
            [*zone, Case._meta.label_lower, *o, self.d_start, self.d_end,
             "suspended", "resumed", "closed"],
        )  # fmt: skip
        periods, since = {}, {}
        for case_id, verb, moment in entries:
            moment = moment if self.pg else self.local_date(moment)
            if verb == "suspended":
                since.setdefault(case_id, moment)
            elif case_id in since:
                periods.setdefault(case_id, []).append((since.pop(case_id), moment))
        for case_id, moment in since.items():
            periods.setdefault(case_id, []).append((moment, None))

        def net(opened_on, moment, suspended):
            day = moment if self.pg else self.local_date(moment)
            before = sum(max(0, (min(end or day, day) - begin).days) for begin, end in suspended)
            return max(0, (day - opened_on).days - before)

        to_interview, to_meeting, to_closure = [], [], []
        for case_id, opened_on, closure, interview, meeting in rows:
            to_closure.append(max(0, int(closure)))
            suspended = periods.get(case_id, ())
            if interview is not None:
                to_interview.append(net(opened_on, interview, suspended))
            if meeting is not None:
                to_meeting.append(net(opened_on, meeting, suspended))
        return {
            "delays.to_first_interview": _spread(to_interview),
            "delays.to_joint_meeting": _spread(to_meeting),
            "delays.to_closure": _spread(to_closure),
        }

    # C. Breakdowns of the new cases, each a GROUP BY (names joined for the named ones).

    def breakdowns(self):
        o, s, e = self.orgs, self.d_start, self.d_end
        new = f"{self.cases_where()} AND c.opened_on BETWEEN %s AND %s"
        figures = {}
        for dimension, model in (
            ("commune", Commune),
            ("quartier", Quartier),
            ("landlord", Partner),
            ("residence", Residence),
        ):
            rows = self.rows(
                f"""SELECT c.{dimension}_id, x.name, COUNT(*) FROM {t(Case)} c
                    LEFT JOIN {t(model)} x ON x.id = c.{dimension}_id
                    WHERE {new} GROUP BY c.{dimension}_id, x.name""",
                [*o, s, e],
            )
            figures[f"breakdowns.{dimension}"] = {(_id(pk), name): n for pk, name, n in rows}
        for dimension, column in (
            ("qpv", "is_qpv"),
            ("housing", "housing"),
            ("referral_source", "referral_source"),
            ("channel", "first_contact_channel"),
        ):
            rows = self.rows(
                f"SELECT c.{column}, COUNT(*) FROM {t(Case)} c WHERE {new} GROUP BY c.{column}",
                [*o, s, e],
            )
            figures[f"breakdowns.{dimension}"] = {
                (bool(code) if dimension == "qpv" else code or None): n for code, n in rows
            }
        figures["breakdowns.conflict"] = {
            code or None: n
            for code, n in self.rows(
                f"""SELECT cf.category, COUNT(*) FROM {t(CaseConflict)} cf
                    JOIN {t(Case)} c ON c.id = cf.case_id
                    WHERE {new} AND cf.is_primary = %s GROUP BY cf.category""",
                [*o, s, e, True],
            )
        }
        month = "to_char(c.opened_on, 'YYYY-MM')" if self.pg else "strftime('%%Y-%%m', c.opened_on)"
        figures["breakdowns.month"] = dict(
            self.rows(
                f"SELECT {month}, COUNT(*) FROM {t(Case)} c WHERE {new} GROUP BY {month}",
                [*o, s, e],
            )
        )
        return figures

    # A6. Permanences.

    def permanences(self):
        o = self.orgs
        held = f"""o.organisation_id IN ({self.org_in}) AND o.status = %s
                   AND o.starts_at >= %s AND o.starts_at < %s AND o.ends_at <= %s"""
        held_params = [*o, str(OccurrenceStatus.PLANNED), self.at_start, self.at_end, self.now]
        sessions = self.rows(
            f"""SELECT o.starts_at, o.ends_at, p.slot_minutes, p.venue_id, o.informed_count
                FROM {t(Occurrence)} o JOIN {t(Permanence)} p ON p.id = o.permanence_id
                WHERE {held}""",
            held_params,
        )
        states = Counter()
        walk_ins = 0
        for state, walk_in, n in self.rows(
            f"""SELECT a.state, a.channel = %s, COUNT(*) FROM {t(Appointment)} a
                JOIN {t(Occurrence)} o ON o.id = a.occurrence_id
                WHERE {held} GROUP BY a.state, a.channel = %s""",
            [str(BookingChannel.WALK_IN), *held_params, str(BookingChannel.WALK_IN)],
        ):
            if walk_in:
                walk_ins += n
            else:
                states[state] += n
        minutes = [(e - b).total_seconds() / 60 for b, e, *_rest in sessions]
        slots = sum(
            int(m // slot) for m, (_b, _e, slot, *_r) in zip(minutes, sessions, strict=True)
        )
        booked = sum(
            states[str(s)]
            for s in (AppointmentState.BOOKED, AppointmentState.CAME, AppointmentState.NO_SHOW)
        )
        came, no_show = states[str(AppointmentState.CAME)], states[str(AppointmentState.NO_SHOW)]
        return {
            "permanences.sessions": len(sessions),
            "permanences.hours": round(sum(minutes) / 60, 6),
            "permanences.venues": len({venue for *_r, venue, _i in sessions}),
            "permanences.slots": slots,
            "permanences.booked": booked,
            "permanences.came": came,
            "permanences.no_show": no_show,
            "permanences.walk_ins": walk_ins,
            "permanences.informed": sum(informed or 0 for *_r, informed in sessions),
        }

    def information_requests(self):
        ((count,),) = self.rows(
            f"""SELECT COUNT(*) FROM {t(InformationRequest)} r
                WHERE r.organisation_id IN ({self.org_in}) AND r.received_on BETWEEN %s AND %s""",
            [*self.orgs, self.d_start, self.d_end],
        )
        return {"information_requests": count}

    # D. Volunteers: the mediators present at an interview or meeting held in the period, with
    # its recorded duration, and those on duty at a session the permanences count, with its length.

    def volunteers(self):
        o, mediator = self.orgs, str(Role.MEDIATOR)
        present = " UNION ALL ".join(
            f"""SELECT tm.membership_id, x.duration_minutes FROM {t(model.mediators.through)} tm
                JOIN {t(model)} x ON x.id = tm.{model._meta.model_name}_id
                JOIN {t(Case)} c ON c.id = x.case_id
                JOIN {t(Membership)} m ON m.id = tm.membership_id
                WHERE {self.cases_where()} AND x.status = %s
                  AND x.scheduled_at >= %s AND x.scheduled_at < %s AND m.role = %s"""
            for model in (Interview, Meeting)
        )
        given = self.rows(
            f"""SELECT p.membership_id, SUM(p.duration_minutes) FROM ({present}) p
                GROUP BY p.membership_id""",
            [*o, HELD, self.at_start, self.at_end, mediator] * 2,
        )
        duties = self.rows(
            f"""SELECT d.mediator_id, o.starts_at, o.ends_at FROM {t(Duty)} d
                JOIN {t(Occurrence)} o ON o.id = d.occurrence_id
                JOIN {t(Membership)} m ON m.id = d.mediator_id
                WHERE o.organisation_id IN ({self.org_in}) AND o.status = %s
                  AND o.starts_at >= %s AND o.starts_at < %s AND o.ends_at <= %s AND m.role = %s""",
            [*o, str(OccurrenceStatus.PLANNED), self.at_start, self.at_end, self.now, mediator],
        )
        minutes = sum(n or 0 for _m, n in given)
        minutes += sum((e - b).total_seconds() / 60 for _m, b, e in duties)
        active = {m for m, _n in given} | {m for m, _b, _e in duties}
        return {
            "volunteers.active": len(active),
            "volunteers.hours": (Decimal(minutes) / 60).quantize(Decimal("0.1")),
        }


def comparable(figures):
    """``indicators.compute``'s result in the shape ``RawReport`` returns."""
    flat = {}
    for key, value in figures.volume.items():
        if key == "carried_over":
            continue
        flat[f"volume.{key}"] = (
            (value.numerator, value.denominator) if isinstance(value, indicators.Rate) else value
        )
    p = figures.process
    flat["process.acceptance"] = (p["acceptance"].numerator, p["acceptance"].denominator)
    flat["process.funnel"] = tuple(n for _code, _label, n in p["funnel"])
    flat["process.agreements_full"] = p["agreements_full"]
    flat["process.agreements_partial"] = p["agreements_partial"]
    for key in ("agreement_over_meetings", "agreement_over_closed"):
        flat[f"process.{key}"] = (p[key].numerator, p[key].denominator)
    for key in ("closure_reasons", "follow_up_results"):
        flat[f"process.{key}"] = {code or None: n for code, _label, n in p[key].rows}
    for key, spread in figures.delays.items():
        flat[f"delays.{key}"] = (spread.n, spread.median, spread.q1, spread.q3)
    for key, breakdown in figures.breakdowns.items():
        rows = breakdown.rows
        if key in ("commune", "quartier", "landlord", "residence"):
            flat[f"breakdowns.{key}"] = {(_id(code), label): n for code, label, n in rows}
        elif key == "qpv":
            flat[f"breakdowns.{key}"] = {bool(code): n for code, _label, n in rows}
        else:
            flat[f"breakdowns.{key}"] = {code or None: n for code, _label, n in rows}
    if figures.permanences is not None:
        for key, value in figures.permanences.items():
            if key in ("fill_rate", "no_show_rate"):
                continue
            flat[f"permanences.{key}"] = round(value, 6) if key == "hours" else value
    flat["information_requests"] = figures.information_requests
    flat["volunteers.active"] = figures.volunteers["active"]
    flat["volunteers.hours"] = figures.volunteers["hours"]
    return flat


def differences(library, raw):
    """Figures that differ, as « key: library ≠ raw » (names of unnamed rows are the library's
    « Non renseigné »-style labels, so named breakdowns compare their counts by id)."""
    found = []
    for key in sorted(set(library) | set(raw)):
        a, b = library.get(key), raw.get(key)
        if isinstance(a, dict) and isinstance(b, dict) and key.split(".")[-1] in (
            "commune", "quartier", "landlord", "residence",
        ):  # fmt: skip
            a = {pk: n for (pk, _name), n in a.items()}
            b = {pk: n for (pk, _name), n in b.items()}
        if a != b:
            found.append(f"{key}: {_short(a)} ≠ {_short(b)}")
    return found


def _id(value):
    """A primary key however the backend returns it (hex text on SQLite, uuid on PostgreSQL)."""
    return None if value is None else uuid.UUID(str(value))


def _short(value):
    text = repr(value)
    return text if len(text) < 80 else text[:77] + "…"


# --- The benchmark ----------------------------------------------------------------------------


@dataclass
class ReportRow:
    label: str
    cases: int = 0  # cases of the scope (all dates)
    organisations: int = 0
    library: float | None = None
    raw: float | None = None
    queries: int | None = None
    raw_queries: int | None = None
    note: str = ""
    problem: str = ""
    warning: str = ""
    share: bool = False  # library is a share of raw (added time), not a ratio to a baseline

    @property
    def ratio(self):
        return self.library / self.raw if self.library and self.raw else None


def count_queries(function):
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        function()
    return len(captured.captured_queries)


def bench_scope(label, organisation_ids, year, now):
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    scope = Scope(organisations=tuple(organisation_ids), start=start, end=end)
    row = ReportRow(label, organisations=len(organisation_ids))
    row.cases = Case.objects.filter(organisation_id__in=organisation_ids).count()
    raw = RawReport(organisation_ids, start, end, now)

    def library():
        return indicators.compute(scope, now=now)

    try:
        figures = library()
        raw_figures = raw()
    except Exception as error:  # an indicator being written, a schema change…
        row.problem = f"{type(error).__name__}: {error}".splitlines()[0][:160]
        return row
    found = differences(comparable(figures), raw_figures)
    if found:
        row.warning = (
            f"{label}: the raw SQL gives {len(found)} figure(s) the library does not "
            f"({'; '.join(found[:3])}): the baseline may not measure the same work."
        )
    row.queries = count_queries(library)
    row.raw_queries = count_queries(raw)
    v = figures.volume
    row.note = (
        f"{year}: {v['new']:,} new, {v['treated']:,} treated, {v['closed']:,} closed, "
        f"{v['interviews']:,} interviews, {v['joint_meetings']:,} joint meetings"
    )
    row.raw = median_seconds(raw)
    row.library = median_seconds(library)
    return row


def run(year=None, log=print):
    """Benchmarks the reports of the dataset in place; returns the rows (see ``report``)."""
    today = timezone.localdate()
    year = year or int(os.environ.get("PALABRE_BENCH_REPORT_YEAR") or today.year - 1)
    now = timezone.now()
    sizes = list(
        Case.objects.values_list("organisation_id")
        .annotate(n=Count("pk"))
        .order_by("-n", "organisation_id")
    )
    if not sizes:
        return [ReportRow("Reports", problem="no case in the bench database")]
    names = dict(Organisation.objects.values_list("pk", "name"))
    nearest = min(sizes, key=lambda row: (abs(row[1] - SERVICE_CASES), -row[1]))
    scopes = [("Annual report, one service", [nearest[0]])]
    if sizes[0][0] != nearest[0]:
        scopes.append(("Annual report, biggest service", [sizes[0][0]]))
    scopes.append(("Network-wide, all services", [pk for pk, _n in sizes]))
    log(
        f"Reports of {year} (indicators.compute, every section): « {names[nearest[0]]} », the "
        f"service nearest to {SERVICE_CASES:,} cases; the network = all {len(sizes)} services. "
        f"Medians of {REPORT_REPEAT} runs after {REPORT_WARMUP} warm-up."
    )
    rows = []
    for label, organisation_ids in scopes:
        rows.append(bench_scope(label, organisation_ids, year, now))
    # The biggest report, and the smallest service's, where most counts are small and the audit
    # has the most to do.
    rows.append(bench_disclosure("Disclosure control, biggest", [sizes[0][0]], year, now))
    rows.append(bench_disclosure("Disclosure control, smallest", [sizes[-1][0]], year, now))
    return rows


def bench_disclosure(label, organisation_ids, year, now):
    """A service's annual report, with the year before beside it: the time of its disclosure
    control (suppression and the audit's integer programs) against the time of building its
    tables, as a share (``AUDIT_SHARE_TARGET``)."""
    from palabre.reports.report import activity_tables
    from palabre.reports.suppression import narrow_cells, suppress

    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    scope = Scope(organisations=tuple(organisation_ids), start=start, end=end)
    row = ReportRow(label, organisations=len(organisation_ids), share=True)
    row.cases = Case.objects.filter(organisation_id__in=organisation_ids).count()

    def build():
        figures = indicators.compute(scope, now=now)
        previous = indicators.compute(scope.previous_year(), now=now)
        return activity_tables(figures, previous)

    tables = build()
    hidden = suppress(tables)
    narrow = narrow_cells(hidden)
    cells = sum(1 for t in hidden for r in t.rows for c in r if c is not None and str(c) == "< 5")
    row.note = f"{year}: {len(tables)} tables, {cells} hidden cells, {len(narrow)} narrow after"
    if narrow:
        row.problem = f"{len(narrow)} hidden cell(s) narrower than the protection width"
    row.raw = median_seconds(build)
    row.library = median_seconds(lambda: suppress(tables))
    row.queries = row.raw_queries = 0
    return row


def report(rows):
    def ms(seconds):
        return f"{seconds * 1000:9.1f}" if seconds is not None else "        –"

    print()
    header = (
        f"{'Report':<32} {'cases':>9} {'library ms':>10} {'raw ms':>9} {'ratio':>7}  "
        f"{'queries lib/raw':>15}  target"
    )
    print(header)
    print("-" * (len(header) + 16))
    for row in rows:
        if row.problem:
            print(f"{row.label:<32} NOT MEASURED — {row.problem}")
            continue
        if row.share:
            met = "ok" if row.ratio <= AUDIT_SHARE_TARGET else "not met"
            print(
                f"{row.label:<32} {row.cases:>9,} {ms(row.library)} {ms(row.raw)} "
                f"{row.ratio:6.0%}   audit / building the report ≤ {AUDIT_SHARE_TARGET:.0%}: {met}"
            )
            print(f"{'':<32} ({row.note})")
            continue
        met = "ok" if row.ratio <= RATIO_TARGET else "not met"
        print(
            f"{row.label:<32} {row.cases:>9,} {ms(row.library)} {ms(row.raw)} {row.ratio:6.2f}×"
            f"  {row.queries:>7} / {row.raw_queries:<5}  ratio ≤ {RATIO_TARGET:g}×: {met}"
        )
        print(f"{'':<32} ({row.note})")
    for row in rows:
        if row.warning:
            print(f"Warning — {row.warning}")
