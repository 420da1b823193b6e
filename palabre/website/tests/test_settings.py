"""The coordination writes, switches and publishes its page; bad input changes nothing."""

from palabre.core.models import JournalEntry
from palabre.website.models import ServiceSite
from palabre.website.tests.conftest import page

FORM = {
    "is_published": "on",
    "about": "Nous recevons les habitants de Rennes.",
    "how_it_works": "Gratuit, confidentiel, volontaire.",
    "contact_email": "accueil@service-un.example",
    "contact_phone": "02 99 00 11 22",
    "contact_address": "1 place de la Mairie, 35000 Rennes",
    "contact_hours": "Le mardi matin",
    "show_about": "on",
    "show_how_it_works": "on",
    "show_permanences": "on",
    "show_request_form": "on",
    "show_contact": "on",
}


def test_the_first_visit_offers_the_default_texts_and_saves_nothing(
    client, login, coordinator, clock
):
    login(coordinator)

    response = client.get("/site-public/")

    assert "gratuite, confidentielle et volontaire" in response.text
    assert "interviennent toujours à deux" in response.text
    assert not ServiceSite.objects.exists()


def test_the_coordination_publishes_its_page_and_the_journal_says_so(
    client, login, coordinator, clock
):
    login(coordinator)

    response = client.post("/site-public/", FORM)

    assert response.status_code == 302
    site = ServiceSite.objects.get(organisation=coordinator.organisation)
    assert site.is_published and not site.show_partners and not site.show_events
    assert site.contact_hours == "Le mardi matin"
    entry = JournalEntry.objects.get(verb="public_site_saved")
    assert entry.summary == "Page publique publiée"
    client.logout()
    body = page(client, coordinator.organisation).text
    assert "Nous recevons les habitants de Rennes." in body
    assert "accueil@service-un.example" in body


def test_withdrawing_the_page_makes_it_404_again(client, login, coordinator, site):
    login(coordinator)

    client.post("/site-public/", {**FORM, "is_published": ""})

    assert JournalEntry.objects.filter(summary="Page publique retirée").exists()
    client.logout()
    assert page(client, site.organisation).status_code == 404


def test_a_bad_phone_or_email_is_refused_with_a_french_message_and_nothing_changes(
    client, login, coordinator, site
):
    login(coordinator)
    before = ServiceSite.objects.values().get(pk=site.pk)

    response = client.post(
        "/site-public/", {**FORM, "contact_phone": "appelez-nous", "contact_email": "pas-un-email"}
    )

    assert response.status_code == 400
    assert "Saisissez un numéro de téléphone" in response.text
    assert "Saisissez une adresse de courriel valide." in response.text
    assert ServiceSite.objects.values().get(pk=site.pk) == before
    assert not JournalEntry.objects.filter(verb="public_site_saved").exists()


def test_saving_unchanged_values_writes_no_journal_line(client, login, coordinator, site):
    login(coordinator)
    values = {
        "about": site.about,
        "how_it_works": site.how_it_works,
        "contact_hours": site.contact_hours,
        "is_published": "on",
        **{
            f"show_{name}": "on"
            for name in (
                "about",
                "how_it_works",
                "partners",
                "permanences",
                "request_form",
                "events",
                "contact",
            )
        },
    }

    client.post("/site-public/", values)

    assert not JournalEntry.objects.filter(verb="public_site_saved").exists()


def test_the_settings_page_links_to_the_preview(client, login, coordinator, site):
    login(coordinator)

    assert 'href="/service-un/"' in client.get("/site-public/").text
