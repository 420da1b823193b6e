"""The search ignores accents and case on both databases, ranks title matches first on
PostgreSQL (and on SQLite), and the list's filters narrow by kind, keyword and audience."""

import pytest
from django.db import connection
from django.urls import reverse

from palabre.library import access
from palabre.library.models import Resource
from palabre.library.search import fold, search
from palabre.library.tests.support import share


@pytest.fixture
def library(world):
    staff = world.people["network_staff"]
    made = {
        "plain": share(world.network, staff, title="Mediation de quartier", summary="Un guide."),
        "capitals": share(
            world.network, staff, title="Guide", summary="LA MÉDIATION SOCIALE EN PRATIQUE."
        ),
        "tagged": share(
            world.network,
            staff,
            title="Fiche écoute",
            summary="Écouter avant d'agir.",
            tags=["Médiation scolaire"],
        ),
        "other": share(world.network, staff, title="Budget annuel", summary="Des chiffres."),
    }
    return world, made


def _titles(queryset):
    return [resource.title for resource in queryset]


def test_folding_removes_accents_case_and_ligatures():
    assert fold("  MÉDIATION  Œuvre ça ") == "mediation oeuvre ca"


@pytest.mark.parametrize("query", ["médiation", "Mediation", "MÉDIATION", "mediation"])
def test_any_spelling_finds_every_spelling(library, query):
    world, made = library
    found = _titles(search(Resource.objects.of(world.network), query))

    assert set(found) >= {made["plain"].title, made["capitals"].title, made["tagged"].title}
    assert made["other"].title not in found


@pytest.mark.parametrize("query", ["médiation", "MEDIATION"])
def test_title_matches_come_before_the_others(library, query):
    world, made = library
    found = _titles(search(Resource.objects.of(world.network), query))

    in_titles = {made["plain"].title, "Charte de la médiation"}
    assert set(found[:2]) == in_titles
    # Then the summaries, the keywords and the authors (« Médiation de Rennes »…).
    assert set(found[2:]) == {
        made["capitals"].title,
        made["tagged"].title,
        "Modèle de compte rendu",
        "Étude de Montreuil",
    }


@pytest.mark.postgresql_only
def test_postgresql_ranks_by_weight_and_stems_french_words(library):
    world, made = library
    assert connection.vendor == "postgresql"
    ranked = list(search(Resource.objects.of(world.network), "MÉDIATIONS"))

    titles = [resource.title for resource in ranked]
    assert set(titles[:2]) == {made["plain"].title, "Charte de la médiation"}
    assert made["capitals"].title in titles  # the summary's « MÉDIATION », stemmed
    assert ranked[1].rank > ranked[2].rank


def test_a_query_of_nothing_but_spaces_or_punctuation_finds_everything(library):
    world, _made = library
    everything = Resource.objects.of(world.network)

    assert search(everything, "  ' ").count() == everything.count()


def test_the_list_page_searches_and_filters(library, login):
    world, made = library
    client = login(world.people["coordinator"])

    def titles(**params):
        page = client.get(reverse("library:list"), params).context["page_obj"]
        return {resource.title for resource in page}

    assert made["capitals"].title in titles(q="Médiation")
    assert titles(q="médiation", type="TEMPLATE") == {"Modèle de compte rendu"}
    assert titles(q="écoute", type="TEMPLATE") == set()
    assert titles(q="ÉCOUTE") == {made["tagged"].title}
    assert titles(tag="mediation-scolaire") == {made["tagged"].title}
    assert "Modèle de compte rendu" in titles(type="TEMPLATE")
    assert titles(public="DIRECTORS") == set()
    # Unknown filter values are ignored, not an error.
    assert client.get(reverse("library:list"), {"type": "NOPE", "tag": "x"}).status_code == 200


def test_a_search_never_reaches_beyond_what_the_person_reads(library, login):
    world, _made = library
    partner = world.people["partner"]

    found = _titles(search(access.resources_for(partner), "médiation"))

    assert found == ["Charte de la médiation"]
