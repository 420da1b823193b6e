"""``make bench``: the case list and the case page at scale, as ratios to the raw SQL.

For each page, the script times N requests through ``django.test.Client`` (whole stack:
middleware, session, view, template) after a warm-up and reports the median, next to the median
of hand-written SQL run through ``connection.cursor()`` that reads the same rows; it counts the
queries each request issues (``CaptureQueriesContext``) in the biggest and in the smallest
service; « Aujourd'hui » too, and for each page its floor (bench/floor.py: a bare view running
the raw SQL and rendering the same rows with a plain template, timed in turns with the page).
Then the reports (bench/reports.py): ``indicators.compute`` for a service's year and for
the whole network, against hand-written SQL computing the same figures. Then field work
(bench/fieldwork.py): a large night service's field figures against their hand-written SQL, and
the quick-entry page during a shift (clock fixed inside a seeded shift). Then encryption at rest
(bench/encryption.py): the case list and the case page with the service's statements sealed, as
ratios to the same pages over the same rows in plain text. Then the REST API (bench/api.py): the
paginated list of cases with a real token, against the raw SQL of the same page of rows. It never
asserts a time; it exits with 1 when a query-count target is missed or a page or a report cannot
be measured. ``PALABRE_BENCH_ONLY=pages``, ``=reports``, ``=field``, ``=encryption`` or ``=api``
(or several, comma-separated) runs those parts only. See bench/README.md.
"""

import os
import platform
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.seed_scale import ensure_dataset, scale_from_env, settings_for_bench  # noqa: E402

settings_for_bench()

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

call_command("collectstatic", interactive=False, verbosity=0)  # pages link hashed static files

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402
from django.utils.http import urlencode  # noqa: E402

from palabre.accounts.models import User  # noqa: E402
from palabre.cases import codes  # noqa: E402
from palabre.cases.models import (  # noqa: E402
    Agreement,
    Case,
    CaseAssignment,
    CaseConflict,
    ConsentRecord,
    ContactAttempt,
    FollowUp,
    Household,
    Interview,
    Meeting,
    Party,
    PrivateNote,
)
from palabre.core.models import Commune, JournalEntry, Quartier  # noqa: E402
from palabre.core.text import normalise  # noqa: E402
from palabre.organisations.models import Membership  # noqa: E402

try:
    from palabre.organisations.middleware import SESSION_KEY
except ImportError:  # pragma: no cover - the key the middleware has always used
    SESSION_KEY = "palabre_membership_id"

QUERY_TARGET = 12  # per page, any data size (exit code 1)
FIELD_QUERY_TARGET = 12  # the quick-entry page, whatever the size of the service (exit code 1)
SQL_RATIO_TARGET = 1.5  # the page's SQL / the raw SQL of the same rows (printed, never asserted)
FLOOR_RATIO_TARGET = 2.0  # the page / its floor, a bare view over the same rows (printed)
SEARCH = "Guég"  # a surname fragment: « Guégan », « Guéguen » (accents ignored)
FILTER_STATUS = codes.Status.CONTACTING_OTHER_PARTY
REPEAT = int(os.environ.get("PALABRE_BENCH_REPEAT") or 20)
WARMUP = int(os.environ.get("PALABRE_BENCH_WARMUP") or 3)
INSTRUMENTED = 5  # requests whose SQL time is summed (kept apart from the timed ones)
SHOW_QUERIES = os.environ.get("PALABRE_BENCH_SHOW_QUERIES") == "1"
PARTS = ("pages", "reports", "field", "encryption", "api")
# "pages", "reports", "field", "encryption", "api" or several, comma-separated; all when empty.
ONLY = {part.strip() for part in (os.environ.get("PALABRE_BENCH_ONLY") or "").split(",")} - {""}
if ONLY - set(PARTS):
    raise SystemExit(f"PALABRE_BENCH_ONLY: {', '.join(sorted(ONLY - set(PARTS)))}? "
                     f"Expected one or more of {', '.join(PARTS)}, comma-separated.")  # fmt: skip


def wanted(part):
    return not ONLY or part in ONLY


def table(model):
    return f'"{model._meta.db_table}"'


def db_id(value):
    """A primary key as the backend stores it (hex string on SQLite, uuid on PostgreSQL)."""
    return Case._meta.pk.get_db_prep_value(value, connection)


def median_seconds(function, repeat=REPEAT, warmup=WARMUP):
    for _ in range(warmup):
        function()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


# --- The raw SQL doing the same reads ---------------------------------------------------------


def raw_case_list(organisation_id, status=None, q=""):
    """The count and the first page of rows, with the columns the list shows: commune and quartier
    names, the primary conflict, the origin, and the active mediators of the page's cases (a
    second statement), filtered and sorted as the list does by default (most recent first)."""
    where, params = ["c.organisation_id = %s"], [db_id(organisation_id)]
    if status:
        where.append("c.status = %s")
        params.append(str(status))
    for word in normalise(q).split():
        where.append("c.search_text LIKE %s")
        params.append(f"%{word}%")
    condition = " AND ".join(where)

    def run():
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM {table(Case)} c WHERE {condition}", params)
            (count,) = cursor.fetchone()
            cursor.execute(
                f"""
                SELECT c.id, c.reference, c.status, c.stage_reached, c.opened_on, c.is_qpv,
                       co.name, qu.name, cf.category, cf.subcategory, c.referral_source
                FROM {table(Case)} c
                LEFT JOIN {table(Commune)} co ON co.id = c.commune_id
                LEFT JOIN {table(Quartier)} qu ON qu.id = c.quartier_id
                LEFT JOIN {table(CaseConflict)} cf ON cf.case_id = c.id AND cf.is_primary = %s
                WHERE {condition}
                ORDER BY c.opened_on DESC, c.reference DESC
                LIMIT %s
                """,
                [True, *params, settings.PALABRE_PAGE_SIZE],
            )
            rows = cursor.fetchall()
            mediators = {}
            if rows:
                cursor.execute(
                    f"""
                    SELECT a.case_id, u.first_name, u.last_name
                    FROM {table(CaseAssignment)} a
                    JOIN {table(Membership)} m ON m.id = a.membership_id
                    JOIN {table(User)} u ON u.id = m.user_id
                    WHERE a.ended_at IS NULL AND a.case_id IN ({", ".join(["%s"] * len(rows))})
                    ORDER BY a.assigned_on, a.created_at
                    """,
                    [row[0] for row in rows],
                )
                for case_id, first_name, last_name in cursor.fetchall():
                    mediators.setdefault(case_id, []).append(f"{first_name} {last_name}")
            return count, rows, mediators

    return run


def raw_case_page(organisation_id, case_id):
    """The case row (territory, coordination, agreement), its parties with their households, its
    conflicts, active mediators, events (interviews, contact attempts, meetings, consents,
    follow-ups), private notes (the coordination sees them) and Journal."""
    org, case = db_id(organisation_id), db_id(case_id)
    user, membership = table(User), table(Membership)
    statements = [
        (
            f"""SELECT c.*, co.name, qu.name, u.first_name, u.last_name,
                       ag.reached_on, ag.form, ag.scope
                FROM {table(Case)} c
                LEFT JOIN {table(Commune)} co ON co.id = c.commune_id
                LEFT JOIN {table(Quartier)} qu ON qu.id = c.quartier_id
                LEFT JOIN {membership} m ON m.id = c.coordinator_id
                LEFT JOIN {user} u ON u.id = m.user_id
                LEFT JOIN {table(Agreement)} ag ON ag.case_id = c.id
                WHERE c.id = %s AND c.organisation_id = %s""",
            [case, org],
        ),
        (
            f"""SELECT p.*, h.address, h.size FROM {table(Party)} p
                LEFT JOIN {table(Household)} h ON h.id = p.household_id
                WHERE p.case_id = %s ORDER BY p.role, p.created_at""",
            [case],
        ),
        (
            f"""SELECT category, subcategory, is_primary FROM {table(CaseConflict)}
                WHERE case_id = %s ORDER BY is_primary DESC, category""",
            [case],
        ),
        (
            f"""SELECT a.assigned_on, u.first_name, u.last_name FROM {table(CaseAssignment)} a
                JOIN {membership} m ON m.id = a.membership_id JOIN {user} u ON u.id = m.user_id
                WHERE a.case_id = %s AND a.ended_at IS NULL ORDER BY a.assigned_on""",
            [case],
        ),
        (
            f"""SELECT 'interview', scheduled_at, CAST(NULL AS date), status, party_id
                  FROM {table(Interview)} WHERE case_id = %s
                UNION ALL SELECT 'attempt', NULL, attempted_on, result, party_id
                  FROM {table(ContactAttempt)} WHERE case_id = %s
                UNION ALL SELECT 'meeting', scheduled_at, NULL, status, NULL
                  FROM {table(Meeting)} WHERE case_id = %s
                UNION ALL SELECT 'consent', NULL, given_on, kind, party_id
                  FROM {table(ConsentRecord)} WHERE case_id = %s
                UNION ALL SELECT 'follow_up', NULL, due_on, result, NULL
                  FROM {table(FollowUp)} WHERE case_id = %s""",
            [case] * 5,
        ),
        (
            f"""SELECT n.created_at, n.text, u.first_name, u.last_name
                FROM {table(PrivateNote)} n LEFT JOIN {user} u ON u.id = n.author_id
                WHERE n.case_id = %s AND n.organisation_id = %s ORDER BY n.created_at DESC""",
            [case, org],
        ),
        (
            f"""SELECT j.occurred_at, j.verb, j.summary, u.first_name, u.last_name
                FROM {table(JournalEntry)} j LEFT JOIN {user} u ON u.id = j.actor_id
                WHERE j.organisation_id = %s AND j.subject_kind = %s AND j.subject_id = %s
                ORDER BY j.occurred_at DESC, j.recorded_at DESC""",
            [org, Case._meta.label_lower, case],
        ),
    ]

    statements += _raw_case_panels(organisation_id, case_id)

    def run():
        with connection.cursor() as cursor:
            results = []
            for sql, params in statements:
                cursor.execute(sql, params)
                results.append(cursor.fetchall())
            return results

    return run


def _raw_case_panels(organisation_id, case_id):
    """What the page's panels read: the service's earlier cases sharing an address or a person
    with the case (the keys computed once, as the page computes them), its invitations and its
    permanence appointments."""
    from palabre.cases import earlier_lookup
    from palabre.cases.invitations import Invitation
    from palabre.cases.models import Household
    from palabre.permanences.models import Appointment, AppointmentState

    case = Case.objects.prefetch_related("parties__household").get(pk=case_id)
    probe = earlier_lookup.probe_for_case(case)
    org, case_id = db_id(organisation_id), db_id(case_id)
    matches, match_params = [], []
    for model, column, keys in (
        (Household, "address_key", probe.address_keys),
        (Party, "identity_key", probe.person_keys),
    ):
        if keys:
            marks = ", ".join(["%s"] * len(keys))
            matches.append(
                f"c.id IN (SELECT case_id FROM {table(model)} WHERE organisation_id = %s "
                f"AND {column} IN ({marks}) AND NOT ({column} = ''))"
            )
            match_params += [org, *sorted(keys)]
    statements = []
    if matches:
        statements.append(
            (
                f"""SELECT c.id, c.reference, c.opened_on, c.closed_on, c.status,
                           c.closure_reason, c.stage_reached
                    FROM {table(Case)} c
                    WHERE c.organisation_id = %s AND c.anonymised_at IS NULL
                      AND c.opened_on <= %s AND (c.closed_on IS NULL OR c.closed_on >= %s)
                      AND c.id <> %s AND ({" OR ".join(matches)})
                    ORDER BY c.opened_on DESC, c.reference DESC LIMIT %s""",
                [
                    org,
                    probe.day,
                    earlier_lookup.window_start(probe.day),
                    case_id,
                    *match_params,
                    earlier_lookup.LIMIT + 1,
                ],
            )
        )
    statements += [
        (f"SELECT * FROM {table(Invitation)} WHERE case_id = %s", [case_id]),
        (
            f"SELECT * FROM {table(Appointment)} WHERE case_id = %s AND state <> %s",
            [case_id, AppointmentState.EXPIRED],
        ),
    ]
    return statements


# --- Requests through the whole stack ----------------------------------------------------------


def client_for(membership):
    client = Client()
    client.force_login(membership.user)
    session = client.session
    session[SESSION_KEY] = str(membership.pk)
    session.save()
    return client


def instrumented_get(client, url):
    """One request with its queries captured and the time spent in SQL summed."""
    spent = [0.0]

    def timer(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            spent[0] += time.perf_counter() - started

    with CaptureQueriesContext(connection) as captured, connection.execute_wrapper(timer):
        response = client.get(url, secure=True)
    return response, captured.captured_queries, spent[0]


class NotMeasured(Exception):
    pass


def probe(client, url):
    """The page must answer 200; returns (response, queries, median SQL seconds)."""
    try:
        runs = [instrumented_get(client, url) for _ in range(INSTRUMENTED)]
    except Exception as error:  # a view still being written, a template error…
        message = f"{type(error).__name__}: {error}".splitlines()[0]
        raise NotMeasured(message[:160]) from error
    response, queries, _spent = runs[-1]
    if response.status_code != 200:
        raise NotMeasured(f"HTTP {response.status_code}")
    return response, queries, statistics.median(spent for *_rest, spent in runs)


@dataclass
class Row:
    label: str
    view: float | None = None
    raw: float | None = None
    sql_in_view: float | None = None
    queries: int | None = None
    queries_small: int | None = None
    ratio_target: float | None = None
    floor: float | None = None  # the bare view over the same rows (bench/floor.py)
    note: str = ""
    problem: str = ""  # why the page could not be measured
    warning: str = ""

    @property
    def ratio(self):
        return self.view / self.raw if self.view and self.raw else None

    @property
    def sql_ratio(self):
        return self.sql_in_view / self.raw if self.sql_in_view and self.raw else None

    @property
    def floor_ratio(self):
        return self.view / self.floor if self.view and self.floor else None


def paired_medians(first, second, repeat=REPEAT, warmup=WARMUP):
    """Both medians, the two functions taking turns: a machine slowing down weighs on both."""
    for _ in range(warmup):
        first()
        second()
    samples = ([], [])
    for turn in range(repeat):
        for index in (0, 1) if turn % 2 == 0 else (1, 0):
            started = time.perf_counter()
            (first, second)[index]()
            samples[index].append(time.perf_counter() - started)
    return statistics.median(samples[0]), statistics.median(samples[1])


def bench_page(label, big, small, raw, shows, ratio_target=None, floor_url=None):
    """``big`` and ``small``: (client, url) in the biggest and the smallest service; ``raw``: the
    baseline for the big one; ``shows``: texts the page must contain (the rows the SQL read);
    ``floor_url``: the bare view over the same rows, timed in turns with the page."""
    row = Row(label, ratio_target=ratio_target)
    client, url = big
    try:
        response, queries, row.sql_in_view = probe(client, url)
        row.queries = len(queries)
        row.queries_small = len(probe(*small)[1])
    except NotMeasured as problem:
        row.problem = str(problem)
        return row
    page = response.content.decode()
    missing = [text for text in shows if text not in page]
    if missing:
        row.warning = (
            f"{label}: the page does not show {len(missing)} of the {len(shows)} rows the raw "
            f"SQL read (e.g. {missing[0]}): the baseline may not match the page."
        )
    if SHOW_QUERIES:
        print(f"\n--- {label}: {len(queries)} queries ---")
        for query in queries:
            print(f"  {query['sql'][:400]}")
    row.raw = median_seconds(raw)
    if floor_url is None:
        row.view = median_seconds(lambda: client.get(url, secure=True))
    else:
        row.view, row.floor = paired_medians(
            lambda: client.get(url, secure=True), lambda: client.get(floor_url, secure=True)
        )
    return row


def list_url(**params):
    return f"{reverse('cases:list')}?{urlencode(params)}" if params else reverse("cases:list")


def main():
    # Production-like rendering: no template debug data, no query log outside the probes.
    settings.DEBUG = False
    if "testserver" not in settings.ALLOWED_HOSTS and "*" not in settings.ALLOWED_HOSTS:
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    failed = []
    if wanted("pages") or wanted("reports") or wanted("encryption") or wanted("api"):
        n_cases, n_orgs = scale_from_env(connection.vendor)
        force = os.environ.get("PALABRE_BENCH_RESEED") == "1"
        dataset = ensure_dataset(n_cases, n_orgs, force=force)
        print_engine()
        seconds = dataset.seconds
        seeded = "dataset reused" if seconds is None else f"seeded in {seconds:.0f} s"
        print(f"Dataset: {n_cases:,} cases across {n_orgs} organisations ({seeded}).")
        if wanted("pages"):
            failed += bench_pages(dataset)
        if wanted("reports"):
            failed += bench_reports()
    if wanted("field"):
        failed += bench_field(migrate=not (wanted("pages") or wanted("reports")))
    if wanted("encryption"):
        failed += bench_encryption(dataset)
    if wanted("api"):
        failed += bench_api(dataset)
    return finish(failed)


def print_engine():
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            engine = f"PostgreSQL {cursor.fetchone()[0].split()[0]}"
        else:
            cursor.execute("SELECT sqlite_version()")
            engine = f"SQLite {cursor.fetchone()[0]}"
    print()
    print(f"Palabre benchmark — {engine}, Python {platform.python_version()}, "
          f"Django {django.get_version()}, {os.cpu_count()} CPU")  # fmt: skip


def bench_pages(dataset):
    from bench import floor

    big, small = dataset.coordinator, dataset.small_coordinator
    big_cases = Case.objects.filter(organisation_id=big.organisation_id).count()
    small_cases = Case.objects.filter(organisation_id=small.organisation_id).count()
    small_case = (
        Case.objects.filter(organisation_id=small.organisation_id)
        .order_by("-opened_on", "-reference")
        .first()
    )
    big_client, small_client = client_for(big), client_for(small)
    print(
        f"Requests as the coordinator of « {dataset.organisation.name} » ({big_cases:,} cases); "
        f"query counts also in the smallest service ({small_cases:,} cases)."
    )
    print(
        f"Medians of {REPEAT} runs after {WARMUP} warm-up (time.perf_counter); raw SQL = the "
        "same reads by hand through connection.cursor(); floor = a bare view running that SQL "
        "and rendering the same rows with a plain template, through the same client and "
        "middleware, timed in turns with the page."
    )
    empty_url = floor.install()
    stack = median_seconds(lambda: big_client.get(empty_url, secure=True))
    rows = []
    scenarios = [
        ("Case list, status + search", {"status": FILTER_STATUS, "q": SEARCH}, FILTER_STATUS,
         SEARCH),
        ("Case list, search only", {"q": SEARCH}, None, SEARCH),
        ("Case list, no filter", {}, None, ""),
    ]  # fmt: skip
    for index, (label, params, status, q) in enumerate(scenarios):
        raw = raw_case_list(big.organisation_id, status=status, q=q)
        count, page_rows, _mediators = raw()
        pages = -(-count // settings.PALABRE_PAGE_SIZE)
        row = bench_page(
            label,
            (big_client, list_url(**params)),
            (small_client, list_url(**params)),
            raw,
            shows=[r[1] for r in page_rows],
            floor_url=floor.register(
                f"liste-{index}", raw, floor.LIST_TEMPLATE, floor.list_context()
            ),
        )
        row.note = f"{count:,} cases, {pages:,} page(s)"
        rows.append(row)
    showcase = Case.objects.get(pk=dataset.showcase_id)
    raw = raw_case_page(big.organisation_id, showcase.pk)
    events = sum(len(result) for result in raw()[1:])
    row = bench_page(
        "Case page (full history)",
        (big_client, reverse("cases:detail", args=[showcase.pk])),
        (small_client, reverse("cases:detail", args=[small_case.pk])),
        raw,
        shows=[showcase.reference],
        floor_url=floor.register("dossier", raw, floor.CASE_TEMPLATE, floor.case_context),
    )
    row.note = f"{showcase.reference}, {events} related rows"
    rows.append(row)
    day = timezone.localdate()
    raw = floor.raw_today(dataset.organisation, day)
    result = raw()
    row = bench_page(
        "« Aujourd'hui »",
        (big_client, reverse("cases:today")),
        (small_client, reverse("cases:today")),
        raw,
        shows=[line[1] for line in result[4]],  # the new cases to qualify
        floor_url=floor.register("aujourdhui", raw, floor.TODAY_TEMPLATE, floor.today_context(day)),
    )
    row.note = f"{sum(len(lines) for lines in result)} rows read by hand"
    rows.append(row)

    report_pages(rows, stack)
    failed = [r for r in rows if r.problem or max(r.queries, r.queries_small) > QUERY_TARGET]
    print()
    if not failed:
        print(f"All pages within {QUERY_TARGET} queries (times are reported, never asserted).")
    return failed


def report_pages(rows, stack):
    def ms(seconds):
        return f"{seconds * 1000:7.1f}" if seconds is not None else "      –"

    def times(ratio):
        return f"{ratio:6.2f}×" if ratio is not None else "      –"

    print()
    header = (
        f"{'Page':<28} {'page ms':>7} {'SQL ms':>7} {'raw ms':>7} {'SQL/raw':>7} "
        f"{'floor':>7} {'pg/floor':>8}  {'queries big/small':>17}  targets"
    )
    print(header)
    print("-" * (len(header) + 50))
    for row in rows:
        if row.problem:
            print(f"{row.label:<28} NOT MEASURED — {row.problem}")
            continue
        met = max(row.queries, row.queries_small) <= QUERY_TARGET
        targets = [
            f"queries ≤ {QUERY_TARGET}: " + ("ok" if met else "MISSED"),
            f"SQL ≤ {SQL_RATIO_TARGET:g}× raw: "
            + ("ok" if row.sql_ratio and row.sql_ratio <= SQL_RATIO_TARGET else "not met"),
            f"page ≤ {FLOOR_RATIO_TARGET:g}× floor: "
            + ("ok" if row.floor_ratio and row.floor_ratio <= FLOOR_RATIO_TARGET else "not met"),
        ]
        print(
            f"{row.label:<28} {ms(row.view)} {ms(row.sql_in_view)} {ms(row.raw)} "
            f"{times(row.sql_ratio)} {ms(row.floor)} {times(row.floor_ratio):>8}  "
            f"{row.queries:>8} / {row.queries_small:<6}  {'; '.join(targets)}"
        )
        print(f"{'':<28} ({row.note}; page / raw SQL {row.ratio:.1f}×)")
    print(
        f"The stack alone (an empty response through the client and the middleware): "
        f"{stack * 1000:.1f} ms."
    )
    for row in rows:
        if row.warning:
            print(f"Warning — {row.warning}")


def bench_encryption(dataset):
    """The case list and the case page, the service's statements sealed or in plain text."""
    from bench import encryption

    showcase = Case.objects.get(pk=dataset.showcase_id)
    pages = [
        ("Case list, no filter", list_url(), ""),
        ("Case page (full history)", reverse("cases:detail", args=[showcase.pk]),
         "Entretien individuel n° 1 "),
    ]  # fmt: skip
    rows = encryption.run(
        dataset.organisation, showcase, client_for(dataset.coordinator), pages,
        author_id=dataset.coordinator.user_id, repeat=REPEAT, warmup=WARMUP,
    )  # fmt: skip
    return [row for row in rows if row.problem]


def bench_api(dataset):
    """The API's paginated list of cases, in the biggest and the smallest service."""
    from bench import api

    big, small = dataset.coordinator, dataset.small_coordinator
    # One token makes every request of the bench: the per-minute limit is lifted for it.
    settings.PALABRE_API_REQUESTS_PER_MINUTE = 1_000_000
    big_client, small_client = api.client_with_token(big), api.client_with_token(small)
    print()
    print(
        f"REST API as the coordinator of « {dataset.organisation.name} », with a token covering "
        f"the cases (GET {api.PATH}); query counts also in the smallest service. Medians of "
        f"{REPEAT} runs after {WARMUP} warm-up; raw SQL = the count and the same page of rows; "
        "the ratio's target is read against the whole request by hand (docs/adr/0040)."
    )
    rows = []
    for label, offset, limit in api.PAGES:
        raw = api.raw_case_page(big.organisation_id, offset, limit)
        count, page_rows = raw()
        row = bench_page(
            label,
            (big_client, api.url(offset, limit)),
            (small_client, api.url(0, limit)),
            raw,
            shows=[f'"{r[1]}"' for r in page_rows],
        )
        row.note = f"{len(page_rows)} of {count:,} cases from offset {offset:,}"
        if row.view:
            # The target is read against the same request written by hand (docs/adr/0040).
            whole = median_seconds(api.raw_request(big_client.token, big, offset, limit))
            ratio = row.view / whole
            met = "ok" if ratio <= api.RATIO_TARGET else "not met"
            row.note += (
                f"; by hand with the token, its counter and the access log: "
                f"{whole * 1000:.1f} ms, {ratio:.1f}× (target ≤ {api.RATIO_TARGET:g}×: {met})"
            )
        rows.append(row)
    report(rows, target=api.QUERY_TARGET)
    failed = [r for r in rows if r.problem or max(r.queries, r.queries_small) > api.QUERY_TARGET]
    print()
    if not failed:
        print(f"The API's case list within {api.QUERY_TARGET} queries a request.")
    return failed


def bench_reports():
    from bench import reports

    print()
    rows = reports.run()
    reports.report(rows)
    return [r for r in rows if r.problem]


# --- Field work: the night service's figures and the quick-entry page -------------------------


def bench_field(migrate):
    """The field figures of a large night service against their raw SQL, then the quick-entry
    page during one of its shifts, the clock fixed inside it."""

    from bench import fieldwork
    from bench.reports import REPORT_REPEAT, REPORT_WARMUP

    year = int(os.environ.get("PALABRE_BENCH_REPORT_YEAR") or timezone.localdate().year - 1)
    service = fieldwork.ensure_night_service(
        year, force=fieldwork.reseed_requested(), migrate=migrate
    )
    if migrate:
        print_engine()
    seeded = "reused" if service.seconds is None else f"seeded in {service.seconds:.0f} s"
    print()
    print(
        f"Field work: « {service.organisation.name} », {service.teams} teams, a shift each every "
        f"evening from {service.first} to {service.last}, {service.interventions:,} "
        f"interventions in all ({seeded})."
    )
    print(
        f"Field figures of {year} (fieldwork.compute) against the same figures by hand "
        f"(RawField); medians of {REPORT_REPEAT} runs after {REPORT_WARMUP} warm-up."
    )
    figures = fieldwork.bench_figures(
        service, year, timezone.now(), REPORT_REPEAT, REPORT_WARMUP, show_queries=SHOW_QUERIES
    )
    fieldwork.report_figures(figures)

    moment = fieldwork.moment_in_a_shift(service)
    shift, correspondent = moment.shift, moment.correspondent
    name = correspondent.user.get_full_name() or correspondent.user.email
    print()
    print(
        f"Quick entry, clock fixed at {fieldwork.paris(moment.at):%Y-%m-%d %H:%M} (Paris), during "
        f"the shift of « {shift.team.name} » of {shift.date} ({moment.running} shifts of the "
        f"service running); medians of {REPEAT} runs after {WARMUP} warm-up."
    )
    logged = shift.interventions.count()
    entry, shift_entry = reverse("field:entry"), reverse("field:shift_entry", args=[shift.pk])
    scenarios = [
        (f"Quick entry, correspondent ({name})", correspondent, entry,
         [shift_entry, f"{logged} interventions sur la tournée"]),
        ("Quick entry, coordination (chooser)", service.coordinator, entry, [shift_entry]),
        ("Quick entry, coordination (a shift)", service.coordinator, shift_entry,
         [f"{logged} interventions sur la tournée"]),
    ]  # fmt: skip
    rows = []
    with fieldwork.clock_at(moment.at):
        for label, membership, url, shows in scenarios:
            rows.append(bench_view(label, client_for(membership), url, shows))
    report_views(rows, FIELD_QUERY_TARGET)
    failed = [r for r in rows if r.problem or r.queries > FIELD_QUERY_TARGET]
    if not failed:
        print()
        print(
            f"Quick entry within {FIELD_QUERY_TARGET} queries (times are reported, never asserted)."
        )
    return failed + ([figures] if figures.problem else [])


def bench_view(label, client, url, shows):
    """One page, no raw baseline: its queries, the SQL time inside it, its median time."""
    row = Row(label)
    try:
        response, queries, row.sql_in_view = probe(client, url)
    except NotMeasured as problem:
        row.problem = str(problem)
        return row
    row.queries = len(queries)
    page = response.content.decode()
    missing = [text for text in shows if text not in page]
    if missing:
        row.warning = f"{label}: the page does not show « {missing[0]} »."
    if SHOW_QUERIES:
        print(f"\n--- {label}: {len(queries)} queries ---")
        for query in queries:
            print(f"  {float(query['time']) * 1000:6.1f} ms  {query['sql'][:400]}")
    row.view = median_seconds(lambda: client.get(url, secure=True))
    row.note = url
    return row


def report_views(rows, target):
    print()
    header = f"{'Page':<44} {'view ms':>8} {'SQL in view':>11}  {'queries':>7}  target"
    print(header)
    print("-" * (len(header) + 20))
    for row in rows:
        if row.problem:
            print(f"{row.label:<44} NOT MEASURED — {row.problem}")
            continue
        met = "ok" if row.queries <= target else "MISSED"
        print(
            f"{row.label:<44} {row.view * 1000:8.1f} {row.sql_in_view * 1000:8.1f} ms  "
            f"{row.queries:>7}  queries ≤ {target}: {met}"
        )
        print(f"{'':<44} ({row.note})")
    for row in rows:
        if row.warning:
            print(f"Warning — {row.warning}")


def finish(failed):
    if failed:
        print()
        print(
            "FAILED: " + "; ".join(f"{r.label} ({r.problem or 'too many queries'})" for r in failed)
        )
        return 1
    return 0


def report(rows, target=QUERY_TARGET):
    def ms(seconds):
        return f"{seconds * 1000:8.1f}" if seconds is not None else "       –"

    print()
    header = (
        f"{'Page':<28} {'view ms':>8} {'raw ms':>8} {'ratio':>7} {'SQL in view':>11}  "
        f"{'queries big/small':>17}  targets"
    )
    print(header)
    print("-" * (len(header) + 30))
    for row in rows:
        if row.problem:
            print(f"{row.label:<28} NOT MEASURED — {row.problem}")
            continue
        targets = [
            f"queries ≤ {target}: "
            + ("ok" if max(row.queries, row.queries_small) <= target else "MISSED")
        ]
        if row.ratio_target:
            met = row.ratio <= row.ratio_target
            targets.append(f"ratio ≤ {row.ratio_target:g}×: " + ("ok" if met else "not met"))
        print(
            f"{row.label:<28} {ms(row.view)} {ms(row.raw)} {row.ratio:6.1f}× {ms(row.sql_in_view)}"
            f" ms  {row.queries:>8} / {row.queries_small:<6}  {'; '.join(targets)}"
        )
        print(f"{'':<28} ({row.note})")
    for row in rows:
        if row.warning:
            print(f"Warning — {row.warning}")


if __name__ == "__main__":
    sys.exit(main())
