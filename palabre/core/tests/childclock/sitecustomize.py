"""A Python process started by a test run at a chosen instant (``PALABRE_TEST_NOW``) reads the
same clock as the run: the task worker, a management command.

The run puts this folder on the children's ``PYTHONPATH`` and the gap between its clock and the
real one in ``PALABRE_TEST_CLOCK_OFFSET`` (palabre/core/tests/clock.py); since both clocks tick,
the real time plus that gap is the run's time, to the microsecond, whenever the child starts.
A nested pytest is left alone: it runs at the ``PALABRE_TEST_NOW`` it is given, by itself.
"""

import os
import sys


def _is_pytest() -> bool:
    argv = sys.orig_argv[1:3]
    return os.path.basename(argv[0]) in ("pytest", "py.test") or argv == ["-m", "pytest"]


def _travel_with_the_run(offset: str):
    try:
        import time_machine
    except ImportError:  # another Python than the project's (LibreOffice's): its own clock
        return
    import time

    time_machine.travel(time.time() + float(offset), tick=True).start()


if os.environ.get("PALABRE_TEST_CLOCK_OFFSET") and len(sys.orig_argv) > 1 and not _is_pytest():
    _travel_with_the_run(os.environ["PALABRE_TEST_CLOCK_OFFSET"])
