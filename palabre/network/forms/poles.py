"""The form of a regional pole: its name, its regions and its referents."""

from django import forms
from django.utils.translation import gettext_lazy as _

from palabre.core.forms import StyledForm
from palabre.network.models import MemberContact, Region
from palabre.partners.forms.base import CheckboxSelectMultiple


class ContactsChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj} — {obj.member.name}"


class PoleForm(StyledForm):
    name = forms.CharField(label=_("Nom du pôle"), max_length=150)
    regions = forms.MultipleChoiceField(
        label=_("Régions"), choices=Region.choices, widget=CheckboxSelectMultiple
    )
    referents = ContactsChoiceField(
        label=_("Référents"),
        required=False,
        queryset=MemberContact.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Des contacts des structures membres ; plusieurs choix possibles."),
    )

    def __init__(self, *args, network, current=None, **kwargs):
        if current is not None:
            kwargs["initial"] = {
                "name": current.name,
                "regions": current.regions,
                "referents": list(current.referents.values_list("pk", flat=True)),
            }
        super().__init__(*args, **kwargs)
        self.fields["referents"].queryset = (
            MemberContact.objects.of(network)
            .select_related("member")
            .order_by("member__name", "last_name")
        )
