"""The funder report's forms: the year shown, the commentary, the document asked for."""

from django import forms
from django.utils.translation import gettext_lazy as _

from palabre.core.forms import StyledForm
from palabre.reports.funder import FORMATS
from palabre.reports.models import NARRATIVE_MAX_LENGTH, RunFormat


class YearForm(StyledForm):
    """``?annee=2025``: one of the convention's years."""

    annee = forms.TypedChoiceField(label=_("Année"), coerce=int)

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["annee"].choices = [(year, str(year)) for year in years]


class NarrativeForm(StyledForm):
    text = forms.CharField(
        label=_("Commentaire pour le financeur"),
        required=False,
        max_length=NARRATIVE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Texte imprimé en tête du bilan PDF, 4 000 caractères au plus : faits marquants "
            "de l'année, actions menées, perspectives. Ni nom, ni situation reconnaissable."
        ),
    )

    def action_kwargs(self):
        return {"text": self.cleaned_data["text"]}


class ExportForm(StyledForm):
    format = forms.ChoiceField(
        label=_("Format"), choices=[(f, RunFormat(f).label) for f in FORMATS]
    )
