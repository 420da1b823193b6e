"""The API's tokens: a secret shown once, stored as its SHA-256 digest (docs/adr/0028).

A token acts as one membership (a person of the service, or the person answerable for an
application) with the role it had when the token was made, on a set of resources, until it
expires or is revoked. A request with a token sees exactly what that membership sees on the
pages: every endpoint goes through the apps' ``access.py``.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from palabre.core.models import BaseModel
from palabre.organisations.models import Role


class TokenKind(models.TextChoices):
    PERSONAL = "personal", _("Personnel")
    APPLICATION = "application", _("Application")


class Resource(models.TextChoices):
    """What a token may reach. A resource the role cannot read on the pages stays unreadable."""

    DIRECTORY = "directory", _("Partenaires, lieux et conventions")
    PERMANENCES = "permanences", _("Permanences, séances et créneaux libres")
    REFERRALS = "referrals", _("Orientations")
    BOOKINGS = "bookings", _("Rendez-vous")
    CASES = "cases", _("Dossiers (sans notes ni propos)")
    FIGURES = "figures", _("Chiffres d'activité")
    NETWORK = "network", _("Réseau : structures, événements, formations, observatoire")


class ApiTokenQuerySet(models.QuerySet):
    def of(self, organisation):
        return self.filter(organisation=organisation)


class ApiToken(BaseModel):
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="api_tokens"
    )
    membership = models.ForeignKey(
        "organisations.Membership",
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("agit au nom de"),
    )
    role = models.CharField(_("rôle"), max_length=20, choices=Role)
    kind = models.CharField(_("type"), max_length=12, choices=TokenKind)
    label = models.CharField(_("nom"), max_length=100)
    resources = models.JSONField(_("ressources"), default=list)
    prefix = models.CharField(_("début du jeton"), max_length=16, unique=True, editable=False)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    expires_at = models.DateTimeField(_("expire le"))
    revoked_at = models.DateTimeField(_("révoqué le"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    last_used_at = models.DateTimeField(_("dernière utilisation"), null=True, blank=True)
    last_logged_on = models.DateField(null=True, blank=True, editable=False)
    # The rate limit's fixed window: its start and the requests counted in it.
    window_start = models.DateTimeField(null=True, blank=True, editable=False)
    window_count = models.PositiveIntegerField(default=0, editable=False)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("jeton d'accès à l'API")

    def __str__(self):
        return f"{self.label} ({self.prefix}…)"

    @property
    def masked(self) -> str:
        """The token as a list shows it: its prefix, never its secret."""
        return f"plb_{self.prefix}_…"

    def is_usable(self, now) -> bool:
        return self.revoked_at is None and self.expires_at > now
