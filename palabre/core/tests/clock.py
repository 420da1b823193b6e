"""The suite's "now": the instant the whole test session runs at, said out loud.

``PALABRE_TEST_NOW=2027-03-28T01:30:00+01:00 make test`` (or ``pytest``) moves the process clock
to that instant before the first test and lets it tick from there: ``time.time``,
``datetime.now``, ``date.today`` and ``timezone.now`` all read it, in every thread, the live
server of the browser journeys included (time-machine patches them in C). Without the variable
the suite runs at the real instant. Either way pytest's header, and the summary of a run that
failed, print the instant as the line to paste to run the suite there again.

Python processes the tests start (the task worker, a command) read the run's clock too
(``childclock/``), and so do the pages of the browser journeys (``tests/e2e/conftest.py``).
What the clock does not move: the databases' own clocks (SQLite's and PostgreSQL's ``now()``;
Palabre never asks them the time, ``test_clock.py`` keeps it so) and the monotonic clocks
(timeouts and durations stay real). Tests that pin ``timezone.now`` keep their own instant.

Registered by the root ``conftest.py``.
"""

import datetime as dt
import os
import time
import zoneinfo
from pathlib import Path

import pytest

VARIABLE = "PALABRE_TEST_NOW"
OFFSET = "PALABRE_TEST_CLOCK_OFFSET"
CHILDREN = Path(__file__).with_name("childclock")
FORMAT_HELP = "an ISO 8601 instant with its offset, e.g. 2027-03-28T01:30:00+01:00"


def instant_from(value: str) -> dt.datetime:
    """The instant ``value`` names; with its offset, so that a night of the clock change says
    which of its two 02:30 it means."""
    try:
        instant = dt.datetime.fromisoformat(value.strip())
    except ValueError:
        raise pytest.UsageError(f"{VARIABLE}={value!r} is not {FORMAT_HELP}") from None
    if instant.tzinfo is None:
        raise pytest.UsageError(f"{VARIABLE}={value!r} lacks its offset: give {FORMAT_HELP}")
    return instant


class SuiteClock:
    """Where the session's clock started, and whether it was moved there."""

    def __init__(self, value: str | None):
        self.travelling = bool(value)
        self.started_at = instant_from(value) if value else dt.datetime.now(dt.UTC)
        self.started_monotonic = time.monotonic()
        self._travel = None

    def start(self):
        if self.travelling:
            import time_machine

            self._travel = time_machine.travel(self.started_at, tick=True)
            self._travel.start()
            self.started_monotonic = time.monotonic()
            self._hand_to_children(time.time() - time_machine.escape_hatch.time.time())

    @staticmethod
    def _hand_to_children(offset: float):
        """Python processes the tests start travel with the run (childclock/sitecustomize.py)."""
        os.environ[OFFSET] = repr(offset)
        paths = [str(CHILDREN), *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))]
        os.environ["PYTHONPATH"] = os.pathsep.join(paths)

    def stop(self):
        if self._travel is not None:
            self._travel.stop()
            self._travel = None
            os.environ.pop(OFFSET, None)

    def expected_now(self) -> dt.datetime:
        """Where the process clock should stand now: its start plus the real time elapsed."""
        return self.started_at + dt.timedelta(seconds=time.monotonic() - self.started_monotonic)

    def replay_line(self) -> str:
        """The setting to paste, in the service's time zone and to the second."""
        from django.conf import settings

        local = self.started_at.astimezone(zoneinfo.ZoneInfo(settings.TIME_ZONE))
        return f"{VARIABLE}={local.isoformat(timespec='seconds')}"

    def header(self) -> str:
        origin = "chosen instant" if self.travelling else "real instant"
        return f"suite clock ({origin}): {self.replay_line()}"


_clock: SuiteClock | None = None


def suite_clock() -> SuiteClock:
    assert _clock is not None, "the suite clock starts in pytest_configure"
    return _clock


def pytest_configure(config):
    global _clock
    _clock = SuiteClock(os.environ.get(VARIABLE) or None)
    _clock.start()


def pytest_unconfigure(config):
    if _clock is not None:
        _clock.stop()


def pytest_report_header(config):
    return [suite_clock().header()]


@pytest.hookimpl(trylast=True)
def pytest_sessionstart(session):
    """``pytest -q`` prints no header: the instant still shows, on a line of its own."""
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None and not reporter.showheader:
        reporter.write_line(suite_clock().header())


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if terminalreporter.stats.get("failed") or terminalreporter.stats.get("error"):
        terminalreporter.write_line(f"to run again at this instant: {suite_clock().replay_line()}")


def pin_clock(monkeypatch, day: dt.date, hour: int = 10):
    """``timezone.now()`` from ``hour`` o'clock on ``day`` in the service's time zone, ticking,
    so that what a test wrote keeps its order. For the tests whose "today" is a constant: the
    day the module was imported would otherwise be yesterday once a run crosses midnight."""
    from django.conf import settings
    from django.utils import timezone

    start = dt.datetime.combine(day, dt.time(hour), tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE))
    started = time.monotonic()
    monkeypatch.setattr(
        timezone, "now", lambda: start + dt.timedelta(seconds=time.monotonic() - started)
    )


@pytest.fixture(scope="session")
def suite_now() -> SuiteClock:
    """The session's clock: where it started and whether it was moved."""
    return suite_clock()
