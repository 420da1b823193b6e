"""Cross-cutting rules of the code base (design/ARCHITECTURE.md, STYLE.md), read from the source.

These tests parse files; they need no database.
"""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PALABRE = ROOT / "palabre"

# An app imports only from apps at or above it; those in READ_EVERYONE read everyone.
ORDER = [
    "core",
    "accounts",
    "organisations",
    "partners",
    "team",
    "cases",
    "referrals",
    "permanences",
    "training",
    "field",
    "outreach",
    "network",
    "library",
    "reports",
    "website",
    "privacy",
    "imports",
    "api",
    "demo",
]
READ_EVERYONE = {"reports", "website", "privacy", "api", "demo"}


def _apps():
    return sorted(
        path.name for path in PALABRE.iterdir() if path.is_dir() and (path / "__init__.py").exists()
    )


def _python_files(app):
    return sorted((PALABRE / app).rglob("*.py"))


def _is_test_code(path):
    """Tests exercise several apps together (factories, access of other apps): the dependency
    rule binds application code only."""
    parts = path.relative_to(PALABRE).parts
    return "tests" in parts or path.name.startswith("test_") or path.name == "conftest.py"


def _module_of(path):
    relative = path.relative_to(ROOT).with_suffix("")
    parts = list(relative.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _imported_modules(path, source=None):
    """Absolute dotted names of everything the file imports (relative imports resolved)."""
    if source is None:
        source = path.read_text(encoding="utf-8")
    tree = ast.parse(source, filename=str(path))
    package = _module_of(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            yield node.lineno, module
            # ``from palabre import cases`` imports the app named in the alias.
            if module == "palabre":
                for alias in node.names:
                    yield node.lineno, f"palabre.{alias.name}"


def _palabre_app(module):
    parts = module.split(".")
    if len(parts) >= 2 and parts[0] == "palabre":
        return parts[1]
    return None


def test_every_app_has_a_place_in_the_dependency_order():
    assert set(_apps()) <= set(ORDER), (
        "Add the new app to ORDER here and in design/ARCHITECTURE.md: "
        f"{sorted(set(_apps()) - set(ORDER))}"
    )


def _breaches(app):
    rank = ORDER.index(app) if app in ORDER else -1
    for path in _python_files(app):
        if _is_test_code(path):
            continue
        for line, module in _imported_modules(path):
            target = _palabre_app(module)
            if target is None or target == app:
                continue
            if target not in ORDER or ORDER.index(target) > rank:
                yield line, f"{path.relative_to(ROOT)} imports {module}"


@pytest.mark.parametrize("app", [app for app in _apps() if app not in READ_EVERYONE])
def test_an_app_imports_only_from_apps_above_it(app):
    rank = ORDER.index(app) if app in ORDER else -1

    offences = [f"{what} (line {line})" for line, what in _breaches(app)]

    assert not offences, f"{app} may import only from {ORDER[: rank + 1]}:\n" + "\n".join(offences)


def test_the_import_reader_sees_relative_and_package_imports():
    """The rule above is only as good as the reader: check it on known input."""
    package = PALABRE / "cases" / "views" / "__init__.py"
    module = PALABRE / "cases" / "views" / "detail.py"
    source = "from ..models import Case\nfrom . import detail\nfrom palabre import reports\n"

    assert {m for _line, m in _imported_modules(package, source)} == {
        "palabre.cases.models",
        "palabre.cases.views",
        "palabre",
        "palabre.reports",
    }
    assert {m for _line, m in _imported_modules(module, "from ..access import get_case_for")} == {
        "palabre.cases.access"
    }


# --- Scoped case models are fetched through access.py only -------------------------------------


def _module_graph():
    """Every module of the application (tests aside) → the application modules it imports,
    anywhere in the file (an import inside a function still ties the two modules)."""
    files = [
        path for app in _apps() for path in _python_files(app)
        if not _is_test_code(path) and "migrations" not in path.parts
    ]  # fmt: skip
    modules = {_module_of(path): path for path in files}
    graph = {}
    for module, path in modules.items():
        names = set()
        for _line, name in _imported_modules(path):
            names.add(name)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):  # ``from palabre.reports import runs`` imports runs
            if isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names |= {f"{node.module}.{alias.name}" for alias in node.names}
        graph[module] = {name for name in names if name in modules and name != module}
    return graph


def _cycles(graph):
    """The groups of modules that import one another, directly or round a loop."""
    reach = {}
    for start in graph:
        seen, queue = set(), list(graph[start])
        while queue:
            module = queue.pop()
            if module not in seen:
                seen.add(module)
                queue += graph.get(module, ())
        reach[start] = seen
    groups = {frozenset({a} | {b for b in reach[a] if a in reach[b]}) for a in graph}
    return sorted(sorted(group) for group in groups if len(group) > 1)


def test_the_cycle_finder_sees_a_loop_through_a_function_local_import():
    graph = {"a.tasks": {"a.runs"}, "a.runs": {"a.tasks"}, "a.views": {"a.runs"}}
    assert _cycles(graph) == [["a.runs", "a.tasks"]]


def test_no_two_modules_import_each_other():
    """A loop of imports works only while every import in it stays inside a function; the
    first one moved to the top breaks the application at start-up."""
    assert _cycles(_module_graph()) == []


SCOPED = {
    "Case",
    "Party",
    "Interview",
    "Meeting",
    "ConsentRecord",
    "PrivateNote",
    "ContactAttempt",
    "FollowUp",
    "Agreement",
}
SHORTCUTS = {"get_object_or_404", "get_list_or_404"}


def _view_files():
    files = set(PALABRE.glob("**/views*.py")) | set(PALABRE.glob("**/views/**/*.py"))
    return sorted(path for path in files if not _is_test_code(path))


def _root_name(node):
    """``Case`` for ``Case.objects.filter(...).select_related(...)``."""
    while True:
        if isinstance(node, ast.Attribute):
            node = node.value
        elif isinstance(node, ast.Call):
            node = node.func
        else:
            return node.id if isinstance(node, ast.Name) else None


def _goes_through_objects(node):
    while isinstance(node, (ast.Attribute, ast.Call)):
        if isinstance(node, ast.Attribute) and node.attr in ("objects", "_default_manager"):
            return True
        node = node.value if isinstance(node, ast.Attribute) else node.func
    return False


def _direct_lookups(source, filename="<views>"):
    found = []
    for node in ast.walk(ast.parse(source, filename=filename)):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if (
            isinstance(func, ast.Attribute)
            and func.attr == "get"
            and _goes_through_objects(func.value)
            and _root_name(func.value) in SCOPED
        ):
            found.append((node.lineno, f"{_root_name(func.value)}.objects…get("))
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
        if name in SHORTCUTS and node.args and _root_name(node.args[0]) in SCOPED:
            found.append((node.lineno, f"{name}({_root_name(node.args[0])}…)"))
    return found


def test_the_lookup_detector_catches_the_forbidden_forms():
    source = (
        "Case.objects.get(pk=1)\n"
        "Party.objects.filter(case=c).get(pk=2)\n"
        "get_object_or_404(PrivateNote, pk=3)\n"
        "shortcuts.get_object_or_404(Meeting.objects.all(), pk=4)\n"
        "access.get_case_for(m, 5)\n"
        "request.POST.get('x')\n"
        "Commune.objects.get(pk=6)\n"
    )
    assert [line for line, _what in _direct_lookups(source)] == [1, 2, 3, 4]


def test_there_are_views_to_check():
    assert _view_files(), "no views*.py nor views/ package found under palabre/"


@pytest.mark.parametrize("path", _view_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_views_never_fetch_a_scoped_case_model_directly(path):
    offences = _direct_lookups(path.read_text(encoding="utf-8"), str(path))

    assert not offences, (
        f"{path.relative_to(ROOT)} fetches scoped objects without access.py: "
        + ", ".join(f"line {line}: {what}" for line, what in offences)
    )


# --- Migrations, components, assets -------------------------------------------------------------

MIGRATIONS = sorted(path for path in PALABRE.glob("*/migrations/[0-9]*.py"))


def test_every_migration_has_a_name_that_says_what_it_does():
    assert MIGRATIONS
    auto_named = [str(p.relative_to(ROOT)) for p in MIGRATIONS if re.search(r"_auto(_|$)", p.stem)]
    assert not auto_named, f"name these migrations (makemigrations --name …): {auto_named}"
    badly_numbered = [
        str(p.relative_to(ROOT))
        for p in MIGRATIONS
        if not re.fullmatch(r"\d{4}_[a-z0-9_]+", p.stem)
    ]
    assert not badly_numbered


COMPONENTS = sorted((PALABRE / "templates" / "components").glob("*.html"))
CONTRACT = re.compile(r"\A\{%\s*comment\s*%\}(?P<contract>.*?)\{%\s*endcomment\s*%\}", re.DOTALL)


def test_there_are_components():
    assert COMPONENTS


@pytest.mark.parametrize("path", COMPONENTS, ids=lambda p: p.name)
def test_every_component_opens_with_a_comment_stating_its_contract(path):
    match = CONTRACT.match(path.read_text(encoding="utf-8").lstrip("\ufeff"))

    assert match, f"{path.name} must open with {{% comment %}}…{{% endcomment %}}"
    assert len(match["contract"].split()) >= 3, f"{path.name}: the contract says too little"


TEMPLATES = sorted(PALABRE.glob("**/templates/**/*.html")) + sorted(
    PALABRE.glob("**/templates/**/*.txt")
)
STYLESHEETS_AND_SCRIPTS = sorted(PALABRE.glob("static/palabre/**/*.css")) + sorted(
    PALABRE.glob("static/palabre/**/*.js")
)
CDN_HOSTS = re.compile(
    r"(?:https?:)?//[^\s\"'<>]*(?:cdn|jsdelivr|unpkg|cdnjs|googleapis|gstatic|bootstrapcdn|"
    r"cloudflare|fontawesome|jquery\.com|code\.jquery|stackpath|maxcdn)[^\s\"'<>]*",
    re.IGNORECASE,
)
EXTERNAL_ASSET = re.compile(
    r"<(?:script|link|img|iframe|source|video|audio)\b[^>]*\b(?:src|href)\s*=\s*[\"']?"
    r"(?:https?:)?//",
    re.IGNORECASE,
)
CSS_EXTERNAL = re.compile(r"(?:@import\s+|url\(\s*[\"']?)(?:https?:)?//", re.IGNORECASE)


def test_the_asset_checks_recognise_a_cdn():
    assert CDN_HOSTS.search('<script src="https://cdn.jsdelivr.net/npm/bootstrap.js">')
    assert EXTERNAL_ASSET.search('<link rel="stylesheet" href="//unpkg.com/htmx.org">')
    assert not EXTERNAL_ASSET.search('<a href="https://www.cnil.fr/">CNIL</a>')
    assert CSS_EXTERNAL.search("@import url('https://fonts.googleapis.com/css');")


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(PALABRE)))
def test_templates_load_nothing_from_a_cdn_or_another_site(path):
    text = path.read_text(encoding="utf-8")

    assert not CDN_HOSTS.search(text), CDN_HOSTS.search(text)[0]
    assert not EXTERNAL_ASSET.search(text), EXTERNAL_ASSET.search(text)[0]


@pytest.mark.parametrize("path", STYLESHEETS_AND_SCRIPTS, ids=lambda p: str(p.relative_to(PALABRE)))
def test_our_stylesheets_and_scripts_load_nothing_from_another_site(path):
    text = path.read_text(encoding="utf-8")

    assert not CSS_EXTERNAL.search(text)
    assert not CDN_HOSTS.search(text)


# --- No field for offence or sensitive data (R1, R3) --------------------------------------------

# Words a field's name, label or choice label must not carry: offences, complaints, convictions,
# health, religion, origin, sexual life. ``palabre.core.sensitive`` holds the French words the
# free-text warning looks for; identifiers are English, so their words are added here.
IDENTIFIER_WORDS = re.compile(
    r"(?<![a-z0-9])(?:sante|medica(?:l|le|les|ux)|health|disabilit(?:y|ies)|disabled|"
    r"religio(?:n|ns|us)|ethnic(?:ity)?|race|sexual(?:ity)?|offen[cs]es?|crimes?|criminal|"
    r"convict(?:ion|ions|ed)?|complaints?|diagnos(?:is|e|tic))(?![a-z0-9])"
)
# Each legitimate exception, with its reason.
SENSITIVE_LABELS_ALLOWED = {
    # A referral channel (the police desk that offers mediation), not a copy of the record.
    ("cases.Case", "referral_source", "Police nationale — relais main courante"),
    ("cases.InformationRequest", "referral_source", "Police nationale — relais main courante"),
    # Why a referral is declined: mediation does not run beside proceedings. Nothing of them.
    ("referrals.Referral", "decline_reason", "Une procédure judiciaire est en cours"),
    # A field intervention's type (§4.4); interventions count people, never name them.
    ("field.Intervention", "type", "Personne alcoolisée ou sous produits"),
}


def _suspicious(text: str) -> bool:
    from palabre.core import sensitive

    spaced = text.replace("_", " ")
    return bool(sensitive.find(spaced)) or bool(IDENTIFIER_WORDS.search(sensitive.fold(spaced)[0]))


def _labels_of(model):
    """(field name, text) for each field's name, verbose name and choice labels."""
    for field in model._meta.get_fields():
        yield field.name, field.name
        if getattr(field, "verbose_name", None):
            yield field.name, str(field.verbose_name)
        for _value, label in getattr(field, "flatchoices", None) or []:
            yield field.name, str(label)
    yield "(model)", str(model._meta.verbose_name)


def test_the_sensitive_field_detector_sees_offence_and_health_words():
    for text in [
        "criminal_record",
        "casier judiciaire",
        "Condamné",
        "health_status",
        "Handicap reconnu",
        "religion",
        "Origine ethnique",
        "orientation sexuelle",
        "Plainte déposée",
        "main_courante_number",
        "Infraction constatée",
    ]:
        assert _suspicious(text), text
    for text in ["conflict_category", "Bruit de voisinage", "Santiago", "racetrack", "Plaintif"]:
        assert not _suspicious(text), text


def test_no_model_field_names_or_labels_offence_or_sensitive_data():
    from django.apps import apps

    found = sorted(
        (model._meta.label, name, text)
        for model in apps.get_models()
        if model.__module__.startswith("palabre.")
        for name, text in _labels_of(model)
        if _suspicious(text)
    )
    offences = [item for item in found if item not in SENSITIVE_LABELS_ALLOWED]

    assert not offences, (
        "No field may hold offence or sensitive data (R1, R3); if the label is legitimate, add "
        "it to SENSITIVE_LABELS_ALLOWED with its reason:\n" + "\n".join(map(str, offences))
    )
    assert set(found) >= SENSITIVE_LABELS_ALLOWED, "an allowed label is gone: remove it here"


def test_templates_write_machine_values_through_the_filters_made_for_them():
    """``date:'c'`` adds microseconds that ``<time datetime>`` refuses; a ``tel:`` link keeps the
    spaces of the number: ``iso_datetime`` and ``tel_uri`` write them right. htmx attributes are
    written ``data-hx-*``, the form HTML validators accept."""
    wrong = re.compile(r"""date:\s*['"]c['"]|href="tel:\{\{|\shx-[a-z]""")
    offences = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in sorted((ROOT / "palabre").rglob("*.html"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if wrong.search(line)
    ]
    assert not offences, "Use |iso_datetime, |tel_uri or data-hx-*:\n" + "\n".join(offences)
