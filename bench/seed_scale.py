"""The scale dataset of the benchmarks: many services, one big one, cases of realistic shape.

Millions of rows cannot go through ``palabre.cases.actions`` (one case costs a dozen queries), so
the rows are written in bulk: ``INSERT … SELECT generate_series`` on PostgreSQL (secondary indexes
and constraints are detached during the load and rebuilt after it, in the same transaction),
``bulk_create`` in batches elsewhere (SQLite). Both paths draw from the same distributions:

- organisations of Zipf-like sizes (the first one, « the big service », is the largest);
- per organisation: one coordinator, a pool of mediators, communes and quartiers (some QPV);
- per case: a requester and an other party (each in a household), one primary conflict (a
  secondary one for a quarter of cases), a status that depends on the case's age (old cases are
  mostly closed), the events its progress implies (assignments, interviews, contact attempts,
  joint meeting) and a few Journal entries; ``search_text`` is exactly what
  ``Case.refresh_search_text`` computes (``normalise`` of the reference and the party names);
- one « showcase » case of the big service carries every kind of event (consents, interviews,
  attempts, meeting, agreement, follow-up, notes), for the case-page benchmark.

A marker on the first organisation records the spec version and the size, so that a database
already seeded at the same size is reused as is.

Run on its own: ``.venv/bin/python bench/seed_scale.py`` (same environment variables as run.py).
"""

import datetime as dt
import os
import random
import sys
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import batched
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SPEC = "palabre-bench/1"
SLUG_PREFIX = "bench-"
EMAIL_DOMAIN = "bench.palabre.invalid"
SPAN_DAYS = 6 * 365  # cases are opened over the last six years
RECENT_DAYS = 365  # younger cases are mostly active, older ones mostly closed
SHOWCASE_MIN_AGE_DAYS = 20
ZIPF_EXPONENT = 0.8
BATCH = 2000  # cases per bulk_create round (SQLite path)

FIRST_NAMES = [
    "Éloïse", "Jérôme", "Maëlle", "François", "Zoé", "Loïc", "Anaïs", "Gaëlle", "Hélène", "Noël",
    "Yannick", "Nolwenn", "Erwan", "Solène", "Mathéo", "Léa", "Chloé", "Inès", "Aurélien",
    "Clémence", "Bérénice", "Joël", "Maïwenn", "Ronan", "Gwénaëlle", "Thérèse", "René",
    "Sébastien", "Amélie", "Céline", "Stéphane", "Frédéric", "Agnès", "Benoît", "Brieuc",
    "Camille", "Denis", "Élodie", "Fatoumata", "Mamadou", "Karim", "Yasmine", "Mehdi", "Nadia",
    "Aïcha", "Ousmane", "Thi Mai", "Minh", "Ana", "João", "Kévin", "Océane", "Jean-Michel",
    "Marie-Thérèse", "Anne-Sophie", "Paul", "Louise", "Hugo", "Gaël", "Soizic",
]  # fmt: skip
LAST_NAMES = [
    "Le Gall", "Moreau", "Guégan", "Guéguen", "Le Bihan", "Kerhervé", "Lefèvre", "Ménard",
    "Pérez", "N'Diaye", "Benaïssa", "Nguyen", "Le Goff", "Tanguy", "Le Roux", "Morvan",
    "Jézéquel", "Le Floc'h", "Quéméner", "Hervé", "Bréhier", "Daniel", "Riou", "Cadiou",
    "Le Corre", "Prigent", "Le Hénaff", "Gourvès", "Thébault", "Rault", "Lebreton", "Pinçon",
    "Gaudin", "Rolland", "Chevalier", "Bouvier", "Mercier", "Dupré", "Lemaître", "Besnard",
    "Garnier", "Fontaine", "Diallo", "Traoré", "Ben Saïd", "Haddad", "Boudjemaa", "Da Silva",
    "Pereira", "Rodrigues", "Trần", "Phạm", "Yılmaz", "Kowalski", "Ivanova", "Çelik", "Müller",
    "O'Neill", "Leclère", "Fouéré", "Coëtmeur", "Le Dû", "Hamon", "Guillou", "Le Moal", "Marrec",
    "Ollivier", "Jaouen", "Le Saëc", "Desbois", "Lagadec", "Le Meur", "Bernard", "Martin",
    "Petit", "Durand", "Leroy", "Roux", "Fournier", "Girard",
]  # fmt: skip
COMMUNES = [
    ("35238", "Rennes", "35000 35200 35700"), ("35051", "Cesson-Sévigné", "35510"),
    ("35281", "Saint-Jacques-de-la-Lande", "35136"), ("35047", "Bruz", "35170"),
    ("35055", "Chantepie", "35135"), ("35334", "Thorigné-Fouillard", "35235"),
    ("35210", "Pacé", "35740"), ("35353", "Vezin-le-Coquet", "35132"),
    ("35278", "Saint-Grégoire", "35760"), ("35024", "Betton", "35830"),
    ("35240", "Le Rheu", "35650"), ("35066", "Chartres-de-Bretagne", "35131"),
]  # fmt: skip
QUARTIERS = [
    ("Centre", False), ("Villejean", True), ("Maurepas", True), ("Le Blosne", True),
    ("Bréquigny", True), ("Cleunay", True), ("Sud-Gare", False), ("Jeanne d'Arc", False),
    ("Beauregard", False), ("Bourg-l'Évêque", False), ("Thabor", False), ("Saint-Hélier", False),
]  # fmt: skip
STREETS = [
    "rue de Brest", "boulevard de Verdun", "rue de Saint-Malo", "avenue Henri Fréville",
    "rue de Fougères", "square de Galicie", "rue Jean Guéhenno", "allée de Finlande",
    "rue de l'Alma", "boulevard Villebois-Mareuil", "rue Pierre Martin", "place de Zagreb",
]  # fmt: skip
LANDLORDS = ["", "", "Archipel Habitat", "Aiguillon construction", "Néotoa", "Espacil"]
REFERRERS = ["", "", "", "Mairie de quartier", "CDAS", "Commissariat", "Centre social"]
SUSPENSION_REASON = "Attente d'un retour du bailleur"

# Statuses drawn by age, as 100-slot tables (the same tables drive the SQL and the Python path).


def _slots(weights):
    table = [status for status, weight in weights for _ in range(weight)]
    assert len(table) == 100, len(table)
    return table


def _status_tables():
    from palabre.cases.codes import Status as S

    recent = _slots([
        (S.NEW, 6), (S.QUALIFIED, 6), (S.REQUESTER_INTERVIEW_SCHEDULED, 6),
        (S.REQUESTER_INTERVIEWED, 6), (S.CONTACTING_OTHER_PARTY, 10),
        (S.OTHER_PARTY_INTERVIEW_SCHEDULED, 4), (S.OTHER_PARTY_INTERVIEWED, 4),
        (S.JOINT_MEETING_SCHEDULED, 3), (S.JOINT_MEETING_HELD, 2), (S.SHUTTLE, 2),
        (S.AGREEMENT_REACHED, 2), (S.FOLLOW_UP_DUE, 4), (S.SUSPENDED, 5), (S.CLOSED, 40),
    ])  # fmt: skip
    old = _slots([
        (S.CLOSED, 96), (S.SUSPENDED, 2), (S.CONTACTING_OTHER_PARTY, 1), (S.FOLLOW_UP_DUE, 1),
    ])  # fmt: skip
    # Progress p (0…11) of an active status: which events it implies.
    order = [
        S.NEW, S.QUALIFIED, S.REQUESTER_INTERVIEW_SCHEDULED, S.REQUESTER_INTERVIEWED,
        S.CONTACTING_OTHER_PARTY, S.OTHER_PARTY_INTERVIEW_SCHEDULED, S.OTHER_PARTY_INTERVIEWED,
        S.JOINT_MEETING_SCHEDULED, S.JOINT_MEETING_HELD, S.SHUTTLE, S.AGREEMENT_REACHED,
        S.FOLLOW_UP_DUE,
    ]  # fmt: skip
    return [str(s) for s in recent], [str(s) for s in old], [str(s) for s in order]


def _stage_by_progress():
    from palabre.cases.codes import Stage as G

    return [
        G.INTAKE_ONLY, G.INTAKE_ONLY, G.INTAKE_ONLY, G.REQUESTER_INTERVIEWED,
        G.OTHER_PARTY_CONTACTED, G.OTHER_PARTY_CONTACTED, G.OTHER_PARTY_INTERVIEWED,
        G.OTHER_PARTY_INTERVIEWED, G.JOINT_MEETING_HELD, G.JOINT_MEETING_HELD,
        G.JOINT_MEETING_HELD, G.JOINT_MEETING_HELD,
    ]  # fmt: skip


def _conflict_pairs():
    """(category, subcategory) pairs for the primary conflict, noise weighted up as in reality."""
    from palabre.cases.codes import SUBCATEGORIES, ConflictCategory

    pairs = []
    for category in ConflictCategory:
        subs = [str(s) for s in SUBCATEGORIES.get(category, [])] or [""]
        weight = 4 if category == ConflictCategory.NOISE else 1
        for _ in range(weight):
            pairs.extend((str(category), sub) for sub in subs)
    return pairs


# Journal steps: (minimal progress, verb, summary, days after opening, written by coordination).
JOURNAL_STEPS = [
    (0, "opened", "Dossier ouvert", 0, True),
    (1, "qualified", "Saisine déclarée recevable", 3, True),
    (2, "assigned", "Binôme de médiation : {m1} et {m2}", 5, True),
    (3, "interview_held", "Entretien tenu (demandeur·euse)", 10, False),
    (4, "contacting", "Prise de contact avec l'autre partie engagée", 12, False),
    (6, "interview_held", "Entretien tenu (autre partie)", 35, False),
    (8, "meeting_held", "Rencontre de médiation tenue", 50, False),
]


def settings_for_bench():
    """Environment for a dedicated database, to call before ``django.setup()``.

    SQLite: ``var/bench.sqlite3`` (or ``PALABRE_BENCH_DB_PATH``), never the development database
    even when ``PALABRE_DB_PATH`` is exported. PostgreSQL: ``DATABASE_URL`` as given.
    """
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    # Measured as served in production: cached templates, no debug bookkeeping, plain HTTP.
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("SECRET_KEY", "bench-only-" + "0" * 50)
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
    if not os.environ.get("DATABASE_URL"):
        path = os.environ.get("PALABRE_BENCH_DB_PATH") or str(ROOT / "var" / "bench.sqlite3")
        os.environ["PALABRE_DB_PATH"] = path


def scale_from_env(vendor: str) -> tuple[int, int]:
    """Cases and organisations. SQLite: 55,000 cases over 30 services, so that the big one has
    about 10,000 (the annual report of a large service; about two minutes of seeding on two
    cores). PostgreSQL: the network at a million cases over 300 services."""
    big = vendor == "postgresql"
    cases = int(os.environ.get("PALABRE_BENCH_CASES") or (1_000_000 if big else 55_000))
    orgs = int(os.environ.get("PALABRE_BENCH_ORGS") or (300 if big else 30))
    if cases < orgs or orgs < 1:
        raise SystemExit("PALABRE_BENCH_CASES must be at least PALABRE_BENCH_ORGS (≥ 1).")
    return cases, orgs


def case_counts(n_cases: int, n_orgs: int) -> list[int]:
    """Zipf-like sizes: organisation 0 is the biggest; every organisation has a case or more."""
    weights = [1 / (i + 1) ** ZIPF_EXPONENT for i in range(n_orgs)]
    total = sum(weights)
    counts = [max(1, int(n_cases * w / total)) for w in weights]
    counts[0] += n_cases - sum(counts)
    return counts


def marker(n_cases: int, n_orgs: int, showcase_id=None) -> str:
    text = f"{SPEC} cases={n_cases} orgs={n_orgs}"
    return f"{text} showcase={showcase_id}" if showcase_id else text


# --- Reference data (small: organisations, people, territory), through the ORM ----------------


@dataclass
class OrgPlan:
    index: int
    organisation_id: uuid.UUID
    case_offset: int
    case_count: int
    coordinator_membership_id: uuid.UUID
    coordinator_user_id: uuid.UUID
    mediators: list = field(default_factory=list)  # [(membership_id, user_id, "Prénom Nom")]
    quartiers: list = field(default_factory=list)  # [(commune_id, quartier_id, is_qpv)]


def _build_reference_data(n_cases, n_orgs, rng):
    from django.contrib.auth.hashers import make_password

    from palabre.accounts.models import User
    from palabre.core.models import Commune, Quartier
    from palabre.organisations.models import Membership, Organisation, Role

    unusable = make_password(None)
    organisations, users, memberships, communes, quartiers, plans = [], [], [], [], [], []
    offset = 0
    for index, count in enumerate(case_counts(n_cases, n_orgs)):
        organisation = Organisation(
            name=(
                "Cité et Médiation (banc d'essai)"
                if index == 0
                else f"Service de médiation de voisinage n° {index:03d}"
            ),
            slug=f"{SLUG_PREFIX}{index:03d}",
            address=f"{1 + index % 90} {STREETS[index % len(STREETS)]}, Rennes",
            email=f"contact.{index:03d}@{EMAIL_DOMAIN}",
        )
        organisations.append(organisation)
        people = []
        for number in range(1 + (8 if index == 0 else 2 + index % 5)):
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            role = Role.COORDINATOR if number == 0 else Role.MEDIATOR
            label = "coordination" if number == 0 else f"mediation.{number}"
            user = User(
                email=f"{label}.{index:03d}@{EMAIL_DOMAIN}",
                first_name=first,
                last_name=last,
                password=unusable,
            )
            users.append(user)
            membership = Membership(user=user, organisation=organisation, role=role)
            memberships.append(membership)
            people.append((membership.pk, user.pk, f"{first} {last}"))
        plan = OrgPlan(
            index=index,
            organisation_id=organisation.pk,
            case_offset=offset,
            case_count=count,
            coordinator_membership_id=people[0][0],
            coordinator_user_id=people[0][1],
            mediators=people[1:],
        )
        offset += count
        for position in range(8 if index == 0 else 2 + index % 6):
            insee, name, postcodes = COMMUNES[(index + position) % len(COMMUNES)]
            commune = Commune(
                organisation=organisation, insee_code=insee, name=name, postal_codes=postcodes
            )
            communes.append(commune)
            for number in range(5 if index == 0 else 1 + (index + position) % 4):
                qname, qpv = QUARTIERS[(position + number) % len(QUARTIERS)]
                quartier = Quartier(
                    organisation=organisation,
                    commune=commune,
                    number=number + 1,
                    name=qname,
                    is_qpv=qpv,
                )
                quartiers.append(quartier)
                plan.quartiers.append((commune.pk, quartier.pk, qpv))
        plans.append(plan)
    Organisation.objects.bulk_create(organisations)
    User.objects.bulk_create(users)
    Membership.objects.bulk_create(memberships)
    Commune.objects.bulk_create(communes)
    Quartier.objects.bulk_create(quartiers)
    return plans


# --- Cases on PostgreSQL: INSERT … SELECT over generate_series ---------------------------------


def _bulk_models():
    from palabre.cases.models import (
        Case,
        CaseAssignment,
        CaseConflict,
        ContactAttempt,
        Household,
        Interview,
        Meeting,
        Party,
    )
    from palabre.core.models import JournalEntry

    return [
        Case, Household, Party, CaseConflict, CaseAssignment, Interview, ContactAttempt, Meeting,
        JournalEntry,
    ]  # fmt: skip


def _insert_select(cursor, model, exprs: dict, tail: str, params: dict):
    """``INSERT INTO model (…) SELECT exprs … tail``; fields not in ``exprs`` get their default.

    A field added later with a default is thus filled without touching this file; a required
    field without default stops the seed with its name.
    """
    from django.db import connection
    from django.db.models import AutoField

    columns, values, params = [], [], dict(params)
    for model_field in model._meta.concrete_fields:
        name = model_field.attname
        if name in exprs:
            columns.append(model_field.column)
            values.append(exprs[name])
        elif isinstance(model_field, AutoField) or model_field.null:
            continue
        elif getattr(model_field, "auto_now", False) or getattr(model_field, "auto_now_add", False):
            columns.append(model_field.column)
            values.append("now()")
        else:
            default = model_field.get_default()
            if default is None:
                raise RuntimeError(f"bench seed: no value for {model.__name__}.{name}")
            key = f"default_{model_field.column}"
            params[key] = model_field.get_db_prep_save(default, connection)
            columns.append(model_field.column)
            values.append(f"%({key})s")
    quoted = ", ".join(f'"{column}"' for column in columns)
    sql = f'INSERT INTO "{model._meta.db_table}" ({quoted}) SELECT {", ".join(values)} {tail}'
    cursor.execute(sql, params)
    return cursor.rowcount


def _pg_detach(cursor, tables):
    """Drops foreign keys, unique constraints and secondary indexes of ``tables``; returns the DDL
    that recreates them (same names, same definitions)."""
    # Django's foreign keys are deferred: the rows written earlier in this transaction still have
    # checks pending, and PostgreSQL refuses to alter a table with pending trigger events.
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    cursor.execute(
        """
        SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid), contype
        FROM pg_constraint WHERE conrelid = ANY(%s::regclass[]) AND contype IN ('f', 'u')
        ORDER BY contype
        """,
        [tables],
    )
    constraints = cursor.fetchall()
    cursor.execute(
        """
        SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
        FROM pg_index i
        WHERE i.indrelid = ANY(%s::regclass[]) AND NOT i.indisprimary
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
        """,
        [tables],
    )
    indexes = cursor.fetchall()
    for table, name, _definition, _kind in constraints:  # foreign keys first (ORDER BY)
        cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
    for name, _definition in indexes:
        cursor.execute(f"DROP INDEX {name}")
    rebuild = [definition for _name, definition in indexes]
    rebuild += [
        f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}'
        for table, name, definition, kind in sorted(constraints, key=lambda c: c[3] != "u")
    ]
    return rebuild


def _seed_cases_postgresql(plans, today, log):
    from django.db import connection

    from palabre.cases import codes
    from palabre.cases.models import (
        Case,
        CaseAssignment,
        CaseConflict,
        ContactAttempt,
        Household,
        Interview,
        Meeting,
        Party,
        ReferenceCounter,
    )
    from palabre.core.models import JournalEntry
    from palabre.core.text import normalise

    recent, old, order = _status_tables()
    pairs = _conflict_pairs()
    categories = [str(c) for c in codes.ConflictCategory]
    reasons = [str(r) for r in codes.ClosureReason]
    p = {
        "today": today,
        "span": SPAN_DAYS,
        "recent_days": RECENT_DAYS,
        "recent": recent,
        "old": old,
        "order": order,
        "stages": [str(s) for s in _stage_by_progress()],
        "first": FIRST_NAMES,
        "last": LAST_NAMES,
        "first_n": [normalise(n) for n in FIRST_NAMES],
        "last_n": [normalise(n) for n in LAST_NAMES],
        "pair_cat": [c for c, _s in pairs],
        "pair_sub": [s for _c, s in pairs],
        "categories": categories,
        "reasons": reasons,
        "reason_labels": [str(codes.ClosureReason(r).label) for r in reasons],
        "channels": [str(c) for c in codes.Channel],
        "sources": [str(c) for c in codes.ReferralSource],
        "housing": [str(c) for c in codes.Housing],
        "buildings": [str(c) for c in codes.BuildingType],
        "interview_channels": [str(c) for c in codes.InterviewChannel],
        "streets": STREETS,
        "landlords": LANDLORDS,
        "referrers": REFERRERS,
        "suspension": SUSPENSION_REASON,
        "case_kind": Case._meta.label_lower,
    }

    def pick(name):  # a uniformly drawn element of the list parameter ``name``
        return f"(%({name})s::text[])[1 + floor(random() * {len(p[name])})::int]"

    tables = [model._meta.db_table for model in _bulk_models()]
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        cursor.execute("SET LOCAL work_mem = '64MB'")
        cursor.execute("SELECT setseed(0.42)")
        cursor.execute(
            """
            CREATE TEMP TABLE bench_org ON COMMIT DROP AS
            SELECT * FROM unnest(%s::int[], %s::uuid[], %s::bigint[], %s::int[], %s::uuid[],
                                 %s::uuid[], %s::int[], %s::int[])
              AS t(oi, org_id, case_offset, case_count, coord_mid, coord_uid, n_mediators,
                   n_quartiers)
            """,
            [
                [o.index for o in plans],
                [o.organisation_id for o in plans],
                [o.case_offset for o in plans],
                [o.case_count for o in plans],
                [o.coordinator_membership_id for o in plans],
                [o.coordinator_user_id for o in plans],
                [len(o.mediators) for o in plans],
                [len(o.quartiers) for o in plans],
            ],
        )
        rows = [(o.index, j, *m) for o in plans for j, m in enumerate(o.mediators)]
        cursor.execute(
            """
            CREATE TEMP TABLE bench_mediator ON COMMIT DROP AS
            SELECT * FROM unnest(%s::int[], %s::int[], %s::uuid[], %s::uuid[], %s::text[])
              AS t(oi, j, membership_id, user_id, name)
            """,
            [list(column) for column in zip(*rows, strict=True)],
        )
        cursor.execute("CREATE UNIQUE INDEX ON bench_mediator (oi, j)")
        rows = [(o.index, j, *q) for o in plans for j, q in enumerate(o.quartiers)]
        cursor.execute(
            """
            CREATE TEMP TABLE bench_quartier ON COMMIT DROP AS
            SELECT * FROM unnest(%s::int[], %s::int[], %s::uuid[], %s::uuid[], %s::bool[])
              AS t(oi, qi, commune_id, quartier_id, is_qpv)
            """,
            [list(column) for column in zip(*rows, strict=True)],
        )
        cursor.execute("CREATE UNIQUE INDEX ON bench_quartier (oi, qi)")

        started = time.perf_counter()
        # One row per case with every draw the tables below need.
        cursor.execute(
            f"""
            CREATE TEMP TABLE bench_case ON COMMIT DROP AS
            WITH g AS (
              SELECT o.oi, o.org_id, o.coord_mid, o.coord_uid, o.n_mediators, s.k,
                     o.case_count AS c,
                     %(today)s::date - ((o.case_count - s.k) * %(span)s / o.case_count)::int
                       AS opened_on,
                     random() AS r_status, random() AS r_p, random() AS r_close,
                     floor(random() * o.n_quartiers)::int AS qi, random() < 0.8 AS has_quartier,
                     floor(random() * o.n_mediators)::int AS m1,
                     floor(random() * greatest(o.n_mediators - 1, 1))::int AS m2_shift,
                     floor(random() * {len(FIRST_NAMES)})::int AS rf,
                     floor(random() * {len(LAST_NAMES)})::int AS rl,
                     CASE WHEN random() < 0.08 THEN NULL
                          ELSE floor(random() * {len(FIRST_NAMES)})::int END AS of,
                     floor(random() * {len(LAST_NAMES)})::int AS ol,
                     floor(random() * {len(pairs)})::int AS pair,
                     random() < 0.25 AS has_secondary,
                     floor(random() * {len(categories) - 1})::int AS secondary_shift,
                     floor(random() * {len(reasons)})::int AS reason
              FROM bench_org o CROSS JOIN LATERAL generate_series(1, o.case_count) AS s(k)
            ), st AS (
              SELECT g.*,
                     CASE WHEN %(today)s::date - g.opened_on < %(recent_days)s
                          THEN (%(recent)s::text[])[1 + floor(g.r_status * 100)::int]
                          ELSE (%(old)s::text[])[1 + floor(g.r_status * 100)::int] END AS status
              FROM g
            ), pr AS (
              SELECT st.*,
                     CASE WHEN st.status = 'CLOSED' THEN floor(st.r_p * st.r_p * 12)::int
                          WHEN st.status = 'SUSPENDED' THEN 1
                          ELSE array_position(%(order)s::text[], st.status) - 1 END AS p,
                     row_number() OVER (PARTITION BY st.oi, extract(year FROM st.opened_on)
                                        ORDER BY st.k) AS yearly
              FROM st
            )
            SELECT pr.*,
                   to_char(pr.opened_on, 'YYYY') || '-' ||
                     CASE WHEN pr.yearly < 10000 THEN lpad(pr.yearly::text, 4, '0')
                          ELSE pr.yearly::text END AS reference,
                   CASE WHEN pr.status = 'CLOSED'
                        THEN least(%(today)s::date,
                                   pr.opened_on + 20 + floor(pr.r_close * 150)::int)
                   END AS closed_on,
                   (%(stages)s::text[])[pr.p + 1] AS stage,
                   (pr.m1 + 1 + pr.m2_shift) %% pr.n_mediators AS m2,
                   q.commune_id, CASE WHEN pr.has_quartier THEN q.quartier_id END AS quartier_id,
                   pr.has_quartier AND q.is_qpv AS is_qpv,
                   gen_random_uuid() AS case_id,
                   gen_random_uuid() AS req_household, gen_random_uuid() AS oth_household,
                   gen_random_uuid() AS req_party, gen_random_uuid() AS oth_party
            FROM pr JOIN bench_quartier q ON q.oi = pr.oi AND q.qi = pr.qi
            """,
            p,
        )
        cursor.execute("ANALYZE bench_case")
        log(
            f"  plan of {sum(o.case_count for o in plans):,} cases: "
            f"{time.perf_counter() - started:.1f} s"
        )
        rebuild = _pg_detach(cursor, tables)

        def load(model, exprs, tail):
            started = time.perf_counter()
            count = _insert_select(cursor, model, exprs, tail, p)
            log(f"  {model._meta.db_table}: {count:,} rows, {time.perf_counter() - started:.1f} s")

        at = "(({d})::timestamp + interval '10 hours') AT TIME ZONE 'Europe/Paris'"
        capped = "least(%(today)s::date, {d})"
        load(
            Case,
            {
                "id": "bc.case_id",
                "organisation_id": "bc.org_id",
                "reference": "bc.reference",
                "status": "bc.status",
                "stage_reached": "bc.stage",
                "opened_on": "bc.opened_on",
                "first_contact_channel": pick("channels"),
                "referral_source": pick("sources"),
                "referrer_name": pick("referrers"),
                "commune_id": "bc.commune_id",
                "quartier_id": "bc.quartier_id",
                "is_qpv": "bc.is_qpv",
                "housing": pick("housing"),
                "building_type": pick("buildings"),
                "landlord_name": pick("landlords"),
                "coordinator_id": "bc.coord_mid",
                "closure_reason": "CASE WHEN bc.status = 'CLOSED' "
                "THEN (%(reasons)s::text[])[bc.reason + 1] ELSE '' END",
                "closed_on": "bc.closed_on",
                "suspended_on": "CASE WHEN bc.status = 'SUSPENDED' "
                f"THEN {capped.format(d='bc.opened_on + 20')} END",
                "suspension_reason": "CASE WHEN bc.status = 'SUSPENDED' THEN %(suspension)s "
                "ELSE '' END",
                "last_activity_at": at.format(
                    d=capped.format(d="coalesce(bc.closed_on, bc.opened_on + 6 * bc.p)")
                ),
                "search_text": "concat_ws(' ', bc.reference, (%(first_n)s::text[])[bc.of + 1], "
                "(%(last_n)s::text[])[bc.ol + 1], (%(first_n)s::text[])[bc.rf + 1], "
                "(%(last_n)s::text[])[bc.rl + 1])",
            },
            "FROM bench_case bc",
        )
        for side in ("req", "oth"):
            load(
                Household,
                {
                    "id": f"bc.{side}_household",
                    "organisation_id": "bc.org_id",
                    "case_id": "bc.case_id",
                    "commune_id": "bc.commune_id",
                    "address": "(1 + floor(random() * 120)::int)::text || ' ' || "
                    + pick("streets"),
                    "size": "1 + floor(random() * 5)::int",
                },
                "FROM bench_case bc",
            )
        load(
            Party,
            {
                "id": "bc.req_party",
                "organisation_id": "bc.org_id",
                "case_id": "bc.case_id",
                "household_id": "bc.req_household",
                "role": f"'{codes.PartyRole.REQUESTER}'",
                "first_name": "(%(first)s::text[])[bc.rf + 1]",
                "last_name": "(%(last)s::text[])[bc.rl + 1]",
                "phone": "'06 ' || lpad((floor(random() * 100000000))::text, 8, '0')",
                "preferred_channel": "'PHONE'",
            },
            "FROM bench_case bc",
        )
        load(
            Party,
            {
                "id": "bc.oth_party",
                "organisation_id": "bc.org_id",
                "case_id": "bc.case_id",
                "household_id": "bc.oth_household",
                "role": f"'{codes.PartyRole.OTHER_PARTY}'",
                "first_name": "coalesce((%(first)s::text[])[bc.of + 1], '')",
                "last_name": "(%(last)s::text[])[bc.ol + 1]",
            },
            "FROM bench_case bc",
        )
        load(
            CaseConflict,
            {
                "id": "gen_random_uuid()",
                "organisation_id": "bc.org_id",
                "case_id": "bc.case_id",
                "category": "(%(pair_cat)s::text[])[bc.pair + 1]",
                "subcategory": "(%(pair_sub)s::text[])[bc.pair + 1]",
                "is_primary": "true",
            },
            "FROM bench_case bc",
        )
        load(
            CaseConflict,
            {
                "id": "gen_random_uuid()",
                "organisation_id": "bc.org_id",
                "case_id": "bc.case_id",
                "category": "(%(categories)s::text[])[1 + (array_position(%(categories)s::text[], "
                "(%(pair_cat)s::text[])[bc.pair + 1]) + bc.secondary_shift) "
                f"%% {len(categories)}]",
                "subcategory": "''",
                "is_primary": "false",
            },
            "FROM bench_case bc WHERE bc.has_secondary",
        )
        mediators = (
            "FROM bench_case bc JOIN bench_mediator m ON m.oi = bc.oi AND m.j IN (bc.m1, bc.m2) "
            "WHERE bc.p >= 2"
        )
        load(
            CaseAssignment,
            {
                "id": "gen_random_uuid()",
                "organisation_id": "bc.org_id",
                "case_id": "bc.case_id",
                "membership_id": "m.membership_id",
                "assigned_on": capped.format(d="bc.opened_on + 5"),
            },
            mediators,
        )
        for party, first_p, days in (("req", 2, 10), ("oth", 5, 35)):
            load(
                Interview,
                {
                    "id": "gen_random_uuid()",
                    "organisation_id": "bc.org_id",
                    "case_id": "bc.case_id",
                    "party_id": f"bc.{party}_party",
                    "scheduled_at": at.format(d=f"bc.opened_on + {days}"),
                    "channel": pick("interview_channels"),
                    "status": f"CASE WHEN bc.p = {first_p} THEN 'SCHEDULED' ELSE 'HELD' END",
                    "duration_minutes": f"CASE WHEN bc.p > {first_p} THEN 60 END",
                },
                f"FROM bench_case bc WHERE bc.p >= {first_p}",
            )
        for channel, result, first_p, days in (
            ("LETTER", "SENT", 4, 14),
            ("PHONE", "ACCEPTED", 5, 28),
        ):
            load(
                ContactAttempt,
                {
                    "id": "gen_random_uuid()",
                    "organisation_id": "bc.org_id",
                    "case_id": "bc.case_id",
                    "party_id": "bc.oth_party",
                    "channel": f"'{channel}'",
                    "attempted_on": capped.format(d=f"bc.opened_on + {days}"),
                    "result": f"'{result}'",
                    "recorded_by_id": "m.user_id",
                },
                "FROM bench_case bc JOIN bench_mediator m ON m.oi = bc.oi AND m.j = bc.m1 "
                f"WHERE bc.p >= {first_p}",
            )
        load(
            Meeting,
            {
                "id": "gen_random_uuid()",
                "organisation_id": "bc.org_id",
                "case_id": "bc.case_id",
                "kind": "CASE WHEN bc.status = 'SHUTTLE' THEN 'SHUTTLE' ELSE 'JOINT' END",
                "scheduled_at": at.format(d="bc.opened_on + 50"),
                "status": "CASE WHEN bc.p = 7 THEN 'SCHEDULED' ELSE 'HELD' END",
                "result": "CASE WHEN bc.p = 7 THEN '' WHEN bc.p >= 10 THEN 'AGREEMENT' "
                "ELSE 'ANOTHER_SESSION' END",
                "duration_minutes": "CASE WHEN bc.p > 7 THEN 90 END",
                "participants_count": "CASE WHEN bc.p > 7 THEN 2 END",
            },
            "FROM bench_case bc WHERE bc.p >= 7",
        )
        p["step_min"] = [s[0] for s in JOURNAL_STEPS]
        p["step_verb"] = [s[1] for s in JOURNAL_STEPS]
        p["step_summary"] = [s[2] for s in JOURNAL_STEPS]
        p["step_days"] = [s[3] for s in JOURNAL_STEPS]
        p["step_coord"] = [s[4] for s in JOURNAL_STEPS]
        journal = {
            "id": "gen_random_uuid()",
            "organisation_id": "bc.org_id",
            "subject_kind": "%(case_kind)s",
            "subject_id": "bc.case_id",
            "data": "'{}'::jsonb",
        }
        load(
            JournalEntry,
            {
                **journal,
                "verb": "s.verb",
                "summary": "replace(replace(s.summary, '{m1}', m1.name), '{m2}', m2.name)",
                "actor_id": "CASE WHEN s.coord THEN bc.coord_uid ELSE m1.user_id END",
                "occurred_at": at.format(
                    d=capped.format(
                        d="coalesce(least(bc.closed_on, bc.opened_on + s.days), "
                        "bc.opened_on + s.days)"
                    )
                ),
            },
            "FROM bench_case bc "
            "JOIN unnest(%(step_min)s::int[], %(step_verb)s::text[], %(step_summary)s::text[], "
            "%(step_days)s::int[], %(step_coord)s::bool[]) AS s(min_p, verb, summary, days, coord) "
            "ON bc.p >= s.min_p "
            "JOIN bench_mediator m1 ON m1.oi = bc.oi AND m1.j = bc.m1 "
            "JOIN bench_mediator m2 ON m2.oi = bc.oi AND m2.j = bc.m2",
        )
        load(
            JournalEntry,
            {
                **journal,
                "verb": "CASE WHEN bc.status = 'CLOSED' THEN 'closed' ELSE 'suspended' END",
                "summary": "CASE WHEN bc.status = 'CLOSED' "
                "THEN 'Dossier clos : ' || (%(reason_labels)s::text[])[bc.reason + 1] "
                "ELSE 'Dossier suspendu' END",
                "actor_id": "bc.coord_uid",
                "occurred_at": at.format(
                    d=capped.format(d="coalesce(bc.closed_on, bc.opened_on + 20)")
                ),
            },
            "FROM bench_case bc WHERE bc.status IN ('CLOSED', 'SUSPENDED')",
        )
        started = time.perf_counter()
        for statement in rebuild:
            cursor.execute(statement)
        log(f"  indexes and constraints rebuilt: {time.perf_counter() - started:.1f} s")
        cursor.execute(
            f"""
            INSERT INTO "{ReferenceCounter._meta.db_table}" (organisation_id, year, last_number)
            SELECT org_id, extract(year FROM opened_on)::int, max(yearly)
            FROM bench_case GROUP BY 1, 2
            """
        )


# --- Cases elsewhere (SQLite): bulk_create in batches, same distributions ----------------------


def _case_draws(plan, rng, today, tables):
    """The draws of one organisation's cases, in the order of their opening."""
    recent, old, order = tables["recent"], tables["old"], tables["order"]
    yearly = defaultdict(int)
    c = plan.case_count
    n_mediators = len(plan.mediators)
    for k in range(1, c + 1):
        opened_on = today - dt.timedelta(days=(c - k) * SPAN_DAYS // c)
        slots = recent if (today - opened_on).days < RECENT_DAYS else old
        status = slots[int(rng.random() * 100)]
        if status == "CLOSED":
            progress = int(rng.random() ** 2 * 12)
        elif status == "SUSPENDED":
            progress = 1
        else:
            progress = order.index(status)
        yearly[opened_on.year] += 1
        m1 = int(rng.random() * n_mediators)
        m2 = (m1 + 1 + int(rng.random() * max(n_mediators - 1, 1))) % n_mediators
        yield {
            "opened_on": opened_on,
            "status": status,
            "p": progress,
            "reference": f"{opened_on.year}-{yearly[opened_on.year]:04d}",
            "closed_on": (
                min(today, opened_on + dt.timedelta(days=20 + int(rng.random() * 150)))
                if status == "CLOSED"
                else None
            ),
            "quartier": plan.quartiers[int(rng.random() * len(plan.quartiers))],
            "has_quartier": rng.random() < 0.8,
            "m1": plan.mediators[m1],
            "m2": plan.mediators[m2],
            "rf": rng.choice(FIRST_NAMES),
            "rl": rng.choice(LAST_NAMES),
            "of": "" if rng.random() < 0.08 else rng.choice(FIRST_NAMES),
            "ol": rng.choice(LAST_NAMES),
        }


def _seed_cases_orm(plans, today, log, rng):
    from django.utils import timezone

    from palabre.cases import codes
    from palabre.cases.models import (
        Case,
        CaseAssignment,
        CaseConflict,
        ContactAttempt,
        Household,
        Interview,
        Meeting,
        Party,
        ReferenceCounter,
    )
    from palabre.core.models import JournalEntry
    from palabre.core.text import normalise

    recent, old, order = _status_tables()
    tables = {"recent": recent, "old": old, "order": order}
    stages = _stage_by_progress()
    pairs = _conflict_pairs()
    categories = [str(c) for c in codes.ConflictCategory]
    reasons = list(codes.ClosureReason)
    kind = Case._meta.label_lower
    zone = timezone.get_current_timezone()

    def at(day, days=0):
        day = min(today, day + dt.timedelta(days=days))
        return dt.datetime.combine(day, dt.time(10), tzinfo=zone)

    totals = defaultdict(int)
    counters = []
    for plan in plans:
        yearly_max = {}
        for chunk in batched(_case_draws(plan, rng, today, tables), BATCH):
            rows = defaultdict(list)
            for d in chunk:
                commune_id, quartier_id, is_qpv = d["quartier"]
                opened_on, progress, status = d["opened_on"], d["p"], d["status"]
                reason = rng.choice(reasons) if status == "CLOSED" else ""
                names = [f"{d['of']} {d['ol']}", f"{d['rf']} {d['rl']}"]  # role order
                case = Case(
                    organisation_id=plan.organisation_id,
                    reference=d["reference"],
                    status=status,
                    stage_reached=stages[progress],
                    opened_on=opened_on,
                    first_contact_channel=rng.choice(codes.Channel.values),
                    referral_source=rng.choice(codes.ReferralSource.values),
                    referrer_name=rng.choice(REFERRERS),
                    commune_id=commune_id,
                    quartier_id=quartier_id if d["has_quartier"] else None,
                    is_qpv=d["has_quartier"] and is_qpv,
                    housing=rng.choice(codes.Housing.values),
                    building_type=rng.choice(codes.BuildingType.values),
                    landlord_name=rng.choice(LANDLORDS),
                    coordinator_id=plan.coordinator_membership_id,
                    closure_reason=reason,
                    closed_on=d["closed_on"],
                    suspended_on=(
                        min(today, opened_on + dt.timedelta(days=20))
                        if status == "SUSPENDED"
                        else None
                    ),
                    suspension_reason=SUSPENSION_REASON if status == "SUSPENDED" else "",
                    last_activity_at=at(
                        d["closed_on"] or opened_on, 0 if d["closed_on"] else 6 * progress
                    ),
                    search_text=normalise(" ".join([d["reference"], *names])),
                )
                yearly_max[opened_on.year] = d["reference"]
                rows[Case].append(case)
                homes = []
                for _side in range(2):
                    home = Household(
                        organisation_id=plan.organisation_id,
                        case=case,
                        commune_id=commune_id,
                        size=1 + int(rng.random() * 5),
                        address=f"{1 + int(rng.random() * 120)} {rng.choice(STREETS)}",
                    )
                    homes.append(home)
                    rows[Household].append(home)
                requester = Party(
                    organisation_id=plan.organisation_id,
                    case=case,
                    household=homes[0],
                    role=codes.PartyRole.REQUESTER,
                    first_name=d["rf"],
                    last_name=d["rl"],
                    phone=f"06 {int(rng.random() * 100000000):08d}",
                    preferred_channel="PHONE",
                )
                other = Party(
                    organisation_id=plan.organisation_id,
                    case=case,
                    household=homes[1],
                    role=codes.PartyRole.OTHER_PARTY,
                    first_name=d["of"],
                    last_name=d["ol"],
                )
                rows[Party] += [requester, other]
                category, subcategory = rng.choice(pairs)
                rows[CaseConflict].append(
                    CaseConflict(
                        organisation_id=plan.organisation_id,
                        case=case,
                        category=category,
                        subcategory=subcategory,
                        is_primary=True,
                    )
                )
                if rng.random() < 0.25:
                    shift = 1 + int(rng.random() * (len(categories) - 1))
                    secondary = categories[(categories.index(category) + shift) % len(categories)]
                    rows[CaseConflict].append(
                        CaseConflict(
                            organisation_id=plan.organisation_id,
                            case=case,
                            category=secondary,
                            subcategory="",
                            is_primary=False,
                        )
                    )
                if progress >= 2:
                    for membership_id, _user, _name in (d["m1"], d["m2"]):
                        rows[CaseAssignment].append(
                            CaseAssignment(
                                organisation_id=plan.organisation_id,
                                case=case,
                                membership_id=membership_id,
                                assigned_on=min(today, opened_on + dt.timedelta(days=5)),
                            )
                        )
                for party, first_p, days in ((requester, 2, 10), (other, 5, 35)):
                    if progress >= first_p:
                        rows[Interview].append(
                            Interview(
                                organisation_id=plan.organisation_id,
                                case=case,
                                party=party,
                                scheduled_at=at(opened_on, days),
                                channel=rng.choice(codes.InterviewChannel.values),
                                status="SCHEDULED" if progress == first_p else "HELD",
                                duration_minutes=60 if progress > first_p else None,
                            )
                        )
                for channel, result, first_p, days in (
                    ("LETTER", "SENT", 4, 14),
                    ("PHONE", "ACCEPTED", 5, 28),
                ):
                    if progress >= first_p:
                        rows[ContactAttempt].append(
                            ContactAttempt(
                                organisation_id=plan.organisation_id,
                                case=case,
                                party=other,
                                channel=channel,
                                result=result,
                                recorded_by_id=d["m1"][1],
                                attempted_on=min(today, opened_on + dt.timedelta(days=days)),
                            )
                        )
                if progress >= 7:
                    rows[Meeting].append(
                        Meeting(
                            organisation_id=plan.organisation_id,
                            case=case,
                            kind="SHUTTLE" if status == "SHUTTLE" else "JOINT",
                            scheduled_at=at(opened_on, 50),
                            status="SCHEDULED" if progress == 7 else "HELD",
                            result=""
                            if progress == 7
                            else ("AGREEMENT" if progress >= 10 else "ANOTHER_SESSION"),
                            duration_minutes=90 if progress > 7 else None,
                            participants_count=2 if progress > 7 else None,
                        )
                    )
                end = d["closed_on"]
                for min_p, verb, summary, days, by_coordination in JOURNAL_STEPS:
                    if progress < min_p:
                        continue
                    when = opened_on + dt.timedelta(days=days)
                    rows[JournalEntry].append(
                        JournalEntry(
                            organisation_id=plan.organisation_id,
                            subject_kind=kind,
                            subject_id=case.pk,
                            verb=verb,
                            summary=summary.format(m1=d["m1"][2], m2=d["m2"][2]),
                            actor_id=(plan.coordinator_user_id if by_coordination else d["m1"][1]),
                            occurred_at=at(min(when, end) if end else when),
                            data={},
                        )
                    )
                if status in ("CLOSED", "SUSPENDED"):
                    closed = status == "CLOSED"
                    rows[JournalEntry].append(
                        JournalEntry(
                            organisation_id=plan.organisation_id,
                            subject_kind=kind,
                            subject_id=case.pk,
                            verb="closed" if closed else "suspended",
                            summary=(
                                f"Dossier clos : {reason.label}" if closed else "Dossier suspendu"
                            ),
                            actor_id=plan.coordinator_user_id,
                            data={},
                            occurred_at=at(end or opened_on + dt.timedelta(days=20)),
                        )
                    )
            for model in _bulk_models():
                model.objects.bulk_create(rows[model])
                totals[model._meta.db_table] += len(rows[model])
        counters += [
            ReferenceCounter(
                organisation_id=plan.organisation_id,
                year=year,
                last_number=int(reference.split("-")[1]),
            )
            for year, reference in yearly_max.items()
        ]
    ReferenceCounter.objects.bulk_create(counters)
    for table, count in totals.items():
        log(f"  {table}: {count:,} rows")


# --- The showcase case: every kind of event, for the case page --------------------------------


def _enrich_showcase(plan, today):
    """Turns a recent case of the big service into a case at « suivi à faire » with its whole
    history (written through the ORM: a handful of rows)."""
    from django.utils import timezone

    from palabre.cases import codes
    from palabre.cases.models import (
        Agreement,
        Case,
        CaseAssignment,
        Commitment,
        ConsentRecord,
        ContactAttempt,
        FollowUp,
        Interview,
        Meeting,
        PrivateNote,
    )
    from palabre.core.models import JournalEntry

    cases = Case.objects.filter(organisation_id=plan.organisation_id)
    case = (
        cases.filter(
            status__in=[codes.Status.NEW, codes.Status.QUALIFIED],
            opened_on__lte=today - dt.timedelta(days=SHOWCASE_MIN_AGE_DAYS),
        )
        .order_by("-opened_on", "-reference")
        .first()
        or cases.order_by("-opened_on", "-reference").first()
    )
    for model in (CaseAssignment, Interview, ContactAttempt, Meeting):
        model.objects.filter(case=case).delete()
    zone = timezone.get_current_timezone()
    opened = case.opened_on

    def at(days, hour=10):
        return dt.datetime.combine(opened + dt.timedelta(days=days), dt.time(hour), tzinfo=zone)

    requester = case.parties.get(role=codes.PartyRole.REQUESTER)
    other = case.parties.get(role=codes.PartyRole.OTHER_PARTY)
    org = plan.organisation_id
    coordinator_user = plan.coordinator_user_id
    (m1, u1, n1), (m2, u2, n2) = plan.mediators[0], plan.mediators[1]
    for membership in (m1, m2):
        CaseAssignment.objects.create(
            organisation_id=org, case=case, membership_id=membership, assigned_on=opened
        )
    consents = [
        (requester, codes.ConsentKind.CONTACT_OTHER_PARTY, 2),
        (requester, codes.ConsentKind.JOINT_MEETING, 9),
        (other, codes.ConsentKind.JOINT_MEETING, 14),
    ]
    for party, kind, days in consents:
        ConsentRecord.objects.create(
            organisation_id=org,
            case=case,
            party=party,
            kind=kind,
            method="IN_PERSON",
            given_on=opened + dt.timedelta(days=days),
            recorded_by_id=u1,
        )
    for party, days in ((requester, 2), (other, 9)):
        interview = Interview.objects.create(
            organisation_id=org,
            case=case,
            party=party,
            scheduled_at=at(days),
            channel="IN_PERSON_PERMANENCE",
            place="Permanence de quartier",
            status="HELD",
            duration_minutes=60,
        )
        interview.mediators.set([m1, m2])
    for channel, result, days in (
        ("LETTER", "SENT", 3),
        ("PHONE", "NO_ANSWER", 5),
        ("PHONE", "ACCEPTED", 7),
    ):
        ContactAttempt.objects.create(
            organisation_id=org,
            case=case,
            party=other,
            channel=channel,
            result=result,
            attempted_on=opened + dt.timedelta(days=days),
            recorded_by_id=u1,
        )
    meeting = Meeting.objects.create(
        organisation_id=org,
        case=case,
        kind="JOINT",
        scheduled_at=at(14, 18),
        place="Maison de quartier",
        status="HELD",
        result="AGREEMENT",
        duration_minutes=90,
        participants_count=2,
    )
    meeting.mediators.set([m1, m2])
    agreement = Agreement.objects.create(
        organisation_id=org,
        case=case,
        reached_on=opened + dt.timedelta(days=14),
        form="WRITTEN_SIGNED",
        scope="FULL",
    )
    for category, party in (("REDUCE_NOISE_HOURS", other), ("WARN_BEFORE_EVENT", requester)):
        Commitment.objects.create(
            organisation_id=org, agreement=agreement, category=category, party=party
        )
    FollowUp.objects.create(organisation_id=org, case=case, due_on=opened + dt.timedelta(days=45))
    for text in (
        "Note du banc d'essai : contexte de l'entretien.",
        "Note du banc d'essai : points d'accord évoqués.",
    ):
        PrivateNote.objects.create(organisation_id=org, case=case, author_id=u1, text=text)
    steps = [
        ("assigned", f"Binôme de médiation : {n1} et {n2}", 1, coordinator_user),
        ("consent_given", "Consentement recueilli (demandeur·euse)", 2, u1),
        ("interview_held", "Entretien tenu (demandeur·euse)", 2, u1),
        ("contacting", "Prise de contact avec l'autre partie engagée", 3, u1),
        ("contact_attempt", "Tentative de contact : Courrier — Envoyé", 3, u1),
        ("contact_attempt", "Tentative de contact : Téléphone — Pas de réponse", 5, u1),
        ("contact_attempt", "Tentative de contact : Téléphone — Accepte un entretien", 7, u1),
        ("interview_held", "Entretien tenu (autre partie)", 9, u2),
        ("meeting_scheduled", "Rencontre de médiation prévue", 10, u1),
        ("meeting_held", "Rencontre de médiation tenue", 14, u1),
        ("agreement", "Accord total, écrit et signé", 14, u1),
        ("follow_up_scheduled", "Suivi programmé", 15, u1),
        ("note_added", "Note privée ajoutée", 15, u1),
    ]
    JournalEntry.objects.bulk_create(
        JournalEntry(
            organisation_id=org,
            subject_kind=Case._meta.label_lower,
            subject_id=case.pk,
            verb=verb,
            summary=summary,
            actor_id=actor,
            occurred_at=at(days),
            data={},
        )
        for verb, summary, days, actor in steps
    )
    Case.objects.filter(pk=case.pk).update(
        status=codes.Status.FOLLOW_UP_DUE,
        stage_reached=codes.Stage.JOINT_MEETING_HELD,
        closed_on=None,
        closure_reason="",
        suspended_on=None,
        suspension_reason="",
        last_activity_at=at(15),
    )
    return case.pk


# --- Entry points ------------------------------------------------------------------------------


@dataclass
class Dataset:
    n_cases: int
    n_orgs: int
    organisation: object  # the big service
    coordinator: object  # its coordinator's membership
    small_coordinator: object  # the coordinator of the smallest service
    showcase_id: uuid.UUID
    seconds: float | None  # seeding time, None when reused


def _read_marker():
    from django.db.utils import DatabaseError

    from palabre.organisations.models import Organisation

    try:
        return (
            Organisation.objects.filter(slug=f"{SLUG_PREFIX}000")
            .values_list("dpo_contact", flat=True)
            .first()
        )
    except DatabaseError:
        return None


def _dataset(n_cases, n_orgs, seconds):
    from palabre.organisations.models import Membership, Organisation, Role

    text = _read_marker()
    showcase = uuid.UUID(text.rsplit("showcase=", 1)[1])
    big = Organisation.objects.get(slug=f"{SLUG_PREFIX}000")
    small = Organisation.objects.get(slug=f"{SLUG_PREFIX}{n_orgs - 1:03d}")
    coordinators = Membership.objects.select_related("user", "organisation").filter(
        role=Role.COORDINATOR, is_active=True
    )
    return Dataset(
        n_cases=n_cases,
        n_orgs=n_orgs,
        organisation=big,
        coordinator=coordinators.get(organisation=big),
        small_coordinator=coordinators.get(organisation=small),
        showcase_id=showcase,
        seconds=seconds,
    )


def _wipe(log):
    """Empties the bench database, refusing to touch one that holds anything but bench data."""
    from django.conf import settings
    from django.core.management import call_command

    from palabre.accounts.models import User
    from palabre.organisations.models import Organisation

    foreign = (
        Organisation.objects.exclude(slug__startswith=SLUG_PREFIX).count()
        + User.objects.exclude(email__endswith=f"@{EMAIL_DOMAIN}").count()
    )
    if foreign:
        raise SystemExit(
            "bench: the bench database holds data that is not a bench dataset; refusing to "
            "empty it. Point DATABASE_URL (or PALABRE_BENCH_DB_PATH) at a dedicated database."
        )
    log("Emptying the bench database…")
    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3"):
        from django.db import connection

        connection.close()
        path = Path(database["NAME"])
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        call_command("migrate", interactive=False, verbosity=0)
        return
    call_command("flush", interactive=False, verbosity=0)


def ensure_dataset(n_cases: int, n_orgs: int, log=print, force: bool = False) -> Dataset:
    """The bench dataset at this size: reused when already there, (re)seeded otherwise."""
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from palabre.organisations.models import Organisation

    call_command("migrate", interactive=False, verbosity=0)
    current = _read_marker()
    if not force and current and current.startswith(marker(n_cases, n_orgs) + " "):
        return _dataset(n_cases, n_orgs, None)
    if current or Organisation.objects.exists():
        _wipe(log)
    log(f"Seeding {n_cases:,} cases across {n_orgs} organisations ({connection.vendor})…")
    started = time.perf_counter()
    today = timezone.localdate()
    rng = random.Random(42)
    with transaction.atomic():
        plans = _build_reference_data(n_cases, n_orgs, rng)
        if connection.vendor == "postgresql":
            _seed_cases_postgresql(plans, today, log)
        else:
            _seed_cases_orm(plans, today, log, rng)
        showcase = _enrich_showcase(plans[0], today)
        Organisation.objects.filter(pk=plans[0].organisation_id).update(
            dpo_contact=marker(n_cases, n_orgs, showcase)
        )
    analysed = time.perf_counter()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for model in _bulk_models():
                cursor.execute(f'VACUUM (ANALYZE) "{model._meta.db_table}"')
        else:
            cursor.execute("ANALYZE")
    log(f"  statistics (VACUUM/ANALYZE): {time.perf_counter() - analysed:.1f} s")
    seconds = time.perf_counter() - started
    log(f"Seeded in {seconds:.1f} s.")
    return _dataset(n_cases, n_orgs, seconds)


def main():
    settings_for_bench()
    import django

    django.setup()
    from django.db import connection

    n_cases, n_orgs = scale_from_env(connection.vendor)
    force = os.environ.get("PALABRE_BENCH_RESEED") == "1"
    dataset = ensure_dataset(n_cases, n_orgs, force=force)
    state = "reused" if dataset.seconds is None else f"seeded in {dataset.seconds:.1f} s"
    print(f"Bench dataset: {n_cases:,} cases, {n_orgs} organisations ({state}).")


if __name__ == "__main__":
    main()
