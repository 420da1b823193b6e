"""Rows to the API's dictionaries: the fields each schema names, codes with their label."""


def code(instance, field: str) -> dict | None:
    value = getattr(instance, field)
    if value in ("", None):
        return None
    return {"code": str(value), "label": str(getattr(instance, f"get_{field}_display")())}


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
