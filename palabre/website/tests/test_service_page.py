"""A service's public page: what it says, its head for search engines and social networks, and
who gets it (published: everybody; unpublished: 404, or a preview for its coordination)."""

import datetime as dt
import json
import re

from django.urls import reverse

from palabre.cases.tests.factories import OrganisationFactory
from palabre.organisations.models import OrganisationKind
from palabre.partners.tests.factories import ConventionFactory, PartnerFactory, VenueFactory
from palabre.permanences import actions as permanence_actions
from palabre.permanences.models import Frequency
from palabre.website import defaults
from palabre.website.tests.conftest import MONDAY, page


def test_the_published_page_of_a_service_answers_everybody_without_an_account(client, site):
    response = page(client, site.organisation)

    assert response.status_code == 200
    assert response.templates[0].name == "website/service_home.html"
    body = response.text
    assert '<h1 class="h2">Service Un</h1>' in body
    assert "Comment se passe une médiation" in body
    assert "deux" in defaults.how_it_works()  # two mediators, in the default text itself
    assert "02 99 11 22 33" in body and "contact@service-un.example" in body
    assert "Du lundi au vendredi, de 9 h à 17 h" in body
    assert reverse("referrals:request", args=["service-un"]) in body
    assert reverse("rdv:finder", args=["service-un"]) in body


def test_the_page_has_a_french_title_a_description_a_canonical_address_and_opengraph(client, site):
    body = page(client, site.organisation).text

    assert re.search(r"<title>Service Un — médiation de voisinage · Palabre</title>", body)
    assert '<meta name="description" content="Service Un accueille les habitants' in body
    assert '<link rel="canonical" href="http://testserver/service-un/">' in body
    assert '<meta property="og:title" content="Service Un — médiation de voisinage">' in body
    assert '<meta property="og:url" content="http://testserver/service-un/">' in body
    assert 'name="robots"' not in body


def test_the_json_ld_describes_the_organisation_and_names_nobody(client, site):
    body = page(client, site.organisation).text

    found = re.search(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', body, re.S)
    data = json.loads(found.group(1))
    assert data == {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": "Service Un",
        "url": "http://testserver/service-un/",
        "description": data["description"],
        "email": "contact@service-un.example",
        "telephone": "02 99 11 22 33",
        "address": "3 rue du Puits, 35000 Rennes",
    }
    assert data["description"].startswith("Service Un accueille les habitants")


def test_a_text_that_would_end_the_script_stays_inside_it(client, site):
    site.about = "Nous </script><script>alert(1)</script> & vous"
    site.save()

    body = page(client, site.organisation).text

    assert "</script><script>alert(1)" not in body
    assert "\\u003c/script\\u003e" in body


def test_the_page_loads_nothing_from_another_site_and_needs_no_script(client, site):
    body = page(client, site.organisation).text

    assert not re.search(r'(src|href)="(https?:)?//(?!testserver)', body)
    assert "<noscript" not in body  # nothing to replace: every block is plain HTML


def test_an_unpublished_page_answers_404(client, site):
    site.is_published = False
    site.save()

    assert page(client, site.organisation).status_code == 404


def test_a_service_that_never_wrote_its_page_answers_404(client, service):
    assert page(client, service).status_code == 404


def test_an_unknown_slug_answers_404(client, db):
    assert client.get("/nulle-part/").status_code == 404


def test_a_network_never_gets_a_service_page(client, db):
    network = OrganisationFactory(slug="reseau-un", kind=OrganisationKind.NETWORK)

    response = client.get("/reseau-un/")

    assert "website/service_home.html" not in [t.name for t in response.templates]
    assert network.is_network


def test_the_coordination_previews_its_unpublished_page_marked_not_to_index(
    client, login, site, coordinator
):
    site.is_published = False
    site.save()
    login(coordinator)

    body = page(client, site.organisation).text

    assert "Aperçu : cette page n'est pas publiée." in body
    assert '<meta name="robots" content="noindex, nofollow">' in body


def test_the_partners_under_a_convention_in_force_and_the_funders_are_listed(client, site):
    service = site.organisation
    city = PartnerFactory(organisation=service, name="Ville de Rennes", kind="CITY")
    landlord = PartnerFactory(organisation=service, name="Archipel Habitat", landlord=True)
    metropole = PartnerFactory(organisation=service, name="Rennes Métropole", is_funder=True)
    ConventionFactory(organisation=service, partners=[city, landlord], funder=city)
    former = PartnerFactory(organisation=service, name="Ancien bailleur", landlord=True)
    ConventionFactory(
        organisation=service,
        partners=[former],
        starts_on=dt.date(2020, 1, 1),
        ends_on=dt.date(2022, 12, 31),
    )

    body = page(client, service).text

    assert 'Archipel Habitat <span class="text-secondary-strong">(Bailleur social)</span>' in body
    assert "Ville de Rennes" in body and metropole.name in body
    assert "Ancien bailleur" not in body


def test_the_permanences_show_their_venue_rule_and_next_sessions(client, site, coordinator, clock):
    service = site.organisation
    venue = VenueFactory(organisation=service, name="Maison du Ronceray")
    permanence_actions.create_permanence(
        organisation=service,
        by=coordinator,
        venue=venue,
        weekday=1,
        frequency=Frequency.WEEKLY,
        starts_at=dt.time(14),
        ends_at=dt.time(17),
        slot_minutes=45,
        valid_from=MONDAY,
    )
    hidden = VenueFactory(organisation=service, name="Lieu non réservable")
    permanence = permanence_actions.create_permanence(
        organisation=service,
        by=coordinator,
        venue=hidden,
        weekday=3,
        frequency=Frequency.WEEKLY,
        starts_at=dt.time(9),
        ends_at=dt.time(12),
        slot_minutes=45,
        valid_from=MONDAY,
    )
    permanence.is_public = False
    permanence.save()

    body = page(client, service).text

    assert "Maison du Ronceray" in body
    assert "Chaque mardi, de 14 h à 17 h" in body
    assert 'datetime="2026-12-08T14:00:00+01:00"' in body
    assert 'datetime="2026-12-22T14:00:00+01:00"' in body
    assert 'datetime="2026-12-29T14:00:00+01:00"' not in body  # three sessions at most
    assert "Lieu non réservable" not in body
