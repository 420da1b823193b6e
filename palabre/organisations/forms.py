from django import forms
from django.utils.translation import gettext_lazy as _

from palabre.organisations.models import Organisation


def _help(name):
    return Organisation._meta.get_field(name).help_text


class SecurityPolicyForm(forms.Form):
    """The service's security switches, explained as on the model."""

    mfa_required = forms.BooleanField(
        label=_("Double authentification obligatoire pour l'équipe salariée"),
        help_text=_help("mfa_required"),
        required=False,
    )
    logins_blocked = forms.BooleanField(
        label=_("Bloquer les connexions"), help_text=_help("logins_blocked"), required=False
    )
