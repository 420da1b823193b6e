"""Which tests are date-sensitive: the ones ``make test-instants`` runs again at the hard
instants of the calendar (docs/adr/0022). They carry the ``dates`` marker, given here at
collection, by two rules:

- **By subject**: the modules that test time itself, named for it: schedules, nights, calendar
  feeds, deadlines, deliveries and reminders, retention, progress, letters and exports (which
  print dates), report runs, the suite's clock, and the demos, whose years are laid out back
  from today. The access tables (``*access*``) are left out: who may see a page does not depend
  on the date, and they are the longest of all.
- **By use**: a test whose own code, or a module constant it uses, reads the process clock
  (``date.today()``, ``timezone.now()``, ``localdate()``…): what it expects is computed from
  today, and may disagree with the application at midnight, on the night of a clock change, on
  29 February or on 31 December.

Left out either way: the tests that hand the database to another process (``transactional_db``:
the task worker killed and restarted, two bookings at once). They take seconds each, and what the
hard instants could change for them, the child's clock, ``test_clock.py`` checks.

Registered by the root ``conftest.py``.
"""

import ast
import functools
import importlib.util
import inspect
import re
import sys

MARKER = "dates"
SUBJECT = re.compile(
    r"schedule|nights|feeds|deadline|delivery|remind|retention|progress|letters|exports|runs"
    r"|clock|demo"
)
# Long computations whose only date is a fixed clock of their own: an hour of the job for
# nothing the calendar could change.
LEFT_OUT = {
    "palabre/privacy/tests/test_retention_figures.py",
}
READS_CLOCK = re.compile(
    r"\bdate\.today\(\)|\bdatetime\.now\(|\btimezone\.now\(\)|\blocaldate\(\)|\blocaltime\(\)"
    r"|\btime\.time\(\)"
)


def by_subject(path: str) -> bool:
    stem = path.rsplit("/", 1)[-1].removesuffix(".py")
    return bool(SUBJECT.search(stem)) and "access" not in stem and path not in LEFT_OUT


@functools.cache
def _source(function) -> str:
    try:
        return inspect.getsource(function)
    except (OSError, TypeError):
        return ""


_reading: set[str] = set()  # modules being read, against import cycles


def _is_test_module(module) -> bool:
    name = getattr(module, "__name__", "")
    return ".tests" in name or name.startswith("tests")


@functools.cache
def _clock_constants(module) -> frozenset[str]:
    """Module-level names computed from the process clock (``TODAY = dt.date.today()``), or
    imported from a module that computes them."""
    try:
        tree = ast.parse(inspect.getsource(module))
    except (OSError, TypeError, SyntaxError):
        return frozenset()
    _reading.add(module.__name__)
    try:
        return frozenset(_read_constants(module, tree))
    finally:
        _reading.discard(module.__name__)


def _read_constants(module, tree) -> set[str]:
    names = set()
    for node in tree.body:
        if isinstance(node, ast.Assign) and READS_CLOCK.search(ast.unparse(node.value)):
            names |= {target.id for target in node.targets if isinstance(target, ast.Name)}
        elif isinstance(node, ast.ImportFrom) and node.module:
            package = module.__package__ if node.level else ""
            source = sys.modules.get(
                importlib.util.resolve_name("." * node.level + node.module, package)
                if node.level
                else node.module
            )
            if _is_test_module(source) and source.__name__ not in _reading:
                names |= {
                    alias.asname or alias.name
                    for alias in node.names
                    if alias.name in _clock_constants(source)
                }
    return names


def by_use(function, module) -> bool:
    source = _source(function)
    if READS_CLOCK.search(source):
        return True
    return any(re.search(rf"\b{name}\b", source) for name in _clock_constants(module))


def is_date_sensitive(item) -> bool:
    if "transactional_db" in getattr(item, "fixturenames", ()):
        return False
    path = item.nodeid.split("::", 1)[0]
    function = getattr(item, "function", None)
    return by_subject(path) or (function is not None and by_use(function, item.module))


def pytest_configure(config):
    config.addinivalue_line(
        "markers", f"{MARKER}: date-sensitive, run again at the hard instants (make test-instants)"
    )


def pytest_collection_modifyitems(config, items):
    for item in items:
        if is_date_sensitive(item):
            item.add_marker(MARKER)
