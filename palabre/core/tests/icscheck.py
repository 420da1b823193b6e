"""Reads back every iCalendar document the suite produces, as two calendar programs would: the
``icalendar`` library held to RFC 5545 (the errors it otherwise tolerates, required and unique
properties, lines and their folding), and Mozilla's ical.js, the parser of Thunderbird, run by
Node.js (``icaljs_check.mjs``). Both must find one calendar holding at least one component.

Documents are caught where they are written (``Calendar.to_ical``) and in the parts of the
e-mails the suite sends (``text/calendar``). The root ``conftest.py`` runs ``problems`` on them.
"""

import json
import subprocess
from pathlib import Path

from icalendar import Calendar
from icalendar.error import IncompleteComponent
from icalendar.parser import Contentline, Contentlines

ROOT = Path(__file__).resolve().parents[3]
ICALJS = ROOT / "node_modules" / "ical.js" / "package.json"
SCRIPT = Path(__file__).with_name("icaljs_check.mjs")
# RFC 5545 3.1: lines of text should not be longer than 75 octets, excluding the line break.
LINE_OCTETS = 75


class Written:
    """Wraps ``Calendar.to_ical`` to keep each document written."""

    def __init__(self, original):
        self.original = original
        self.documents: list[bytes] = []

    def wrap(self):
        written = self

        def to_ical(calendar, *args, **kwargs):
            document = written.original(calendar, *args, **kwargs)
            written.documents.append(document)
            return document

        return to_ical


def problems(documents: list[bytes]) -> list[str]:
    """What either parser finds wrong in each document, named by its position."""
    documents = list(dict.fromkeys(documents))
    if not documents:
        return []
    found = []
    for index, (document, seen) in enumerate(
        zip(documents, by_icaljs(documents), strict=True), start=1
    ):
        found += [f"calendar {index}: {problem}" for problem in by_icalendar(document) + seen]
    return found


# --- icalendar, strictly ----------------------------------------------------------------------


def by_icalendar(document: bytes) -> list[str]:
    found = _lines(document)
    try:
        calendars = Calendar.from_ical(document, multiple=True)
    except ValueError as error:
        return [*found, f"icalendar cannot parse it: {error}"]
    if len(calendars) != 1 or calendars[0].name != "VCALENDAR":
        return [*found, f"{len(calendars)} top-level components instead of one VCALENDAR"]
    found += _content_lines(document)
    calendar = calendars[0]
    try:
        calendar.validate()
    except IncompleteComponent as error:
        found.append(str(error))
    for component in calendar.walk():
        found += _component(component)
    # RFC 5545 3.6.1: without a METHOD, every event says when it starts.
    if "METHOD" not in calendar:
        found += ["VEVENT lacks DTSTART" for event in calendar.events if "DTSTART" not in event]
    return found


def _lines(document: bytes) -> list[str]:
    found = []
    if not document.endswith(b"\r\n") or b"\n" in document.replace(b"\r\n", b""):
        found.append("lines do not all end with CRLF")
    long = [line for line in document.split(b"\r\n") if len(line) > LINE_OCTETS]
    if long:
        found.append(f"{len(long)} lines longer than {LINE_OCTETS} octets (not folded)")
    return found


def _content_lines(document: bytes) -> list[str]:
    """Each unfolded line parsed with the strict grammar of names and parameters."""
    found = []
    for line in Contentlines.from_ical(document):
        if line:
            try:
                Contentline(line, strict=True).parts()
            except ValueError as error:
                found.append(str(error))
    return found


def _component(component) -> list[str]:
    name = component.name
    found = [f"{name} {prop or ''}: {error}".strip() for prop, error in component.errors]
    found += [f"{name} lacks {prop}" for prop in component.required if prop not in component]
    for prop in component.singletons:
        values = component.get(prop)
        if isinstance(values, list) and len(values) > 1:
            found.append(f"{name} has {prop} {len(values)} times")
    present = [prop for prop in component.exclusive if prop in component]
    if len(present) > 1:
        found.append(f"{name} has both {' and '.join(present)}")
    if name == "VTIMEZONE" and not component.subcomponents:
        found.append("VTIMEZONE has neither STANDARD nor DAYLIGHT")
    return found


# --- ical.js ----------------------------------------------------------------------------------


def by_icaljs(documents: list[bytes]) -> list[list[str]]:
    """One Node.js process reads the test's documents; a problem list for each."""
    if not ICALJS.exists():
        raise RuntimeError("ical.js introuvable : npm ci")
    texts = [document.decode("utf-8") for document in documents]
    done = subprocess.run(
        ["node", str(SCRIPT)],
        input=json.dumps(texts),
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"ical.js check failed to run: {done.stderr.strip()}")
    return [[f"ical.js: {problem}" for problem in seen] for seen in json.loads(done.stdout)]
