"""Each block of the public page shows while its switch is on, and only then."""

import datetime as dt
from dataclasses import dataclass

import pytest

from palabre.cases.tests.factories import CommuneFactory
from palabre.outreach import actions as outreach_actions
from palabre.partners.tests.factories import ConventionFactory, PartnerFactory
from palabre.website.public import _event
from palabre.website.tests.conftest import MONDAY, at, page

# switch → a text only that block shows
BLOCKS = {
    "show_about": "Qui sommes-nous",
    "show_how_it_works": "Comment se passe une médiation",
    "show_partners": "Partenaires conventionnés",
    "show_permanences": "Nos permanences",
    "show_request_form": "Remplir le formulaire de demande",
    "show_events": "Porte-à-porte aux Longs Champs",
    "show_contact": "Nous contacter",
}


@pytest.fixture
def full_site(site, coordinator):
    service = site.organisation
    ConventionFactory(organisation=service, partners=[PartnerFactory(organisation=service)])
    outreach_actions.plan_action(
        organisation=service,
        by=coordinator,
        kind="DOOR_TO_DOOR",
        title="Porte-à-porte aux Longs Champs",
        starts_at=at(MONDAY + dt.timedelta(days=3), 14),
        ends_at=at(MONDAY + dt.timedelta(days=3), 17),
        commune=CommuneFactory(organisation=service, name="Rennes"),
        place_name="Square des Longs Champs",
        public_description="Venez nous poser vos questions.",
    )
    return site


def test_every_switch_of_the_model_is_tested():
    from palabre.website.models import ServiceSite

    switches = {f.name for f in ServiceSite._meta.fields if f.name.startswith("show_")}
    assert switches == set(BLOCKS)


def test_with_every_switch_on_every_block_shows(client, full_site):
    body = page(client, full_site.organisation).text

    assert [name for name, text in BLOCKS.items() if text not in body] == []


@pytest.mark.parametrize("switch", sorted(BLOCKS))
def test_a_block_switched_off_disappears_and_the_others_stay(client, full_site, switch):
    setattr(full_site, switch, False)
    full_site.save()

    body = page(client, full_site.organisation).text

    assert BLOCKS[switch] not in body
    assert [name for name, text in BLOCKS.items() if name != switch and text not in body] == []


def test_an_event_shows_its_kind_date_place_and_description(client, full_site):
    body = page(client, full_site.organisation).text

    assert "Porte-à-porte dans une résidence" in body
    assert 'datetime="2026-12-10T14:00:00+01:00"' in body
    assert "Square des Longs Champs" in body
    assert "Venez nous poser vos questions." in body


@dataclass
class Photo:
    url: str
    caption: str


@dataclass
class Action:
    title: str
    kind: str
    starts_at: dt.datetime
    photos: tuple


def test_the_events_block_reads_dicts_and_objects_alike():
    start = at(MONDAY, 10)
    from_dict = _event(
        {
            "title": "Forum",
            "kind": "Forum",
            "starts_at": start,
            "photos": [{"url": "/p/1.jpg", "caption": "Le stand"}],
        }
    )
    from_object = _event(Action("Forum", "Forum", start, (Photo("/p/1.jpg", "Le stand"),)))

    assert from_dict == from_object
    assert from_dict.photos == [{"url": "/p/1.jpg", "alt": "Le stand"}]
    assert from_dict.place == "" and from_dict.ends_at is None
