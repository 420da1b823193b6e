"""Finds the text of a template that reaches a reader without a translation tag.

The template is cut by Django's own ``Lexer``. Text inside ``{% translate %}``,
``{% blocktranslate %}`` and ``{% comment %}`` is put aside, as are variables (data); the rest is
read as HTML (``html.parser``): a text node, or a value of an attribute a reader sees or hears
(``title``, ``alt``, ``placeholder``, ``aria-label``…, a button's ``value``), that holds a letter
is unmarked text. ``<script>`` is checked as a script (``script_text``), a ``content:`` of
``<style>`` as CSS. Literals inside tags and filters are checked too: a date format that writes
words (``"d/m/Y à H:i"``) and a literal passed to a component (``with label="Nom"``).
"""

import re
from dataclasses import dataclass
from html.parser import HTMLParser

from django.template.base import Lexer, TokenType

from tests.translation import script_text

HIDDEN = "\ue000"  # stands for a variable or a translated string: not text of the template
LETTER = re.compile(r"[^\W\d_]")
# Names and acronyms that read the same in both languages: the product's name, French bodies and
# labels kept as they are in English (FDVA, QPV, AFNOR…), file formats (PDF, ODS, CSV).
SAME_IN_BOTH = re.compile(r"^(?:Palabre|[A-Z][A-Z0-9]+)$")
USER_ATTRIBUTES = {
    "title",
    "alt",
    "placeholder",
    "aria-label",
    "aria-description",
    "aria-roledescription",
    "aria-valuetext",
    "label",
}
BUTTON_TYPES = {"submit", "button", "reset"}
TRANSLATING = {"translate", "trans"}
BLOCK_TRANSLATING = {"blocktranslate": "endblocktranslate", "blocktrans": "endblocktrans"}
# Tags whose literals are names for the code, never words for a reader: template and URL names,
# loaded libraries, values compared with (``{% if status == "DONE" %}``), partial names.
CODE_TAGS = {
    "load",
    "extends",
    "url",
    "static",
    "if",
    "elif",
    "partialdef",
    "partial",
    "block",
    "csrf_token",
    "now",
}
# Filters whose argument is code: an element id, a number format.
CODE_FILTERS = {"json_script", "stringformat", "floatformat"}
DATE_FILTERS = {"date", "time"}
# Django's date format characters: the other letters of a format are printed as they are.
DATE_CODES = set("aAbcdDeEfFgGhHiIjlLmMnNoOPrsStTuUwWyYzZ")
NAMED_FORMAT = re.compile(r"^[A-Z_]+_FORMAT$")
LITERAL = re.compile(
    r"""(?:(?P<key>[\w.]+)\s*(?P<sep>[=:])\s*)?(?P<mark>_\()?(?P<quote>["'])(?P<value>.*?)(?P=quote)"""
)
CSS_CONTENT = re.compile(r"""content\s*:\s*(?P<value>[^;}]*)""")


@dataclass(frozen=True)
class Finding:
    line: int
    where: str
    text: str

    def __str__(self):
        return f"{self.line}: {self.where}: {self.text}"


def has_words(text: str) -> bool:
    """True when ``text`` holds a word a reader would have to read in French."""
    words = re.findall(r"[^\W_]+", text.replace(HIDDEN, " "))
    return any(LETTER.search(word) and not SAME_IN_BOTH.match(word) for word in words)


def date_format_words(fmt: str) -> str:
    """The text a date format prints as it is (escaped characters and non-code letters); none
    for the name of a format of the current language (``"SHORT_DATE_FORMAT"``)."""
    if NAMED_FORMAT.match(fmt):
        return ""
    printed, escaped = [], False
    for char in fmt:
        if escaped:
            printed.append(char)
            escaped = False
        elif char == "\\":
            escaped = True
        elif char not in DATE_CODES:
            printed.append(char)
    # An ISO date's separator ``\T`` is for machines (``<time datetime>``, ``<input value>``).
    return "".join(printed).replace("T", "")


def _looks_like_words(value: str) -> bool:
    """A literal passed to a tag is a word for a reader when it is more than an identifier."""
    if not LETTER.search(value) or NAMED_FORMAT.match(value):
        return False
    class_list = all(re.fullmatch(r"[a-z0-9_-]+", word) for word in value.split())
    return bool(re.search(r"[^\x00-\x7f]", value) or re.match(r"[A-Z][a-z]", value)) or (
        " " in value.strip() and not class_list
    )


def literal_findings(token) -> list[Finding]:
    """Literals in a ``{% tag %}`` or ``{{ variable|filter:"…" }}`` that a reader sees."""
    contents, name = token.contents, ""
    if token.token_type == TokenType.BLOCK:
        name = contents.split()[0] if contents else ""
        if name in TRANSLATING or name in CODE_TAGS:
            return []
        if name == "include":
            contents = contents.split(None, 2)[2] if len(contents.split(None, 2)) > 2 else ""
    found = []
    for match in LITERAL.finditer(contents):
        if match["mark"] or (name in BLOCK_TRANSLATING and match["sep"] != ":"):
            continue  # translated, or a blocktranslate's context: only its filters are read
        value, key = match["value"], match["key"] or ""
        filter_name = key.rsplit("|", 1)[-1] if match["sep"] == ":" else ""
        if filter_name in DATE_FILTERS or key == "date":
            if LETTER.search(date_format_words(value)):
                found.append(Finding(token.lineno, f"format de date {filter_name or key}", value))
        elif filter_name in CODE_FILTERS:
            continue
        elif filter_name and LETTER.search(value) or _looks_like_words(value):
            found.append(Finding(token.lineno, f"littéral ({key or token.contents[:20]})", value))
    return found


def masked(source: str) -> tuple[str, list[Finding]]:
    """The template's text with everything translated or computed replaced by ``HIDDEN`` (lines
    kept, so positions stay true), and the findings among literals of tags and filters."""
    parts, found, closing = [], [], None
    for token in Lexer(source).tokenize():
        newlines = "\n" * token.contents.count("\n")
        if token.token_type == TokenType.TEXT:
            parts.append(newlines if closing else token.contents)
            continue
        name = token.contents.split()[0] if token.contents else ""
        if closing:
            if token.token_type == TokenType.BLOCK and name == closing:
                closing = None
            parts.append(newlines)
            continue
        if token.token_type == TokenType.BLOCK and name in BLOCK_TRANSLATING:
            closing = BLOCK_TRANSLATING[name]
            found.extend(literal_findings(token))
            parts.append(HIDDEN + newlines)
        elif token.token_type == TokenType.BLOCK and name == "comment":
            closing = "endcomment"
            parts.append(newlines)
        elif token.token_type == TokenType.COMMENT:
            parts.append(newlines)
        else:
            found.extend(literal_findings(token))
            visible = token.token_type == TokenType.VAR or name in TRANSLATING
            parts.append((HIDDEN if visible else "") + newlines)
    return "".join(parts), found


class _Reader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[Finding] = []
        self.inside = None

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.inside = tag
        values = dict(attrs)
        for name, value in attrs:
            heard = name in USER_ATTRIBUTES or (
                name == "value"
                and tag in ("input", "button")
                and values.get("type") in BUTTON_TYPES
            )
            if heard and value and has_words(value):
                self._add(f"<{tag} {name}>", value)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        self.inside = None

    def handle_endtag(self, tag):
        if tag == self.inside:
            self.inside = None

    def handle_data(self, data):
        if self.inside == "script":
            for line, text in script_text.words_in_script(data.replace(HIDDEN, "0")):
                self.found.append(Finding(self.getpos()[0] + line - 1, "<script>", text))
        elif self.inside == "style":
            for match in CSS_CONTENT.finditer(data):
                strings = re.findall(r"""["']([^"']*)["']""", match["value"])
                if any(has_words(text) for text in strings):
                    self._add("<style> content", match["value"])
        elif has_words(data):
            self._add("texte", data)

    def _add(self, where, text):
        shown = " ".join(text.replace(HIDDEN, "…").split())
        self.found.append(Finding(self.getpos()[0], where, shown[:100]))


def unmarked(source: str, kind: str = "html") -> list[Finding]:
    """Every piece of ``source`` (a template) a reader would get untranslated. ``kind``: ``html``
    (and SVG), ``text`` (e-mails, SMS) or ``script`` (a script written as a template)."""
    text, found = masked(source)
    if kind == "text":
        for number, line in enumerate(text.splitlines(), start=1):
            if has_words(line):
                found.append(Finding(number, "texte", " ".join(line.replace(HIDDEN, "…").split())))
    elif kind == "script":
        found.extend(
            Finding(line, "script", words) for line, words in script_text.words_in_script(text)
        )
    else:
        reader = _Reader()
        reader.feed(text)
        reader.close()
        found.extend(reader.found)
    return sorted(found, key=lambda finding: finding.line)
