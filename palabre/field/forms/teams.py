"""The form of a field team: its name and who is in it."""

from django import forms
from django.utils.translation import gettext_lazy as _

from palabre.core.forms import StyledForm
from palabre.field import access
from palabre.partners.forms.base import CheckboxSelectMultiple


class PersonChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.user.get_full_name() or obj.user.email


class TeamForm(StyledForm):
    name = forms.CharField(
        label=_("Nom de l'équipe"),
        max_length=120,
        help_text=_("Par exemple « Équipe de nuit » ou « Médiateurs du secteur nord »."),
    )
    members = PersonChoiceField(
        label=_("Membres"),
        queryset=None,
        required=False,
        widget=CheckboxSelectMultiple,
        help_text=_("Les médiateurs et la coordination du service."),
    )

    def __init__(self, *args, membership, current=None, **kwargs):
        if current is not None:
            kwargs["initial"] = {"name": current.name, "members": list(current.members.all())}
        super().__init__(*args, **kwargs)
        self.current = current
        self.fields["members"].queryset = access.team_candidates(membership).order_by(
            "user__last_name", "user__first_name"
        )

    def action_kwargs(self):
        data = self.cleaned_data
        check_in = self.current.check_in_minutes if self.current is not None else None
        return {
            "name": data["name"],
            "members": list(data["members"]),
            "check_in_minutes": check_in,
        }
