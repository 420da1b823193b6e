"""The open data of a service's permanences, without an account (``opendata``): JSON and CSV,
cached for an hour by anyone, revalidated by their ETag."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.http import http_date
from django.views.decorators.http import require_GET

from palabre.permanences import opendata
from palabre.referrals.access import get_public_service

MAX_AGE = 3600


def _serve(request, slug, render, content_type, filename):
    service = get_public_service(slug)
    content = render(opendata.dataset(service))
    tag = opendata.etag(content)
    if tag in [t.strip() for t in request.headers.get("If-None-Match", "").split(",")]:
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["ETag"] = tag
    response["Last-Modified"] = http_date(opendata.last_modified(service).timestamp())
    response["Cache-Control"] = f"public, max-age={MAX_AGE}"
    response["Access-Control-Allow-Origin"] = "*"
    response["Link"] = f'<{opendata.LICENCE_URL}>; rel="license"'
    response["X-Licence"] = opendata.LICENCE
    return response


@login_not_required
@require_GET
def permanences_json(request, slug):
    return _serve(
        request, slug, opendata.to_json, "application/json; charset=utf-8", "permanences.json"
    )


@login_not_required
@require_GET
def permanences_csv(request, slug):
    return _serve(request, slug, opendata.to_csv, "text/csv; charset=utf-8", "permanences.csv")
