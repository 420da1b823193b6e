"""Finds words for a reader written in a script.

Palabre's scripts hold no text of their own: each page gives them its words, translated, through
the template (``json_script`` or ``data-*`` attributes, adr/0023). So a string literal of a
script must be code — a selector, a class list, an event or store name, a header —, never a
sentence. A literal is taken for a sentence when it has a letter outside ASCII (French accents)
or French quotation marks (« »), begins with a capital followed by a small letter (« Envoyer »),
holds a word with an apostrophe (« d'envoi ») or has several words, one ending with a full stop,
a colon, an exclamation or a question mark. Comments and regular expressions are skipped.
"""

import re

# Literals that look like words but are names the web platform gives: HTTP headers.
PLATFORM_NAMES = {"Accept", "Content-Type", "X-CSRFToken", "X-Requested-With"}
SENTENCE = re.compile(
    r"(?=[^\x00-\x7f])[^\W\d_]|[«»]|^\s*[A-Z][a-z]|[^\W\d_]'[^\W\d_]"
    r"|^(?=.*\S\s+\S).*[^\W\d_][.:!?](\s|$)"
)
# After these characters (or keywords), a slash opens a regular expression, not a division.
REGEX_BEFORE = set("(,=:[!&|?{};+-*%<>~^") | {""}
REGEX_KEYWORDS = {"return", "typeof", "case", "in", "of", "new", "delete", "void", "throw"}


def literals(source: str):
    """Yields ``(line, text)`` for each string literal of ``source`` (JavaScript); the
    ``${…}`` parts of a template literal are left out of its text."""
    i, line, size = 0, 1, len(source)
    previous = ""  # the last significant token, to tell a regular expression from a division
    while i < size:
        char = source[i]
        if char == "\n":
            line += 1
            i += 1
        elif char.isspace():
            i += 1
        elif source.startswith("//", i):
            end = source.find("\n", i)
            i = size if end == -1 else end
        elif source.startswith("/*", i):
            end = source.find("*/", i + 2)
            end = size if end == -1 else end + 2
            line += source.count("\n", i, end)
            i = end
        elif char in "'\"`":
            start_line, i, text = line, i + 1, []
            depth = 0
            while i < size and not (source[i] == char and depth == 0):
                if source[i] == "\\":
                    text.append(source[i + 1 : i + 2])
                    i += 2
                    continue
                if char == "`" and source.startswith("${", i):
                    depth += 1
                    i += 2
                    continue
                if depth and source[i] == "}":
                    depth -= 1
                elif not depth:
                    text.append(source[i])
                line += source[i] == "\n"
                i += 1
            i += 1
            previous = "string"
            yield start_line, "".join(text)
        elif char == "/" and (previous in REGEX_BEFORE or previous in REGEX_KEYWORDS):
            i += 1
            in_class = False
            while i < size and (source[i] != "/" or in_class) and source[i] != "\n":
                if source[i] == "\\":
                    i += 1
                elif source[i] == "[":
                    in_class = True
                elif source[i] == "]":
                    in_class = False
                i += 1
            i += 1
            while i < size and source[i].isalpha():
                i += 1
            previous = "regex"
        elif char.isalnum() or char in "_$":
            start = i
            while i < size and (source[i].isalnum() or source[i] in "_$"):
                i += 1
            previous = source[start:i]
        else:
            previous = char
            i += 1


def looks_like_sentence(text: str) -> bool:
    return text.strip() not in PLATFORM_NAMES and bool(SENTENCE.search(text))


def words_in_script(source: str) -> list[tuple[int, str]]:
    """``(line, literal)`` for each literal of ``source`` that reads as words for a person."""
    return [(line, text) for line, text in literals(source) if looks_like_sentence(text)]
