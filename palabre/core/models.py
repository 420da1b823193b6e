"""Shared model foundations: the base model, territory, and the append-only Journal."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from palabre.core.text import normalise

# {(field, language): {code: label}}: what ``get_FOO_display`` answers, built once.
_DISPLAY_LABELS: dict = {}


def _display_labels(field, language) -> dict:
    key = (field, language)
    if key not in _DISPLAY_LABELS:
        _DISPLAY_LABELS[key] = {
            make_hashable(value): force_str(label, strings_only=True)
            for value, label in field.flatchoices
        }
    return _DISPLAY_LABELS[key]


class BaseModel(models.Model):
    """UUID public identifiers (sequential ids would reveal a service's volume) and timestamps."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        abstract = True

    def _get_FIELD_display(self, field):
        """Django's ``get_FOO_display``, the field's labels translated once per language: Django
        rebuilds the whole dictionary of choices at each call, translating every label (a list
        of cases asks for four codes a row)."""
        value = getattr(self, field.attname)
        labels = _display_labels(field, get_language())
        return force_str(labels.get(make_hashable(value), value), strings_only=True)


class CommuneQuerySet(models.QuerySet):
    def of(self, organisation):
        return self.filter(organisation=organisation)


class Commune(BaseModel):
    """A commune covered by an organisation (INSEE code, as in the official geography)."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="communes"
    )
    insee_code = models.CharField(_("code INSEE"), max_length=5)
    name = models.CharField(_("nom"), max_length=120)
    postal_codes = models.CharField(_("codes postaux"), max_length=60, blank=True)

    objects = CommuneQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("commune")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "insee_code"], name="commune_unique_per_organisation"
            )
        ]

    def __str__(self):
        return self.name


class Quartier(BaseModel):
    """A neighbourhood of a commune; ``is_qpv`` marks a priority neighbourhood (QPV)."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="quartiers"
    )
    commune = models.ForeignKey(Commune, on_delete=models.CASCADE, related_name="quartiers")
    number = models.PositiveSmallIntegerField(_("numéro"), null=True, blank=True)
    name = models.CharField(_("nom"), max_length=120)
    is_qpv = models.BooleanField(_("quartier prioritaire (QPV)"), default=False)

    class Meta:
        ordering = ["commune__name", "number", "name"]
        verbose_name = _("quartier")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "commune", "name"], name="quartier_unique_per_commune"
            )
        ]

    def __str__(self):
        return self.name


class JournalEntry(models.Model):
    """One line of an append-only history: who did what to which subject, never what was said.

    ``summary`` is written by the action that changed state and must stay content-free (no
    statement, no note): the Journal is shown to every member who can see the subject.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    subject_kind = models.CharField(max_length=40)
    subject_id = models.UUIDField(db_index=True)
    verb = models.CharField(max_length=60)
    summary = models.CharField(max_length=300)
    data = models.JSONField(default=dict, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    occurred_at = models.DateTimeField(db_index=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-occurred_at", "-recorded_at"]
        verbose_name = _("entrée du journal")
        verbose_name_plural = _("journal")
        indexes = [models.Index(fields=["organisation", "subject_kind", "subject_id"])]

    def __str__(self):
        return self.summary

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("Journal entries are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Journal entries are append-only.")


from palabre.core.keys import DataKey  # noqa: E402

__all__ = ["BaseModel", "Commune", "DataKey", "JournalEntry", "Quartier", "normalise"]
