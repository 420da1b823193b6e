"""What a committed catalogue owes the code: every string the code marks, each translated (not
left empty, nor a sentence copied from the French), none fuzzy, each with the same placeholders
and markup as its French.

``extract`` runs ``manage.py refresh_catalogue`` (what ``make messages`` runs) on a copy of the
project without its catalogues, so the real tree is never written to; the copy's fresh catalogue
lists exactly what ``makemessages`` extracts from the code as it is now.
"""

import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import polib

# What the copy leaves out: the tools, the tests, the data, and the catalogues themselves.
NOT_COPIED = {
    ".git",
    ".venv",
    ".tools",
    "node_modules",
    "var",
    "staticfiles",
    "tests",
    "bench",
    "__pycache__",
    ".ruff_cache",
    ".pytest_cache",
    "locale",
}
NAMED = re.compile(r"%\((\w+)\)[-#0+]*\d*(?:\.\d+)?[sdifFeEgGxXorc]")
POSITIONAL = re.compile(r"%[-#0+]*\d*(?:\.\d+)?[sdifFeEgGxXorc]")
TAG = re.compile(r"</?([a-zA-Z][\w-]*)")


def gettext_missing() -> str | None:
    """Why the catalogue cannot be extracted here, or None."""
    for tool in ("xgettext", "msgmerge", "msgfmt"):
        if shutil.which(tool) is None:
            return f"{tool} absent (apt-get install gettext)"
    return None


def extract(root: Path, into: Path) -> Path:
    """Copies the project at ``root`` into ``into`` and refreshes its catalogues there."""
    shutil.copytree(root, into, ignore=lambda _d, names: [n for n in names if n in NOT_COPIED])
    refresh(into)
    return into


def refresh(copy: Path) -> None:
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in ("PYTHONPATH", "DJANGO_SETTINGS_MODULE")
    }
    environment["DJANGO_SETTINGS_MODULE"] = "config.settings"
    subprocess.run(
        [sys.executable, "manage.py", "refresh_catalogue", "-v", "0"],
        cwd=copy,
        env=environment,
        check=True,
        capture_output=True,
        timeout=300,
    )


def key(entry: polib.POEntry) -> tuple:
    return (entry.msgctxt, entry.msgid)


def translations(entry: polib.POEntry) -> list[str]:
    if entry.msgid_plural:
        return [entry.msgstr_plural[n] for n in sorted(entry.msgstr_plural)]
    return [entry.msgstr]


def _shape(text: str, formatted: bool) -> tuple:
    """What a translation must keep of its original: its named placeholders and how many
    positional ones (for a string the code formats: ``python-format``), and its markup tags."""
    without_percent = text.replace("%%", "")
    if not formatted:
        return (frozenset(), 0, Counter(TAG.findall(text)))
    return (
        frozenset(NAMED.findall(without_percent)),
        len(POSITIONAL.findall(NAMED.sub("", without_percent))),
        Counter(TAG.findall(text)),
    )


def shape_problem(entry: polib.POEntry) -> str | None:
    """A translation that lost or added a placeholder or a tag, or None. In a plural entry the
    singular may say « one » instead of its count; it adds nothing the French does not have."""
    formatted = "python-format" in entry.flags
    if entry.msgid_plural:
        singular = _shape(entry.msgid, formatted)
        plural = _shape(entry.msgid_plural, formatted)
        for n, text in sorted(entry.msgstr_plural.items()):
            shape = _shape(text, formatted)
            if n > 0 and shape != plural:
                return f"msgstr[{n}] ne garde pas les marques de « {entry.msgid_plural} »"
            if n == 0 and not (shape[0] <= singular[0] | plural[0] and shape[2] == singular[2]):
                return f"msgstr[0] ne garde pas les marques de « {entry.msgid} »"
        return None
    if _shape(entry.msgstr, formatted) != _shape(entry.msgid, formatted):
        return "la traduction ne garde pas les mêmes variables ou balises que le français"
    return None


def _copied(entry: polib.POEntry) -> bool:
    """A sentence whose « translation » is its French. A name may read the same in both
    languages (« Régie de quartier », « Pays de la Loire »); a sentence of five words or more
    does not."""
    originals = [entry.msgid, entry.msgid_plural] if entry.msgid_plural else [entry.msgid]
    words = [token for token in entry.msgid.split() if any(c.isalpha() for c in token)]
    return len(words) >= 5 and any(text in originals for text in translations(entry))


def problems(committed: polib.POFile, extracted: polib.POFile) -> list[str]:
    """Everything the committed catalogue lacks for the code as extracted now."""
    found = []
    held = {key(entry): entry for entry in committed if not entry.obsolete}
    for wanted in extracted:
        if wanted.obsolete:
            continue
        entry = held.get(key(wanted))
        where = ", ".join(sorted({path for path, _line in wanted.occurrences}))[:120]
        label = f"« {wanted.msgid[:80]} » ({where})"
        if entry is None:
            found.append(f"absent du catalogue : {label}")
        elif entry.fuzzy:
            found.append(f"à revoir (fuzzy) : {label}")
        elif not all(text.strip() for text in translations(entry)):
            found.append(f"non traduit : {label}")
        elif _copied(entry):
            found.append(f"recopié du français : {label}")
        elif problem := shape_problem(entry):
            found.append(f"{problem} : {label}")
        elif entry.msgid_plural != wanted.msgid_plural:
            found.append(f"pluriel différent : {label}")
    return found


def msgfmt_errors(path: Path) -> str:
    """GNU msgfmt's own checks (``-c``: formats, header, line ends), its errors only."""
    result = subprocess.run(
        ["msgfmt", "--check", "--output-file=/dev/null", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    return "" if result.returncode == 0 else result.stderr
