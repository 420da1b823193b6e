"""Lists answer a page: ``limit`` (1 to 100, 50 by default) items from ``offset``, with the
total ``count``. The order is fixed (a date or a name, then the id) so that pages never overlap."""

from ninja import Field, Schema

MAX_LIMIT = 100
MAX_OFFSET = 1_000_000


class PageQuery(Schema):
    limit: int = Field(50, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


def page_of(queryset, query: PageQuery, serialize, counted=None) -> dict:
    """``counted``: the same rows without what only the page needs (annotations that the count
    would otherwise compute for every row); ``queryset`` by default."""
    rows = list(queryset[query.offset : query.offset + query.limit])
    return {
        "count": (queryset if counted is None else counted).count(),
        "limit": query.limit,
        "offset": query.offset,
        "items": [serialize(row) for row in rows],
    }
