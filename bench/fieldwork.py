"""Field work at scale: a large night service, its field figures against hand-written SQL.

The night service (« Correspondants de nuit de la Métropole ») is seeded next to the cases of
``seed_scale``, in an organisation of its own that has no case (the case reports do not see it):
20 teams each on a shift every evening — 16 night teams (21 h or 22 h until 3 h to 6 h) and 4
evening teams (18 h until half past midnight or 1 h), all across midnight — through 16 quartiers
of 3 communes and 48 residences of 4 landlords, from a month before the measured year to a month
after it (14 months; no further than a week ahead of today). A shift that ended before the
seeding is held (1.5 % cancelled, nothing logged on those), with 14 to 48 interventions (more on
Friday and Saturday nights, in summer and on New Year's Eve), drawn from the same tables on both
paths: types weighted as a night team logs them, their usual register nine times out of ten,
places in a residence (hall or residence) or outside, moments skewed towards the start of the
shift, people met by band as the type implies. About 220,000 interventions in the measured year.

Rows are written by ``bulk_create`` in chunks (SQLite), or by ``INSERT … SELECT generate_series``
on PostgreSQL for the interventions (their indexes detached during the load; the shifts, a few
thousand rows, by ``bulk_create`` there too). A marker on the organisation records the spec and
the year: a database that already holds the service for that year is reused as is; another year
(``PALABRE_BENCH_REPORT_YEAR``) reseeds it, as do ``PALABRE_BENCH_RESEED=1`` (everything) and
``PALABRE_BENCH_RESEED=field`` (the night service only).

``RawField`` computes ``palabre.reports.fieldwork.compute``'s figures by hand, through
``connection.cursor()``: same rules (shifts by evening, not cancelled, ended; hours from their
instants; interventions by their moment within the year in Paris time, not on a cancelled shift;
hour bands in Paris time), each aggregation written once. ``bench_figures`` compares both results
figure by figure, then times them.
"""

import datetime as dt
import os
import random
import statistics
import time
import uuid
import zoneinfo
from contextlib import contextmanager
from dataclasses import dataclass
from unittest import mock

from bench.seed_scale import EMAIL_DOMAIN, SLUG_PREFIX

FIELD_SPEC = "palabre-bench-field/1"
SLUG = f"{SLUG_PREFIX}nuit"
NAME = "Correspondants de nuit de la Métropole (banc d'essai)"
NIGHT_TEAMS, EVENING_TEAMS = 16, 4
CREW_SIZE = 5  # correspondents per team; 2 or 3 of them on each shift
RESIDENCES_PER_QUARTIER = 3
MARGIN_DAYS = 31  # shifts from a month before the measured year to a month after it
AHEAD_DAYS = 7  # and no further than a week ahead
CANCELLED = 0.015
CHUNK = 20_000  # interventions per bulk_create round (SQLite)
LARGE = 200_000  # interventions a year: the size the bench is about

COMMUNES = [  # (INSEE, name, postal codes, [(quartier, is_qpv)])
    ("35238", "Rennes", "35000 35200 35700", [
        ("Centre", False), ("Villejean", True), ("Maurepas", True), ("Le Blosne", True),
        ("Bréquigny", True), ("Cleunay", True), ("Sud-Gare", False), ("Jeanne d'Arc", False),
        ("Beauregard", False), ("Bourg-l'Évêque", False), ("Thabor", False),
        ("Saint-Hélier", False),
    ]),
    ("35051", "Cesson-Sévigné", "35510", [("Bourg", False), ("Bois-Perrin", False)]),
    ("35281", "Saint-Jacques-de-la-Lande", "35136", [("La Gaîté", True), ("Pilate", False)]),
]  # fmt: skip
LANDLORDS = ["Archipel Habitat", "Néotoa", "Espacil Habitat", "Aiguillon construction"]
RESIDENCE_NAMES = [
    "Les Glycines", "Le Gué", "Les Ajoncs", "Le Pré Perché", "Les Goélands", "Les Tamaris",
    "Les Tilleuls", "Les Mimosas", "Le Bocage", "Les Hortensias", "La Prévalaye", "Les Charmilles",
    "Les Acacias", "Le Landry", "Les Cormorans", "La Courrouze", "Les Magnolias", "Les Bruyères",
    "Le Colombier", "Les Lauriers", "Les Châtaigniers", "La Poterie", "Les Camélias", "Le Vallon",
]  # fmt: skip
ROADMAP = [
    "Passer dans les halls : occupation signalée par le bailleur.",
    "Présence rassurante à la sortie du métro vers minuit.",
    "Vérifier la porte d'entrée réparée la semaine dernière.",
    "Rappeler les règles au groupe du parking, signalé par les habitants.",
]
NOTES = [
    "Groupe calme après échange, repasser vers 1 h.",
    "Personne âgée rassurée, voisine prévenue.",
    "Éclairage du hall en panne, à signaler au bailleur.",
    "Musique baissée après discussion avec les occupants.",
    "Porte du local vélos forcée.",
]
HALLS = ["Hall A", "Hall B", "Hall C", "Hall D"]


def _weights(pairs):
    """(value, weight) pairs as a table to draw from uniformly (the same table on both paths)."""
    return [str(value) for value, weight in pairs for _ in range(weight)]


def _tables():
    from palabre.field.codes import (
        DEFAULT_REGISTER,
        Initiator,
        InterventionType,
        PlaceKind,
        Register,
        Result,
    )

    T = InterventionType
    types = _weights([
        (T.NOISE_NIGHT, 20), (T.COMMON_AREA_OCCUPATION, 16), (T.YOUTH_GROUP_DIALOGUE, 13),
        (T.TECHNICAL_WATCH_ROUND, 10), (T.INFORMATION_RULES, 8), (T.NEIGHBOUR_CONFLICT, 7),
        (T.ASSISTANCE_PERSON_IN_DIFFICULTY, 6), (T.INTOXICATION, 5), (T.CONFLICT_PUBLIC_SPACE, 4),
        (T.ISOLATED_ELDERLY, 3), (T.HOMELESS, 3), (T.ESCORT, 2), (T.WELCOME_NEW_TENANT, 1),
        (T.EMERGENCY_SERVICES_CALLED, 1), (T.POLICE_CALLED, 1),
    ])  # fmt: skip
    return {
        "types": types,
        "default_registers": [str(DEFAULT_REGISTER[T(code)]) for code in types],
        "registers": [str(r) for r in Register],
        "initiators": _weights(
            [
                (Initiator.PATROL, 60),
                (Initiator.RESIDENT_CALL, 25),
                (Initiator.SELF, 10),
                (Initiator.PARTNER_REQUEST, 5),
            ]
        ),
        "results": _weights(
            [
                (Result.SETTLED, 45),
                (Result.CALMED, 20),
                (Result.ORIENTED, 8),
                (Result.RELAYED, 7),
                (Result.NOT_SETTLED, 8),
                (Result.NOTHING_FOUND, 8),
                (Result.REFUSED, 4),
            ]
        ),
        "in_residence": _weights([(PlaceKind.HALL, 3), (PlaceKind.RESIDENCE, 2)]),
        "outside": _weights(
            [
                (PlaceKind.PUBLIC_SPACE, 3),
                (PlaceKind.TRANSPORT_LINE, 1),
                (PlaceKind.ADDRESS, 1),
            ]
        ),
        "notes": NOTES,
        "halls": HALLS,
    }


def _hours(kind, weekday):
    """Local start and end of a team's shift on an evening (0 = Monday)."""
    if kind == "evening":
        return dt.time(18), dt.time(1) if weekday in (4, 5) else dt.time(0, 30)
    if weekday in (4, 5):
        return dt.time(22), dt.time(6)
    return dt.time(21), dt.time(3) if weekday in (6, 0) else dt.time(4)


def _interventions_on(kind, day, rng):
    """How many interventions a held shift logs."""
    if kind == "evening":
        n = rng.randint(14, 28)
    elif day.weekday() in (4, 5):
        n = rng.randint(32, 48)
    else:
        n = rng.randint(20, 36)
    if day.month in (6, 7, 8):
        n = round(n * 1.15)
    if (day.month, day.day) == (12, 31):
        n = round(n * 1.5)
    return n


def marker(year, first, last, interventions):
    teams = NIGHT_TEAMS + EVENING_TEAMS
    return f"{FIELD_SPEC} year={year} teams={teams} from={first} to={last} n={interventions}"


def span(year, today):
    """The evenings seeded for ``year``: a month before it to a month after, no further than a
    week ahead of ``today``."""
    first = dt.date(year, 1, 1) - dt.timedelta(days=MARGIN_DAYS)
    last = min(dt.date(year + 1, 1, MARGIN_DAYS), today + dt.timedelta(days=AHEAD_DAYS))
    return first, last


@dataclass
class NightService:
    organisation: object
    coordinator: object  # membership
    year: int  # the year it was seeded around
    teams: int
    first: dt.date  # first and last evening seeded
    last: dt.date
    interventions: int  # all of them, the margins included
    seconds: float | None  # seeding time, None when reused


def _read():
    """(the night service's organisation or None, the service when its marker is this spec's)."""
    from django.db.utils import DatabaseError

    from palabre.organisations.models import Membership, Organisation, Role

    try:
        organisation = Organisation.objects.filter(slug=SLUG).first()
    except DatabaseError:
        return None, None
    if organisation is None or not organisation.dpo_contact.startswith(FIELD_SPEC + " "):
        return organisation, None
    try:
        fields = dict(part.split("=", 1) for part in organisation.dpo_contact.split()[1:])
        service = NightService(
            organisation=organisation,
            coordinator=Membership.objects.select_related("user", "organisation").get(
                organisation=organisation, role=Role.COORDINATOR
            ),
            year=int(fields["year"]),
            teams=int(fields["teams"]),
            first=dt.date.fromisoformat(fields["from"]),
            last=dt.date.fromisoformat(fields["to"]),
            interventions=int(fields["n"]),
            seconds=None,
        )
    except (KeyError, ValueError, Membership.DoesNotExist):  # an earlier marker, half a seed
        return organisation, None
    return organisation, service


def ensure_night_service(year, log=print, force=False, migrate=False) -> NightService:
    """The night service of the bench database, seeded around ``year``: reused when there at
    this spec and year, (re)seeded else."""
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from palabre.accounts.models import User
    from palabre.organisations.models import Organisation

    if migrate:
        call_command("migrate", interactive=False, verbosity=0)
    organisation, current = _read()
    if current is not None and current.year == year and not force:
        return current
    foreign = (
        Organisation.objects.exclude(slug__startswith=SLUG_PREFIX).count()
        + User.objects.exclude(email__endswith=f"@{EMAIL_DOMAIN}").count()
    )
    if foreign:
        raise SystemExit(
            "bench: the bench database holds data that is not a bench dataset; refusing to "
            "write the night service there. Point DATABASE_URL (or PALABRE_BENCH_DB_PATH) at a "
            "dedicated database."
        )
    first, last = span(year, timezone.localdate())
    log(
        f"Seeding the night service around {year} ({NIGHT_TEAMS + EVENING_TEAMS} teams, "
        f"evenings from {first} to {last}, {connection.vendor})…"
    )
    started = time.perf_counter()
    rng = random.Random(20261127)
    with transaction.atomic():
        if organisation is not None:
            _delete(organisation, log)
        world = _reference(rng)
        shifts = _shifts(world, first, last, rng, log)
        if connection.vendor == "postgresql":
            count = _interventions_postgresql(world, shifts, log)
        else:
            count = _interventions_orm(world, shifts, rng, log)
        _roadmap(world, shifts, rng)
        Organisation.objects.filter(pk=world.organisation.pk).update(
            dpo_contact=marker(year, first, last, count)
        )
    with connection.cursor() as cursor:
        analysed = time.perf_counter()
        tables = [model._meta.db_table for model in _field_models()]
        for table in tables:
            cursor.execute(
                f'VACUUM (ANALYZE) "{table}"'
                if connection.vendor == "postgresql"
                else f'ANALYZE "{table}"'
            )
        log(f"  statistics (ANALYZE): {time.perf_counter() - analysed:.1f} s")
    _organisation, service = _read()
    service.seconds = time.perf_counter() - started
    log(f"Night service seeded in {service.seconds:.1f} s.")
    return service


def _field_models():
    from palabre.field.models import FieldTeam, Intervention, RoadmapItem, Shift

    return [
        Intervention, Shift, Shift.members.through, Shift.quartiers.through, RoadmapItem,
        FieldTeam,
    ]  # fmt: skip


def _delete(organisation, log):
    """Removes a night service of another spec: the big tables by hand, the rest by cascade."""
    from django.db import connection

    from palabre.accounts.models import User
    from palabre.field.models import Intervention, RoadmapItem, Shift

    log("  removing the night service seeded for another year or spec…")
    org = organisation._meta.pk.get_db_prep_value(organisation.pk, connection)
    shift = f'"{Shift._meta.db_table}"'
    with connection.cursor() as cursor:
        for model in (Intervention, RoadmapItem):
            cursor.execute(
                f'DELETE FROM "{model._meta.db_table}" WHERE organisation_id = %s', [org]
            )
        for through in (Shift.members.through, Shift.quartiers.through, Shift.residences.through,
                        Shift.communes.through):  # fmt: skip
            cursor.execute(
                f'DELETE FROM "{through._meta.db_table}" WHERE shift_id IN '
                f"(SELECT id FROM {shift} WHERE organisation_id = %s)",
                [org],
            )
        cursor.execute(f"DELETE FROM {shift} WHERE organisation_id = %s", [org])
    users = list(organisation.memberships.values_list("user_id", flat=True))
    organisation.delete()
    User.objects.filter(pk__in=users).delete()


# --- The service, its people, territory and teams (small: the ORM) ----------------------------


@dataclass
class World:
    organisation: object
    coordinator: object
    teams: list  # [(team, kind, [membership ids], [(quartier, commune id, [residence ids])])]


def _reference(rng):
    from django.contrib.auth.hashers import make_password

    from bench.seed_scale import FIRST_NAMES, LAST_NAMES
    from palabre.accounts.models import User
    from palabre.core.models import Commune, Quartier
    from palabre.field.models import FieldTeam
    from palabre.organisations.models import Membership, Organisation, Role
    from palabre.partners.models import Partner, PartnerKind, Residence

    organisation = Organisation.objects.create(
        name=NAME,
        slug=SLUG,
        address="Hôtel de Métropole (adresse fictive), 35000 Rennes",
        email=f"nuit@{EMAIL_DOMAIN}",
    )
    unusable = make_password(None)
    users, memberships = [], []
    for number in range(1 + (NIGHT_TEAMS + EVENING_TEAMS) * CREW_SIZE):
        user = User(
            email=(
                f"nuit.coordination@{EMAIL_DOMAIN}"
                if number == 0
                else f"nuit.correspondant.{number:03d}@{EMAIL_DOMAIN}"
            ),
            first_name=rng.choice(FIRST_NAMES),
            last_name=rng.choice(LAST_NAMES),
            password=unusable,
        )
        users.append(user)
        memberships.append(
            Membership(
                user=user,
                organisation=organisation,
                role=Role.COORDINATOR if number == 0 else Role.MEDIATOR,
            )
        )
    User.objects.bulk_create(users)
    Membership.objects.bulk_create(memberships)
    communes, quartiers = [], []
    for insee, name, postcodes, rows in COMMUNES:
        commune = Commune(
            organisation=organisation, insee_code=insee, name=name, postal_codes=postcodes
        )
        communes.append(commune)
        for number, (qname, qpv) in enumerate(rows, start=1):
            quartiers.append(
                Quartier(
                    organisation=organisation,
                    commune=commune,
                    number=number,
                    name=qname,
                    is_qpv=qpv,
                )
            )
    Commune.objects.bulk_create(communes)
    Quartier.objects.bulk_create(quartiers)
    landlords = [
        Partner(organisation=organisation, kind=PartnerKind.SOCIAL_LANDLORD, name=name)
        for name in LANDLORDS
    ]
    Partner.objects.bulk_create(landlords)
    residences, by_quartier = [], {}
    for q, quartier in enumerate(quartiers):
        for j in range(RESIDENCES_PER_QUARTIER):
            number = q * RESIDENCES_PER_QUARTIER + j
            base = RESIDENCE_NAMES[number % len(RESIDENCE_NAMES)]
            residence = Residence(
                organisation=organisation,
                landlord=landlords[number % len(landlords)],
                name=f"Résidence {base}" if number < len(RESIDENCE_NAMES) else f"Square {base}",
                address=f"{1 + number * 3} rue des {base.split()[-1]}",
                commune_id=quartier.commune_id,
                quartier=quartier,
            )
            residences.append(residence)
            by_quartier.setdefault(quartier.pk, []).append(residence.pk)
    Residence.objects.bulk_create(residences)
    teams, rows = [], []
    people = memberships[1:]
    for t in range(NIGHT_TEAMS + EVENING_TEAMS):
        kind = "night" if t < NIGHT_TEAMS else "evening"
        sector = [quartiers[(2 * t) % len(quartiers)], quartiers[(2 * t + 1) % len(quartiers)]]
        label = " / ".join(q.name for q in sector)
        team = FieldTeam(
            organisation=organisation,
            name=f"{'Nuit' if kind == 'night' else 'Soirée'} {t + 1:02d} — {label}",
        )
        crew = [m.pk for m in people[t * CREW_SIZE : (t + 1) * CREW_SIZE]]
        teams.append(team)
        rows.append((team, kind, crew, [(q, q.commune_id, by_quartier[q.pk]) for q in sector]))
    FieldTeam.objects.bulk_create(teams)
    FieldTeam.members.through.objects.bulk_create(
        FieldTeam.members.through(fieldteam_id=team.pk, membership_id=member)
        for team, _kind, crew, _sector in rows
        for member in crew
    )
    return World(organisation=organisation, coordinator=memberships[0], teams=rows)


@dataclass
class PlannedShift:
    shift: object
    team: int  # index in World.teams
    crew: list  # membership ids on the shift
    n: int  # interventions to log


def _shifts(world, first, last, rng, log):
    """A shift of every team every evening; those ended by now are held (a few cancelled)."""
    from django.utils import timezone

    from palabre.field import nights
    from palabre.field.models import Shift, ShiftStatus

    started = time.perf_counter()
    now = timezone.now()
    planned = []
    day = first
    while day <= last:
        for t, (team, kind, crew, _sector) in enumerate(world.teams):
            starts_at, ends_at = nights.bounds(day, *_hours(kind, day.weekday()))
            n = 0
            if ends_at > now:
                status = ShiftStatus.PLANNED
            elif rng.random() < CANCELLED:
                status = ShiftStatus.CANCELLED
            else:
                status = ShiftStatus.HELD
                n = _interventions_on(kind, day, rng)
            shift = Shift(
                organisation_id=world.organisation.pk,
                team_id=team.pk,
                date=day,
                starts_at=starts_at,
                ends_at=ends_at,
                status=status,
            )
            planned.append(PlannedShift(shift, t, rng.sample(crew, rng.choice((2, 2, 3))), n))
        day += dt.timedelta(days=1)
    Shift.objects.bulk_create([p.shift for p in planned], batch_size=2000)
    Shift.members.through.objects.bulk_create(
        (
            Shift.members.through(shift_id=p.shift.pk, membership_id=member)
            for p in planned
            for member in p.crew
        ),
        batch_size=5000,
    )
    Shift.quartiers.through.objects.bulk_create(
        (
            Shift.quartiers.through(shift_id=p.shift.pk, quartier_id=quartier.pk)
            for p in planned
            for quartier, _c, _r in world.teams[p.team][3]
        ),
        batch_size=5000,
    )
    log(f"  {len(planned):,} shifts with their crews and quartiers: "
        f"{time.perf_counter() - started:.1f} s")  # fmt: skip
    return planned


def _interventions_orm(world, planned, rng, log):
    from palabre.field.codes import InterventionType as T
    from palabre.field.models import Intervention

    started = time.perf_counter()
    tables = _tables()
    types, default_registers = tables["types"], tables["default_registers"]
    org = world.organisation.pk
    rows, count = [], 0

    def flush():
        nonlocal rows, count
        Intervention.objects.bulk_create(rows)
        count += len(rows)
        rows = []

    for p in planned:
        sector = world.teams[p.team][3]
        shift = p.shift
        minutes = int((shift.ends_at - shift.starts_at).total_seconds() // 60)
        for _ in range(p.n):
            index = rng.randrange(len(types))
            kind = types[index]
            register = (
                default_registers[index] if rng.random() < 0.9 else rng.choice(tables["registers"])
            )
            quartier, commune_id, residences = rng.choice(sector)
            residence = rng.choice(residences) if rng.random() < 0.55 else None
            rows.append(
                Intervention(
                    organisation_id=org,
                    shift_id=shift.pk,
                    client_id=uuid.UUID(int=rng.getrandbits(128), version=4),
                    happened_at=shift.starts_at
                    + dt.timedelta(minutes=int(minutes * rng.random() ** 1.3)),
                    place_kind=rng.choice(tables["in_residence" if residence else "outside"]),
                    residence_id=residence,
                    place_label=rng.choice(HALLS) if residence and rng.random() < 0.5 else "",
                    quartier_id=quartier.pk,
                    commune_id=commune_id,
                    register=register,
                    type=kind,
                    initiated_by=rng.choice(tables["initiators"]),
                    result=rng.choice(tables["results"]),
                    follow_up_needed=rng.random() < 0.1,
                    note=rng.choice(NOTES) if rng.random() < 0.15 else "",
                    recorded_by_id=rng.choice(p.crew),
                    **_people_met(kind, rng, T),
                )
            )
        if len(rows) >= CHUNK:
            flush()
    flush()
    log(f"  {count:,} interventions (bulk_create): {time.perf_counter() - started:.1f} s")
    return count


def _people_met(kind, rng, T) -> dict:
    if kind == T.TECHNICAL_WATCH_ROUND:
        return {}
    if kind == T.YOUTH_GROUP_DIALOGUE:
        return {"boys": rng.randint(2, 7), "girls": rng.randint(0, 2), "men": rng.randint(0, 3)}
    if kind == T.ISOLATED_ELDERLY:
        return {rng.choice(["older_women", "older_men"]): 1}
    women = rng.randint(0, 2)
    return {"women": women, "men": rng.randint(0 if women else 1, 2)}


def _interventions_postgresql(world, planned, log):
    """The same draws in SQL: one row per intervention from the shifts' plan (a temporary table)
    over ``generate_series``, then ``INSERT … SELECT`` with the table's indexes detached."""
    from django.db import connection

    from bench.seed_scale import _insert_select, _pg_detach
    from palabre.field.models import Intervention

    started = time.perf_counter()
    p = _tables()
    held = [s for s in planned if s.n]
    team_rows = []  # (index, quartier 1, its commune, quartier 2, its commune, residences)
    for index, (_team, _kind, _crew, (one, two)) in enumerate(world.teams):
        team_rows.append((index, one[0].pk, one[1], two[0].pk, two[1], [*one[2], *two[2]]))
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        cursor.execute("SELECT setseed(0.1127)")
        cursor.execute(
            """
            CREATE TEMP TABLE bench_night_team ON COMMIT DROP AS
            SELECT t.ti, t.q1, t.c1, t.q2, t.c2, r.rs
            FROM unnest(%s::int[], %s::uuid[], %s::uuid[], %s::uuid[], %s::uuid[])
              AS t(ti, q1, c1, q2, c2)
            JOIN (SELECT ti, array_agg(r ORDER BY k) AS rs
                  FROM unnest(%s::int[], %s::int[], %s::uuid[]) AS x(ti, k, r) GROUP BY ti) r
              USING (ti)
            """,
            [
                *[list(column) for column in zip(*[row[:5] for row in team_rows], strict=True)],
                [t for t, *_r, rs in team_rows for _ in rs],
                [k for *_r, rs in team_rows for k in range(len(rs))],
                [r for *_r, rs in team_rows for r in rs],
            ],
        )
        cursor.execute(
            """
            CREATE TEMP TABLE bench_night_shift ON COMMIT DROP AS
            SELECT * FROM unnest(%s::uuid[], %s::timestamptz[], %s::int[], %s::int[], %s::int[],
                                 %s::uuid[], %s::uuid[], %s::uuid[])
              AS t(shift_id, starts_at, minutes, n, ti, m1, m2, m3)
            """,
            [
                [s.shift.pk for s in held],
                [s.shift.starts_at for s in held],
                [int((s.shift.ends_at - s.shift.starts_at).total_seconds() // 60) for s in held],
                [s.n for s in held],
                [s.team for s in held],
                [s.crew[0] for s in held],
                [s.crew[1] for s in held],
                [s.crew[2] if len(s.crew) > 2 else None for s in held],
            ],
        )
        n_types, n_per = len(p["types"]), RESIDENCES_PER_QUARTIER

        def pick(name):
            return f"(%({name})s::text[])[1 + floor(random() * {len(p[name])})::int]"

        cursor.execute(
            f"""
            CREATE TEMP TABLE bench_night_draw ON COMMIT DROP AS
            WITH d AS MATERIALIZED (
              SELECT s.shift_id, s.starts_at, s.minutes, s.m1, s.m2, s.m3, t.*,
                     1 + floor(random() * {n_types})::int AS ty, random() AS r_reg,
                     floor(random() * 2)::int AS qi, random() < 0.55 AS in_residence,
                     1 + floor(random() * {n_per})::int AS rj, random() AS r_crew,
                     random() AS r_women, random() AS r_label, random() AS r_note
              FROM bench_night_shift s JOIN bench_night_team t USING (ti)
              CROSS JOIN LATERAL generate_series(1, s.n) AS g(k)
            )
            SELECT d.shift_id,
                   d.starts_at + make_interval(mins => floor(d.minutes
                                               * power(random(), 1.3))::int) AS happened_at,
                   (%(types)s::text[])[d.ty] AS type,
                   CASE WHEN d.r_reg < 0.9 THEN (%(default_registers)s::text[])[d.ty]
                        ELSE {pick("registers")} END AS register,
                   CASE WHEN d.qi = 0 THEN d.q1 ELSE d.q2 END AS quartier_id,
                   CASE WHEN d.qi = 0 THEN d.c1 ELSE d.c2 END AS commune_id,
                   CASE WHEN d.in_residence THEN d.rs[d.qi * {n_per} + d.rj] END AS residence_id,
                   CASE WHEN d.in_residence THEN {pick("in_residence")}
                        ELSE {pick("outside")} END AS place_kind,
                   CASE WHEN d.in_residence AND d.r_label < 0.5 THEN {pick("halls")}
                        ELSE '' END AS place_label,
                   CASE WHEN d.m3 IS NULL THEN
                          CASE WHEN d.r_crew < 0.5 THEN d.m1 ELSE d.m2 END
                        ELSE CASE WHEN d.r_crew < 1 / 3.0 THEN d.m1
                                  WHEN d.r_crew < 2 / 3.0 THEN d.m2 ELSE d.m3 END
                   END AS recorded_by_id,
                   floor(d.r_women * 3)::int AS women,
                   CASE WHEN d.r_note < 0.15 THEN {pick("notes")} ELSE '' END AS note
            FROM d
            """,
            p,
        )
        cursor.execute("ANALYZE bench_night_draw")
        log(f"  plan of the interventions: {time.perf_counter() - started:.1f} s")
        rebuild = _pg_detach(cursor, [Intervention._meta.db_table])
        loaded = time.perf_counter()
        people = {  # by type, as ``_people_met``
            "boys": "CASE WHEN x.type = 'YOUTH_GROUP_DIALOGUE' "
            "THEN 2 + floor(random() * 6)::int ELSE 0 END",
            "girls": "CASE WHEN x.type = 'YOUTH_GROUP_DIALOGUE' "
            "THEN floor(random() * 3)::int ELSE 0 END",
            "men": "CASE WHEN x.type = 'YOUTH_GROUP_DIALOGUE' THEN floor(random() * 4)::int "
            "WHEN x.type IN ('TECHNICAL_WATCH_ROUND', 'ISOLATED_ELDERLY') THEN 0 "
            "WHEN x.women = 0 THEN 1 + floor(random() * 2)::int "
            "ELSE floor(random() * 3)::int END",
            "women": "CASE WHEN x.type IN ('YOUTH_GROUP_DIALOGUE', 'TECHNICAL_WATCH_ROUND', "
            "'ISOLATED_ELDERLY') THEN 0 ELSE x.women END",
            "older_women": "CASE WHEN x.type = 'ISOLATED_ELDERLY' AND x.r_older < 0.5 "
            "THEN 1 ELSE 0 END",
            "older_men": "CASE WHEN x.type = 'ISOLATED_ELDERLY' AND x.r_older >= 0.5 "
            "THEN 1 ELSE 0 END",
        }
        count = _insert_select(
            cursor,
            Intervention,
            {
                "id": "gen_random_uuid()",
                "organisation_id": "%(org)s",
                "shift_id": "x.shift_id",
                "client_id": "gen_random_uuid()",
                "happened_at": "x.happened_at",
                "place_kind": "x.place_kind",
                "residence_id": "x.residence_id",
                "place_label": "x.place_label",
                "commune_id": "x.commune_id",
                "quartier_id": "x.quartier_id",
                "register": "x.register",
                "type": "x.type",
                "initiated_by": pick("initiators"),
                "result": pick("results"),
                "follow_up_needed": "random() < 0.1",
                "note": "x.note",
                "recorded_by_id": "x.recorded_by_id",
                **people,
            },
            "FROM (SELECT b.*, random() AS r_older FROM bench_night_draw b) x",
            {**p, "org": world.organisation.pk},
        )
        log(f"  {count:,} interventions (INSERT … SELECT): {time.perf_counter() - loaded:.1f} s")
        rebuilt = time.perf_counter()
        for statement in rebuild:
            cursor.execute(statement)
        log(f"  indexes and constraints rebuilt: {time.perf_counter() - rebuilt:.1f} s")
    return count


def _roadmap(world, planned, rng):
    from palabre.field.models import RoadmapItem

    items = []
    for p in planned:
        if p.shift.status == "CANCELLED" or rng.random() < 0.7:
            continue
        _quartier, _commune, residences = rng.choice(world.teams[p.team][3])
        items.append(
            RoadmapItem(
                organisation_id=world.organisation.pk,
                shift_id=p.shift.pk,
                text=rng.choice(ROADMAP),
                residence_id=rng.choice(residences) if rng.random() < 0.6 else None,
            )
        )
    RoadmapItem.objects.bulk_create(items, batch_size=2000)


# --- The same figures by hand -------------------------------------------------------------------


def t(model):
    return f'"{model._meta.db_table}"'


class RawField:
    """Every figure of ``fieldwork.compute`` for ``organisation_ids`` over [start, end], through
    ``connection.cursor()``; calling it runs the queries and returns ``comparable`` figures."""

    BREAKDOWNS = ("register", "type", "place_kind", "initiated_by", "result")

    def __init__(self, organisation_ids, start, end, now):
        from django.db import connection
        from django.utils import timezone

        from palabre.field.models import ShiftStatus
        from palabre.organisations.models import Organisation

        ops = connection.ops
        self.pg = connection.vendor == "postgresql"
        self.orgs = [
            Organisation._meta.pk.get_db_prep_value(pk, connection) for pk in organisation_ids
        ]
        self.org_in = ", ".join(["%s"] * len(self.orgs))
        self.zone = timezone.get_current_timezone()
        self.d_start, self.d_end = ops.adapt_datefield_value(start), ops.adapt_datefield_value(end)
        self.at_start = ops.adapt_datetimefield_value(
            dt.datetime.combine(start, dt.time.min, tzinfo=self.zone)
        )
        self.at_end = ops.adapt_datetimefield_value(
            dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=self.zone)
        )
        self.now = ops.adapt_datetimefield_value(now)
        self.cancelled = str(ShiftStatus.CANCELLED)
        self.local_hours = {}  # SQLite: « YYYY-MM-DD HH » in UTC → the hour in Paris

    def __call__(self):
        from django.db import connection

        from palabre.field.models import Intervention, PartnerOrientation, Shift
        from palabre.reports.fieldwork import hour_band

        with connection.cursor() as cursor:

            def rows(sql, params):
                cursor.execute(sql, params)
                return cursor.fetchall()

            o = self.orgs
            seconds = (
                "EXTRACT(EPOCH FROM s.ends_at - s.starts_at)"
                if self.pg
                else "strftime('%%s', s.ends_at) - strftime('%%s', s.starts_at)"
            )
            ((shifts, length),) = rows(
                f"""SELECT COUNT(*), COALESCE(SUM({seconds}), 0) FROM {t(Shift)} s
                    WHERE s.organisation_id IN ({self.org_in}) AND s.date BETWEEN %s AND %s
                      AND s.ends_at <= %s AND s.status <> %s""",
                [*o, self.d_start, self.d_end, self.now, self.cancelled],
            )
            # The interventions of the year, not on a cancelled shift.
            of_year = f"""FROM {t(Intervention)} i JOIN {t(Shift)} s ON s.id = i.shift_id
                WHERE i.organisation_id IN ({self.org_in})
                  AND i.happened_at >= %s AND i.happened_at < %s AND s.status <> %s"""
            params = [*o, self.at_start, self.at_end, self.cancelled]
            ((n, calls, follow_up, people),) = rows(
                f"""SELECT COUNT(*),
                       COALESCE(SUM(CASE WHEN i.initiated_by = %s THEN 1 ELSE 0 END), 0),
                       COALESCE(SUM(CASE WHEN i.follow_up_needed THEN 1 ELSE 0 END), 0),
                       COALESCE(SUM(i.girls + i.boys + i.women + i.men + i.older_women
                                    + i.older_men), 0)
                    {of_year}""",
                ["RESIDENT_CALL", *params],
            )
            figures = {
                "shifts": shifts,
                "hours": round(float(length) / 3600, 1),
                "interventions": n,
                "people": int(people),
                "calls": calls,
                "follow_up": follow_up,
            }
            for column in self.BREAKDOWNS:
                figures[column] = dict(
                    rows(f"SELECT i.{column}, COUNT(*) {of_year} GROUP BY i.{column}", params)
                )
            # Hour bands in Paris time. PostgreSQL converts; SQLite has no time zones: counts by
            # UTC hour (the text of the stored instant), each hour then read in Paris (its offset
            # is whole hours) — a few thousand conversions for the year, not one per row.
            bands = {}
            if self.pg:
                hours = rows(
                    f"""SELECT EXTRACT(HOUR FROM i.happened_at AT TIME ZONE %s)::int, COUNT(*)
                        {of_year} GROUP BY 1""",
                    [str(self.zone), *params],
                )
            else:
                hours = [
                    (self.local_hour(utc), count)
                    for utc, count in rows(
                        f"SELECT substr(i.happened_at, 1, 13), COUNT(*) {of_year} GROUP BY 1",
                        params,
                    )
                ]
            for hour, count in hours:
                bands[hour_band(hour)] = bands.get(hour_band(hour), 0) + count
            figures["hour_band"] = bands
            # Orientations to a partner by reason: dated in the period, from an intervention of a
            # shift not cancelled.
            figures["orientations"] = dict(
                rows(
                    f"""SELECT o.reason, COUNT(*) FROM {t(PartnerOrientation)} o
                        JOIN {t(Intervention)} i ON i.id = o.intervention_id
                        JOIN {t(Shift)} s ON s.id = i.shift_id
                        WHERE i.organisation_id IN ({self.org_in})
                          AND o.oriented_on BETWEEN %s AND %s AND s.status <> %s
                        GROUP BY o.reason""",
                    [*o, self.d_start, self.d_end, self.cancelled],
                )
            )
        return figures

    def local_hour(self, utc_hour):
        hour = self.local_hours.get(utc_hour)
        if hour is None:
            moment = dt.datetime.fromisoformat(f"{utc_hour}:00").replace(tzinfo=dt.UTC)
            hour = self.local_hours[utc_hour] = moment.astimezone(self.zone).hour
        return hour


def comparable(figures):
    """``fieldwork.compute``'s result in the shape ``RawField`` returns."""
    flat = {}
    for key, value in figures.items():
        if hasattr(value, "rows"):
            flat[key] = {code: n for code, _label, n in value.rows}
        else:
            flat[key] = value
    return flat


# --- The benchmark ------------------------------------------------------------------------------


def timed_queries(function):
    """Runs ``function`` once; returns its queries as (seconds, SQL), in order."""
    from django.db import connection

    found = []

    def timer(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            found.append((time.perf_counter() - started, sql))

    with connection.execute_wrapper(timer):
        function()
    return found


def bench_figures(service, year, now, repeat, warmup, show_queries=False):
    """The field figures of the night service's year: library and raw SQL, compared, timed."""
    from bench.reports import ReportRow, differences
    from palabre.reports import fieldwork
    from palabre.reports.scope import Scope

    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    organisation_ids = [service.organisation.pk]
    scope = Scope(organisations=tuple(organisation_ids), start=start, end=end)
    row = ReportRow("Field figures, large night service", organisations=1)
    raw = RawField(organisation_ids, start, end, now)

    def library():
        return fieldwork.compute(scope, now=now)

    try:
        figures = library()
        raw_figures = raw()
    except Exception as error:  # a figure being written, a schema change…
        row.problem = f"{type(error).__name__}: {error}".splitlines()[0][:160]
        return row
    if figures is None:
        row.problem = "fieldwork.compute gives None (no field team in the service?)"
        return row
    found = differences(comparable(figures), raw_figures)
    if found:
        row.warning = (
            f"{row.label}: the raw SQL gives {len(found)} figure(s) the library does not "
            f"({'; '.join(found[:3])}): the baseline may not measure the same work."
        )
    if figures["interventions"] < LARGE:
        row.warning += (
            f" Only {figures['interventions']:,} interventions in {year} (the bench is about "
            f"≥ {LARGE:,}): reseed the night service (PALABRE_BENCH_RESEED=field)."
        )
    library_queries, raw_queries = timed_queries(library), timed_queries(raw)
    row.queries, row.raw_queries = len(library_queries), len(raw_queries)
    row.cases = figures["interventions"]  # of the year
    if show_queries:
        for name, queries in (("fieldwork.compute", library_queries), ("RawField", raw_queries)):
            print(f"\n--- {row.label}, {name}: {len(queries)} queries ---")
            for seconds, sql in queries:
                print(f"  {seconds * 1000:7.1f} ms  {' '.join(sql.split())[:300]}")
    row.note = (
        f"{year}: {figures['shifts']:,} shifts, {figures['hours']:,} hours, "
        f"{figures['interventions']:,} interventions, {figures['people']:,} people met, "
        f"{figures['calls']:,} calls, {figures['follow_up']:,} follow-ups"
    )
    row.raw = median_seconds(raw, repeat, warmup)
    row.library = median_seconds(library, repeat, warmup)
    return row


def median_seconds(function, repeat, warmup):
    for _ in range(warmup):
        function()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


# --- The quick-entry page during a shift --------------------------------------------------------


@dataclass
class Moment:
    """A moment inside a seeded shift, the shift and who is on it."""

    at: dt.datetime
    shift: object
    correspondent: object  # a membership on the shift
    running: int  # shifts of the service running then


def moment_in_a_shift(service):
    """The last held shift of the first team with interventions logged: a few minutes after its
    last intervention (before its end), with one of its crew."""
    from palabre.field.models import Intervention, Shift, ShiftStatus
    from palabre.organisations.models import Membership

    shift = (
        Shift.objects.filter(
            organisation=service.organisation, status=ShiftStatus.HELD, interventions__isnull=False
        )
        .select_related("team")
        .order_by("team__name", "-date")
        .first()
    )
    last = Intervention.objects.filter(shift=shift).order_by("-happened_at").first()
    at = min(last.happened_at + dt.timedelta(minutes=3), shift.ends_at - dt.timedelta(minutes=1))
    correspondent = (
        Membership.objects.select_related("user", "organisation")
        .filter(field_shifts=shift)
        .order_by("user__email")
        .first()
    )
    running = Shift.objects.filter(
        organisation=service.organisation, starts_at__lte=at, ends_at__gte=at
    ).count()
    return Moment(at=at, shift=shift, correspondent=correspondent, running=running)


@contextmanager
def clock_at(moment):
    """``django.utils.timezone.now`` fixed at ``moment`` (what every view and form reads)."""
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield


def paris(moment):
    return moment.astimezone(zoneinfo.ZoneInfo("Europe/Paris"))


def reseed_requested():
    """``PALABRE_BENCH_RESEED``: ``1`` reseeds everything, ``field`` the night service only."""
    return os.environ.get("PALABRE_BENCH_RESEED") in ("1", "field")


def report_figures(row):
    from bench.reports import RATIO_TARGET

    def ms(seconds):
        return f"{seconds * 1000:9.1f}" if seconds is not None else "        –"

    print()
    header = (
        f"{'Report':<36} {'interventions':>13} {'library ms':>10} {'raw ms':>9} {'ratio':>7}  "
        f"{'queries lib/raw':>15}  target"
    )
    print(header)
    print("-" * (len(header) + 16))
    if row.problem:
        print(f"{row.label:<36} NOT MEASURED — {row.problem}")
    else:
        met = "ok" if row.ratio <= RATIO_TARGET else "not met"
        print(
            f"{row.label:<36} {row.cases:>13,} {ms(row.library)} {ms(row.raw)} "
            f"{row.ratio:6.2f}×  {row.queries:>7} / {row.raw_queries:<5}  "
            f"ratio ≤ {RATIO_TARGET:g}×: {met}"
        )
        print(f"{'':<36} ({row.note})")
    if row.warning:
        print(f"Warning — {row.warning.strip()}")
