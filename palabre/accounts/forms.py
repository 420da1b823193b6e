import unicodedata
from functools import partial

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from palabre.accounts import password_links
from palabre.accounts.models import User
from palabre.core.forms import StyledForm


class EmailLoginForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("Adresse e-mail"),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Mot de passe"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    error_messages = {
        "invalid_login": _("Adresse e-mail ou mot de passe incorrect."),
        "inactive": _("Ce compte est désactivé."),
    }


class SecondStepForm(forms.Form):
    """A code of the app, or a recovery code: the same field takes both."""

    code = forms.CharField(
        label=_("Code de vérification"),
        max_length=20,
        help_text=_(
            "Le code à 6 chiffres affiché par votre application d'authentification. Sans votre "
            "téléphone, saisissez l'un de vos codes de secours (par exemple abcd-efgh-jkmn)."
        ),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false"}
        ),
        error_messages={"required": _("Saisissez le code.")},
    )

    def __init__(self, *args, autofocus=True, **kwargs):
        super().__init__(*args, **kwargs)
        if not autofocus:
            self.fields["code"].widget.attrs.pop("autofocus", None)


class AppCodeForm(forms.Form):
    """The first code of a newly scanned app."""

    code = forms.CharField(
        label=_("Code à 6 chiffres affiché par l'application"),
        max_length=10,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}
        ),
        error_messages={"required": _("Saisissez le code.")},
    )


class PasswordLinkForm(StyledForm, PasswordResetForm):
    """« Mot de passe oublié ? »: the address typed. Whether it is an account's or not, the
    page that follows says the same (``views/password.py``); only an account's owner receives
    a link, from the task worker (``password_links``)."""

    email = forms.EmailField(
        label=_("Adresse e-mail"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
        error_messages={
            "required": _("Saisissez votre adresse e-mail."),
            "invalid": _("Saisissez une adresse e-mail valide (par exemple nom@exemple.fr)."),
        },
    )

    def get_users(self, email):
        """The active accounts of this address (case aside), with or without a password yet: a
        person added to a team chooses their first password the same way."""
        wanted = unicodedata.normalize("NFKC", email).casefold()
        users = User.objects.filter(email__iexact=email, is_active=True)
        return [u for u in users if unicodedata.normalize("NFKC", u.email).casefold() == wanted]

    def save(self, **_options):
        """Asks the worker for a link for each account of the address, once the request's work
        is committed. The link is made and sent there: the request's answer is the same for an
        address of no account, and does not wait on a mail server."""
        for user in self.get_users(self.cleaned_data["email"]):
            transaction.on_commit(partial(password_links.send_soon, user.pk))


class NewPasswordForm(StyledForm, SetPasswordForm):
    """The new password, twice, held to the instance's rules (``AUTH_PASSWORD_VALIDATORS``)."""

    error_messages = {"password_mismatch": _("Les deux mots de passe ne sont pas identiques.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = _("Nouveau mot de passe")
        self.fields["new_password2"].label = _("Le même mot de passe, à nouveau")
        self.fields["new_password2"].help_text = _(
            "Saisissez-le une seconde fois, pour éviter une faute de frappe."
        )
