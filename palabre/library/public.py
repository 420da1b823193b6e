"""What the network's public pages may show of its library, without a login: its public
resources, current and not withdrawn, and only the fields meant for the public (no one who
shared it, no pole, no history). ``public_resources`` feeds those pages; ``get_public_version``
the public download, the only file served without a login."""

from dataclasses import dataclass

from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from palabre.library.models import Resource, ResourceVersion, Visibility
from palabre.library.search import search
from palabre.organisations.models import OrganisationKind


@dataclass(frozen=True)
class PublicResource:
    id: str
    title: str
    summary: str
    kind: str  # its label, in the current language
    audience: str
    licence: str
    version: int
    author: str  # the organisation that shares it
    tags: tuple[str, ...]
    updated_on: object  # a date
    url: str  # a link's address, or the public download of the file

    @property
    def is_link(self) -> bool:
        return not self.url.startswith("/")


def _public(network):
    if network is None or network.kind != OrganisationKind.NETWORK:
        return Resource.objects.none()
    return Resource.objects.of(network).current().filter(visibility=Visibility.PUBLIC)


def public_resources(network, *, query=None, limit=None) -> list[PublicResource]:
    """The network's public resources (best matches of ``query`` first, else by title)."""
    resources = search(_public(network), query or "").select_related("author")
    resources = resources.prefetch_related("tags")
    if limit is not None:
        resources = resources[:limit]
    return [_shown(resource) for resource in resources]


def _shown(resource) -> PublicResource:
    url = (
        resource.url if resource.is_link else reverse("library:public_download", args=[resource.pk])
    )
    return PublicResource(
        id=str(resource.pk),
        title=resource.title,
        summary=resource.summary,
        kind=str(resource.get_kind_display()),
        audience=str(resource.get_audience_display()),
        licence=str(resource.get_licence_display()),
        version=resource.version,
        author=resource.author.name,
        tags=tuple(tag.name for tag in resource.tags.all()),
        updated_on=timezone.localdate(resource.updated_at),
        url=url,
    )


def get_public_version(resource_id) -> ResourceVersion:
    """The current version of a public resource of a network; 404 for anything else."""
    resources = Resource.objects.current().filter(
        visibility=Visibility.PUBLIC, network__kind=OrganisationKind.NETWORK
    )
    try:
        resource = resources.get(pk=resource_id)
        return resource.versions.get(number=resource.version)
    except (Resource.DoesNotExist, ResourceVersion.DoesNotExist, ValueError) as error:
        raise Http404 from error
