"""The answer about an earlier case, posted from the case page or a referral's page."""

from django import forms
from django.utils.translation import gettext_lazy as _

from palabre.cases.earlier import Answer
from palabre.core.forms import StyledForm


class EarlierAnswerForm(StyledForm):
    earlier_case = forms.ModelChoiceField(
        label=_("Dossier antérieur"),
        queryset=None,
        error_messages={"invalid_choice": _("Ce dossier antérieur n'est pas connu du service.")},
    )
    answer = forms.ChoiceField(
        label=_("Réponse"),
        choices=Answer.choices,
        error_messages={"invalid_choice": _("Choisissez « Même conflit » ou « Nouveau conflit ».")},
    )

    def __init__(self, *args, earlier_cases, **kwargs):
        """``earlier_cases``: the cases the member may be shown (``access.earlier_cases_for``)."""
        super().__init__(*args, **kwargs)
        self.fields["earlier_case"].queryset = earlier_cases

    def first_error(self) -> str:
        for errors in self.errors.values():
            return str(errors[0])
        return ""
