"""What the reports app keeps: the files it generated in the background."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from palabre.core.models import BaseModel

# --- Report runs: a report built in the background, computed once -------------------------------


class RunStatus(models.TextChoices):
    QUEUED = "QUEUED", _("En attente")
    RUNNING = "RUNNING", _("En cours")
    DONE = "DONE", _("Prêt")
    FAILED = "FAILED", _("Échec")


class RunFormat(models.TextChoices):
    PDF = "pdf", _("PDF")
    ODS = "ods", _("Tableur ODS")
    XLSX = "xlsx", _("Tableur XLSX")
    CSV = "csv", _("CSV")


PENDING = (RunStatus.QUEUED, RunStatus.RUNNING)


class ReportRunQuerySet(models.QuerySet):
    def of(self, organisation):
        return self.filter(organisation=organisation)

    def live(self):
        """Runs that count for "computed once": every run but the failed ones."""
        return self.exclude(status=RunStatus.FAILED)

    def expired(self, now=None):
        return self.filter(expires_at__lte=now or timezone.now())


def run_file_path(run, filename):
    # The stored name says nothing of the report: its title and period stay in the database.
    extension = filename.rsplit(".", 1)[-1] if "." in filename else run.format
    return f"reports/{run.organisation_id}/{run.pk}.{extension}"


class ReportRun(BaseModel):
    """One report generation: what was asked (``kind``, ``params``, ``format``), how far it got,
    and the file once done.

    ``key`` digests the kind, the normalised parameters and the builder's version: two requests
    with the same key and format share one run (the conditional unique constraint), so the same
    report asked twice is computed once. A failed run does not count, so asking again retries.
    The file lives under ``MEDIA_ROOT/reports/`` and is only ever served by the access-checked
    download view, until ``expires_at``."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("type de bilan"), max_length=40)
    params = models.JSONField(_("paramètres"), default=dict)
    key = models.CharField(max_length=64, editable=False)
    format = models.CharField(_("format"), max_length=4, choices=RunFormat)
    status = models.CharField(_("état"), max_length=10, choices=RunStatus, default=RunStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(_("avancement"), default=0)
    step = models.CharField(_("étape"), max_length=120, blank=True)
    file = models.FileField(_("fichier"), upload_to=run_file_path, blank=True, max_length=200)
    filename = models.CharField(_("nom du fichier"), max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_at = models.DateTimeField(_("commencé le"), null=True, blank=True)
    finished_at = models.DateTimeField(_("terminé le"), null=True, blank=True)
    expires_at = models.DateTimeField(_("disponible jusqu'au"), null=True, blank=True)
    error = models.CharField(_("erreur"), max_length=300, blank=True)

    objects = ReportRunQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("génération de bilan")
        verbose_name_plural = _("générations de bilans")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "key", "format"],
                condition=~Q(status="FAILED"),
                name="report_run_computed_once",
            )
        ]

    def __str__(self):
        return f"{self.kind} ({self.format}, {self.status})"

    @property
    def is_pending(self) -> bool:
        return self.status in PENDING

    def is_expired(self, now=None) -> bool:
        return self.expires_at is not None and self.expires_at <= (now or timezone.now())


# --- Narratives: the words a funder report opens with -------------------------------------------

NARRATIVE_MAX_LENGTH = 4000


class NarrativeQuerySet(models.QuerySet):
    def of(self, organisation):
        return self.filter(organisation=organisation)


class Narrative(BaseModel):
    """The commentary the coordination writes for a convention's report of one year: plain text,
    written by the service about its own work (never copied from a case), printed at the head of
    the PDF the funder receives."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    convention = models.ForeignKey(
        "partners.Convention", on_delete=models.CASCADE, related_name="narratives"
    )
    year = models.PositiveSmallIntegerField(_("année"))
    text = models.TextField(_("commentaire"), max_length=NARRATIVE_MAX_LENGTH, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = NarrativeQuerySet.as_manager()

    class Meta:
        ordering = ["convention", "-year"]
        verbose_name = _("commentaire de bilan")
        verbose_name_plural = _("commentaires de bilans")
        constraints = [
            models.UniqueConstraint(
                fields=["convention", "year"], name="one_narrative_per_convention_and_year"
            )
        ]

    def __str__(self):
        return f"{self.convention} ({self.year})"
