"""« Double authentification »: enrolling an app, the recovery codes, turning it off."""

from urllib.parse import quote

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout, user_login_failed
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from palabre.accounts import mfa, sessions, totp
from palabre.accounts.forms import AppCodeForm, SecondStepForm
from palabre.core.actions import act_on


class _Verb:
    """Wraps a verb of ``mfa`` for ``act_on``: the form gives the code, the view the user."""

    def __init__(self, verb, user):
        self.verb, self.user = verb, user

    def __call__(self, *, code):
        return self.verb(user=self.user, code=code)


def _qr_code(uri: str) -> str:
    svg = segno.make(uri, error="m").svg_inline(scale=5, border=4, dark="#000", light="#fff")
    label = escape(_("QR code à scanner avec votre application d'authentification"))
    return mark_safe(svg.replace("<svg ", f'<svg role="img" aria-label="{label}" ', 1))  # noqa: S308


def _page(request, *, confirm_form=None, regenerate_form=None, disable_form=None):
    user = request.user
    context = {
        "enrolled": mfa.is_enrolled(user),
        "required": bool(getattr(request, "mfa_required", False)),
        "device": mfa.device_of(user),
    }
    if context["enrolled"]:
        context.update(
            remaining=mfa.remaining_recovery_codes(user),
            regenerate_form=regenerate_form or SecondStepForm(prefix="regenerate", autofocus=False),
            disable_form=disable_form or SecondStepForm(prefix="disable", autofocus=False),
        )
    else:
        device = mfa.start_enrolment(user=user)
        key = totp.decrypt(device.secret)
        context.update(
            qr_code=_qr_code(totp.provisioning_uri(key, user.email)),
            readable_key=totp.readable(key),
            issuer=settings.PALABRE_MFA_ISSUER,
            confirm_form=confirm_form or AppCodeForm(),
        )
    return render(request, "accounts/mfa.html", context)


def _codes_page(request, codes, *, first_time):
    user = request.user
    text = "\n".join(
        [
            _("Codes de secours Palabre — %(email)s") % {"email": user.email},
            _("Générés le %(date)s. Chaque code ne sert qu'une fois.")
            % {"date": timezone.localtime().strftime("%d/%m/%Y %H:%M")},
            "",
            *codes,
            "",
        ]
    )
    return render(
        request,
        "accounts/mfa_codes.html",
        {
            "codes": codes,
            "first_time": first_time,
            "download_href": "data:text/plain;charset=utf-8," + quote(text),
        },
    )


@never_cache
@sensitive_post_parameters("code")
def overview(request):
    """The page of the person's own account: enrol (QR code, key as text, first code), or see
    how many recovery codes are left, regenerate them, turn it off."""
    if request.method != "POST":
        return _page(request)
    form = AppCodeForm(request.POST)
    done, codes = act_on(request, form, _Verb(mfa.confirm_enrolment, request.user))
    if not done:
        return _page(request, confirm_form=form)
    sessions.mark_verified(request.session)
    messages.success(request, _("La double authentification est activée."))
    return _codes_page(request, codes, first_time=True)


def _count_failure(request, form):
    """A wrong code here counts for django-axes as at the login: someone trying codes from an
    open session (to turn double authentification off) is locked out, and the session ends."""
    if not getattr(form, "cleaned_data", {}).get("code"):
        return  # nothing typed: no attempt
    user = request.user
    user_login_failed.send(sender=__name__, credentials={"username": user.email}, request=request)
    if getattr(request, "axes_locked_out", False):
        logout(request)


@require_POST
@never_cache
@sensitive_post_parameters("regenerate-code")
def regenerate(request):
    form = SecondStepForm(request.POST, prefix="regenerate", autofocus=False)
    done, codes = act_on(request, form, _Verb(mfa.regenerate_recovery_codes, request.user))
    if not done:
        _count_failure(request, form)
        if not request.user.is_authenticated:
            return redirect("accounts:login")
        return _page(request, regenerate_form=form)
    return _codes_page(request, codes, first_time=False)


@require_POST
@sensitive_post_parameters("disable-code")
def disable(request):
    form = SecondStepForm(request.POST, prefix="disable", autofocus=False)
    done, _result = act_on(request, form, _Verb(mfa.disable, request.user))
    if not done:
        _count_failure(request, form)
        if not request.user.is_authenticated:
            return redirect("accounts:login")
        return _page(request, disable_form=form)
    sessions.forget_verified(request.session)
    messages.success(request, _("La double authentification est désactivée sur votre compte."))
    return redirect("accounts:mfa")
