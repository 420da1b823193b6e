"""The data keys of each service (``DataKey``), stored wrapped by a key-encryption key.

A service has one **active** key (``superseded_at`` empty), which seals every new value. A
rotation (``manage.py rotate_data_keys``) supersedes it with the next version; values sealed by
the superseded key still open while they are resealed; once none is left, the key is
**retired**: its wrapped material is erased and only its record stays (version, dates, KEK).
See ``palabre.core.crypto`` and docs/adr/0014.
"""

import uuid

from django.db import models
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DataKeyQuerySet(models.QuerySet):
    def active(self):
        return self.filter(superseded_at__isnull=True)

    def superseded(self):
        """Replaced by a newer version, still opening values not yet resealed."""
        return self.filter(superseded_at__isnull=False, retired_at__isnull=True)

    def live(self):
        """Keys whose material is kept: the active one and the superseded ones."""
        return self.filter(retired_at__isnull=True)

    def next_version(self, organisation_id) -> int:
        latest = self.filter(organisation_id=organisation_id).aggregate(v=Max("version"))["v"]
        return (latest or 0) + 1


class DataKey(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    version = models.PositiveIntegerField(_("version"))
    # base64(nonce ‖ AES-GCM(KEK, key)); emptied when the key is retired.
    wrapped_key = models.TextField(blank=True, editable=False)
    kek_id = models.CharField(_("clé maîtresse"), max_length=40, blank=True)
    created_at = models.DateTimeField(_("créée le"), default=timezone.now)
    superseded_at = models.DateTimeField(_("remplacée le"), null=True, blank=True)
    retired_at = models.DateTimeField(_("retirée le"), null=True, blank=True)

    objects = DataKeyQuerySet.as_manager()

    class Meta:
        ordering = ["organisation", "version"]
        verbose_name = _("clé de données")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "version"], name="data_key_version_unique"
            ),
            models.UniqueConstraint(
                fields=["organisation"],
                condition=Q(superseded_at__isnull=True),
                name="one_active_data_key_per_organisation",
            ),
            models.CheckConstraint(
                condition=Q(retired_at__isnull=True) | Q(superseded_at__isnull=False),
                name="data_key_retired_after_superseded",
            ),
        ]

    def __str__(self):
        return f"v{self.version} ({self.pk.hex[:8]})"

    @property
    def state(self) -> str:
        if self.retired_at:
            return "retirée"
        return "remplacée" if self.superseded_at else "active"
