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


# --- Observatory: a service's consent, the keys that sign pushes, the figures received ---------


class SharingConsentQuerySet(models.QuerySet):
    def active(self):
        return self.filter(withdrawn_at__isnull=True)

    def of(self, organisation):
        return self.filter(organisation=organisation)

    def to(self, network):
        return self.filter(network=network)


class SharingConsent(BaseModel):
    """A service of this instance shares its yearly aggregates with one of its networks, from
    ``given_at`` until ``withdrawn_at``. A new consent after a withdrawal is a new row: the
    history stays. While a consent is active, the network's observatory computes the service's
    figures itself at each display (``observatory.local_entries``); once withdrawn, the next
    computation leaves them out."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    network = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    given_at = models.DateTimeField(_("partage accepté le"))
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    withdrawn_at = models.DateTimeField(_("partage retiré le"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = SharingConsentQuerySet.as_manager()

    class Meta:
        ordering = ["-given_at"]
        verbose_name = _("accord de partage des chiffres")
        verbose_name_plural = _("accords de partage des chiffres")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "network"],
                condition=Q(withdrawn_at__isnull=True),
                name="one_active_sharing_consent_per_network",
            )
        ]

    def __str__(self):
        return f"{self.organisation} → {self.network}"


class PushKeyQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)

    def of(self, network):
        return self.filter(network=network)


class PushKey(BaseModel):
    """The shared secret a member on another Palabre instance signs its documents with
    (HMAC-SHA256, see ADR 0009). The network generates it and gives it to the member once; the
    receiver needs the secret itself to check a signature, so it is kept as is and never shown
    again. A revoked key signs nothing any more; the figures it brought stay until the member
    withdraws them."""

    network = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    member = models.ForeignKey("network.Member", on_delete=models.CASCADE, related_name="push_keys")
    key_id = models.CharField(_("identifiant de clé"), max_length=40, unique=True)
    secret = models.CharField(max_length=100, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(_("révoquée le"), null=True, blank=True)

    objects = PushKeyQuerySet.as_manager()

    class Meta:
        ordering = ["member__name", "-created_at"]
        verbose_name = _("clé d'envoi des chiffres")
        verbose_name_plural = _("clés d'envoi des chiffres")

    def __str__(self):
        return self.key_id


class ReceivedDocument(BaseModel):
    """Every document accepted from another instance, kept by its id so that the same document
    sent twice is refused (replay), even after newer figures replaced its own."""

    class Kind(models.TextChoices):
        FIGURES = "figures", _("Chiffres d'une année")
        WITHDRAWAL = "withdrawal", _("Retrait du partage")

    network = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    member = models.ForeignKey("network.Member", on_delete=models.CASCADE, related_name="+")
    key = models.ForeignKey(PushKey, null=True, on_delete=models.SET_NULL, related_name="+")
    document_id = models.UUIDField(_("identifiant du document"), unique=True)
    kind = models.CharField(_("nature"), max_length=12, choices=Kind)
    sent_at = models.DateTimeField(_("envoyé le"))
    received_at = models.DateTimeField(_("reçu le"), default=timezone.now)

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("document reçu par l'observatoire")
        verbose_name_plural = _("documents reçus par l'observatoire")


class SharedFiguresQuerySet(models.QuerySet):
    def of(self, network):
        return self.filter(network=network)

    def for_year(self, year: int):
        return self.filter(year=year)


class SharedFigures(BaseModel):
    """One member's figures of one year, as its last accepted document gave them (the
    ``figures`` object of the schema in ``docs/observatory-schema.md``). Only aggregates: the
    schema has no place for a name, a note or a case. Services of this instance are not stored
    here: their figures are computed at each display while their consent lasts."""

    network = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    member = models.ForeignKey(
        "network.Member", on_delete=models.CASCADE, related_name="shared_figures"
    )
    year = models.PositiveSmallIntegerField(_("année"))
    payload = models.JSONField(_("chiffres"))
    document = models.ForeignKey(ReceivedDocument, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(_("envoyé le"))
    received_at = models.DateTimeField(_("reçu le"))

    objects = SharedFiguresQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "member__name"]
        verbose_name = _("chiffres partagés")
        verbose_name_plural = _("chiffres partagés")
        constraints = [
            models.UniqueConstraint(fields=["member", "year"], name="shared_figures_once_a_year")
        ]

    def __str__(self):
        return f"{self.member} ({self.year})"
