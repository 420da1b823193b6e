"""Text folding for search: French names compared without accents or case."""

import unicodedata

from django.db.models import Q


def normalise(value: str) -> str:
    """Lower-case, strip accents and collapse spaces: « Éloïse  LE GALL » → « eloise le gall »."""
    decomposed = unicodedata.normalize("NFKD", value or "")
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(stripped.casefold().replace("’", "'").split())


def every_word_in(field: str, text: str) -> Q:
    """A filter keeping rows whose folded ``field`` contains every word of ``text``, folded the
    same way (the search columns hold ``normalise``d text). Empty text filters nothing."""
    query = Q()
    for word in normalise(text).split():
        query &= Q(**{f"{field}__contains": word})
    return query
