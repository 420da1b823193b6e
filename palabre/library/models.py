"""The network's resource library: documents, practice sheets, templates, studies and links
shared by the network's staff and by its member services, each with its versions, its tags and
who may see it (the public, the network's members, or one regional pole)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from palabre.core.models import BaseModel

__all__ = [
    "Audience",
    "Licence",
    "Resource",
    "ResourceKind",
    "ResourceVersion",
    "Tag",
    "Visibility",
]


class ResourceKind(models.TextChoices):
    DOCUMENT = "DOCUMENT", _("Document")
    PRACTICE_SHEET = "PRACTICE_SHEET", _("Fiche pratique")
    TEMPLATE = "TEMPLATE", _("Modèle")
    STUDY = "STUDY", _("Étude")
    VIDEO = "VIDEO", _("Vidéo")
    LINK = "LINK", _("Lien web")


# A video or a web page is shared by its address; every other kind by a file.
LINK_KINDS = {ResourceKind.VIDEO, ResourceKind.LINK}


class Audience(models.TextChoices):
    MEDIATORS = "MEDIATORS", _("Médiateurs et médiatrices")
    COORDINATORS = "COORDINATORS", _("Coordination")
    DIRECTORS = "DIRECTORS", _("Direction")
    PARTNERS = "PARTNERS", _("Partenaires")
    PUBLIC = "PUBLIC", _("Grand public")


class Licence(models.TextChoices):
    ALL_RIGHTS_RESERVED = "ALL_RIGHTS_RESERVED", _("Tous droits réservés")
    CC_BY = "CC_BY", _("CC BY")
    CC_BY_SA = "CC_BY_SA", _("CC BY-SA")
    CC_BY_NC = "CC_BY_NC", _("CC BY-NC")
    ETALAB_2 = "ETALAB_2", _("Licence Ouverte / Etalab 2.0")
    OTHER = "OTHER", _("Autre licence")


class Visibility(models.TextChoices):
    PUBLIC = "PUBLIC", _("Public")
    MEMBERS = "MEMBERS", _("Membres du réseau")
    POLE = "POLE", _("Un pôle régional")


class TenantQuerySet(models.QuerySet):
    def of(self, network):
        return self.filter(network=network)


class Tag(BaseModel):
    """A keyword of the network's library, shared by its resources."""

    network = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    name = models.CharField(_("mot-clé"), max_length=60)
    slug = models.SlugField(max_length=60)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("mot-clé")
        constraints = [models.UniqueConstraint(fields=["network", "slug"], name="library_tag_once")]

    def __str__(self):
        return self.name


class ResourceQuerySet(TenantQuerySet):
    def current(self):
        return self.filter(withdrawn_at__isnull=True)


class Resource(BaseModel):
    """A resource of the network's library. Its file (or address) is that of its last version;
    files live under ``MEDIA_ROOT/library/`` and are only served by access-checked views."""

    network = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="library_resources"
    )
    author = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("structure autrice"),
        # Deleted with the network (its resources go too), never alone under them.
        on_delete=models.RESTRICT,
        related_name="+",
    )
    kind = models.CharField(_("type"), max_length=20, choices=ResourceKind)
    title = models.CharField(_("titre"), max_length=200)
    summary = models.TextField(_("résumé"), max_length=2000)
    audience = models.CharField(_("public visé"), max_length=20, choices=Audience)
    licence = models.CharField(_("licence"), max_length=30, choices=Licence)
    visibility = models.CharField(_("visible par"), max_length=10, choices=Visibility)
    pole = models.ForeignKey(
        "network.Pole",
        verbose_name=_("pôle régional"),
        null=True,
        blank=True,
        on_delete=models.RESTRICT,
        related_name="+",
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="resources")
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    url = models.URLField(_("adresse"), max_length=500, blank=True)
    withdrawn_at = models.DateTimeField(_("retirée le"), null=True, blank=True)
    # Written by the actions: the title, and the rest of what a search reads (summary, tags,
    # author), in lower case without accents, for databases without full-text search.
    search_title = models.CharField(max_length=200, blank=True, editable=False)
    search_text = models.TextField(blank=True, editable=False)

    objects = ResourceQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        verbose_name = _("ressource partagée")
        constraints = [
            models.CheckConstraint(
                condition=Q(visibility="POLE", pole__isnull=False)
                | (~Q(visibility="POLE") & Q(pole__isnull=True)),
                name="library_resource_pole_only_when_pole_visibility",
            )
        ]

    def __str__(self):
        return self.title

    @property
    def is_link(self) -> bool:
        return self.kind in LINK_KINDS

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None


def version_path(version, filename):
    return f"library/{version.resource.network_id}/{version.resource_id}/{version.id}/{filename}"


class ResourceVersion(BaseModel):
    """One version of a resource: its file (or its address) and what changed."""

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    file = models.FileField(_("fichier"), upload_to=version_path, max_length=300, blank=True)
    filename = models.CharField(_("nom du fichier"), max_length=200, blank=True)
    size = models.PositiveIntegerField(_("taille (octets)"), default=0)
    url = models.URLField(_("adresse"), max_length=500, blank=True)
    note = models.CharField(_("ce qui change"), max_length=300, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-number"]
        verbose_name = _("version d'une ressource")
        constraints = [
            models.UniqueConstraint(fields=["resource", "number"], name="library_version_once")
        ]

    def __str__(self):
        return f"{self.resource} v{self.number}"
