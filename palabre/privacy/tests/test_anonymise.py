"""The retention job, line by line of the schedule (rule R8), on a clock that the tests move:
what goes on which day, what stays, the legal hold, and a job that stops half-way."""

import datetime as dt
import signal
import subprocess
import sys
import time

import pytest
from django.db import transaction
from django.utils import timezone

from palabre.cases import actions, codes
from palabre.cases.models import Case, ContactAttempt, FollowUp, Interview, Party, PrivateNote
from palabre.cases.tests.factories import CaseFactory
from palabre.core.models import JournalEntry
from palabre.permanences.tests import test_delivery as notices
from palabre.privacy import anonymise, purge
from palabre.privacy.due import ANONYMISED
from palabre.privacy.retention import HoldReason, RetentionRun
from palabre.privacy.retention_actions import lift_hold, place_hold
from palabre.privacy.tests import retention_support as support

clock = support.clock
at = support.at
D = dt.date.fromisoformat
R = codes.ClosureReason
OTHER = codes.PartyRole.OTHER_PARTY


@pytest.fixture
def make_case(service, coordinator):
    """``make_case(closed_on, reason)`` → a case of the service opened a month before, closed
    on that day, with a private note, its requester's phone and the other party's address."""

    def make(closed_on: str | None, reason=R.REQUESTER_WITHDREW, opened_on=None):
        closed = D(closed_on) if closed_on else None
        opened = D(opened_on) if opened_on else (closed or D("2026-06-01")) - dt.timedelta(30)
        case = CaseFactory(
            organisation=service,
            by=coordinator,
            opened_on=opened,
            requester_phone="06 12 34 56 78",
            requester_email="eloise@exemple.fr",
            requester_address="3 rue des Lilas",
            other_party_address="5 rue des Lilas",
        )
        actions.add_private_note(case=case, by=coordinator, text="Ce qu'elle a dit du voisin")
        if closed:
            Case.objects.filter(pk=case.pk).update(
                status=codes.Status.CLOSED, closed_on=closed, closure_reason=reason
            )
        return Case.objects.get(pk=case.pk)

    return make


def run_on(clock, day: str, **options):
    clock(at(day, 3))
    return purge.apply(**options)


def requester(case):
    return case.parties.get(role=codes.PartyRole.REQUESTER)


def other_party(case):
    return case.parties.get(role=OTHER)


# --- Private notes ------------------------------------------------------------------------------


def test_private_notes_go_six_months_after_the_closure_and_nothing_else(make_case, clock):
    case = make_case("2026-03-10")

    run_on(clock, "2026-09-09")
    assert PrivateNote.objects.filter(case=case).count() == 1

    done = run_on(clock, "2026-09-10")

    assert not PrivateNote.objects.filter(case=case).exists()
    assert requester(case).phone == "06 12 34 56 78"
    assert Case.objects.get(pk=case.pk).anonymised_at is None
    assert done[case.organisation]["notes"] == 1
    assert JournalEntry.objects.filter(subject_id=case.pk, verb="notes_purged").count() == 1


def test_an_open_case_keeps_its_notes_whatever_its_age(make_case, clock):
    case = make_case(None, opened_on="2020-01-01")
    run_on(clock, "2030-01-01")
    assert PrivateNote.objects.filter(case=case).count() == 1
    assert requester(case).last_name == "Le Gall"


# --- The other party ----------------------------------------------------------------------------


def test_the_other_party_who_refused_is_forgotten_the_day_after_the_closure(make_case, clock):
    case = make_case("2026-04-01", reason=R.OTHER_PARTY_REFUSED)

    run_on(clock, "2026-04-01")

    other, asker = other_party(case), requester(case)
    assert (other.first_name, other.last_name, other.household.address) == ("", ANONYMISED, "")
    assert (asker.last_name, asker.phone, asker.household.address) == (
        "Le Gall",
        "06 12 34 56 78",
        "3 rue des Lilas",
    )
    assert "moreau" not in Case.objects.get(pk=case.pk).search_text
    assert PrivateNote.objects.filter(case=case).exists()


def test_an_other_party_who_never_answered_is_forgotten_but_not_one_who_took_part(
    make_case, clock, coordinator
):
    silent = make_case("2026-04-01", reason=R.OTHER_PARTY_UNREACHABLE)
    ContactAttempt.objects.create(
        organisation=silent.organisation,
        case=silent,
        party=other_party(silent),
        channel=codes.ContactAttemptChannel.LETTER,
        attempted_on=D("2026-03-15"),
        result=codes.ContactAttemptResult.NO_ANSWER,
    )
    met = make_case("2026-04-01", reason=R.NO_AGREEMENT)
    Interview.objects.create(
        organisation=met.organisation,
        case=met,
        party=other_party(met),
        scheduled_at=at("2026-03-20"),
        channel=codes.InterviewChannel.PHONE,
        status=codes.AppointmentStatus.HELD,
    )

    run_on(clock, "2026-04-02")

    assert other_party(silent).last_name == ANONYMISED
    assert other_party(met).last_name == "Moreau"


# --- The case -----------------------------------------------------------------------------------


def test_a_closed_case_is_anonymised_two_years_after_the_last_contact(make_case, clock):
    case = make_case("2026-05-10", reason=R.AGREEMENT_FULL)
    FollowUp.objects.create(
        organisation=case.organisation,
        case=case,
        due_on=D("2026-08-01"),
        done_on=D("2026-08-03"),
        result=codes.FollowUpResult.HOLDS,
    )

    run_on(clock, "2028-08-02")  # two years after the closure, not after the follow-up
    assert Case.objects.get(pk=case.pk).anonymised_at is None

    run_on(clock, "2028-08-03")

    case = Case.objects.get(pk=case.pk)
    assert case.anonymised_at == at("2028-08-03", 3)
    parties = list(case.parties.values_list("first_name", "last_name", "phone", "email"))
    assert parties == [("", ANONYMISED, "", "")] * 2
    assert set(case.households.values_list("address", "size")) == {("", None)}
    assert not PrivateNote.objects.filter(case=case).exists()
    assert case.search_text == case.reference.lower()
    # What the figures read stays.
    assert (case.opened_on, case.closed_on, case.closure_reason, case.commune_id) == (
        D("2026-04-10"),
        D("2026-05-10"),
        R.AGREEMENT_FULL,
        case.commune_id,
    )
    assert case.follow_ups.get().done_on == D("2026-08-03")
    assert JournalEntry.objects.filter(subject_id=case.pk, verb="anonymised").count() == 1


def test_a_second_run_finds_nothing_to_do(make_case, clock):
    make_case("2024-01-10")
    first = run_on(clock, "2027-01-10")
    second = run_on(clock, "2027-01-11")
    # The other party never answered: forgotten first, with the notes, then the case.
    assert list(first.values()) == [{"notes": 1, "other_parties": 1, "cases": 1}]
    assert list(second.values()) == [{}]
    assert RetentionRun.objects.filter(finished_at__isnull=False).count() == 2


def test_a_case_under_a_legal_hold_keeps_everything_until_the_hold_is_lifted(
    make_case, clock, coordinator
):
    case = make_case("2024-01-10", reason=R.OTHER_PARTY_REFUSED)
    hold = place_hold(case=case, by=coordinator, reason=HoldReason.COURT_REQUEST, detail="TJ")

    run_on(clock, "2030-01-01")

    case.refresh_from_db()
    assert case.anonymised_at is None
    assert other_party(case).last_name == "Moreau"
    assert PrivateNote.objects.filter(case=case).exists()

    lift_hold(hold=hold, by=coordinator)
    run_on(clock, "2030-01-02")

    case.refresh_from_db()
    assert case.anonymised_at is not None
    hold.refresh_from_db()
    assert hold.detail == ""
    verbs = list(
        JournalEntry.objects.filter(subject_id=case.pk, verb__startswith="legal_hold")
        .order_by("occurred_at")
        .values_list("verb", flat=True)
    )
    assert verbs == ["legal_hold_placed", "legal_hold_lifted"]


def test_a_dry_run_counts_and_writes_nothing(make_case, clock):
    case = make_case("2024-01-10")
    found = run_on(clock, "2027-01-10", dry_run=True)
    assert found[case.organisation]["cases"] == 1
    assert Case.objects.get(pk=case.pk).anonymised_at is None
    assert not RetentionRun.objects.exists()


# --- Stopped half-way ---------------------------------------------------------------------------


def test_a_run_killed_half_way_is_finished_by_the_next_one(make_case, clock, monkeypatch):
    cases = [make_case(f"2024-01-{day:02d}") for day in (10, 11, 12)]
    real = anonymise.anonymise_case
    treated = []

    def killed_at_the_second(context, case_id):
        if len(treated) == 1:
            with transaction.atomic():  # written, then the process dies before the commit
                real(context, case_id)
                raise KeyboardInterrupt
        treated.append(case_id)
        return real(context, case_id)

    monkeypatch.setitem(anonymise.OPERATIONS, "cases", killed_at_the_second)
    with pytest.raises(KeyboardInterrupt):
        run_on(clock, "2027-01-13")

    assert list(Case.objects.filter(anonymised_at__isnull=False).values_list("pk", flat=True)) == [
        cases[0].pk
    ]
    stopped = RetentionRun.objects.get()
    assert stopped.finished_at is None
    assert stopped.counts == {"notes": 3, "other_parties": 3, "cases": 1}

    monkeypatch.setitem(anonymise.OPERATIONS, "cases", real)
    run_on(clock, "2027-01-13")

    assert Case.objects.filter(anonymised_at__isnull=False).count() == 3
    assert not PrivateNote.objects.filter(case__in=cases).exists()
    assert Party.objects.filter(case__in=cases).exclude(last_name=ANONYMISED).count() == 0
    assert sum(run.counts.get("cases", 0) for run in RetentionRun.objects.all()) == 3


def test_a_job_process_killed_between_two_cases_is_finished_by_the_next_run_once(
    transactional_db, make_case, tmp_path
):
    """The real command in its own process, on the real clock, killed (SIGKILL) once the first
    case is anonymised; run again, it does the rest: each case anonymised once, one journal
    line each."""
    long_ago = (timezone.localdate() - dt.timedelta(days=3 * 366)).isoformat()
    cases = [make_case(long_ago) for _ in range(3)]
    mark = tmp_path / "first-done"
    database = notices.WorkerDatabase(tmp_path)
    database.hand_over()
    env = database.env(port=25) | {"PALABRE_TEST_MARK": str(mark)}
    command = [sys.executable, "-m", "palabre.privacy.tests.stalling", "apply_retention"]

    job = subprocess.Popen(
        command,
        cwd=notices.ROOT,
        env=env | {"PALABRE_TEST_STALL": "1"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        while not mark.exists() and time.monotonic() < deadline and job.poll() is None:
            time.sleep(0.05)
        assert mark.exists(), job.stderr.read() if job.poll() is not None else "stalled"
    finally:
        job.send_signal(signal.SIGKILL)
        job.wait()
        job.stderr.close()
    database.take_back()
    assert Case.objects.filter(anonymised_at__isnull=False).count() == 1
    assert RetentionRun.objects.get().finished_at is None

    database.hand_over()
    again = subprocess.run(
        command, cwd=notices.ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert again.returncode == 0, again.stderr
    database.take_back()

    ids = sorted(case.pk for case in cases)
    assert not Case.objects.filter(pk__in=ids, anonymised_at__isnull=True).exists()
    anonymised = JournalEntry.objects.filter(verb="anonymised", subject_id__in=ids)
    assert sorted(anonymised.values_list("subject_id", flat=True)) == ids
    assert sum(run.counts.get("cases", 0) for run in RetentionRun.objects.all()) == 3
    assert not PrivateNote.objects.filter(case__in=cases).exists()


def test_a_row_that_fails_is_counted_and_the_others_are_treated(make_case, clock, monkeypatch):
    cases = [make_case(f"2024-01-{day:02d}") for day in (10, 11)]
    real = anonymise.anonymise_case

    def broken_for_the_first(context, case_id):
        if case_id == cases[0].pk:
            raise RuntimeError("disk full")
        return real(context, case_id)

    monkeypatch.setitem(anonymise.OPERATIONS, "cases", broken_for_the_first)
    done = run_on(clock, "2027-01-12")

    assert done[cases[0].organisation] == {
        "notes": 2,
        "other_parties": 2,
        "errors": 1,
        "cases": 1,
    }
    assert Case.objects.get(pk=cases[1].pk).anonymised_at is not None
    monkeypatch.setitem(anonymise.OPERATIONS, "cases", real)
    run_on(clock, "2027-01-13")
    assert Case.objects.get(pk=cases[0].pk).anonymised_at is not None


def test_a_note_written_on_an_anonymised_case_goes_at_the_next_pass(make_case, clock, coordinator):
    case = make_case("2024-01-10")
    run_on(clock, "2027-01-10")
    actions.add_private_note(case=case, by=coordinator, text="Écrite après coup")

    run_on(clock, "2027-01-11")

    assert not PrivateNote.objects.filter(case=case).exists()
