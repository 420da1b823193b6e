"""The library's pages: the list with its search and filters, a resource's page with its
versions, sharing, editing, a new version, withdrawal, and the downloads (never from
MEDIA_URL: each one asks ``library.access`` first)."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from palabre.core.actions import act_on
from palabre.library import access, actions, public
from palabre.library.forms import ResourceForm, SearchForm, VersionForm
from palabre.library.models import LINK_KINDS
from palabre.library.search import search
from palabre.organisations.access import require
from palabre.organisations.models import Organisation

PER_PAGE = 25


def _posted(request):
    return request.POST if request.method == "POST" else None


def _list_crumb():
    return (_("Ressources"), reverse("library:list"))


def _filtered(resources, data):
    if data.get("type"):
        resources = resources.filter(kind=data["type"])
    if data.get("public"):
        resources = resources.filter(audience=data["public"])
    if data.get("tag"):
        resources = resources.filter(tags__slug=data["tag"])
    return search(resources, data.get("q", ""))


def resource_list(request):
    membership = request.membership
    require(access.can_read(membership))
    resources = access.resources_for(membership).prefetch_related("tags")
    tags = {tag.slug: tag for tag in access.tags_for(membership)}.values()
    form = SearchForm(request.GET or None, tags=tags)
    data = form.cleaned_data if form.is_valid() else {}
    found = _filtered(resources, data)
    page = Paginator(found, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page_obj": page,
        "searching": any(data.values()),
        "can_share": access.can_share(membership),
    }
    return render(request, "library/resource_list.html", context)


def resource_detail(request, resource_id):
    membership = request.membership
    resource = access.get_resource_for(membership, resource_id)
    context = {
        "resource": resource,
        "tags": resource.tags.all(),
        "versions": resource.versions.select_related("added_by"),
        "can_edit": access.can_edit(membership, resource),
        "crumbs": [_list_crumb()],
    }
    return render(request, "library/resource_detail.html", context)


def _form_page(request, *, form, title, submit, cancel_url, crumbs, intro=""):
    context = {
        "form": form,
        "title": title,
        "submit": submit,
        "cancel_url": cancel_url,
        "crumbs": crumbs,
        "intro": intro,
    }
    return render(request, "library/resource_form.html", context)


def resource_create(request):
    membership = request.membership
    require(access.can_share(membership))
    networks = access.networks_to_share_in(membership)
    form = ResourceForm(_posted(request), request.FILES or None, networks=networks)
    done, resource = act_on(request, form, partial(actions.share_resource, by=membership))
    if done:
        messages.success(request, _("La ressource est partagée."))
        return redirect("library:detail", resource.pk)
    return _form_page(
        request,
        form=form,
        title=_("Partager une ressource"),
        submit=_("Partager"),
        cancel_url=reverse("library:list"),
        crumbs=[_list_crumb()],
        intro=_(
            "Un document, une fiche pratique, un modèle ou une étude se partage par son "
            "fichier ; une vidéo ou un lien web, par son adresse."
        ),
    )


def _detail_crumbs(resource):
    return [_list_crumb(), (resource.title, reverse("library:detail", args=[resource.pk]))]


def resource_edit(request, resource_id):
    membership = request.membership
    resource = access.get_editable_for(membership, resource_id)
    require(not resource.is_withdrawn)
    initial = {
        "kind": resource.kind,
        "title": resource.title,
        "summary": resource.summary,
        "audience": resource.audience,
        "licence": resource.licence,
        "visibility": resource.visibility,
        "pole": resource.pole_id,
        "tags": ", ".join(tag.name for tag in resource.tags.all()),
    }
    networks = Organisation.objects.filter(pk=resource.network_id)
    form = ResourceForm(_posted(request), initial=initial, networks=networks, new=False)
    kinds = [c for c in form.fields["kind"].choices if (c[0] in LINK_KINDS) == resource.is_link]
    form.fields["kind"].choices = kinds
    done, _resource = act_on(
        request, form, partial(actions.update_resource, resource=resource, by=membership)
    )
    if done:
        messages.success(request, _("La ressource est enregistrée."))
        return redirect("library:detail", resource.pk)
    return _form_page(
        request,
        form=form,
        title=_("Modifier la ressource"),
        submit=_("Enregistrer"),
        cancel_url=reverse("library:detail", args=[resource.pk]),
        crumbs=_detail_crumbs(resource),
    )


def resource_version(request, resource_id):
    membership = request.membership
    resource = access.get_editable_for(membership, resource_id)
    require(not resource.is_withdrawn)
    form = VersionForm(_posted(request), request.FILES or None, resource=resource)
    done, version = act_on(
        request, form, partial(actions.add_version, resource=resource, by=membership)
    )
    if done:
        messages.success(
            request, _("La version %(number)s est en ligne.") % {"number": version.number}
        )
        return redirect("library:detail", resource.pk)
    return _form_page(
        request,
        form=form,
        title=_("Nouvelle version"),
        submit=_("Mettre en ligne"),
        cancel_url=reverse("library:detail", args=[resource.pk]),
        crumbs=_detail_crumbs(resource),
        intro=_("La nouvelle version remplace la version %(number)s, qui reste dans l'historique.")
        % {"number": resource.version},
    )


@require_POST
def resource_withdraw(request, resource_id):
    membership = request.membership
    resource = access.get_editable_for(membership, resource_id)
    if resource.is_withdrawn:
        messages.info(request, _("Cette ressource est déjà retirée."))
    else:
        actions.withdraw_resource(resource=resource, by=membership)
        messages.success(request, _("La ressource est retirée de la bibliothèque."))
    return redirect("library:detail", resource.pk)


def _file_response(version):
    if not version.file:
        raise Http404
    try:
        content = version.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    return FileResponse(content, as_attachment=True, filename=version.filename)


@never_cache
def download(request, resource_id):
    resource = access.get_resource_for(request.membership, resource_id)
    return _file_response(access.get_version_for(request.membership, resource.pk, resource.version))


@never_cache
def download_version(request, resource_id, number):
    return _file_response(access.get_version_for(request.membership, resource_id, number))


@login_not_required
def public_download(request, resource_id):
    """A public resource's current file, for anyone: nothing else answers here."""
    return _file_response(public.get_public_version(resource_id))
