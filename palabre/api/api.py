"""Palabre's REST API, version 1: ``/api/v1/``, its OpenAPI 3.1 document at
``/api/v1/openapi.json``, browsable at ``/api/v1/docs`` (docs/adr/0028, docs/api.md)."""

from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.openapi.docs import Swagger

from palabre.organisations.access import is_manager

from . import problems
from .auth import BearerToken
from .problems import PROBLEM, ApiProblem


class Docs(Swagger):
    """Swagger UI from django-ninja's own static files, in Palabre's page (lang, CSP nonce)."""

    template = "api/docs.html"

    def render_page(self, request, api, **kwargs):
        if not is_manager(getattr(request, "membership", None)):
            raise Http404
        return super().render_page(request, api, **kwargs)


class PalabreApi(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        """Errors are documented as ``application/problem+json``, as they are sent."""
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        for operations in schema["paths"].values():
            for operation in operations.values():
                for status, answer in operation.get("responses", {}).items():
                    content = answer.get("content", {})
                    if int(status) >= 400 and "application/json" in content:
                        answer["content"] = {PROBLEM: content["application/json"]}
        return schema


api = PalabreApi(
    title=_("Palabre"),
    version="1",
    description=gettext_lazy(
        "L'API de Palabre : ce que le jeton permet de lire, comme sur les pages, "
        "jamais une note privée, un propos ni le nom d'une personne. Voir docs/api.md."
    ),
    urls_namespace="api-v1",
    auth=BearerToken(),
    docs=Docs(),
    docs_url="/docs",
    openapi_url="/openapi.json",
)


@api.exception_handler(ApiProblem)
def _problem(request, error):
    return problems.response(error)


@api.exception_handler(Http404)
def _not_found(request, error):
    return problems.response(problems.not_found())


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, error):
    return problems.response(
        problems.unauthenticated(
            _("Présentez un jeton dans l'en-tête Authorization, sous la forme « Bearer plb_… ».")
        )
    )


@api.exception_handler(ValidationError)
def _invalid(request, error):
    errors = [
        {"loc": [str(part) for part in item.get("loc", ())], "msg": str(item.get("msg", ""))}
        for item in error.errors
    ]
    return problems.response(
        ApiProblem(422, "invalid", _("La requête contient des valeurs invalides."), errors=errors)
    )


@api.exception_handler(HttpError)
def _http_error(request, error):
    """Ninja's own refusals, such as a body that is not JSON."""
    detail = (
        _("Le corps de la requête n'est pas du JSON valide.")
        if error.status_code == 400
        else str(error.message)
    )
    return problems.response(ApiProblem(error.status_code, "bad-request", detail))


from .endpoints import cases, directory, figures, network, permanences, referrals  # noqa: E402

for module in (directory, permanences, referrals, cases, figures, network):
    api.add_router("", module.router)
