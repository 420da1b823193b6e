"""The observatory's forms: the year and grouping of the network's dashboard (GET), a member to
give a key to, a service's decision to share or withdraw."""

from django import forms
from django.utils.translation import gettext_lazy as _

from palabre.core.forms import StyledForm
from palabre.reports.observatory_tables import DIMENSIONS


class ObservatoryForm(StyledForm):
    annee = forms.TypedChoiceField(label=_("Année"), coerce=int, choices=())
    par = forms.ChoiceField(
        label=_("Regrouper par"),
        choices=[(key, label) for key, (label, _choices) in DIMENSIONS.items()],
        required=False,
    )

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["annee"].choices = [(year, str(year)) for year in years]


class YearForm(StyledForm):
    annee = forms.TypedChoiceField(label=_("Année"), coerce=int, choices=())

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["annee"].choices = [(year, str(year)) for year in years]


class SharingDecisionForm(StyledForm):
    decision = forms.ChoiceField(
        choices=[("share", _("Partager")), ("withdraw", _("Retirer"))], widget=forms.HiddenInput
    )


class PushKeyForm(StyledForm):
    member = forms.ModelChoiceField(label=_("Structure membre"), queryset=None)

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members
