"""The network's staff edits its public site: publication, texts, switches, members listed and
events shown. Bad input changes nothing."""

import pytest

from palabre.core.models import JournalEntry
from palabre.core.tests.clock import pin_clock
from palabre.website.network_models import MemberListing, NetworkSite, PublicEvent
from palabre.website.tests.network_support import TODAY, build, make_network, member

SETTINGS = "/site-public/reseau/"


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    pin_clock(monkeypatch, TODAY)


@pytest.fixture
def world(db):
    network, staff = make_network()
    return {"network": network, "staff": staff, **build(network, staff)}


def form_data(world, **changes):
    site = NetworkSite.objects.get(network=world["network"])
    data = {
        "contact_email": "bonjour@reseau-test.fr",
        "presentation": "Le réseau des médiateurs de l'Ouest.",
        "listed_members": [str(m.pk) for m in world["members"][:2]],
        "public_events": [str(world["events"]["coming"].pk)],
    }
    for key in ("federate", "train", "accompany", "share", "relay", "pool"):
        data[f"{key}_text"] = getattr(site, f"{key}_text")
        data[f"show_{key}"] = "on"
    for key in ("members", "trainings", "meetings", "figures"):
        data[f"show_{key}"] = "on"
    data["is_published"] = "on"
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def snapshot(network):
    site = NetworkSite.objects.get(network=network)
    return (
        site.is_published,
        site.presentation,
        site.contact_email,
        sorted(str(pk) for pk in MemberListing.objects.values_list("member_id", flat=True)),
        sorted(str(pk) for pk in PublicEvent.objects.values_list("event_id", flat=True)),
    )


def test_the_settings_page_shows_the_sound_defaults_and_what_is_public(world, login):
    client = login(world["staff"])

    html = client.get(SETTINGS).content.decode()

    assert "Nous réunissons les structures" in html
    assert "Médiation sociale de Brest" in html and "Journée régionale de Bretagne" in html
    assert "/reseau-test/" in html


def test_the_staff_saves_texts_listing_and_events(world, login):
    client = login(world["staff"])

    response = client.post(SETTINGS, form_data(world, show_relay=None))

    assert response.status_code == 302
    site = NetworkSite.objects.get(network=world["network"])
    assert site.presentation == "Le réseau des médiateurs de l'Ouest."
    assert site.contact_email == "bonjour@reseau-test.fr"
    assert not site.show_relay and site.show_pool
    assert set(MemberListing.objects.values_list("member_id", flat=True)) == {
        m.pk for m in world["members"][:2]
    }
    assert list(PublicEvent.objects.values_list("event_id", flat=True)) == [
        world["events"]["coming"].pk
    ]
    entry = JournalEntry.objects.filter(verb="public_site_changed").latest("occurred_at")
    assert entry.actor == world["staff"].user and entry.organisation == world["network"]
    listing = client.get("/reseau-test/membres/").content.decode()
    assert "Correspondants de Paris" not in listing


def test_unpublishing_takes_the_site_down(world, login, client):
    staff = login(world["staff"])
    staff.post(SETTINGS, form_data(world, is_published=None))
    staff.logout()

    assert client.get("/reseau-test/").status_code == 404
    assert JournalEntry.objects.filter(summary="Site public retiré").exists()


@pytest.mark.parametrize(
    "changes",
    [
        {"contact_email": "pas-une-adresse"},
        {"presentation": ""},
        {"federate_text": "   "},
        {"listed_members": ["00000000-0000-0000-0000-000000000000"]},
        {"public_events": ["pas-un-identifiant"]},
    ],
    ids=["e-mail", "presentation", "empty block", "unknown member", "bad event"],
)
def test_bad_input_says_why_and_changes_nothing(world, login, changes):
    client = login(world["staff"])
    before = snapshot(world["network"])

    response = client.post(SETTINGS, form_data(world, **changes))

    assert response.status_code == 400
    assert "rien n'a été enregistré" in response.content.decode()
    assert snapshot(world["network"]) == before


def test_another_networks_member_or_event_cannot_be_made_public(world, login):
    other, other_staff = make_network(slug="autre-reseau", name="Autre réseau")
    stranger = member(other, "Structure d'un autre réseau")
    client = login(world["staff"])
    before = snapshot(world["network"])

    response = client.post(SETTINGS, form_data(world, listed_members=[str(stranger.pk)]))

    assert response.status_code == 400
    assert snapshot(world["network"]) == before
    assert not MemberListing.objects.filter(member=stranger).exists()
