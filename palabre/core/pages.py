"""Page shapes every app's views share: one form on its page, and the step that runs a verb on
it then goes back where the person came from."""

from django.contrib import messages
from django.shortcuts import redirect, render

from palabre.core.actions import act_on


def wants_partial(request) -> bool:
    """An htmx request that wants the fragment, not a history restore that wants the page."""
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.history_restore_request


def form_page(
    request,
    *,
    form,
    title: str,
    submit: str,
    cancel_url: str,
    breadcrumbs: list[tuple[str, str]],
    intro: str = "",
    fieldsets: list[tuple[str, list]] | None = None,
):
    """One form on its page. Invalid input comes back with its errors, status 200 like the case
    pages; nothing has been saved."""
    context = {
        "form": form,
        "title": title,
        "submit": submit,
        "cancel_url": cancel_url,
        "breadcrumbs": breadcrumbs,
        "intro": intro,
        "fieldsets": fieldsets or [],
    }
    return render(request, "form_page.html", context)


def form_step(request, form, verb, *, done: str, then, **page):
    """Runs ``verb`` on valid input (``core.actions.act_on``), says ``done`` and goes to
    ``then`` (anything ``redirect`` takes); otherwise the form page (``form_page``'s other
    arguments in ``page``) comes back with its errors, nothing saved."""
    finished, _result = act_on(request, form, verb)
    if finished:
        messages.success(request, done)
        return redirect(then)
    return form_page(request, form=form, **page)
