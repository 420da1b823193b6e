"""« Mot de passe oublié ? »: Django's own views, under French addresses, with Palabre's pages.

The address typed gets the same answer whether it is an account's or not; the link is made
and sent by the worker (``password_links``). The link's page takes the token out of its address
before showing the form (Django keeps it in the session), so that no link followed from the
page carries it. The password chosen, the person logs in as usual: the second step of the
login, the service's security policy and the lockout after failed attempts still apply."""

import unicodedata

from django.contrib.auth import views as auth_views
from django.http import HttpResponseRedirect
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from palabre.accounts import password_links
from palabre.accounts.forms import NewPasswordForm, PasswordLinkForm
from palabre.core import throttle

# Past these, the page answers as usual and sends nothing: nobody fills a mailbox with links
# or learns that a limit was met.
LINKS_PER_HOUR_FROM_AN_ADDRESS = 10
LINKS_PER_HOUR_TO_AN_ACCOUNT = 3


class PasswordResetView(auth_views.PasswordResetView):
    form_class = PasswordLinkForm
    template_name = "accounts/password_reset_form.html"
    success_url = reverse_lazy("accounts:password_reset_done")
    title = _("Mot de passe oublié")

    def form_valid(self, form):
        email = unicodedata.normalize("NFKC", form.cleaned_data["email"]).casefold()
        within = throttle.allow(
            self.request, scope="password-link", limit=LINKS_PER_HOUR_FROM_AN_ADDRESS
        ) and throttle.allow(
            self.request,
            scope="password-link-to",
            limit=LINKS_PER_HOUR_TO_AN_ACCOUNT,
            about=email,
        )
        if within:
            return super().form_valid(form)
        return HttpResponseRedirect(self.get_success_url())


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"
    title = _("Lien envoyé")

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"days": password_links.valid_days()}


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = NewPasswordForm
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")
    reset_url_token = "choisir"
    title = _("Choisir un mot de passe")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"
    title = _("Mot de passe enregistré")
