"""The translation catalogues: compiled by the install step without GNU gettext, refreshed from
the code by ``make messages`` (adr/0023).

French is the reference language: the code, the templates and the scripts' texts are written in
French and marked for translation; ``palabre/locale/<langue>/LC_MESSAGES/django.po`` holds their
translations, committed. The ``.mo`` files Django reads are built from them (``compile_catalogue``,
run by ``make install``) and never committed.
"""

from pathlib import Path

import polib
from django.conf import settings

# What ``makemessages`` reads: everything the instance shows, never the tests nor the tools.
EXTRACT_OPTIONS = [
    "--add-location=file",
    "--no-obsolete",
    "--ignore=.venv/*",
    "--ignore=node_modules/*",
    "--ignore=.tools/*",
    "--ignore=*/tests/*",
    "--ignore=tests/*",
    "--ignore=bench/*",
]
DOMAIN = "django"


class CatalogueError(Exception):
    """A catalogue cannot be read: ``message`` says which and why, in French."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def catalogues(locale_dirs=None) -> list[Path]:
    """The ``django.po`` files of every language under the project's locale directories."""
    found = []
    for directory in locale_dirs if locale_dirs is not None else settings.LOCALE_PATHS:
        found.extend(sorted(Path(directory).glob(f"*/LC_MESSAGES/{DOMAIN}.po")))
    return found


def read(path: Path) -> polib.POFile:
    try:
        return polib.pofile(str(path), encoding="utf-8", wrapwidth=0)
    except (OSError, ValueError, UnicodeDecodeError) as error:
        raise CatalogueError(
            f"{path} ne se lit pas comme un catalogue gettext : {error}"
        ) from error


def compile_catalogue(path: Path) -> tuple[Path, int]:
    """Writes the ``.mo`` beside ``path`` and answers it with the number of messages it holds.
    As GNU ``msgfmt`` does, an entry that is fuzzy or untranslated is left out: the page then
    shows its French text rather than a doubtful or empty one."""
    catalogue = read(path)
    target = path.with_suffix(".mo")
    temporary = target.with_suffix(".mo.tmp")
    catalogue.save_as_mofile(str(temporary))
    temporary.replace(target)
    return target, len(catalogue.translated_entries())
