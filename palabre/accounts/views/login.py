"""Logging in: the password, then, for a person with an authenticator app, its code.

Between the two steps the session holds a pending login (``sessions.start_pending``), not a
signed-in person. Wrong codes count as failed logins for django-axes, with the e-mail address
typed at the first step: five wrong passwords or codes lock the account for that address.
"""

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_lockout_response
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, user_login_failed
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from palabre.accounts import mfa, policy, sessions
from palabre.accounts.forms import EmailLoginForm, SecondStepForm
from palabre.accounts.middleware import logins_blocked_page
from palabre.accounts.models import User

LOW_ON_CODES = 3


@method_decorator(login_not_required, name="dispatch")
class LoginView(auth_views.LoginView):
    form_class = EmailLoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["idle_expired"] = self.request.session.pop(sessions.EXPIRED_KEY, False)
        context["idle_minutes"] = max(1, round(settings.SESSION_IDLE_SECONDS / 60))
        return context

    def form_valid(self, form):
        user = form.get_user()
        refusal = policy.login_refusal(user)
        if refusal:
            return logins_blocked_page(self.request, refusal)
        if not mfa.is_enrolled(user):
            return super().form_valid(form)
        sessions.start_pending(
            self.request.session,
            user=user,
            backend=user.backend,
            typed_username=form.cleaned_data["username"],
            next_url=self.get_redirect_url(),
        )
        return redirect("accounts:login_code")


class LogoutView(auth_views.LogoutView):
    pass


def _restart(request, message):
    sessions.drop_pending(request.session)
    messages.info(request, message)
    return redirect("accounts:login")


@login_not_required
@sensitive_post_parameters("code")
@never_cache
def login_code(request):
    """The second step: the app's code, or a recovery code (spent, with a word on those left)."""
    waiting = sessions.pending(request.session)
    if waiting is None and request.user.is_authenticated:
        return redirect(settings.LOGIN_REDIRECT_URL)
    user = waiting and User.objects.filter(pk=waiting["user"], is_active=True).first()
    if not user:
        return _restart(
            request,
            _("La connexion a été interrompue ou a trop attendu : saisissez à nouveau votre mot "
              "de passe."),
        )  # fmt: skip
    credentials = {"username": waiting["username"]}
    if not AxesProxyHandler.is_allowed(request, credentials):
        sessions.drop_pending(request.session)
        return get_lockout_response(request, None, credentials)
    refusal = policy.login_refusal(user)
    if refusal:
        sessions.drop_pending(request.session)
        return logins_blocked_page(request, refusal)
    form = SecondStepForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        verified = mfa.verify(user=user, code=form.cleaned_data["code"])
        if verified:
            return _complete(request, user, waiting, verified)
        user_login_failed.send(sender=__name__, credentials=credentials, request=request)
        if getattr(request, "axes_locked_out", False):
            sessions.drop_pending(request.session)  # AxesMiddleware answers the lockout page
        form.add_error("code", mfa.WRONG_CODE)
    return render(request, "accounts/login_code.html", {"form": form})


def _complete(request, user, waiting, verified):
    login(request, user, backend=waiting["backend"])
    sessions.drop_pending(request.session)
    sessions.mark_verified(request.session)
    if verified.kind == "recovery":
        _warn_about_codes(request, verified.remaining_codes)
    return redirect(waiting["next"] or resolve_url(settings.LOGIN_REDIRECT_URL))


def _warn_about_codes(request, remaining):
    text = ngettext(
        "Vous vous êtes connecté·e avec un code de secours, qui ne servira plus. Il vous en "
        "reste %(n)d.",
        "Vous vous êtes connecté·e avec un code de secours, qui ne servira plus. Il vous en "
        "reste %(n)d.",
        remaining,
    ) % {"n": remaining}
    if remaining <= LOW_ON_CODES:
        text += " " + _(
            "Générez de nouveaux codes depuis la page « Double authentification » (%(url)s)."
        ) % {"url": reverse("accounts:mfa")}
    messages.warning(request, text)
