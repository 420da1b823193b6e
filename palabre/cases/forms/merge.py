"""The forms of a merge: looking for the person's other record, then confirming."""

from django import forms
from django.utils.translation import gettext_lazy as _

from palabre.core.forms import StyledForm


class RecordSearchForm(StyledForm):
    q = forms.CharField(
        label=_("Nom ou téléphone"),
        required=False,
        max_length=100,
        help_text=_("Sans accents ni majuscules requis ; un numéro se cherche sous toute forme."),
    )


class MergeForm(StyledForm):
    confirmed = forms.BooleanField(
        label=_("Ces deux fiches sont bien la même personne"),
        error_messages={"required": _("Cochez la case pour confirmer que c'est la même personne.")},
    )

    def action_kwargs(self) -> dict:
        return {}
