"""« Accès à l'API » : the coordination creates, lists and revokes its organisation's tokens."""

from functools import partial

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from palabre.core.actions import act_on
from palabre.organisations.access import require

from . import access, actions
from .forms import TokenForm
from .models import Resource


def tokens(request):
    membership = request.membership
    require(access.can_manage_tokens(membership))
    rows = list(access.tokens_for(membership))
    labels = dict(Resource.choices)
    context = {
        "rows": [(token, [labels.get(r, r) for r in token.resources]) for token in rows],
        "now": timezone.now(),
        "organisation": membership.organisation,
    }
    return render(request, "api/tokens.html", context)


def create(request):
    membership = request.membership
    require(access.can_manage_tokens(membership))
    form = TokenForm(request.POST or None, holders=access.holders_for(membership))
    done, result = act_on(request, form, partial(actions.create_token, by=membership))
    if done:
        token, secret = result
        # Shown once, in the answer to the form; never stored, never shown again.
        context = {"token": token, "secret": secret, "header": f"Authorization: Bearer {secret}"}
        return render(request, "api/token_created.html", context)
    context = {
        "form": form,
        "title": _("Nouveau jeton d'accès à l'API"),
        "intro": _(
            "Le jeton agit au nom d'une personne de l'organisation, avec son rôle : il lit par "
            "l'API ce que cette personne lit sur les pages, dans les ressources choisies. Il "
            "ne sera affiché qu'une fois."
        ),
        "submit": _("Créer le jeton"),
        "cancel_url": reverse("api:tokens"),
        "breadcrumbs": [(_("Accès à l'API"), reverse("api:tokens"))],
    }
    return render(request, "form_page.html", context, status=400 if form.errors else 200)


@require_POST
def revoke(request, token_id):
    membership = request.membership
    require(access.can_manage_tokens(membership))
    token = access.get_token_for(membership, token_id)
    try:
        actions.revoke_token(token=token, by=membership)
    except actions.TokenRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("Le jeton %(prefix)s est révoqué.") % {"prefix": token.prefix})
    return redirect("api:tokens")
