"""The committed catalogues are complete for the code as it is, and the install step compiles them.

French is the reference: every other language of ``LANGUAGES`` has a catalogue holding every
string ``makemessages`` extracts now (``make messages``), each translated, none fuzzy, each
keeping its French's placeholders and markup, accepted by ``msgfmt --check``.

Extracting needs GNU gettext (``apt-get install gettext``): without it these tests fail and say
so, as the crawl does without Java. Compiling needs nothing.
"""

import gettext as gnu_gettext
import shutil
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from palabre.core import catalogue
from tests.translation import catalogue_check

ROOT = Path(__file__).resolve().parents[2]


def _languages():
    return [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def _committed(code) -> Path:
    return Path(settings.LOCALE_PATHS[0]) / code / "LC_MESSAGES" / "django.po"


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    """A copy of the project whose catalogues ``make messages`` has just written afresh."""
    missing = catalogue_check.gettext_missing()
    if missing:
        pytest.fail(f"GNU gettext est requis (apt-get install gettext) : {missing}")
    return catalogue_check.extract(ROOT, tmp_path_factory.mktemp("extraction") / "palabre")


def _fresh(copy: Path, code: str) -> polib.POFile:
    return catalogue.read(copy / "palabre" / "locale" / code / "LC_MESSAGES" / "django.po")


def test_english_is_offered_and_french_is_the_default():
    assert settings.LANGUAGE_CODE == "fr"
    assert "en" in _languages()


@pytest.mark.parametrize("code", _languages())
def test_the_catalogue_holds_every_string_of_the_code_translated(extracted, code):
    assert _committed(code).exists(), f"{_committed(code)} manque : lancez make messages"
    found = catalogue_check.problems(catalogue.read(_committed(code)), _fresh(extracted, code))
    assert not found, (
        f"{len(found)} problème(s) dans {_committed(code)} "
        "(make messages, puis traduire) :\n" + "\n".join(found)
    )


@pytest.mark.parametrize("code", _languages())
def test_msgfmt_accepts_the_catalogue(extracted, code):
    assert catalogue_check.msgfmt_errors(_committed(code)) == ""


def test_a_missing_an_empty_a_fuzzy_or_a_broken_entry_is_found(extracted):
    fresh = _fresh(extracted, "en")
    complete = polib.POFile()
    for entry in fresh:
        filled = polib.POEntry(
            msgid=entry.msgid,
            msgctxt=entry.msgctxt,
            msgid_plural=entry.msgid_plural,
            flags=list(entry.flags),
            occurrences=entry.occurrences,
        )
        # Any text that is not the French: the check reads the shape, not the English.
        if entry.msgid_plural:
            filled.msgstr_plural = {0: f"[{entry.msgid}]", 1: f"[{entry.msgid_plural}]"}
        else:
            filled.msgstr = f"[{entry.msgid}]"
        complete.append(filled)
    assert catalogue_check.problems(complete, fresh) == []

    def broken(change) -> list[str]:
        copy = polib.pofile(str(complete))
        change(copy)
        return catalogue_check.problems(copy, fresh)

    formatted = next(e for e in complete if "%(" in e.msgid and not e.msgid_plural)
    plural = next(e for e in complete if e.msgid_plural)
    assert broken(lambda po: po.remove(po.find(formatted.msgid))) == [
        f"absent du catalogue : « {formatted.msgid[:80]} » "
        f"({', '.join(sorted({p for p, _l in formatted.occurrences}))[:120]})"
    ]
    assert broken(lambda po: setattr(po.find(formatted.msgid), "msgstr", "")) != []
    assert broken(lambda po: po.find(formatted.msgid).flags.append("fuzzy"))[0].startswith(
        "à revoir (fuzzy)"
    )
    assert broken(lambda po: setattr(po.find(formatted.msgid), "msgstr", "Translated"))[
        0
    ].startswith("la traduction ne garde pas")
    assert broken(lambda po: po.find(plural.msgid).msgstr_plural.update({1: ""}))[0].startswith(
        "non traduit"
    )
    sentence = next(
        e
        for e in complete
        if len(e.msgid.split()) > 6 and "%" not in e.msgid and "<" not in e.msgid
    )
    assert broken(lambda po: setattr(po.find(sentence.msgid), "msgstr", sentence.msgid))[
        0
    ].startswith("recopié du français")


def test_make_messages_keeps_translations_and_adds_the_new_strings(extracted, tmp_path):
    """``make messages`` on a catalogue already translated: what was translated stays, a new
    string of a template comes in untranslated, and the ``.mo`` is compiled from the result."""
    copy = tmp_path / "palabre"
    shutil.copytree(extracted, copy)
    po_path = copy / "palabre" / "locale" / "en" / "LC_MESSAGES" / "django.po"
    po = catalogue.read(po_path)
    po.find("Aller au contenu").msgstr = "Skip to content"
    po.save()
    (copy / "palabre" / "templates" / "nouveau.html").write_text(
        '{% load i18n %}<p>{% translate "Une phrase toute neuve" %}</p>'
    )
    catalogue_check.refresh(copy)
    refreshed = catalogue.read(po_path)
    assert refreshed.find("Aller au contenu").msgstr == "Skip to content"
    assert refreshed.find("Une phrase toute neuve").msgstr == ""
    with (po_path.with_suffix(".mo")).open("rb") as compiled:
        assert gnu_gettext.GNUTranslations(compiled).gettext("Aller au contenu") == (
            "Skip to content"
        )


# -- compiling, as the install step does (pure Python: no GNU gettext)

SAMPLE = r"""msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\n"

msgid "Dossier"
msgstr "Case"

msgctxt "mois"
msgid "Mai"
msgstr "May"

#, python-format
msgid "%(n)s dossier"
msgid_plural "%(n)s dossiers"
msgstr[0] "%(n)s case"
msgstr[1] "%(n)s cases"

#, fuzzy
msgid "Séance"
msgstr "Meeting"

msgid "Rendez-vous"
msgstr ""
"""


def test_the_compiled_catalogue_answers_what_the_po_says(tmp_path):
    po = tmp_path / "en" / "LC_MESSAGES" / "django.po"
    po.parent.mkdir(parents=True)
    po.write_text(SAMPLE)
    target, count = catalogue.compile_catalogue(po)
    assert count == 3
    with target.open("rb") as compiled:
        translations = gnu_gettext.GNUTranslations(compiled)
    assert translations.gettext("Dossier") == "Case"
    assert translations.pgettext("mois", "Mai") == "May"
    assert translations.ngettext("%(n)s dossier", "%(n)s dossiers", 2) == "%(n)s cases"
    assert translations.ngettext("%(n)s dossier", "%(n)s dossiers", 1) == "%(n)s case"
    # A fuzzy or empty entry is left out: the page shows the French.
    assert translations.gettext("Séance") == "Séance"
    assert translations.gettext("Rendez-vous") == "Rendez-vous"


def test_the_install_command_compiles_every_catalogue_and_refuses_a_broken_one(
    tmp_path, settings, capsys
):
    po = tmp_path / "en" / "LC_MESSAGES" / "django.po"
    po.parent.mkdir(parents=True)
    po.write_text(SAMPLE)
    settings.LOCALE_PATHS = [tmp_path]
    call_command("compile_catalogue")
    assert po.with_suffix(".mo").exists()
    assert "3 messages traduits" in capsys.readouterr().out

    po.write_text('msgid "Dossier"\nmsgstr "Case"\nmsgstr "Dossier"\n')
    with pytest.raises(CommandError, match="ne se lit pas comme un catalogue gettext"):
        call_command("compile_catalogue")

    settings.LOCALE_PATHS = [tmp_path / "ailleurs"]
    with pytest.raises(CommandError, match="Aucun catalogue"):
        call_command("compile_catalogue")
