"""``make load``: 50 people at once for 5 minutes against the production layout, on this machine.

Run inside ``scripts/with-postgres`` (``DATABASE_URL`` set, a throwaway cluster). Everything
listens on 127.0.0.1 only. Steps:

1. the demo (``seed_demo``) in PostgreSQL, the static files collected, with the settings of a
   real instance behind a TLS proxy (``DEBUG=0``, ``BEHIND_PROXY=1``, a KEK, SMS to a file);
2. gunicorn with several workers and the task worker (``db_worker``), as two services;
3. locust, headless (``bench/load/locustfile.py``);
4. the checks, in the database: no slot held twice nor an occurrence beyond its slots, every
   write the server answered for is there (and no other), the worker's queue is empty, no
   server error in the logs; then the table, p50/p95/p99 per page.

Exit code 1 when a request failed or a check did not hold. Environment: ``PALABRE_LOAD_USERS``
(50), ``PALABRE_LOAD_TIME`` (``5m``; ``30s`` for a smoke run), ``PALABRE_LOAD_WORKERS`` (web
workers, 4), ``PALABRE_LOAD_CASES_PER_YEAR`` (the demo's, 230), ``PALABRE_LOAD_KEEP=1`` keeps
the logs' folder.
"""

import base64
import csv
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PY = str(ROOT / ".venv" / "bin" / "python")
USERS = int(os.environ.get("PALABRE_LOAD_USERS", "50"))
DURATION = os.environ.get("PALABRE_LOAD_TIME", "5m")
WORKERS = int(os.environ.get("PALABRE_LOAD_WORKERS", "4"))
DEMO_PASSWORD = "palabre-demo"


BEGAN = time.monotonic()


def say(message):
    print(f"[load {time.monotonic() - BEGAN:5.0f} s] {message}", flush=True)


def load_average() -> str:
    """The machine's load (1, 5, 15 min): the run shares it with whatever else is running."""
    return " / ".join(f"{value:.1f}" for value in os.getloadavg())


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def instance_environment(work: Path, port: int) -> dict:
    """What a real instance sets (docs/operations.md), with this run's throwaway secrets."""
    return {
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "BEHIND_PROXY": "1",
        "PALABRE_BASE_URL": f"https://127.0.0.1:{port}",
        "PALABRE_KEK": base64.b64encode(os.urandom(32)).decode(),
        "PALABRE_STATIC_ROOT": str(work / "static"),
        "PALABRE_MAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
        "PALABRE_SMS_BACKEND": "palabre.core.sms.FileSender",
        "PALABRE_SMS_FILE": str(work / "sms.jsonl"),
        "PALABRE_BACKUP_DIR": str(work / "backups"),
        "LOG_LEVEL": "WARNING",
    }


def manage(*args, log: Path):
    with log.open("a") as out:
        subprocess.run([PY, "manage.py", *args], cwd=ROOT, stdout=out, stderr=out, check=True)


def prepare(work: Path) -> dict:
    """The accounts the load logs in with, and each mediator's cases where an interview can be
    planned. The demo gives one mediator the shared password: the others of the service get it
    too (and the coordination), so that the sessions are of different people."""
    from django.contrib.auth.hashers import make_password

    from palabre.accounts.models import TotpDevice, User
    from palabre.cases import access, codes
    from palabre.cases.demo import generator
    from palabre.cases.models import Case
    from palabre.core.models import Commune
    from palabre.organisations.models import Membership, Organisation, Role

    params = generator.load_params()
    service = Organisation.objects.get(slug=params["organisations"]["demo"]["slug"])
    with_mfa = TotpDevice.objects.values("user")
    people = Membership.objects.filter(
        organisation=service, role__in=[Role.MEDIATOR, Role.COORDINATOR, Role.PARTNER]
    ).exclude(user__in=with_mfa)
    User.objects.filter(pk__in=people.values("user")).update(password=make_password(DEMO_PASSWORD))
    requester_statuses = {
        codes.Status.QUALIFIED,
        codes.Status.REQUESTER_INTERVIEW_SCHEDULED,
        codes.Status.REQUESTER_INTERVIEWED,
    }
    other_statuses = {
        codes.Status.CONTACTING_OTHER_PARTY,
        codes.Status.OTHER_PARTY_INTERVIEW_SCHEDULED,
        codes.Status.OTHER_PARTY_INTERVIEWED,
    }
    open_cases = list(
        Case.objects.filter(organisation=service, status__in=requester_statuses | other_statuses)
        .exclude(anonymised_at__isnull=False)
        .prefetch_related("parties")
    )
    mediators = []
    for membership in people.filter(role=Role.MEDIATOR).select_related("user"):
        cases = []
        for case in open_cases:
            if not access.can_work_on_case(membership, case):
                continue
            if case.status in requester_statuses:
                role = codes.PartyRole.REQUESTER
            elif case.requester() is not None and _consents(case):
                role = codes.PartyRole.OTHER_PARTY
            else:
                continue
            party = next((p for p in case.parties.all() if p.role == role), None)
            if party is not None:
                cases.append({"id": str(case.pk), "party": str(party.pk)})
        if cases:
            mediators.append({"email": membership.user.email, "cases": cases})
    if not mediators:
        raise SystemExit("Aucun dossier où planifier un entretien : la démo a changé ?")
    return {
        "password": DEMO_PASSWORD,
        "service": service.slug,
        "coordinators": sorted(
            people.filter(role=Role.COORDINATOR).values_list("user__email", flat=True)
        ),
        "partners": sorted(people.filter(role=Role.PARTNER).values_list("user__email", flat=True)),
        "mediators": mediators,
        "statuses": [status for status, _label in codes.Status.choices],
        "stages": [stage for stage, _label in codes.Stage.choices],
        "communes": [str(pk) for pk in Commune.objects.of(service).values_list("pk", flat=True)],
    }


def _consents(case) -> bool:
    from palabre.cases import codes
    from palabre.cases.actions import has_active_consent

    return has_active_consent(case.requester(), codes.ConsentKind.CONTACT_OTHER_PARTY)


def counts() -> dict:
    from palabre.cases.models import Interview, PrivateNote
    from palabre.permanences.models import Appointment
    from palabre.referrals.models import Referral

    return {
        "interviews": Interview.objects.count(),
        "notes": PrivateNote.objects.count(),
        "referrals": Referral.objects.count(),
        "appointments": Appointment.objects.count(),
    }


def start(command, log: Path, env: dict) -> subprocess.Popen:
    return subprocess.Popen(
        command,
        cwd=ROOT,
        env=env,
        stdout=log.open("a"),
        stderr=subprocess.STDOUT,
        start_new_session=True,  # stopped as a group, with their children
    )


def stop(process: subprocess.Popen):
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def wait_until_served(url: str, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})
            with urllib.request.urlopen(request, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"Le serveur ne répond pas sur {url}.")


def wait_for_the_queue(seconds=90) -> int:
    """The worker sends what the load queued; answers what is still unsent after the wait."""
    from palabre.permanences.models import Notice

    deadline = time.monotonic() + seconds
    while True:
        due = Notice.objects.filter(
            sent_at__isnull=True, dropped=False, due_at__lte=time_now()
        ).count()
        if due == 0 or time.monotonic() > deadline:
            return due
        time.sleep(1)


def time_now():
    from django.utils import timezone

    return timezone.now()


def check(before: dict, results: dict, logs: list[Path]) -> list[str]:
    """What must hold after the load; each line that does not is an error."""
    from django.db.models import Count

    from palabre.cases.models import Interview, PrivateNote
    from palabre.permanences import schedule
    from palabre.permanences.models import Appointment, AppointmentState, Occurrence
    from palabre.referrals.models import Referral

    written = results["written"]
    problems = []
    active = Appointment.objects.filter(
        state__in=[AppointmentState.PENDING, AppointmentState.BOOKED], starts_at__isnull=False
    )
    twice = active.values("occurrence", "starts_at").annotate(n=Count("pk")).filter(n__gt=1)
    if twice:
        problems.append(f"{len(twice)} créneau(x) tenu(s) par deux rendez-vous ou plus")
    for row in active.values("occurrence").annotate(n=Count("pk")):
        occurrence = Occurrence.objects.select_related("permanence").get(pk=row["occurrence"])
        capacity = len(schedule.slot_starts(occurrence, occurrence.permanence.slot_minutes))
        if row["n"] > capacity:
            problems.append(f"séance {occurrence.pk} : {row['n']} rendez-vous pour {capacity}")
    after = counts()

    def same(kind, label, delta, found):
        answered = len(written[kind])
        if found != answered:
            problems.append(f"{label} : {answered} annoncé(s), {found} retrouvé(s) en base")
        if delta is not None and delta != answered:
            problems.append(f"{label} : {answered} annoncé(s), {delta} ligne(s) de plus en base")

    same(
        "interviews_scheduled",
        "entretiens planifiés",
        after["interviews"] - before["interviews"],
        Interview.objects.filter(place__in=written["interviews_scheduled"]).count(),
    )
    same(
        "interviews_recorded",
        "entretiens renseignés",
        None,
        Interview.objects.filter(
            pk__in=written["interviews_recorded"], status="HELD", duration_minutes__isnull=False
        ).count(),
    )
    tokens = set(written["notes"])
    new_notes = PrivateNote.objects.order_by("-created_at")[: max(0, len(tokens) + 5)]
    same(
        "notes",
        "notes privées (chiffrées, relues)",
        after["notes"] - before["notes"],
        sum(1 for note in new_notes if note.text.rsplit(" ", 1)[-1] in tokens),
    )
    same(
        "referrals",
        "orientations",
        after["referrals"] - before["referrals"],
        Referral.objects.filter(requester_last_name__in=written["referrals"]).count(),
    )
    same(
        "bookings",
        "réservations",
        after["appointments"] - before["appointments"],
        Appointment.objects.filter(last_name__in=written["bookings"]).count(),
    )
    same(
        "confirmed",
        "réservations confirmées par le code",
        None,
        Appointment.objects.filter(
            last_name__in=written["confirmed"], state=AppointmentState.BOOKED
        ).count(),
    )
    unsent = wait_for_the_queue(seconds=5)
    if unsent:
        problems.append(f"{unsent} message(s) dû(s) non envoyé(s) par le worker")
    for log in logs:
        # db_worker stopped while it waits for work leaves its transaction with a traceback
        # (django_tasks_db exits from the signal handler): the run is over by then.
        text = log.read_text(errors="replace").split("shutting down gracefully")[0]
        errors = text.count("Internal Server Error") + text.count("Traceback (most recent")
        if errors:
            problems.append(f"{errors} erreur(s) serveur dans {log.name}")
    return problems


def table(stats_csv: Path) -> tuple[str, int, int]:
    rows = list(csv.DictReader(stats_csv.open(encoding="utf-8")))
    lines = [
        f"{'page':<44} {'requêtes':>8} {'erreurs':>7} {'p50':>7} {'p95':>7} {'p99':>7}",
        "-" * 84,
    ]
    total = failures = 0
    for row in sorted(rows, key=lambda r: (r["Name"] == "Aggregated", r["Type"], r["Name"])):
        name = "ensemble" if row["Name"] == "Aggregated" else f"{row['Type']} {row['Name']}"
        lines.append(
            f"{name[:44]:<44} {row['Request Count']:>8} {row['Failure Count']:>7} "
            f"{row['50%']:>5}ms {row['95%']:>5}ms {row['99%']:>5}ms"
        )
        if row["Name"] == "Aggregated":
            total, failures = int(row["Request Count"]), int(row["Failure Count"])
    return "\n".join(lines), total, failures


def main() -> int:
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        print("make load se lance sur PostgreSQL : scripts/with-postgres " + " ".join(sys.argv))
        return 2
    work = Path(tempfile.mkdtemp(prefix="palabre-load-"))
    port = free_port()
    env = {**os.environ, **instance_environment(work, port)}
    os.environ.update(env)
    setup_log = work / "setup.log"
    say(f"journaux dans {work}")
    started = time.monotonic()
    manage("migrate", "--no-input", log=setup_log)
    seed = ["seed_demo"]
    if os.environ.get("PALABRE_LOAD_CASES_PER_YEAR"):
        seed += ["--cases-per-year", os.environ["PALABRE_LOAD_CASES_PER_YEAR"]]
    manage(*seed, log=setup_log)
    manage("collectstatic", "--no-input", "-v", "0", log=setup_log)
    say(f"démo chargée dans PostgreSQL en {time.monotonic() - started:.0f} s")

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    django.setup()
    plan = prepare(work)
    (work / "plan.json").write_text(json.dumps(plan), encoding="utf-8")
    before = counts()
    from django.db import connection

    connection.close()

    web_log, worker_log = work / "gunicorn.log", work / "worker.log"
    web = start(
        [
            PY,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(WORKERS),
            "--forwarded-allow-ips",
            "127.0.0.1",
            "--timeout",
            "60",
            "--access-logfile",
            str(work / "access.log"),
        ],
        web_log,
        env,
    )
    worker_command = [PY, "manage.py", "db_worker", "--interval", "1", "--no-reload"]
    worker = start(worker_command, worker_log, env)
    locust_log = work / "locust.log"
    try:
        wait_until_served(f"http://127.0.0.1:{port}/compte/connexion/")
        say(
            f"gunicorn ({WORKERS} workers) et db_worker sur 127.0.0.1:{port} ; "
            f"{USERS} personnes pendant {DURATION} ; {os.cpu_count()} cœurs, charge de la "
            "machine avant : " + load_average()
        )
        locust = subprocess.run(
            [
                str(ROOT / ".venv" / "bin" / "locust"),
                "-f",
                str(ROOT / "bench" / "load" / "locustfile.py"),
                "--headless",
                "--users",
                str(USERS),
                "--spawn-rate",
                "10",
                "--run-time",
                DURATION,
                "--stop-timeout",
                "90",
                "--host",
                f"http://127.0.0.1:{port}",
                "--csv",
                str(work / "locust"),
                "--only-summary",
                "--loglevel",
                "WARNING",
            ],
            cwd=ROOT,
            env={
                **env,
                "PALABRE_LOAD_PLAN": str(work / "plan.json"),
                "PALABRE_LOAD_RESULTS": str(work / "results.json"),
            },
            stdout=locust_log.open("w"),
            stderr=subprocess.STDOUT,
        )
        say(
            f"locust terminé (code {locust.returncode}), charge de la machine : "
            f"{load_average()} ; le worker vide sa file…"
        )
        unsent = wait_for_the_queue()
        if unsent:
            say(f"{unsent} message(s) encore en attente")
    finally:
        stop(web)
        stop(worker)

    results = json.loads((work / "results.json").read_text(encoding="utf-8"))
    text, total, failures = table(work / "locust_stats.csv")
    problems = check(before, results, [web_log, worker_log])
    failures_csv = work / "locust_failures.csv"
    print()
    print(text)
    print()
    written = results["written"]
    print(
        "Écritures retrouvées en base : "
        + ", ".join(f"{kind} {len(tokens)}" for kind, tokens in written.items())
    )
    print(
        "Issues des réservations : "
        + (", ".join(f"{k} {v}" for k, v in sorted(results["outcomes"].items())) or "aucune")
    )
    if failures:
        print()
        print(failures_csv.read_text(encoding="utf-8"))
    for problem in problems:
        print(f"ÉCHEC : {problem}")
    ok = failures == 0 and not problems and total > 0
    print(
        f"\n{total} requêtes, {failures} erreur(s), {len(problems)} vérification(s) en échec : "
        + ("OK" if ok else "ÉCHEC")
    )
    if ok and os.environ.get("PALABRE_LOAD_KEEP") != "1":
        shutil.rmtree(work, ignore_errors=True)
    else:
        print(f"Journaux : {work}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
