"""Rows to the API's dictionaries: the fields each schema names, codes with their label."""

import functools
import json

from django.http import HttpResponse
from django.utils import translation
from ninja.responses import NinjaJSONEncoder


@functools.cache
def _labels(model, field: str, language) -> dict[str, str]:
    """The labels of a field's choices in ``language``, read once per process: the choices of
    Palabre's models are code lists fixed in the code (``get_FOO_display`` would rebuild this
    dictionary, hashing every lazy label, for each value it shows)."""
    return {str(value): str(label) for value, label in model._meta.get_field(field).flatchoices}


def code(instance, field: str) -> dict | None:
    return code_of(instance._meta.concrete_model, field, getattr(instance, field))


def code_of(model, field: str, value) -> dict | None:
    """``code`` for a value read without its row (``values()``)."""
    if value in ("", None):
        return None
    key = str(value)
    labels = _labels(model, field, translation.get_language())
    return {"code": key, "label": labels.get(key, key)}


def coder(model, field: str):
    """``code_of`` for one field, its labels found once: the rows of a page share them."""
    labels = _labels(model, field, translation.get_language())

    def code(value) -> dict | None:
        if value in ("", None):
            return None
        key = str(value)
        return {"code": key, "label": labels.get(key, key)}

    return code


def choice(value, choices) -> dict | None:
    if value in ("", None):
        return None
    try:
        label = choices(value).label
    except ValueError:
        label = value
    return {"code": str(value), "label": str(label)}


def ref(instance, attribute: str = "name") -> dict | None:
    if instance is None:
        return None
    return {"id": instance.pk, "name": str(getattr(instance, attribute))}


def answer(data) -> HttpResponse:
    """``data`` sent as ninja sends a validated answer (the same JSON, the same content type),
    without the validation: for an endpoint whose dictionaries are built field by field for its
    response schema, pydantic would only rebuild each of them, wrapping every value of every item
    (a third of the time of a page of 50 cases). The schema still documents the answer; the
    tests check that the answer is exactly what the schema's validation would send
    (``test_answers``) and schemathesis checks it against the OpenAPI document (``test_schema``)."""
    return HttpResponse(
        json.dumps(data, cls=NinjaJSONEncoder), content_type="application/json; charset=utf-8"
    )
