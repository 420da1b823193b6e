"""The forms of an import: the file, the mapping of its columns, the unknown values."""

from pathlib import PurePath

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from palabre.core import uploads
from palabre.core.forms import RadioSelect, StyledForm
from palabre.core.models import Commune, Quartier
from palabre.imports import fields as spec
from palabre.imports.checking import DROP, NOTE, REFUSED
from palabre.imports.models import ImportKind
from palabre.imports.readers import FORMATS

MAX_IMPORT_BYTES = 15 * 1024 * 1024


class UploadForm(StyledForm):
    kind = forms.ChoiceField(
        label=_("Ce que le fichier contient"),
        choices=ImportKind.choices,
        initial=ImportKind.CASES,
        required=False,  # a file posted without a kind is a file of cases
        widget=RadioSelect,
        help_text=_(
            "Une ligne par dossier, par partenaire de l'annuaire, par permanence ou par "
            "personne de l'équipe."
        ),
    )
    file = forms.FileField(
        label=_("Fichier à importer"),
        help_text=_("XLSX (Excel), ODS (LibreOffice) ou CSV ; %(size)s au plus.")
        % {"size": filesizeformat(MAX_IMPORT_BYTES)},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        suffix = PurePath(upload.name).suffix.lower()
        if suffix not in FORMATS:
            raise forms.ValidationError(
                _("Ce type de fichier n'est pas accepté : déposez un fichier XLSX, ODS ou CSV.")
            )
        if upload.size == 0:
            raise forms.ValidationError(_("Le fichier est vide."))
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(
                _("Le fichier pèse %(size)s : %(max)s au plus. Découpez-le en plusieurs fichiers.")
                % {"size": filesizeformat(upload.size), "max": filesizeformat(MAX_IMPORT_BYTES)}
            )
        if not uploads.content_matches_name(upload):
            raise forms.ValidationError(
                _(
                    "Le contenu de ce fichier ne correspond pas à son extension (%(suffix)s) : "
                    "enregistrez-le depuis votre tableur au format choisi."
                )
                % {"suffix": suffix}
            )
        return upload


class MappingForm(StyledForm):
    """One choice of column per Palabre field; what becomes of each column left unmapped; the
    code given to rows whose coded cell is empty."""

    def __init__(self, *args, job, **kwargs):
        super().__init__(*args, **kwargs)
        self.job = job
        columns = [("", _("— aucune colonne —"))] + [
            (str(i), f"{chr(65 + i) if i < 26 else i + 1} · {title or _('(sans titre)')}")
            for i, title in enumerate(job.header)
        ]
        self.field_keys, self.default_keys = [], []
        for f in spec.fields_of(job.kind):
            name = f"field_{f.key}"
            self.fields[name] = forms.ChoiceField(
                label=f.label,
                choices=columns,
                required=False,
                initial=job.mapping.get(f.key, ""),
                help_text=_("Obligatoire") if f.required else "",
            )
            self.field_keys.append((f.key, name))
            if f.kind == spec.CODE and f.default:
                dname = f"default_{f.key}"
                self.fields[dname] = forms.ChoiceField(
                    label=_("%(field)s : valeur des cellules vides") % {"field": f.label},
                    choices=list(f.choices.choices),
                    initial=job.defaults.get(f.key, f.default),
                )
                self.default_keys.append((f.key, dname))
        self.free_keys = []
        # Only a case has a private note to receive a free column: other kinds drop them.
        for i, title in enumerate(job.header if job.kind == ImportKind.CASES else ()):
            name = f"free_{i}"
            self.fields[name] = forms.ChoiceField(
                label=title or _("(sans titre)"),
                choices=[
                    (DROP, _("Ne pas importer")),
                    (NOTE, _("Note privée du dossier (équipe de médiation seulement)")),
                ],
                initial=job.free_columns.get(str(i), DROP),
                required=False,
            )
            self.free_keys.append((str(i), name))

    def mapping_fields(self):
        return [self[name] for _key, name in self.field_keys]

    def default_fields(self):
        return [self[name] for _key, name in self.default_keys]

    def free_fields(self):
        return [self[name] for _key, name in self.free_keys]

    def action_kwargs(self):
        data = self.cleaned_data
        return {
            "mapping": {key: data[name] for key, name in self.field_keys},
            "free_columns": {pos: data[name] or DROP for pos, name in self.free_keys},
            "defaults": {key: data[name] for key, name in self.default_keys},
        }


class AnswersForm(StyledForm):
    """One question per value no code list recognised: the code it means, or a refusal (its
    rows then stay in error)."""

    def __init__(self, *args, job, unknown: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = []
        for key, values in unknown.items():
            f = spec.field_named(job.kind, key)
            choices = (
                [("", _("— choisir —"))]
                + _choices(job, f)
                + [(f"refuse:{REFUSED}", _("Refuser cette valeur (ses lignes restent en erreur)"))]
            )
            for i, (folded, typed) in enumerate(sorted(values.items())):
                name = f"answer_{key}_{i}"
                self.fields[name] = forms.ChoiceField(
                    label=_("« %(value)s » dans la colonne %(field)s")
                    % {"value": typed, "field": f.label},
                    choices=choices,
                )
                self.questions.append((key, folded, name))

    def action_kwargs(self):
        answers = {}
        for key, folded, name in self.questions:
            value = self.cleaned_data[name]
            answers.setdefault(key, {})[folded] = REFUSED if value.startswith("refuse:") else value
        return {"answers": answers}


def _choices(job, f):
    if f.kind == spec.CODE:
        return list(f.choices.choices)
    if f.kind == spec.COMMUNE:
        return [(str(c.pk), c.name) for c in Commune.objects.of(job.organisation)]
    return [
        (str(q.pk), f"{q.name} ({q.commune.name})")
        for q in Quartier.objects.filter(organisation=job.organisation).select_related("commune")
    ]
