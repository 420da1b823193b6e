from django import forms
from django.utils.translation import gettext_lazy as _

from palabre.core.forms import CheckboxSelectMultiple, RadioSelect, StyledForm
from palabre.organisations.models import Membership

from .actions import MAX_DAYS
from .models import Resource, TokenKind


class TokenForm(StyledForm):
    label = forms.CharField(
        label=_("Nom du jeton"),
        max_length=100,
        help_text=_(
            "Pour le reconnaître : l'application ou l'usage, par exemple « Tableur du CCAS »."
        ),
    )
    kind = forms.ChoiceField(
        label=_("Type"),
        choices=TokenKind.choices,
        widget=RadioSelect,
        initial=TokenKind.PERSONAL,
        help_text=_(
            "Personnel : utilisé par la personne elle-même (90 jours au plus). Application : "
            "utilisé par un logiciel dont la personne répond (un an au plus)."
        ),
    )
    holder = forms.ModelChoiceField(
        label=_("Agit au nom de"),
        queryset=Membership.objects.none(),
        empty_label=_("Choisissez la personne"),
        help_text=_("Le jeton voit ce que cette personne voit dans Palabre, avec son rôle actuel."),
    )
    resources = forms.MultipleChoiceField(
        label=_("Ressources"),
        choices=Resource.choices,
        widget=CheckboxSelectMultiple,
        help_text=_("Une ressource que le rôle ne lit pas sur les pages reste fermée."),
    )
    days = forms.IntegerField(
        label=_("Validité (jours)"),
        min_value=1,
        max_value=max(MAX_DAYS.values()),
        initial=30,
    )

    def __init__(self, *args, holders, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["holder"].queryset = holders
        self.fields["holder"].label_from_instance = lambda m: f"{m.user} — {m.get_role_display()}"

    def action_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "holder": data["holder"],
            "kind": data["kind"],
            "label": data["label"],
            "resources": data["resources"],
            "days": data["days"],
        }
