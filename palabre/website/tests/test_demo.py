"""The demo service's page is published with its texts and opening hours."""

from palabre.website.demo import seed_site
from palabre.website.tests.conftest import page


def test_the_demo_publishes_the_service_page_with_its_texts(client, service, clock):
    site = seed_site(service)

    body = page(client, service).text

    assert site.is_published
    assert "Cité et Médiation accompagne depuis 2008" in body
    assert "Accueil téléphonique du lundi au vendredi" in body
    assert "interviennent toujours à deux" in body


def test_seeding_twice_keeps_one_page(service, clock):
    seed_site(service)
    seed_site(service)

    assert service.public_site.is_published
