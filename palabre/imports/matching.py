"""Tolerant matching of what people type in their spreadsheets: headers to Palabre's fields,
cells to the code lists. Both sides are folded the same way (accents, case, spacing,
punctuation), then compared with each code, its French label, the parts of that label
(« Mitoyenneté / limites » → « mitoyennete », « limites ») and the trade's synonyms."""

import re

from palabre.core.text import normalise

PUNCTUATION = re.compile(r"[^\w']+")


def fold(value) -> str:
    """« Mitoyenneté  / Limites » → « mitoyennete limites »; « N°_dossier » → « n dossier »."""
    text = normalise(str(value or "")).replace("'", " ").replace("_", " ")
    return " ".join(PUNCTUATION.sub(" ", text).split())


def _label_parts(label: str) -> set[str]:
    parts = {fold(label)}
    for separator in ("/", "—", "–", "(", ")", ",", " ou "):
        label = label.replace(separator, "|")
    parts |= {fold(part) for part in label.split("|")}
    return {part for part in parts if part}


def vocabulary(choices, synonyms: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """Folded text → code, for a ``TextChoices`` list and its synonyms (code → words). A text
    that two codes could claim (a label part shared by two codes) is left out: it is asked."""
    claims: dict[str, set[str]] = {}
    for code, label in choices.choices:
        code = str(code)  # a weekday's code is a number: kept as text, like every answer
        for text in {fold(code), *_label_parts(str(label))}:
            claims.setdefault(text, set()).add(code)
    words = {text: codes.pop() for text, codes in claims.items() if len(codes) == 1}
    for code, texts in synonyms.items():
        for text in texts:
            words[fold(text)] = code
    return words


def match(words: dict[str, str], value) -> str | None:
    """The code for ``value``, or None when nothing matches without doubt."""
    return words.get(fold(value))


def guess_columns(header: list[str], fields, remembered: dict[str, str]) -> dict[str, str]:
    """Field → column position (as a string) for the headers that name a field without doubt:
    first the organisation's remembered choices, then each field's known headers."""
    mapping, taken = {}, set()
    known = {field.key for field in fields}
    for position, title in enumerate(header):
        key = remembered.get(fold(title))
        if key in known and key not in mapping:
            mapping[key], _ = str(position), taken.add(position)
    for field in fields:
        if field.key in mapping:
            continue
        names = {fold(field.label), *(fold(name) for name in field.headers)}
        for position, title in enumerate(header):
            if position not in taken and fold(title) in names:
                mapping[field.key] = str(position)
                taken.add(position)
                break
    return mapping
