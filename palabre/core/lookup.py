"""The one way access helpers turn an id into an object or a 404."""

from django.core.exceptions import ValidationError
from django.http import Http404


def get_or_404(queryset, object_id):
    """The object of ``queryset`` with this id; a 404 when it is missing, outside the queryset
    (not the member's) or not even a valid id — the same answer in every case."""
    try:
        return queryset.get(pk=object_id)
    except (queryset.model.DoesNotExist, ValueError, TypeError, ValidationError) as error:
        raise Http404 from error
