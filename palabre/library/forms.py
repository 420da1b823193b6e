"""Forms of the library: a resource (shared or edited), a new version, and the list's search and
filters. The file checks are the network's shared documents' (extension, size, content)."""

from pathlib import PurePath

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from palabre.core import uploads
from palabre.core.forms import StyledForm
from palabre.library.models import Audience, Licence, ResourceKind, Visibility
from palabre.network.forms.events import DOCUMENT_EXTENSIONS, MAX_DOCUMENT_BYTES
from palabre.network.models import Pole


def check_file(upload):
    """The upload checks of the whole project: a known extension, a size, content that matches."""
    if upload is None:
        return None
    suffix = PurePath(upload.name).suffix.lower()
    if suffix not in DOCUMENT_EXTENSIONS:
        raise forms.ValidationError(
            _(
                "Ce type de fichier n'est pas accepté : déposez un PDF, un document "
                "bureautique, un texte ou une image."
            )
        )
    if upload.size == 0:
        raise forms.ValidationError(_("Le fichier est vide."))
    if upload.size > MAX_DOCUMENT_BYTES:
        raise forms.ValidationError(
            _("Le fichier pèse %(size)s : %(max)s au plus.")
            % {"size": filesizeformat(upload.size), "max": filesizeformat(MAX_DOCUMENT_BYTES)}
        )
    if not uploads.content_matches_name(upload):
        raise forms.ValidationError(
            _(
                "Le contenu de ce fichier ne correspond pas à son extension "
                "(%(suffix)s) : déposez le document d'origine."
            )
            % {"suffix": suffix}
        )
    return upload


def file_field():
    return forms.FileField(
        label=_("Fichier"),
        required=False,
        help_text=_(
            "Pour un document, une fiche, un modèle ou une étude : PDF, bureautique, texte ou "
            "image ; %(size)s au plus."
        )
        % {"size": filesizeformat(MAX_DOCUMENT_BYTES)},
    )


def url_field():
    return forms.URLField(
        label=_("Adresse"),
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text=_("Pour une vidéo ou un lien web : l'adresse de la page."),
    )


class PoleChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class ResourceForm(StyledForm):
    """What is said of a resource. A new one also takes its file or address (``new=True``)."""

    network = forms.ModelChoiceField(label=_("Réseau"), queryset=None, empty_label=None)
    kind = forms.ChoiceField(label=_("Type"), choices=ResourceKind.choices)
    title = forms.CharField(label=_("Titre"), max_length=200)
    summary = forms.CharField(
        label=_("Résumé"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )
    audience = forms.ChoiceField(label=_("Public visé"), choices=Audience.choices)
    licence = forms.ChoiceField(
        label=_("Licence"), choices=Licence.choices, initial=Licence.CC_BY_SA
    )
    visibility = forms.ChoiceField(
        label=_("Visible par"),
        choices=Visibility.choices,
        initial=Visibility.MEMBERS,
        help_text=_(
            "Public : sur les pages publiques du réseau, sans connexion. Membres : les équipes "
            "des structures membres. Un pôle : ses structures membres seulement."
        ),
    )
    pole = PoleChoiceField(
        label=_("Pôle régional"),
        queryset=Pole.objects.none(),
        required=False,
        empty_label=_("Aucun pôle"),
        help_text=_("Seulement quand la ressource est visible par un pôle."),
    )
    tags = forms.CharField(
        label=_("Mots-clés"),
        required=False,
        max_length=600,
        help_text=_("Séparés par des virgules, par exemple : conflits de voisinage, écoute."),
    )

    def __init__(self, *args, networks, new=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["network"].queryset = networks
        if len(networks) < 2:
            self.fields["network"].widget = forms.HiddenInput()
            self.fields["network"].initial = networks[0].pk if networks else None
        self.fields["pole"].queryset = Pole.objects.filter(network__in=networks)
        self.new = new
        if new:
            self.fields["file"] = file_field()
            self.fields["url"] = url_field()
            self.fields["note"] = forms.CharField(
                label=_("Note de version"), required=False, max_length=300
            )
            for name in ("file", "url", "note"):
                self.fields[name].widget.attrs["class"] = "form-control"
        else:
            del self.fields["network"]

    def clean_file(self):
        return check_file(self.cleaned_data.get("file"))

    def clean_tags(self):
        return [name.strip() for name in self.cleaned_data["tags"].split(",") if name.strip()]

    def clean(self):
        data = super().clean()
        pole, network = data.get("pole"), data.get("network")
        if pole is not None and network is not None and pole.network_id != network.pk:
            self.add_error("pole", _("Ce pôle n'est pas celui du réseau choisi."))
        return data


class VersionForm(StyledForm):
    """A new version: the file (or the address) that replaces the current one."""

    note = forms.CharField(label=_("Ce qui change"), max_length=300)

    def __init__(self, *args, resource, **kwargs):
        super().__init__(*args, **kwargs)
        if resource.is_link:
            self.fields["url"] = url_field()
            self.fields["url"].required = True
        else:
            self.fields["file"] = file_field()
            self.fields["file"].required = True
        for name in ("file", "url"):
            if name in self.fields:
                self.fields[name].widget.attrs["class"] = "form-control"

    def clean_file(self):
        return check_file(self.cleaned_data.get("file"))


class SearchForm(StyledForm):
    """The list's search and filters; unknown values are ignored, never an error page."""

    q = forms.CharField(label=_("Rechercher"), required=False, max_length=200)
    type = forms.ChoiceField(
        label=_("Type"), required=False, choices=[("", _("Tous les types")), *ResourceKind.choices]
    )
    public = forms.ChoiceField(
        label=_("Public visé"),
        required=False,
        choices=[("", _("Tous les publics")), *Audience.choices],
    )
    tag = forms.ChoiceField(label=_("Mot-clé"), required=False, choices=[])

    def __init__(self, *args, tags, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tag"].choices = [("", _("Tous les mots-clés"))] + [
            (tag.slug, tag.name) for tag in tags
        ]
