"""A network's public pages, read by a visitor without an account: what they show, what they
never show, their head, and their filters without JavaScript."""

import re

import pytest

from palabre.core.tests.clock import pin_clock
from palabre.website.tests.network_support import MARKERS, TODAY, build, make_network, publish

PAGES = ["", "membres/", "formations/", "rencontres/", "chiffres/"]


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    pin_clock(monkeypatch, TODAY)


@pytest.fixture
def world(db):
    network, staff = make_network()
    return {"network": network, "staff": staff, **build(network, staff)}


def page(client, path):
    response = client.get(f"/reseau-test/{path}")
    assert response.status_code == 200, path
    html = response.content.decode()
    assert "INVALID[" not in html
    return html


@pytest.mark.parametrize("path", PAGES)
def test_every_page_names_nobody_and_keeps_the_networks_records(client, world, path):
    html = page(client, path)

    found = [name for name, marker in MARKERS.items() if marker.lower() in html.lower()]
    assert found == []


@pytest.mark.parametrize("path", PAGES)
def test_every_page_has_a_french_title_a_description_a_canonical_address_and_opengraph(
    client, world, path
):
    html = page(client, path)

    assert '<html lang="fr">' in html
    assert re.search(r"<title>[^<]*Réseau test[^<]*</title>", html)
    assert re.search(r'<meta name="description" content="[^"]*Réseau test', html)
    assert f'<link rel="canonical" href="http://testserver/reseau-test/{path}">' in html
    for prop in ("og:title", "og:description", "og:url", "og:type", "og:locale"):
        assert f'property="{prop}"' in html
    assert 'name="robots"' not in html


def test_the_home_page_says_what_the_network_does_and_leads_to_its_pages(client, world):
    html = page(client, "")

    assert "<h1" in html and "Réseau test</h1>" in html
    for title in ("Fédérer", "Former", "Accompagner", "Partager", "Relayer", "Mutualiser"):
        assert f">{title}</h3>" in html
    for path in PAGES[1:]:
        assert f'href="/reseau-test/{path}"' in html
    assert "contact@reseau-test.fr" in html


def test_the_home_page_lists_the_public_resources_of_the_library_only(client, world):
    from palabre.library.tests.support import share

    share(world["network"], world["staff"], title="Charte publique", visibility="PUBLIC")
    share(world["network"], world["staff"], title="Note aux membres", visibility="MEMBERS")
    publish(world["network"], listed=world["members"], show_resources=True)

    html = page(client, "")

    assert "Charte publique" in html and "Note aux membres" not in html
    assert "/ressources/publiques/" in html


def test_a_block_switched_off_and_a_text_changed_show_on_the_home_page(client, world):
    publish(
        world["network"],
        listed=world["members"],
        show_relay=False,
        presentation="Un réseau breton de la médiation.",
    )

    html = page(client, "")

    assert ">Relayer</h3>" not in html and ">Fédérer</h3>" in html
    assert "Un réseau breton de la médiation." in html


def test_the_directory_lists_only_the_members_that_agreed_with_what_they_may_show(client, world):
    html = page(client, "membres/")

    assert "Médiation sociale de Brest" in html
    assert "Régie de quartier de Lorient" in html
    assert "Correspondants de Paris" in html
    assert "QZXDISCRETE" not in html
    assert "Brest, Bretagne" in html and "Phase : en lancement" in html
    assert "Domaines : Conflits de voisinage" in html
    assert "3 structures</h2>" in html


def test_the_map_counts_members_per_region_and_links_to_the_filtered_list(client, world):
    html = page(client, "membres/")
    svg = html[html.index("<svg") : html.index("</svg>")]

    assert '<title id="carte-titre">' in svg and '<desc id="carte-texte">' in svg
    bretagne = svg[svg.index('<a href="?region=BRE#liste">') :]
    assert re.sub(r"<[^>]+>|\s+", " ", bretagne[: bretagne.index("</a>")]).split() == [
        "Bretagne", "2", "structures",
    ]  # fmt: skip
    assert '<a href="?region=IDF#liste">' in svg and ">1 structure</text>" in svg
    assert "?region=NOR" not in svg
    assert "http" not in svg.replace("http://www.w3.org/2000/svg", "")


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ("region=IDF", ["Correspondants de Paris"], ["Brest", "Lorient"]),
        ("type=REGIE_DE_QUARTIER", ["Lorient"], ["Brest", "Paris"]),
        ("domaine=PUBLIC_SPACE_NIGHT", ["Paris"], ["Brest", "Lorient"]),
        ("phase=LAUNCH", ["Brest"], ["Lorient", "Paris"]),
        ("region=BRE&phase=PERMANENT", ["Lorient"], ["Brest", "Paris"]),
    ],
)
def test_the_directory_filters_from_the_address(client, world, query, shown, hidden):
    html = page(client, f"membres/?{query}")
    listing = html[html.index('id="liste"') :]

    assert all(name in listing for name in shown)
    assert not any(f"{name}</h3>" in listing for name in hidden)


def test_a_filter_out_of_the_list_says_so_and_shows_everyone(client, world):
    html = page(client, "membres/?region=XX&phase=<script>")

    assert "Corrigez les critères" in html
    assert "3 structures</h2>" in html
    assert "<script>" not in html.split("</header>")[-1].replace("<script src", "")


def test_the_catalogue_shows_the_coming_sessions_with_places_and_how_to_ask(client, world):
    html = page(client, "formations/")

    assert "Gestion des conflits" in html
    assert "Maison des associations, Rennes" in html
    assert "8 places restantes" in html
    assert "écrivez au réseau" in html and "mailto:contact@reseau-test.fr" in html
    assert f"/formations/sessions/{world['session'].pk}/" not in html


def test_a_service_coordination_gets_the_way_to_enrol(client, world, login):
    from palabre.cases.tests.factories import MembershipFactory, OrganisationFactory

    service = OrganisationFactory(slug="service-membre")
    service.networks.add(world["network"])
    client = login(MembershipFactory(organisation=service, role="coordinator"))

    html = page(client, "formations/")

    assert f'href="/formations/sessions/{world["session"].pk}/"' in html
    assert "Inscrire une personne" in html


def test_the_meetings_page_shows_public_events_coming_past_and_research(client, world):
    html = page(client, "rencontres/")
    coming = html[html.index('id="a-venir"') : html.index('id="passees"')]
    past = html[html.index('id="passees"') : html.index('id="recherches"')]

    assert "Journée régionale de Bretagne" in coming and "Rennes" in coming
    assert "Assises nationales" in past
    assert "Recherche-action sur la médiation scolaire" in html[html.index('id="recherches"') :]
    assert "QZXINTERNE" not in html


def test_a_section_switched_off_is_not_found_nor_linked(client, world):
    publish(world["network"], listed=world["members"], show_figures=False)

    assert client.get("/reseau-test/chiffres/").status_code == 404
    assert 'href="/reseau-test/chiffres/"' not in page(client, "")


@pytest.mark.parametrize("path", PAGES)
def test_an_unpublished_site_is_not_found(client, world, path):
    publish(world["network"], is_published=False)

    assert client.get(f"/reseau-test/{path}").status_code == 404


@pytest.mark.parametrize("path", PAGES)
def test_the_staff_previews_an_unpublished_site_away_from_search_engines(
    client, world, login, path
):
    publish(world["network"], is_published=False)
    client = login(world["staff"])

    html = page(client, path)

    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert "Aperçu : ce site n'est pas publié" in html


@pytest.mark.parametrize("path", PAGES[1:])
def test_a_service_has_no_network_pages(client, db, path):
    from palabre.cases.tests.factories import OrganisationFactory

    OrganisationFactory(slug="un-service")

    assert client.get(f"/un-service/{path}").status_code == 404


def test_robots_txt_lets_search_engines_read_a_published_network_s_pages(client, world):
    robots = client.get("/robots.txt").content.decode()

    assert "Allow: /reseau-test/\n" in robots


def test_the_sitemap_lists_the_published_networks_pages(client, world):
    response = client.get("/sitemap.xml")

    assert "http://testserver/reseau-test/membres/" in response.content.decode()
