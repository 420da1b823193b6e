"""Every string shown to a person is marked for translation: templates, Python code, scripts.

Read from the source, without a database. Each reader is also shown, on a small sample, to find
what it must find: a reader that finds nothing would pass whatever the code holds.
"""

import ast
import fnmatch
from pathlib import Path

import pytest

from tests.translation import python_text, script_text, template_text

ROOT = Path(__file__).resolve().parents[2]
PALABRE = ROOT / "palabre"
TEMPLATE_KINDS = {".html": "html", ".svg": "html", ".txt": "text", ".js": "script"}

# Python modules whose words are not interface: the messages of operators' commands and system
# checks, and of what only they call (backups, key rotation, catalogues), are for the person who
# installs and runs Palabre; the demonstration's modules hold invented people's data.
NOT_INTERFACE = [
    "palabre/*/management/commands/*.py",
    "palabre/*/checks.py",
    "palabre/*/*_checks.py",
    "palabre/core/backups.py",
    "palabre/core/key_rotation.py",
    "palabre/core/catalogue.py",
    "palabre/demo/*",
    "palabre/*/demo.py",
    "palabre/*/demo_*.py",
    "palabre/*/demo/*",
]
# Literals read as French that no one reads on a page, by module and beginning, with the reason.
NOT_WORDS = {
    ("palabre/core/sms.py", "@£$¥"): "the GSM 03.38 alphabet, to count an SMS's segments",
    ("palabre/core/sms.py", "«"): "French quotation marks folded to 7-bit characters for SMS",
    ("palabre/core/sms.py", "»"): "French quotation marks folded to 7-bit characters for SMS",
    ("config/settings.py", "Palabre <"): "the default sender's address",
    ("palabre/reports/audit.py", "Audit des petits effectifs"): "a defect of the solver",
    ("palabre/reports/suppression.py", "« "): "a report built wrongly: a defect, never a page",
    ("palabre/website/network_map.py", "Val de Loire"): "a region's name, the same in English",
    ("palabre/website/network_map.py", "Côte d'Azur"): "a region's name, the same in English",
}


def _relative(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def _templates():
    for path in sorted(PALABRE.rglob("templates/**/*")):
        if path.suffix in TEMPLATE_KINDS:
            yield path


def _python_modules():
    for path in sorted([*PALABRE.rglob("*.py"), *(ROOT / "config").rglob("*.py")]):
        parts = path.relative_to(ROOT).parts
        if "tests" in parts or "migrations" in parts or path.name == "conftest.py":
            continue
        if any(fnmatch.fnmatch(_relative(path), pattern) for pattern in NOT_INTERFACE):
            continue
        yield path


def test_every_text_of_the_templates_is_in_a_translation_tag():
    unmarked = [
        f"{_relative(path)}:{finding}"
        for path in _templates()
        for finding in template_text.unmarked(path.read_text(), TEMPLATE_KINDS[path.suffix])
    ]
    assert not unmarked, "Texte hors de {% translate %} / {% blocktranslate %} :\n" + "\n".join(
        unmarked
    )


def test_every_string_of_the_code_shown_to_a_person_goes_through_gettext():
    modules = {path: ast.parse(path.read_text()) for path in _python_modules()}
    refusals = python_text.refusal_classes(modules.values())
    unmarked = []
    for path, tree in modules.items():
        for finding in python_text.unmarked(tree, refusals):
            if not any(
                _relative(path) == module and finding.text.startswith(start)
                for module, start in NOT_WORDS
            ):
                unmarked.append(f"{_relative(path)}:{finding}")
    assert not unmarked, "Texte sans gettext :\n" + "\n".join(unmarked)


def test_the_scripts_take_their_words_from_the_page():
    unmarked = [
        f"{_relative(path)}:{line}: {text!r}"
        for path in sorted((PALABRE / "static").rglob("*.js"))
        for line, text in script_text.words_in_script(path.read_text())
    ]
    assert not unmarked, "Mots écrits dans un script (à passer par la page) :\n" + "\n".join(
        unmarked
    )


def test_every_exception_to_the_rules_is_still_needed():
    """An allowance that no longer matches anything hides nothing but would hide a new string."""
    for pattern in NOT_INTERFACE:
        assert any(
            fnmatch.fnmatch(_relative(path), pattern)
            for path in [*PALABRE.rglob("*.py"), *(ROOT / "config").rglob("*.py")]
        ), pattern
    for module, start in NOT_WORDS:
        tree = ast.parse((ROOT / module).read_text())
        found = python_text.unmarked(tree, {"Refused"})
        assert any(finding.text.startswith(start) for finding in found), (module, start)


# -- the readers find what they must find


@pytest.mark.parametrize(
    "source",
    [
        "<p>Bonjour</p>",
        '<button type="button" title="Fermer">×</button>',
        '<img src="x.png" alt="Logo du service">',
        '<input type="submit" value="Envoyer">',
        '<input placeholder="Rechercher un dossier">',
        "{% if late %}En retard{% endif %}",
        "<p>{{ count }} h</p>",
        '<p>{{ day|date:"d/m/Y à H:i" }}</p>',
        '<p>{{ day|time:"H\\hi" }}</p>',
        '<p>{{ value|default:"Aucune" }}</p>',
        '<p>{{ done|yesno:"oui,non" }}</p>',
        '{% include "components/stat_card.html" with label="Dossiers ouverts" %}',
        '{% blocktranslate with when=day|date:"j F Y à H:i" %}Le {{ when }}{% endblocktranslate %}',
        '<script>element.textContent = "Envoi impossible";</script>',
        '<style>.x::after { content: "suite"; }</style>',
    ],
)
def test_the_template_reader_finds_unmarked_text(source):
    assert template_text.unmarked("{% load i18n %}" + source)


@pytest.mark.parametrize(
    "source",
    [
        '<p>{% translate "Bonjour" %}</p>',
        '<button title="{% translate "Fermer" %}">×</button>',
        "<p>{% blocktranslate %}Dossier {{ reference }}{% endblocktranslate %}</p>",
        "<p>{% blocktranslate count n=c %}un{% plural %}{{ n }} dossiers"
        "{% endblocktranslate %}</p>",
        "{% comment %}Pour les développeurs{% endcomment %}<p>{{ name }} · 2026</p>",
        '<p>{{ day|date:"d/m/Y" }} {{ day|time:_("H\\hi") }}</p>',
        '<p>{{ day|date:"SHORT_DATE_FORMAT" }}</p>',
        '<time datetime="{{ day|date:"Y-m-d\\TH:i" }}"></time>',
        '{% include "components/button.html" with variant="outline-danger" size="sm" %}',
        '{% if status == "DONE" %}<span class="badge">—</span>{% endif %}',
        "<abbr>QPV</abbr> <span>PDF</span> <span>Palabre</span>",
        '<script nonce="{{ csp_nonce }}">document.querySelector("[x]").hidden = true;</script>',
    ],
)
def test_the_template_reader_lets_translated_text_and_code_pass(source):
    assert template_text.unmarked("{% load i18n %}" + source) == []


def test_the_template_reader_reads_messages_line_by_line():
    source = '{% load i18n %}{% translate "Bonjour," %}\n\nVotre code : {{ code }}\n-- \nPalabre\n'
    assert [finding.line for finding in template_text.unmarked(source, "text")] == [3]


@pytest.mark.parametrize(
    "source",
    [
        'forms.CharField(label="Nom")',
        'models.CharField(max_length=5, verbose_name="Nom", help_text="Tel qu\'écrit")',
        'forms.ChoiceField(choices=[("a", "Oui"), ("b", "Non")])',
        'forms.TextInput(attrs={"placeholder": "Rechercher"})',
        'messages.success(request, "Dossier ouvert.")',
        'messages.error(request, f"Dossier {ref} refusé")',
        'raise ValidationError("Date invalide")',
        'form.add_error("day", "Date invalide")',
        'raise TransitionRefused("Le consentement manque.")',
        "class Status(models.TextChoices):\n    OPEN = 'open', 'Ouvert'",
        "class Meta:\n    verbose_name = 'dossier'",
        'def label(self):\n    return f"{self.user} — code de secours"',
        'TITLE = "Nombre de personnes reçues"',
        'self.fields["day"].help_text = "Jour"',
        'self.fields["day"].widget.attrs["placeholder"] = "jj/mm/aaaa"',
    ],
)
def test_the_python_reader_finds_unmarked_strings(source):
    tree = ast.parse(source)
    assert python_text.unmarked(tree, {"Refused", "ValidationError", "TransitionRefused"})


@pytest.mark.parametrize(
    "source",
    [
        'forms.CharField(label=_("Nom"), help_text=gettext_lazy("Tel qu\'écrit"))',
        'messages.success(request, _("Dossier %(ref)s ouvert.") % {"ref": ref})',
        'raise TransitionRefused(_("Le consentement manque."))',
        "class Status(models.TextChoices):\n    OPEN = 'open', _('Ouvert')",
        'def f():\n    """Le dossier de médiation, tel qu\'il est ouvert."""',
        'logger.warning("Notice %s not sent: %s", notice, error)',
        'path("demandes-de-passage/", views.index)',
        're.compile(r"\\b(plaintes?|garde à vue)\\b")',
        'raise ValueError("unknown people bands: " + bands)',
        'forms.TextInput(attrs={"class": "form-control", "autocomplete": "off"})',
    ],
)
def test_the_python_reader_lets_translated_strings_and_code_pass(source):
    assert python_text.unmarked(ast.parse(source), {"Refused", "TransitionRefused"}) == []


def test_the_python_reader_knows_every_refusal_by_its_ancestry():
    tree = ast.parse(
        "class FieldRefused(Refused): pass\nclass InterventionConflict(FieldRefused): pass\n"
    )
    assert {"FieldRefused", "InterventionConflict"} <= python_text.refusal_classes([tree])


@pytest.mark.parametrize(
    ("source", "found"),
    [
        ('button.textContent = "Envoyer";', True),
        ('say("Pas de réseau");', True),
        ("note.textContent = 'saisie en attente d\\'envoi';", True),
        ('return "« " + word + " »";', True),
        ('status.textContent = "sent. Waiting for the network";', True),
        ('el.className = "btn btn-primary btn-sm";', False),
        ('document.querySelectorAll("link[rel=stylesheet][href], script[src]");', False),
        ('fetch(url, { headers: { "Content-Type": "application/json" } });', False),
        ('entry.id = "edit:" + owner;', False),
        ("// Envoie la saisie quand le réseau revient\nvar a = 1;", False),
        ('var plain = ch.normalize("NFKD").replace(/\\p{M}/gu, "");', False),
    ],
)
def test_the_script_reader_tells_words_from_code(source, found):
    assert bool(script_text.words_in_script(source)) is found
