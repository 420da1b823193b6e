"""Finds the strings of the Python code that reach a person without a translation call.

Two readings of each module's syntax tree (``ast``):

- by place: a string given where Django or Palabre shows it to a person — a form field's or a
  model field's ``label``, ``help_text``, ``verbose_name``, ``empty_label``, an
  ``error_messages`` value, a ``choices`` label, a widget's ``placeholder``/``title``/
  ``aria-label``, ``messages.success(request, …)`` and its siblings, ``ValidationError(…)``,
  ``form.add_error(field, …)``, a refusal of an action (``raise Refused(…)`` and every subclass),
  the label of a ``TextChoices`` member, a ``Meta.verbose_name``;
- by language: any other string written in French (an accented letter, French quotation marks or
  a common French word among several words) outside a translation call, a docstring or a call to
  a logger. French is the language of the pages; the code's own words (logs, errors for
  developers) are in English.

Both skip what a person never reads in the interface: the operators' commands and the system
checks (their messages are for the person who installs Palabre, in French), the demonstration's
data (names and texts of invented people, which are data, not interface), migrations and tests.
"""

import ast
import re
from dataclasses import dataclass

GETTEXT = {
    "_",
    "gettext",
    "gettext_lazy",
    "ngettext",
    "ngettext_lazy",
    "pgettext",
    "pgettext_lazy",
    "npgettext",
    "npgettext_lazy",
    "gettext_noop",
}
USER_KEYWORDS = {
    "label",
    "help_text",
    "verbose_name",
    "verbose_name_plural",
    "empty_label",
    "empty_value_display",
    "description",
    "placeholder",
    "title",
    "message",
    "label_suffix",
}
USER_ATTRIBUTE_KEYS = {"placeholder", "title", "aria-label", "aria-description", "alt"}
MESSAGE_FUNCTIONS = {"debug", "info", "success", "warning", "error"}
FRENCH_WORDS = {
    "le", "la", "les", "un", "une", "des", "du", "de", "et", "ou", "est", "sont", "pour", "pas",
    "ne", "au", "aux", "sur", "dans", "avec", "par", "vous", "votre", "vos", "ce", "cette", "qui",
    "que", "ont", "été", "sans", "aucun", "aucune", "à", "en", "encore",
}  # fmt: skip
LETTER = re.compile(r"[^\W\d_]")
WORD = re.compile(r"[^\W\d_]+")
REGEX_SYNTAX = re.compile(r"\\[bswdSWD]|\(\?[:=!<]")


@dataclass(frozen=True)
class Finding:
    line: int
    where: str
    text: str

    def __str__(self):
        return f"{self.line}: {self.where}: {self.text!r}"


def _name(node) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def _text(node) -> str | None:
    """The text of a string literal or f-string, with ``…`` for what is computed."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(
            part.value if isinstance(part, ast.Constant) else "…" for part in node.values
        )
    return None


def looks_french(text: str) -> bool:
    """A French phrase: several words (an identifier, a path, a single word is not read as
    one) with an accented letter or a common French word, or anything in French quotation
    marks. A regular
    expression is code, whatever its words."""
    if REGEX_SYNTAX.search(text):
        return False
    if "«" in text or "»" in text:
        return True
    if not re.search(r"[^\W\d_]\s+\S", text):
        return False
    if re.search(r"[àâçéèêëîïôûùüÿœæ]", text, re.IGNORECASE):
        return True
    words = [word.lower() for word in WORD.findall(text)]
    return len(words) >= 3 and any(word in FRENCH_WORDS for word in words)


def refusal_classes(trees) -> set[str]:
    """Every class, over all modules, that is a ``Refused`` or ``ValidationError``, by name."""
    bases = {}
    for tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                bases.setdefault(node.name, set()).update(_name(base) for base in node.bases)
    known = {"Refused", "ValidationError"}
    grown = True
    while grown:
        grown = False
        for name, parents in bases.items():
            if name not in known and parents & known:
                known.add(name)
                grown = True
    return known


class _Visitor(ast.NodeVisitor):
    def __init__(self, refusals):
        self.refusals = refusals
        self.found: list[Finding] = []
        self.translated: set[int] = set()  # ids of nodes inside a translation call
        self.quiet: set[int] = set()  # docstrings and logger arguments
        self.placed: set[int] = set()  # literals already reported by place

    # -- places
    def _report(self, node, where):
        text = _text(node)
        if text is not None and id(node) not in self.translated and LETTER.search(text):
            self.found.append(Finding(node.lineno, where, text))
            self.placed.add(id(node))

    def _report_choices(self, node, where):
        if isinstance(node, (ast.List, ast.Tuple)):
            for item in node.elts:
                if isinstance(item, (ast.List, ast.Tuple)) and len(item.elts) == 2:
                    if isinstance(item.elts[1], (ast.List, ast.Tuple)):  # an option group
                        self._report(item.elts[0], where)
                        self._report_choices(item.elts[1], where)
                    else:
                        self._report(item.elts[1], where)

    def visit_Call(self, node):
        name = _name(node.func)
        if name in GETTEXT:
            for inner in ast.walk(node):
                self.translated.add(id(inner))
        if isinstance(node.func, ast.Attribute) and isinstance(node.func.value, ast.Name):
            if node.func.value.id in ("logger", "log", "logging"):
                for inner in ast.walk(node):
                    self.quiet.add(id(inner))
            if (
                node.func.value.id == "messages"
                and name in MESSAGE_FUNCTIONS
                and len(node.args) > 1
            ):
                self._report(node.args[1], f"messages.{name}")
            if node.func.value.id == "messages" and name == "add_message" and len(node.args) > 2:
                self._report(node.args[2], "messages.add_message")
        if name in self.refusals and node.args:
            self._report(node.args[0], name)
        if name == "add_error" and len(node.args) > 1:
            self._report(node.args[1], "add_error")
        for keyword in node.keywords:
            if keyword.arg in USER_KEYWORDS:
                self._report(keyword.value, f"{name}({keyword.arg}=…)")
            elif keyword.arg == "choices":
                self._report_choices(keyword.value, f"{name}(choices=…)")
            elif keyword.arg == "error_messages" and isinstance(keyword.value, ast.Dict):
                for value in keyword.value.values:
                    self._report(value, f"{name}(error_messages=…)")
            elif keyword.arg == "attrs" and isinstance(keyword.value, ast.Dict):
                self._report_attrs(keyword.value, f"{name}(attrs=…)")
        self.generic_visit(node)

    def _report_attrs(self, node, where):
        for key, value in zip(node.keys, node.values, strict=True):
            if isinstance(key, ast.Constant) and key.value in USER_ATTRIBUTE_KEYS:
                self._report(value, f"{where}[{key.value}]")

    def visit_ClassDef(self, node):
        self._docstring(node)
        bases = {_name(base) for base in node.bases}
        is_choices = any(base.endswith("Choices") for base in bases)
        for statement in node.body:
            if not isinstance(statement, ast.Assign):
                continue
            targets = {_name(target) for target in statement.targets}
            value = statement.value
            if is_choices and isinstance(value, ast.Tuple) and len(value.elts) >= 2:
                self._report(value.elts[-1], f"{node.name} (choix)")
            if node.name == "Meta" and targets & {"verbose_name", "verbose_name_plural"}:
                self._report(value, f"Meta.{targets.pop()}")
            if targets & {"choices"}:
                self._report_choices(value, f"{node.name}.choices")
        self.generic_visit(node)

    def visit_Assign(self, node):
        if isinstance(node.value, ast.Dict) and any(
            _name(target) == "attrs" or isinstance(target, ast.Subscript) for target in node.targets
        ):
            self._report_attrs(node.value, "attrs")
        for target in node.targets:
            # ``field.label = "…"``, ``field.help_text = "…"``, ``widget.attrs["title"] = "…"``
            if isinstance(target, ast.Attribute) and target.attr in USER_KEYWORDS:
                self._report(node.value, f".{target.attr} = …")
            if (
                isinstance(target, ast.Subscript)
                and isinstance(target.slice, ast.Constant)
                and target.slice.value in USER_ATTRIBUTE_KEYS
            ):
                self._report(node.value, f"[{target.slice.value!r}] = …")
        self.generic_visit(node)

    # -- language
    def _docstring(self, node):
        body = getattr(node, "body", [])
        if body and isinstance(body[0], ast.Expr) and _text(body[0].value) is not None:
            self.quiet.add(id(body[0].value))

    def visit_FunctionDef(self, node):
        self._docstring(node)
        self.generic_visit(node)

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Module(self, node):
        self._docstring(node)
        self.generic_visit(node)


def unmarked(tree: ast.Module, refusals: set[str]) -> list[Finding]:
    visitor = _Visitor(refusals)
    visitor.visit(tree)
    found = list(visitor.found)
    # The pieces of an f-string are literals too: the f-string is read whole.
    pieces = {
        id(piece)
        for node in ast.walk(tree)
        if isinstance(node, ast.JoinedStr)
        for piece in node.values
    }
    skipped = visitor.translated | visitor.quiet | visitor.placed | pieces
    for node in ast.walk(tree):
        text = _text(node)
        if text is not None and id(node) not in skipped and looks_french(text):
            found.append(Finding(node.lineno, "texte en français", text))
    return sorted(found, key=lambda finding: finding.line)
