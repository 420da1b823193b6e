"""What an import keeps: the uploaded file while it is worked on, the mapping of its columns,
the answers given for unknown values, and one key per imported row so that the same file
imported twice adds nothing the second time (docs/adr/0029)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from palabre.core.models import BaseModel


class ImportKind(models.TextChoices):
    CASES = "cases", _("Dossiers de médiation")
    PARTNERS = "partners", _("Partenaires (annuaire)")
    PERMANENCES = "permanences", _("Permanences")
    TEAM = "team", _("Équipe (bénévoles et salarié·es)")


class ImportStatus(models.TextChoices):
    UPLOADED = "UPLOADED", _("Fichier déposé")
    QUEUED = "QUEUED", _("En attente")
    RUNNING = "RUNNING", _("En cours")
    DONE = "DONE", _("Importé")
    FAILED = "FAILED", _("Refusé, rien n'a été importé")


PENDING = (ImportStatus.QUEUED, ImportStatus.RUNNING)


class TenantQuerySet(models.QuerySet):
    def of(self, organisation):
        return self.filter(organisation=organisation)


def import_file_path(job, filename):
    # The stored name says nothing of the file's content: its name stays in the database.
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"imports/{job.organisation_id}/{job.pk}.{extension}"


class ImportJob(BaseModel):
    """One file on its way in. ``mapping`` maps a Palabre field to a column of the file (its
    position, as a string), ``free_columns`` says what becomes of a column left unmapped
    (« drop » or « note »), ``defaults`` gives a code to rows whose cell is empty, ``answers``
    holds the code chosen for each unknown value (field → folded value → code, or « » for
    refused). The file is deleted once imported."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("type"), max_length=20, choices=ImportKind, default=ImportKind.CASES)
    status = models.CharField(
        _("état"), max_length=10, choices=ImportStatus, default=ImportStatus.UPLOADED
    )
    file = models.FileField(_("fichier"), upload_to=import_file_path, blank=True, max_length=200)
    filename = models.CharField(_("nom du fichier"), max_length=200)
    header = models.JSONField(_("en-têtes"), default=list)
    row_count = models.PositiveIntegerField(_("lignes"), default=0)
    mapping = models.JSONField(default=dict, blank=True)
    free_columns = models.JSONField(default=dict, blank=True)
    defaults = models.JSONField(default=dict, blank=True)
    answers = models.JSONField(default=dict, blank=True)
    progress = models.PositiveSmallIntegerField(_("avancement"), default=0)
    step = models.CharField(_("étape"), max_length=120, blank=True)
    imported_count = models.PositiveIntegerField(_("lignes importées"), default=0)
    skipped_count = models.PositiveIntegerField(_("lignes déjà importées"), default=0)
    errors = models.JSONField(_("erreurs"), default=list, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_at = models.DateTimeField(_("commencé le"), null=True, blank=True)
    finished_at = models.DateTimeField(_("terminé le"), null=True, blank=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import de fichier")
        verbose_name_plural = _("imports de fichiers")

    def __str__(self):
        return self.filename

    @property
    def is_pending(self) -> bool:
        return self.status in PENDING

    @property
    def is_editable(self) -> bool:
        return self.status in (ImportStatus.UPLOADED, ImportStatus.FAILED)


class RememberedMapping(BaseModel):
    """The last mapping an organisation chose for a kind of import, by folded column header,
    and its answers to unknown values: the next file of the same shape comes pre-filled."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=ImportKind)
    columns = models.JSONField(default=dict, blank=True)  # folded header → field
    free_columns = models.JSONField(default=dict, blank=True)  # folded header → drop | note
    defaults = models.JSONField(default=dict, blank=True)
    answers = models.JSONField(default=dict, blank=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "kind"], name="import_mapping_one_per_kind"
            )
        ]

    def __str__(self):
        return self.kind


class ImportedRow(models.Model):
    """A row already imported, by its stable key: the file's own number when a column gives
    one, else a digest of the row's mapped cells. No foreign key to what it created: a case
    purged later is not brought back by importing the old file again."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=ImportKind)
    key = models.CharField(max_length=64)
    object_id = models.UUIDField()
    job = models.ForeignKey(ImportJob, null=True, on_delete=models.SET_NULL, related_name="+")

    objects = TenantQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "kind", "key"], name="imported_row_once"
            )
        ]

    def __str__(self):
        return self.key
