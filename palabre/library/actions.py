"""The verbs of the library: ``share_resource``, ``update_resource``, ``add_version`` and
``withdraw_resource``. Each runs in one transaction, writes one Journal row on the network, and
changes nothing when it refuses.

Who may call them is the views' business (``library.access``); the verbs check that the
resource is whole: a pole of its own network when it is seen by a pole only, a file for a
document and an address for a link, a file whose content is what its name says.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from palabre.core import journal, uploads
from palabre.core.actions import Refused
from palabre.library.models import LINK_KINDS, Resource, ResourceVersion, Tag, Visibility
from palabre.library.search import fill_search_columns

MAX_TAGS = 10


def _log(resource, by, verb, summary, **data):
    journal.record(
        organisation=resource.network,
        subject=resource,
        verb=verb,
        summary=summary,
        actor=by.user if by is not None else None,
        data=data,
    )


def _check_place(resource):
    if resource.visibility == Visibility.POLE:
        if resource.pole is None:
            raise Refused(_("Choisissez le pôle régional qui verra la ressource."))
        if resource.pole.network_id != resource.network_id:
            raise Refused(_("Ce pôle n'est pas celui du réseau."))
    else:
        resource.pole = None


def _check_content(kind, file, url):
    if kind in LINK_KINDS:
        if not url:
            raise Refused(_("Indiquez l'adresse de la vidéo ou de la page."))
        if file is not None:
            raise Refused(_("Une vidéo ou un lien se partage par son adresse, sans fichier."))
    else:
        if file is None:
            raise Refused(_("Déposez le fichier de la ressource."))
        if not uploads.content_matches_name(file):
            raise Refused(_("Le contenu de ce fichier ne correspond pas à son extension."))


def _tags(network, names):
    tags = {}
    for name in names:
        name = " ".join(name.split())[:60]
        slug = slugify(name)[:60]
        if slug and slug not in tags:
            tags[slug] = Tag.objects.get_or_create(
                network=network, slug=slug, defaults={"name": name}
            )[0]
    if len(tags) > MAX_TAGS:
        raise Refused(_("%(max)s mots-clés au plus.") % {"max": MAX_TAGS})
    return list(tags.values())


def _save(resource, tags):
    fill_search_columns(
        resource, tag_names=[t.name for t in tags], author_name=resource.author.name
    )
    resource.save()
    resource.tags.set(tags)


def _version(resource, by, *, number, file, url, note):
    version = ResourceVersion(
        resource=resource, number=number, url=url if resource.is_link else "", note=note
    )
    version.added_by = by.user if by is not None else None
    if file is not None:
        version.filename = file.name.rsplit("/", 1)[-1][:200]
        version.size = file.size
        version.file.save(version.filename, file, save=False)
    version.save()
    return version


@transaction.atomic
def share_resource(
    *, network, by, author=None, tags=(), file=None, url="", note="", pole=None, **fields
) -> Resource:
    """Adds a resource to the network's library, as its first version. ``author`` is the
    organisation that shares it: the network itself, or the member service of ``by``."""
    author = author or by.organisation
    resource = Resource(network=network, author=author, pole=pole, url=url, version=1, **fields)
    _check_place(resource)
    _check_content(resource.kind, file, url)
    if not resource.is_link:
        resource.url = ""
    _save(resource, _tags(network, tags))
    _version(resource, by, number=1, file=file, url=url, note=note)
    _log(resource, by, "resource_shared", _("Ressource partagée : %s") % resource.title)
    return resource


@transaction.atomic
def update_resource(*, resource: Resource, by, tags=(), pole=None, **fields) -> Resource:
    """Changes what is said of a resource; its file changes only with a new version."""
    if resource.is_withdrawn:
        raise Refused(_("Cette ressource est retirée."))
    kind = fields.get("kind", resource.kind)
    if (kind in LINK_KINDS) != resource.is_link:
        raise Refused(
            _("Un fichier ne devient pas un lien, ni l'inverse : partagez une autre ressource.")
        )
    for name, value in fields.items():
        setattr(resource, name, value)
    resource.pole = pole
    _check_place(resource)
    _save(resource, _tags(resource.network, tags))
    _log(resource, by, "resource_changed", _("Ressource modifiée : %s") % resource.title)
    return resource


@transaction.atomic
def add_version(*, resource: Resource, by, file=None, url="", note="") -> ResourceVersion:
    """A new version replaces the file (or the address); the earlier ones stay in the history."""
    resource = Resource.objects.select_for_update().get(pk=resource.pk)
    if resource.is_withdrawn:
        raise Refused(_("Cette ressource est retirée."))
    _check_content(resource.kind, file, url)
    number = resource.version + 1
    version = _version(resource, by, number=number, file=file, url=url, note=note)
    resource.version = number
    if resource.is_link:
        resource.url = url
    resource.save(update_fields=["version", "url", "updated_at"])
    _log(
        resource,
        by,
        "resource_version",
        _("Nouvelle version (%(number)s) : %(title)s")
        % {"number": number, "title": resource.title},
    )
    return version


@transaction.atomic
def withdraw_resource(*, resource: Resource, by) -> Resource:
    """Takes the resource out of the library: nobody but its authors sees it any more."""
    if resource.is_withdrawn:
        raise Refused(_("Cette ressource est déjà retirée."))
    resource.withdrawn_at = timezone.now()
    resource.save(update_fields=["withdrawn_at", "updated_at"])
    _log(resource, by, "resource_withdrawn", _("Ressource retirée : %s") % resource.title)
    return resource
