"""An organisation's page answers at ``/<slug>/`` after every other page: a slug equal to a
top-level path of the site is refused wherever a slug is set (the model's checks, which the
admin runs), and the reserved list is checked against the URLconf itself."""

import re

import pytest
from django.conf import settings
from django.contrib.admin.sites import site as admin_site
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.urls import URLResolver, get_resolver

from palabre.cases.tests.factories import OrganisationFactory, UserFactory
from palabre.organisations.models import Organisation
from palabre.organisations.slugs import RESERVED_SLUGS

SLUG = re.compile(r"^[-a-zA-Z0-9_]+$")


def _top_level_segments(patterns, prefix=""):
    """The first path segment of every URL of the site, going through includes at the root."""
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver) and route == "":
            yield from _top_level_segments(pattern.url_patterns, route)
            continue
        first = route.lstrip("^").split("/", 1)[0]
        if first and "<" not in first and "(" not in first:
            yield first.split(".", 1)[0]


def top_level_paths() -> set:
    found = set(_top_level_segments(get_resolver().url_patterns))
    for url in (settings.STATIC_URL, settings.MEDIA_URL):
        if url:
            found.add(url.strip("/").split("/", 1)[0])
    return {segment for segment in found if SLUG.match(segment)}


def test_the_reader_finds_the_paths_of_the_urlconf():
    paths = top_level_paths()

    assert {"dossiers", "partenaires", "rendez-vous", "api", "admin", "compte", "i", "r", "d"} <= (
        paths
    )
    assert "site-public" in paths and "static" in paths


def test_every_top_level_path_of_the_site_is_a_reserved_slug():
    missing = top_level_paths() - RESERVED_SLUGS
    assert not missing, f"Add to organisations/slugs.py RESERVED_SLUGS: {sorted(missing)}"


@pytest.mark.parametrize("slug", ["dossiers", "rendez-vous", "api", "Admin", "site-public"])
def test_an_organisation_cannot_take_the_slug_of_a_page(db, slug):
    organisation = Organisation(name="Médiation", slug=slug)

    with pytest.raises(ValidationError) as refused:
        organisation.full_clean()

    assert "est réservé à une page de Palabre" in refused.value.message_dict["slug"][0]


def test_an_ordinary_slug_is_accepted(db):
    Organisation(name="Médiation Rennes", slug="mediation-rennes").full_clean()


def test_the_admin_refuses_a_reserved_slug_with_a_french_message_and_saves_nothing(db):
    organisation = OrganisationFactory(name="Médiation Brest", slug="mediation-brest")
    model_admin = admin_site._registry[Organisation]
    request = RequestFactory().post("/")
    request.user = UserFactory(is_staff=True, is_superuser=True)
    form_class = model_admin.get_form(request, organisation)

    form = form_class(
        {"name": "Médiation Brest", "slug": "dossiers", "kind": "SERVICE",
         "contact_policy_attempts": 3, "contact_policy_days": 28},
        instance=organisation,
    )  # fmt: skip

    assert not form.is_valid()
    assert "réservé à une page de Palabre" in form.errors["slug"][0]
    organisation.refresh_from_db()
    assert organisation.slug == "mediation-brest"


def test_the_demo_organisations_take_no_reserved_slug():
    from palabre.cases.demo import generator

    slugs = {org["slug"] for org in generator.load_params()["organisations"].values()}
    assert not slugs & RESERVED_SLUGS
