"""Text folding for search: French names compared without accents or case."""

import unicodedata


def normalise(value: str) -> str:
    """Lower-case, strip accents and collapse spaces: « Éloïse  LE GALL » → « eloise le gall »."""
    decomposed = unicodedata.normalize("NFKD", value or "")
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(stripped.casefold().replace("’", "'").split())
