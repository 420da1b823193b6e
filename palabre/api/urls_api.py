"""``/api/v1/``: the API's own URLs, answered with a token rather than a session (so exempt from
``LoginRequiredMiddleware``), except the browsable docs, a page for the signed-in coordination.
Any other address under ``/api/`` answers a problem (404), never an HTML page."""

from functools import wraps

from django.contrib.auth.decorators import login_not_required
from django.urls import path, re_path
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from . import problems
from .api import api
from .problems import ApiProblem

DOCS = "openapi-view"


@csrf_exempt
@login_not_required
def unknown(request, rest=""):
    return problems.response(problems.not_found())


def _method_problem(view):
    """Ninja answers a method an address does not take with an empty HTML 405: a problem here."""

    @wraps(view)
    def answer(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code != 405:
            return response
        problem = ApiProblem(
            405,
            "method-not-allowed",
            _("Cette adresse n'accepte pas la méthode %(method)s.") % {"method": request.method},
            headers={"Allow": response.get("Allow", "")},
        )
        return problems.response(problem)

    return answer


def _patterns():
    patterns, _app_name, _namespace = api.urls
    for pattern in patterns:
        if pattern.name != DOCS:
            pattern.callback = _method_problem(login_not_required(pattern.callback))
    return patterns


urlpatterns = [
    path("v1/", (_patterns(), "api-v1", "api-v1")),
    re_path(r"^(?P<rest>.*)$", unknown),
]
