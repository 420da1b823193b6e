"""All or nothing, once per row, through the worker; an imported case counts in the reports
like a case opened by hand."""

import datetime as dt
import hashlib
import random
import re
from collections import Counter

from django.apps import apps
from django.core.management import call_command
from django.urls import reverse

from palabre.cases import actions as case_actions
from palabre.cases.models import Case, CaseConflict, Household, Party, ReferenceCounter
from palabre.core.models import JournalEntry
from palabre.imports import actions, runs, writer
from palabre.imports.models import ImportedRow, ImportJob, ImportStatus
from palabre.imports.tests.conftest import HEADER, ROWS, csv_bytes, upload, xlsx
from palabre.reports import indicators
from palabre.reports.scope import Scope

SKIPPED = {"imports.importjob", "django_tasks_database.dbtaskresult"}


def database_digest() -> str:
    """Every row of every table but the import's own record and the task queue."""
    return hashlib.sha256("".join(table_digests().values()).encode()).hexdigest()


def table_digests() -> dict:
    found = {}
    for model in sorted(apps.get_models(), key=lambda m: m._meta.label_lower):
        if model._meta.label_lower in SKIPPED:
            continue
        rows = model._base_manager.all()
        if model is JournalEntry:
            rows = rows.exclude(subject_kind="imports.importjob")
        fields = [f.attname for f in model._meta.concrete_fields]
        digest = hashlib.sha256()
        for row in sorted(map(repr, rows.values_list(*fields))):
            digest.update(row.encode())
        found[model._meta.label_lower] = digest.hexdigest()
    return found


def prepared(service, coordinator, header, rows, builder=xlsx, name="dossiers.xlsx"):
    job = actions.deposit(
        organisation=service, by=coordinator, upload=upload(name, builder(header, rows))
    )
    return actions.set_mapping(
        job=job, by=coordinator, mapping=job.mapping, free_columns={"8": "note"}, defaults={}
    )


def work():
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


def imported(job):
    actions.request_import(job=job, by=job_owner(job))
    work()
    job.refresh_from_db()
    return job


def job_owner(job):
    return runs._membership(job)


def test_an_error_in_the_last_row_imports_nothing_and_changes_nothing(
    transactional_db, service, coordinator, territory
):
    rows = [*ROWS, ["A-004", dt.date(2025, 6, 1), "Rennes", "", "", "bruit", "", "", "Paris"]]
    rows[-1][2] = "Lyon"  # a commune the service does not cover, in the last row only
    job = prepared(service, coordinator, HEADER, rows)
    job.answers = {"commune": {"lyon": ""}}  # refused when asked
    job.save()
    before = database_digest()

    job = imported(job)

    assert job.status == ImportStatus.FAILED
    assert job.errors == [{"row": 5, "column": "Commune", "message": "valeur refusée « Lyon »."}]
    assert database_digest() == before
    assert not Case.objects.exists()


def test_a_failure_while_writing_the_last_row_rolls_every_row_back(
    transactional_db, service, coordinator, territory, monkeypatch
):
    # A case numbered 2025-0003 already exists while the counter says 1: the third row of the
    # file, written in its own batch, meets the reference's unique constraint.
    for _n in range(3):
        case_actions.open_case(
            organisation=service,
            by=coordinator,
            opened_on=dt.date(2025, 1, 1),
            channel="PHONE",
            referral_source="SELF",
            requester_last_name="Test",
            primary_conflict="NOISE",
            commune=territory["cesson"],
        )
    ReferenceCounter.objects.filter(organisation=service, year=2025).update(last_number=0)
    Case.objects.filter(reference="2025-0001").update(reference="2025-0901")
    Case.objects.filter(reference="2025-0002").update(reference="2025-0902")
    monkeypatch.setattr(writer, "BATCH", 1)
    job = prepared(service, coordinator, HEADER, ROWS)
    before = database_digest()

    job = imported(job)

    assert job.status == ImportStatus.FAILED
    assert job.errors[0]["message"].startswith("L'import a échoué sans rien enregistrer.")
    assert database_digest() == before


def test_the_same_file_imported_twice_adds_nothing_the_second_time(
    transactional_db, service, coordinator, territory
):
    first = imported(prepared(service, coordinator, HEADER, ROWS))
    second = imported(
        prepared(
            service,
            coordinator,
            HEADER,
            [*ROWS, ["A-009", dt.date(2025, 9, 9), "Rennes", "", "", "odeurs", "", "", ""]],
        )
    )

    assert (first.imported_count, first.skipped_count) == (3, 0)
    assert (second.status, second.imported_count, second.skipped_count) == (ImportStatus.DONE, 1, 3)
    assert Case.objects.of(service).count() == 4
    assert ImportedRow.objects.of(service).count() == 4


def test_an_imported_case_is_written_as_the_case_actions_write_it(service, coordinator, territory):
    """The two paths to the same rows (``writer``'s docstring)."""
    by_hand = case_actions.open_case(
        organisation=service,
        by=coordinator,
        opened_on=dt.date(2025, 1, 14),
        channel="PHONE",
        referral_source="SOCIAL_LANDLORD",
        requester_last_name="Inconnu",
        primary_conflict="NOISE",
        commune=territory["rennes"],
        quartier=territory["maurepas"],
    )
    case_actions.close(
        case=by_hand, by=coordinator, reason="OTHER_PARTY_REFUSED", closed_on=dt.date(2025, 3, 2)
    )
    job = prepared(
        service,
        coordinator,
        HEADER,
        [
            [
                "A-1",
                dt.date(2025, 1, 14),
                "Rennes",
                "Maurepas",
                "bailleur",
                "bruit",
                dt.date(2025, 3, 2),
                "refus",
                "",
            ]
        ],
    )
    from palabre.imports.checking import check
    from palabre.imports.readers import read

    with job.file.open("rb") as stored:
        rows = check(job, read(job.filename, stored.read())[1]).rows
    writer.Writer(job, coordinator).write(rows)

    by_hand.refresh_from_db()
    by_file = Case.objects.of(service).exclude(pk=by_hand.pk).get()
    ignored = {"id", "reference", "created_at", "updated_at", "last_activity_at", "search_text"}
    same = [f.attname for f in Case._meta.concrete_fields if f.attname not in ignored]
    assert [getattr(by_file, f) for f in same] == [getattr(by_hand, f) for f in same]
    for model, keep in (
        (CaseConflict, ("category", "subcategory", "is_primary")),
        (Household, ("address", "commune_id", "address_key")),
        (Party, ("role", "first_name", "last_name", "identity_key")),
    ):
        assert list(model.objects.filter(case=by_file).values_list(*keep)) == list(
            model.objects.filter(case=by_hand).values_list(*keep)
        )
    verbs = lambda case: sorted(  # noqa: E731
        (e.verb, e.occurred_at) for e in JournalEntry.objects.filter(subject_id=case.pk)
    )
    assert verbs(by_file) == verbs(by_hand)
    assert by_file.search_text == by_file.reference.lower() + " inconnu"


def random_rows(count, seed=13):
    pick = random.Random(seed)
    communes = ["Rennes", "RENNES", "Cesson-Sévigné", "35238"]
    motifs = ["Bruit", "bruit", "Haie", "Odeurs", "Stationnement", "Parties communes", "Animaux"]
    issues = [("Accord", True), ("refus", True), ("Désistement", True), ("", False)]
    rows = []
    for n in range(count):
        opened = dt.date(2024, 1, 1) + dt.timedelta(days=pick.randrange(700))
        issue, closed = pick.choice(issues)
        closed_on = opened + dt.timedelta(days=pick.randrange(90)) if closed else ""
        if closed_on and closed_on > dt.date(2026, 12, 1):
            closed_on, issue = "", ""
        rows.append(
            [
                f"N{n:05d}",
                opened,
                pick.choice(communes),
                "",
                pick.choice(["Bailleur", "mairie", "Police", ""]),
                pick.choice(motifs),
                closed_on,
                issue,
                "",
            ]
        )
    return rows


def by_hand(rows, year):
    """The figures of ``year``, counted from the file itself."""
    motif = {
        "bruit": "NOISE",
        "haie": "VEGETATION",
        "odeurs": "SMELLS",
        "stationnement": "PARKING_TRAFFIC",
        "parties communes": "COMMON_AREAS",
        "animaux": "ANIMALS",
    }
    reason = {
        "accord": "AGREEMENT_FULL",
        "refus": "OTHER_PARTY_REFUSED",
        "désistement": "REQUESTER_WITHDREW",
    }
    new = [r for r in rows if r[1].year == year]
    closed = [r for r in rows if r[6] and r[6].year == year]
    treated = [r for r in rows if r[1].year <= year and (not r[6] or r[6].year >= year)]
    return {
        "new": len(new),
        "closed": len(closed),
        "treated": len(treated),
        "reasons": Counter(reason[r[7].lower()] for r in closed),
        "motifs": Counter(motif[r[5].lower()] for r in new),
    }


def test_twenty_thousand_rows_import_in_the_worker_and_the_reports_count_them(
    transactional_db, service, coordinator, territory, login
):
    rows = random_rows(20_000)
    job = prepared(service, coordinator, HEADER, rows, csv_bytes, "vingt-mille.csv")

    job = imported(job)

    assert (job.status, job.imported_count) == (ImportStatus.DONE, 20_000), job.errors
    assert Case.objects.of(service).count() == 20_000
    for year in (2024, 2025):
        expected = by_hand(rows, year)
        figures = indicators.compute(Scope.of_year(service, year))
        assert {k: figures.volume[k] for k in ("new", "closed", "treated")} == {
            k: expected[k] for k in ("new", "closed", "treated")
        }
        reasons = {code: n for code, _label, n in figures.process["closure_reasons"].rows}
        assert reasons == dict(expected["reasons"])
        motifs = {code: n for code, _label, n in figures.breakdowns["conflict"].rows}
        assert motifs == dict(expected["motifs"])
    # The dashboard the coordination reads shows the same new cases.
    page = login(coordinator).get(reverse("reports:dashboard"), {"annee": 2025})
    shown = re.sub(r"(?<=\d)[\s\u202f\xa0](?=\d)", "", page.content.decode())
    assert f">{by_hand(rows, 2025)['new']}<" in shown
    assert ImportJob.objects.get().progress == 100
