"""A landlord reaches its own signals and nothing else: not another landlord's signals, not the
intervention a signal came from, not the shift. Markers are planted in an intervention's note and
in the description of another landlord's signal, and in the name of the person met during the
intervention, who was oriented to the landlord with their agreement; every page the landlord's
account reaches by following links, the pages of its own signal, its e-mails and its signed link
carry none of them."""

import re

import pytest
from django.urls import reverse

from palabre.field import followup_actions
from palabre.field.codes import OrientationReason
from palabre.field.tests import watch_world
from palabre.partners.models import PartnerKind
from tests.crawling import crawl

NOTE_MARKER = "MARQUEUR-NOTE-INTERVENTION-5V2D"
OTHER_MARKER = "MARQUEUR-AUTRE-BAILLEUR-8T1M"
NAME_MARKER = "Marqueurlocatairenomme"
LINK = re.compile(r"/terrain/signalement/[^/\s]+/")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def world(
    service,
    place,
    coordinator,
    shift,
    record,
    member,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    partners = watch_world.landlords(service, place, coordinator)
    agent = watch_world.partner_account(member, partners["archipel"], email="agent@archipel.ex")
    intervention = record(shift, note=f"Locataire du 3e très inquiet {NOTE_MARKER}")
    followup_actions.orient(
        intervention=followup_actions.record_person(
            intervention=intervention, by=coordinator, last_name=NAME_MARKER,
            agreed_to_be_named=True, agreed_to_be_oriented=True,
        ).intervention,
        by=coordinator, partner=partners["archipel"], reason=OrientationReason.HOUSING,
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        own = watch_world.report(
            by=coordinator,
            organisation=service,
            intervention=intervention,
            residence=place["glycines"],
            description="Plafonnier du hall B arraché",
            photo=watch_world.small_photo(),
        )
        other = watch_world.report(
            shift,
            by=coordinator,
            residence=partners["lilas"],
            description=f"Porte du local vélos forcée {OTHER_MARKER}",
            photo=watch_world.small_photo(),
        )
    return {"agent": agent, "own": own, "other": other, "partners": partners}


def _text(response):
    return response.content.decode(errors="ignore")


def test_a_landlord_reaches_only_its_own_signals_and_no_marker(world, login, shift):
    client = login(world["agent"])
    pages = list(crawl(client))
    visited = [url for url, _response in pages]
    assert reverse("field:portal_signal", args=[world["own"].pk]) in visited
    for url, response in pages:
        assert response.status_code in (200, 404), url
        assert NOTE_MARKER not in _text(response), url
        assert OTHER_MARKER not in _text(response), url
        assert NAME_MARKER not in _text(response), url
        assert "/terrain/tournees/" not in url and "/terrain/interventions/" not in url, url
    other = world["other"]
    for url in (
        reverse("field:portal_signal", args=[other.pk]),
        reverse("field:signal_photo", args=[other.pk]),
        reverse("field:signal", args=[other.pk]),
        reverse("field:signal", args=[world["own"].pk]),
        reverse("field:signals"),
        reverse("field:shift", args=[shift.pk]),
        reverse("field:planning"),
    ):
        assert client.get(url).status_code == 404, url
    response = client.post(reverse("field:portal_signal_step", args=[other.pk, "resolu"]))
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.acknowledged_at is None


def test_the_landlords_own_signal_shows_no_trace_of_its_intervention(world, login):
    client = login(world["agent"])
    page = _text(client.get(reverse("field:portal_signal", args=[world["own"].pk])))
    assert "Plafonnier du hall B arraché" in page
    assert NOTE_MARKER not in page and NAME_MARKER not in page
    assert "intervention" not in page.lower()
    photo = client.get(reverse("field:signal_photo", args=[world["own"].pk]))
    assert photo.status_code == 200 and photo["Content-Type"] == "image/jpeg"


def test_the_emails_and_the_signed_links_carry_no_marker(world, client, mailoutbox):
    assert mailoutbox
    for message in mailoutbox:
        assert NOTE_MARKER not in message.subject + message.body
        assert OTHER_MARKER not in message.subject + message.body
        assert NAME_MARKER not in message.subject + message.body
    to_archipel = [m for m in mailoutbox if m.to[0].endswith("archipel.example")]
    [path] = {LINK.search(m.body)[0] for m in to_archipel}
    page = _text(client.get(path))
    assert "Plafonnier du hall B arraché" in page
    assert NOTE_MARKER not in page and OTHER_MARKER not in page and NAME_MARKER not in page


def test_a_city_service_account_sees_only_the_public_space_signals(
    world, login, member, service, coordinator, shift, place
):
    from palabre.field.territory import Place

    city = world["partners"]["city"]
    assert city.kind == PartnerKind.CITY
    street = watch_world.report(shift, by=coordinator, place=Place(quartier=place["maurepas"]))
    client = login(watch_world.partner_account(member, city))
    listing = _text(client.get(reverse("field:portal_signals")))
    assert reverse("field:portal_signal", args=[street.pk]) in listing
    assert reverse("field:portal_signal", args=[world["own"].pk]) not in listing
    assert reverse("field:portal_signal", args=[world["other"].pk]) not in listing
