import json
import sys

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.db import InterfaceError, OperationalError, connections
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext

# How long a browser or a script is told to wait before trying again after a 503.
RETRY_AFTER_SECONDS = 30


def components(request):
    """The gallery of components, for designers and accessibility reviews."""
    from django import forms
    from django.utils.translation import gettext as _

    class SampleForm(forms.Form):
        name = forms.CharField(
            label=_("Nom"), help_text=_("Nom de famille, tel qu'il se présente.")
        )
        when = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
        agreed = forms.BooleanField(label=_("La personne accepte d'être contactée"))

    sample = SampleForm(data={"name": "", "when": "31/02/2026"})
    sample.is_valid()
    for field in sample.fields.values():
        field.widget.attrs.setdefault("class", "form-control")
    return render(request, "core/components.html", {"sample_form": sample, "component_names": []})


@login_not_required
def health(request):
    return HttpResponse("ok", content_type="text/plain")


@login_not_required
def bad_request(request, exception=None):
    """A request Palabre cannot read: too large (413, with the limit in words) or malformed."""
    if isinstance(exception, RequestDataTooBig | TooManyFieldsSent | TooManyFilesSent):
        return render(request, "413.html", status=413)
    return render(request, "400.html", status=400)


@login_not_required
def server_error(request):
    """Any error no view answered. A lost database (server restarted, connection cut, SQLite
    file unreachable or locked too long) gets a 503 saying to try again, and the connection is
    dropped so that the next request opens a new one instead of failing on the broken one.
    Both pages are drawn without the database, which may be what failed."""
    failure = sys.exc_info()[1]
    api = request.path.startswith(API_PREFIX)
    if isinstance(failure, OperationalError | InterfaceError):
        _drop_connections()
        if api:
            response = _problem(503, "unavailable", _unavailable_detail())
        else:
            response = HttpResponse(
                render_to_string("503.html", request=None), status=503, content_type="text/html"
            )
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    if api:
        return _problem(500, "server-error", _server_error_detail())
    return HttpResponse(render_to_string("500.html"), status=500, content_type="text/html")


# The API answers its errors as problem details (RFC 9457, ``api.problems``), these two too;
# ``core`` comes before ``api`` in the dependency order, hence the few lines here.
API_PREFIX = "/api/"


def _problem(status: int, kind: str, detail: str) -> HttpResponse:
    titles = {503: gettext("Service indisponible"), 500: gettext("Erreur interne")}
    body = {
        "type": f"urn:palabre:problem:{kind}",
        "title": titles[status],
        "status": status,
        "detail": detail,
    }
    return HttpResponse(
        json.dumps(body, ensure_ascii=False), status=status, content_type="application/problem+json"
    )


def _unavailable_detail() -> str:
    return gettext(
        "Le service est momentanément indisponible : Palabre ne joint plus sa base de données. "
        "Réessayez dans quelques instants."
    )


def _server_error_detail() -> str:
    return gettext(
        "Une erreur inattendue est survenue. Elle a été enregistrée ; réessayez plus tard."
    )


def _drop_connections():
    for connection in connections.all(initialized_only=True):
        if connection.in_atomic_block:
            continue  # still inside someone's transaction: it rolls back and closes itself
        connection.close()
