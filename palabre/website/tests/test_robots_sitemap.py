"""``robots.txt`` and ``sitemap.xml``: public, they list the published pages and nothing else."""

from xml.etree import ElementTree

from palabre.cases.tests.factories import OrganisationFactory
from palabre.website import access

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def test_robots_txt_allows_the_published_pages_and_points_to_the_sitemap(client, site):
    hidden = access.new_site(OrganisationFactory(slug="pas-publie"))
    hidden.save()

    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.text.splitlines()
    assert lines[0] == "User-agent: *"
    assert "Allow: /service-un/$" in lines
    assert "Allow: /rendez-vous/service-un/$" in lines
    assert "Allow: /orientations/demande/service-un/$" in lines
    assert "Disallow: /" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "pas-publie" not in response.text


def test_the_sitemap_lists_the_published_pages_only(client, site):
    hidden = access.new_site(OrganisationFactory(slug="pas-publie"))
    hidden.save()

    response = client.get("/sitemap.xml")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ElementTree.fromstring(response.content)
    urls = [(u.find("s:loc", NS).text, u.find("s:lastmod", NS).text) for u in root]
    assert urls == [("http://testserver/service-un/", "2026-12-07")]


def test_robots_and_sitemap_answer_without_an_account_even_when_nothing_is_published(client, db):
    assert client.get("/robots.txt").status_code == 200
    root = ElementTree.fromstring(client.get("/sitemap.xml").content)
    assert list(root) == []
