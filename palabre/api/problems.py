"""Errors as problem details (RFC 9457): ``application/problem+json`` with ``type``, ``title``,
``status`` and ``detail``, in French by default and in English for ``Accept-Language: en``
(the locale middleware has chosen the language; the texts go through gettext)."""

import json

from django.http import HttpResponse
from django.utils.translation import gettext as _

PROBLEM = "application/problem+json"


class ApiProblem(Exception):
    """Raised anywhere under an endpoint; the API turns it into a problem response."""

    def __init__(self, status: int, kind: str, detail: str, *, headers=None, errors=None):
        super().__init__(str(detail))
        self.status = status
        self.kind = kind
        self.detail = str(detail)
        self.headers = headers or {}
        self.errors = errors


def titles() -> dict[int, str]:
    return {
        400: _("Requête incorrecte"),
        401: _("Authentification requise"),
        403: _("Accès refusé"),
        404: _("Introuvable"),
        405: _("Méthode non autorisée"),
        409: _("Conflit"),
        422: _("Données invalides"),
        429: _("Trop de requêtes"),
    }


def response(problem: ApiProblem) -> HttpResponse:
    body = {
        "type": f"urn:palabre:problem:{problem.kind}",
        "title": titles().get(problem.status, _("Erreur")),
        "status": problem.status,
        "detail": problem.detail,
    }
    if problem.errors is not None:
        body["errors"] = problem.errors
    answer = HttpResponse(
        json.dumps(body, ensure_ascii=False), status=problem.status, content_type=PROBLEM
    )
    for name, value in problem.headers.items():
        answer[name] = value
    return answer


def not_found() -> ApiProblem:
    return ApiProblem(
        404,
        "not-found",
        _("Cette ressource n'existe pas ou n'est pas accessible avec ce jeton."),
    )


def unauthenticated(detail: str, kind: str = "unauthenticated") -> ApiProblem:
    return ApiProblem(401, kind, detail, headers={"WWW-Authenticate": 'Bearer realm="palabre"'})
