"""What every endpoint shares: its documented errors and the check of the token's resource."""

from palabre.api.auth import require_resource
from palabre.api.problems import not_found
from palabre.api.schemas import Problem

ERRORS = {401: Problem, 403: Problem, 404: Problem, 422: Problem, 429: Problem}


def responses(ok, status: int = 200) -> dict:
    return {status: ok, **ERRORS}


def member(request, resource: str, allowed) -> object:
    """The token's membership for ``resource``, when ``allowed(membership)``, as the page's
    ``require``: a role that cannot read it on the pages gets a 404 here too."""
    membership = require_resource(request, resource)
    if not allowed(membership):
        raise not_found()
    return membership
