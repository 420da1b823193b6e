"""A venue's coordinates: decimal degrees as a map gives them, both or neither, within range
(France métropolitaine and overseas alike), refused in French otherwise."""

from decimal import Decimal

import pytest
from django.urls import reverse

from palabre.cases.tests.factories import CommuneFactory
from palabre.partners import actions
from palabre.partners.actions.base import ActionRefused
from palabre.partners.models import Venue
from palabre.partners.tests.factories import VenueFactory
from palabre.partners.tests.helpers import page

CREATE = reverse("partners:venue_create")


@pytest.fixture
def data(service):
    rennes = CommuneFactory(organisation=service, name="Rennes")
    return {
        "name": "Le Cadran",
        "host": "",
        "address": "11 avenue André Mussat",
        "commune": str(rennes.pk),
        "quartier": "",
        "access_notes": "",
    }


@pytest.mark.parametrize(
    ("latitude", "longitude", "expected"),
    [
        ("48,121234", "-1,706", (Decimal("48.121234"), Decimal("-1.706000"))),  # Rennes
        ("48.12123456789", "-1.70612345678", (Decimal("48.121235"), Decimal("-1.706123"))),
        ("-21.115141", "55.536384", (Decimal("-21.115141"), Decimal("55.536384"))),  # Réunion
        ("16.241111", "-61.533056", (Decimal("16.241111"), Decimal("-61.533056"))),  # Guadeloupe
        ("-22.2758", "166.458", (Decimal("-22.275800"), Decimal("166.458000"))),  # Nouméa
        ("", "", (None, None)),
    ],
)
def test_a_venue_takes_the_coordinates_a_map_gives(
    login, coordinator, data, latitude, longitude, expected
):
    response = login(coordinator).post(
        CREATE, data | {"latitude": latitude, "longitude": longitude}
    )
    assert response.status_code == 302
    venue = Venue.objects.get()
    assert (venue.latitude, venue.longitude) == expected


@pytest.mark.parametrize(
    ("latitude", "longitude", "message"),
    [
        ("91", "-1.7", "La latitude est comprise entre -90 et 90 degrés."),
        ("-90.5", "2.35", "La latitude est comprise entre -90 et 90 degrés."),
        ("48.1", "180.01", "La longitude est comprise entre -180 et 180 degrés."),
        ("48.1", "-181", "La longitude est comprise entre -180 et 180 degrés."),
        ("48.1", "", "Indiquez la latitude et la longitude du lieu, ou aucune des deux."),
        ("", "-1.7", "Indiquez la latitude et la longitude du lieu, ou aucune des deux."),
        ("48°07'N", "-1.7", "Saisissez un nombre."),
        ("NaN", "-1.7", "Saisissez un nombre."),
        ("48.1", "-inf", "Saisissez un nombre."),
        ("1e400", "-1.7", "La latitude est comprise entre -90 et 90 degrés."),
    ],
)
def test_out_of_range_or_lone_coordinates_are_refused_in_french(
    login, coordinator, data, latitude, longitude, message
):
    content = page(
        login(coordinator).post(CREATE, data | {"latitude": latitude, "longitude": longitude})
    )
    assert message in content
    assert not Venue.objects.exists()


def test_the_form_explains_where_to_find_the_coordinates(login, coordinator):
    content = page(login(coordinator).get(CREATE))
    assert "adresse du lieu sur une carte (OpenStreetMap, Géoportail)" in content
    assert 'inputmode="decimal"' in content


def test_editing_a_venue_keeps_or_clears_its_coordinates(login, coordinator, service, data):
    venue = VenueFactory(organisation=service, latitude=Decimal("48.1"), longitude=Decimal("-1.7"))
    edit = reverse("partners:venue_edit", args=[venue.pk])
    client = login(coordinator)
    form = data | {"commune": str(venue.commune_id), "is_active": "on"}
    client.post(edit, form | {"latitude": "48,111", "longitude": "-1,68"})
    venue.refresh_from_db()
    assert (venue.latitude, venue.longitude) == (Decimal("48.111000"), Decimal("-1.680000"))
    client.post(edit, form | {"latitude": "", "longitude": ""})
    venue.refresh_from_db()
    assert (venue.latitude, venue.longitude) == (None, None)


def test_the_action_refuses_what_the_form_refuses(coordinator, service, data):
    commune = CommuneFactory(organisation=service)
    with pytest.raises(ActionRefused, match="La longitude est comprise entre -180 et 180"):
        actions.create_venue(
            organisation=service,
            by=coordinator,
            name="Ailleurs",
            address="1 rue",
            commune=commune,
            latitude=Decimal("48"),
            longitude=Decimal("200"),
        )
    with pytest.raises(ActionRefused, match="ou aucune des deux"):
        actions.create_venue(
            organisation=service,
            by=coordinator,
            name="Ailleurs",
            address="1 rue",
            commune=commune,
            latitude=Decimal("48"),
        )
    assert not Venue.objects.exists()
