"""The pages of « Accès à l'API » are valid HTML for the Nu Html Checker, the list with tokens in
every state and the page that shows a new token's secret (which no crawl reaches: it answers a
form)."""

import datetime as dt

import pytest
from django.urls import reverse

from tests.crawl import htmlcheck

from .conftest import NOW


@pytest.mark.sqlite_only
def test_the_token_pages_are_valid_html(world, make_token, login, clock, tmp_path):
    assert htmlcheck.missing() is None, htmlcheck.missing()
    clock(NOW - dt.timedelta(days=2))
    make_token("reception", days=1)  # expired by now
    clock(NOW)
    make_token("board")
    client = login(world["people"]["coordinator"])
    created = client.post(
        reverse("api:create"),
        {
            "label": "Tableur",
            "kind": "personal",
            "holder": world["people"]["coordinator"].pk,
            "resources": ["directory", "cases"],
            "days": "30",
        },
    )
    token = created.context["token"]
    client.post(reverse("api:revoke", args=[token.pk]))
    pages = {
        "list": client.get(reverse("api:tokens")),
        "form": client.get(reverse("api:create")),
        "form-errors": client.post(reverse("api:create"), {"label": ""}),
        "created": created,
    }
    for name, response in pages.items():
        assert response.status_code in (200, 400), name
        (tmp_path / f"{name}.html").write_bytes(response.content)
    listed = pages["list"].content.decode()
    assert "révoqué" in listed and "expiré" in listed and "Révoquer le jeton" in listed
    assert htmlcheck.errors_in(tmp_path) == []
