"""The suite's clock (clock.py): every reader of the time finds the session's instant, the one
the header prints; and nothing in Palabre asks a database for the time, which stays real."""

import datetime as dt
import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.utils import timezone

from palabre.core.tests.clock import VARIABLE, instant_from

ROOT = Path(__file__).resolve().parents[3]
# Slack between the process clock and the monotonic one that the expected instant follows.
SLACK = dt.timedelta(seconds=5)


def assert_near(moment: dt.datetime, expected: dt.datetime):
    assert abs(moment - expected) < SLACK, (moment, expected)


def test_every_reader_of_the_time_finds_the_suites_clock(suite_now):
    """With or without PALABRE_TEST_NOW: a run at a chosen instant reads that instant (plus the
    time the run has taken) wherever it asks, in another thread as in a live server's."""
    assert_near(timezone.now(), suite_now.expected_now())
    assert_near(dt.datetime.now(dt.UTC), suite_now.expected_now())
    assert_near(dt.datetime.fromtimestamp(time.time(), dt.UTC), suite_now.expected_now())
    in_thread = []
    thread = threading.Thread(target=lambda: in_thread.append(timezone.now()))
    thread.start()
    thread.join()
    assert_near(in_thread[0], suite_now.expected_now())
    if os.environ.get(VARIABLE):
        assert suite_now.travelling
        assert suite_now.started_at == instant_from(os.environ[VARIABLE])


def test_a_python_process_the_tests_start_reads_the_suites_clock_too(suite_now):
    """The task worker and the commands some tests run in another process."""
    done = subprocess.run(
        [sys.executable, "-c", "import time; print(time.time())"],
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    assert_near(dt.datetime.fromtimestamp(float(done.stdout), dt.UTC), suite_now.expected_now())


def test_a_fixed_clock_still_wins_over_the_suites(monkeypatch):
    fixed = dt.datetime(2026, 12, 7, 9, 0, tzinfo=dt.UTC)
    monkeypatch.setattr(timezone, "now", lambda: fixed)
    assert timezone.now() == fixed


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2027-03-28T01:30:00+01:00", dt.datetime(2027, 3, 28, 0, 30, tzinfo=dt.UTC)),
        ("2027-10-31T02:30:00+01:00", dt.datetime(2027, 10, 31, 1, 30, tzinfo=dt.UTC)),
        ("2027-10-31T02:30:00+02:00", dt.datetime(2027, 10, 31, 0, 30, tzinfo=dt.UTC)),
        ("2028-02-29T23:45:00Z", dt.datetime(2028, 2, 29, 23, 45, tzinfo=dt.UTC)),
    ],
)
def test_an_instant_is_read_with_its_offset(value, expected):
    assert instant_from(value) == expected


@pytest.mark.parametrize(
    "value", ["2027-03-28T02:30:00", "2027-03-28", "demain", "2027-02-29T10:00Z"]
)
def test_an_instant_without_offset_or_that_does_not_exist_is_refused(value):
    """A local time without offset is ambiguous on the night of the clock change."""
    with pytest.raises(pytest.UsageError, match=VARIABLE):
        instant_from(value)


def test_a_run_at_a_chosen_instant_says_so_and_reads_it():
    """The header of a quiet run gives the line to paste; the clock test passes there."""
    instant = "2028-02-29T23:45:00+01:00"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            f"{Path(__file__).relative_to(ROOT)}::{test_every_reader_of_the_time_finds_the_suites_clock.__name__}",
        ],
        cwd=ROOT,
        env={**os.environ, VARIABLE: instant},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"suite clock (chosen instant): {VARIABLE}={instant}\n" in done.stdout
    assert re.search(r"^1 passed", done.stdout, re.MULTILINE), done.stdout


# Ways to read a database's clock: the ORM's Now(), SQL's current date and time functions,
# PostgreSQL's own, SQLite's 'now'.
DATABASE_CLOCK = re.compile(
    r"\bNow\(|import .*\bNow\b|CURRENT_(?:TIMESTAMP|DATE|TIME)\b|\bLOCALTIME(?:STAMP)?\b"
    r"|\b(?:statement|transaction|clock)_timestamp\(|['\"][^'\"]*(?<![.\w])now\(\)[^'\"]*['\"]|\(\s*['\"]now['\"]",
)


def test_palabre_never_asks_a_database_for_the_time():
    """The databases keep the real clock under PALABRE_TEST_NOW, and a server's clock may differ
    from the application's: every time Palabre stores or compares comes from Python."""
    found = []
    for path in sorted([*(ROOT / "palabre").rglob("*.py"), *(ROOT / "config").rglob("*.py")]):
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            if DATABASE_CLOCK.search(line) and path.name not in ("clock.py", "test_clock.py"):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not found, "\n".join(found)
