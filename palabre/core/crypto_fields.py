"""``EncryptedTextField``: free text that can hold a statement, sealed at rest (docs/adr/0014).

The value is sealed in ``pre_save``, where the instance gives the service and the row the
ciphertext is bound to, and opened on first access to the attribute (``EncryptedAttribute``)
for the same reason: ``from_db_value`` has no instance, so it only marks what the database
returned (``crypto.Sealed``). A row never accessed is never decrypted (a list that does not
show the text pays nothing).

What it refuses, so that no plaintext reaches the database by another path:
``QuerySet.update()``, ``bulk_update()`` or a raw save with text (only ``""``, ``None`` or
values already sealed go through), and any lookup but ``exact`` and ``isnull`` — content
cannot be searched (``icontains`` on a sealed column would silently find nothing).
``values()``/``values_list()`` return ``Sealed`` values, which refuse to become text.

Values without the ``pal1:`` prefix (written before the field was sealed) read as they are,
until ``manage.py rotate_data_keys`` seals them. Empty stays empty: it is not a statement.
"""

from django.core import checks, validators
from django.db import models
from django.db.models.query_utils import DeferredAttribute
from django.utils.functional import Promise

from palabre.core import crypto

ALLOWED_LOOKUPS = {"exact", "isnull"}


class PlaintextRefused(ValueError):
    pass


class EncryptedAttribute(DeferredAttribute):
    """A data descriptor (``__set__``) so that every read passes here and opens the value."""

    def __get__(self, instance, cls=None):
        if instance is None:
            return self
        value = super().__get__(instance, cls)
        if isinstance(value, crypto.Sealed):
            value = crypto.open_token(value.token, self.field.binding(instance))
            instance.__dict__[self.field.attname] = value
        return value

    def __set__(self, instance, value):
        instance.__dict__[self.field.attname] = value


class EncryptedTextField(models.TextField):
    """A ``TextField`` sealed at rest. Its model must reach its service by ``organisation``
    (a foreign key; another name with ``organisation_field``)."""

    description = "Text encrypted at rest"
    descriptor_class = EncryptedAttribute

    def __init__(self, *args, organisation_field="organisation", **kwargs):
        self.organisation_field = organisation_field
        super().__init__(*args, **kwargs)
        if self.max_length is not None:  # the column is text: the length is checked in Python
            self.validators.append(validators.MaxLengthValidator(self.max_length))

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.organisation_field != "organisation":
            kwargs["organisation_field"] = self.organisation_field
        return name, path, args, kwargs

    @property
    def label(self) -> str:
        return f"{self.model._meta.label_lower}.{self.name}"

    def binding(self, instance) -> crypto.Binding:
        organisation_id = getattr(instance, f"{self.organisation_field}_id")
        return crypto.Binding.of(self.label, organisation_id, instance.pk)

    def from_db_value(self, value, expression, connection):
        return crypto.Sealed(value) if crypto.is_token(value) else value

    def pre_save(self, model_instance, add):
        value = getattr(model_instance, self.attname)
        if value is None or value == "":
            return value
        return crypto.seal(str(value), self.binding(model_instance))

    def get_prep_value(self, value):
        if isinstance(value, Promise):
            value = str(value)
        if isinstance(value, crypto.Sealed):
            return value.token
        if value is None or value == "" or crypto.is_token(value):
            return value
        raise PlaintextRefused(
            f"{self.label} is encrypted at rest: save it through a model instance (not "
            "update(), bulk_update() or a raw save), and do not search it by content."
        )

    def get_lookup(self, lookup_name):
        if lookup_name not in ALLOWED_LOOKUPS:
            return None
        return super().get_lookup(lookup_name)

    def get_transform(self, lookup_name):
        return None

    def check(self, **kwargs):
        errors = super().check(**kwargs)
        try:
            target = self.model._meta.get_field(self.organisation_field)
        except Exception:
            target = None
        if not isinstance(target, models.ForeignKey):
            errors.append(
                checks.Error(
                    f"{self.label}: an encrypted field needs a foreign key "
                    f"'{self.organisation_field}' to the service its key belongs to.",
                    obj=self,
                    id="core.E010",
                )
            )
        return errors


def encrypted_fields():
    """(model, field) for every encrypted field of the installed models."""
    from django.apps import apps

    for model in apps.get_models():
        for field in model._meta.local_concrete_fields:
            if isinstance(field, EncryptedTextField):
                yield model, field
