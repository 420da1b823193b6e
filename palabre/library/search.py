"""Searching the library so that « médiation », « Mediation » and « MÉDIATION » find each other.

On PostgreSQL: full-text search in the French configuration over the texts passed through the
``unaccent`` extension (created by the library's migration), ranked so that a match in the
title comes before a match in the summary, and one in the summary before one in the tags or the
author. Elsewhere (SQLite): every word of the query, folded the same way (lower case, no
accents), must appear in the ``search_text`` column the actions fill; title matches first.
"""

import unicodedata

from django.db import connection
from django.db.models import BooleanField, Case, F, Func, Q, TextField, Value, When


def fold(text: str) -> str:
    """Lower case without accents or ligatures: « Œuvre ÉTÉ » → « oeuvre ete »."""
    text = (text or "").replace("œ", "oe").replace("Œ", "oe").replace("æ", "ae").replace("Æ", "ae")
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


def words(query: str) -> list[str]:
    return [word for word in fold(query).replace("'", " ").split() if len(word) > 1]


def fill_search_columns(resource, *, tag_names=(), author_name: str = "") -> None:
    """Sets the folded columns from the resource's texts (before it is saved)."""
    resource.search_title = fold(resource.title)[:200]
    parts = [resource.title, resource.summary, " ".join(tag_names), author_name]
    resource.search_text = fold(" ".join(p for p in parts if p))


class Unaccent(Func):
    function = "unaccent"
    output_field = TextField()


def search(queryset, query: str):
    """The resources of ``queryset`` that match ``query``, best first."""
    if not words(query):
        return queryset
    if connection.vendor == "postgresql":
        return _postgres(queryset, query)
    return _folded(queryset, query)


def _postgres(queryset, query):
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

    vector = (
        SearchVector(Unaccent(F("title")), weight="A", config="french")
        + SearchVector(Unaccent(F("summary")), weight="B", config="french")
        + SearchVector("search_text", weight="D", config="french")
    )
    terms = SearchQuery(
        Unaccent(Value(" ".join(words(query)))), config="french", search_type="websearch"
    )
    return (
        queryset.annotate(document=vector, rank=SearchRank(vector, terms))
        .filter(document=terms)
        .order_by("-rank", "title")
    )


def _folded(queryset, query):
    found = words(query)
    everywhere = Q()
    in_title = Q()
    for word in found:
        everywhere &= Q(search_text__contains=word)
        in_title &= Q(search_title__contains=word)
    return (
        queryset.filter(everywhere)
        .annotate(
            in_title=Case(When(in_title, then=True), default=False, output_field=BooleanField())
        )
        .order_by("-in_title", "title")
    )
