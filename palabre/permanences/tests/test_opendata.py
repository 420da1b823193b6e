"""The open data of a service's permanences: JSON and CSV without an account, the schema's
field names, stable ids, cache headers, the licence, and nothing about people."""

import csv
import datetime as dt
import io
import json
from decimal import Decimal

import pytest
from django.urls import reverse

from palabre.cases.tests.factories import OrganisationFactory, UserFactory
from palabre.organisations.models import OrganisationKind
from palabre.partners.tests.factories import VenueFactory
from palabre.permanences import actions, opendata
from palabre.permanences.models import BookingChannel, Frequency
from palabre.permanences.tests.conftest import MONDAY, at

MARKER = "QZXPRIVATE"


@pytest.fixture
def published(service, coordinator, permanence, occurrence, mediators):
    """A Tuesday permanence with a mediator on duty and a booking, each carrying a marker; a
    second permanence not bookable online, which stays out."""
    service.phone = "02 99 00 00 00"
    service.email = "contact@service-un.fr"
    service.save()
    venue = permanence.venue
    venue.address = "12 rue du Ronceray, 35000 Rennes"
    venue.access_notes = f"{MARKER}-acces"
    venue.save()
    commune = venue.commune
    commune.name, commune.insee_code, commune.postal_codes = "Rennes", "35238", "35000,35200"
    commune.save()
    mediators[0].user.last_name = f"{MARKER}-mediateur"
    mediators[0].user.save()
    actions.add_duty(occurrence=occurrence, by=coordinator, mediator=mediators[0])
    actions.book(
        occurrence=occurrence,
        starts_at=occurrence.starts_at,
        channel=BookingChannel.STAFF,
        by=coordinator,
        first_name=f"{MARKER}-prenom",
        last_name=f"{MARKER}-nom",
        phone="0600000000",
    )
    hidden = actions.create_permanence(
        organisation=service,
        by=coordinator,
        venue=VenueFactory(organisation=service),
        weekday=3,
        frequency=Frequency.WEEKLY,
        starts_at=dt.time(9),
        ends_at=dt.time(12),
        valid_from=MONDAY,
        is_public=False,
    )
    return {"permanence": permanence, "hidden": hidden}


def test_the_json_lists_each_public_permanence_with_its_venue_rule_and_next_sessions(
    client, service, published
):
    response = client.get(reverse("rdv:opendata_json", args=[service.slug]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    document = json.loads(response.content)
    assert (document["licence"], document["producteur"]) == ("Licence Ouverte 2.0", "Service Un")
    [record] = document["permanences"]
    permanence = published["permanence"]
    assert record | {"prochaines_seances": None} == {
        "id": str(permanence.pk),
        "nom": "Service Un — Maison du Ronceray",
        "structure_parente": "Service Un",
        "adresse": "12 rue du Ronceray, 35000 Rennes",
        "commune": "Rennes",
        "code_postal": "35000",
        "code_insee": "35238",
        "quartier": "",
        "latitude": None,
        "longitude": None,
        "horaires": "Tu 14:00-17:00",
        "regle": "Chaque mardi, de 14 h à 17 h",
        "prochaines_seances": None,
        "prise_rdv": record["prise_rdv"],
        "telephone": "02 99 00 00 00",
        "courriels": "contact@service-un.fr",
        "source": "Palabre",
        "date_maj": "2026-12-07",
    }
    assert record["prise_rdv"].endswith("/rendez-vous/service-un/")
    assert record["prochaines_seances"][0] == {
        "debut": "2026-12-08T14:00:00+01:00",
        "fin": "2026-12-08T17:00:00+01:00",
    }
    assert len(record["prochaines_seances"]) == opendata.NEXT_SESSIONS


def test_the_csv_has_one_row_a_permanence_and_states_its_licence(client, service, published):
    response = client.get(reverse("rdv:opendata_csv", args=[service.slug]))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [row["id"] for row in rows] == [str(published["permanence"].pk)]
    assert rows[0]["horaires"] == "Tu 14:00-17:00"
    assert rows[0]["licence"] == "Licence Ouverte 2.0"
    assert rows[0]["prochaines_seances"].startswith(
        "2026-12-08T14:00:00+01:00/2026-12-08T17:00:00+01:00 | 2026-12-15T14:00:00+01:00/"
    )


def test_a_venue_s_coordinates_are_published_as_decimal_degrees(client, service, published):
    venue = published["permanence"].venue
    venue.latitude, venue.longitude = Decimal("48.121234"), Decimal("-1.706500")
    venue.save()

    document = json.loads(client.get(reverse("rdv:opendata_json", args=[service.slug])).content)
    csv_text = client.get(reverse("rdv:opendata_csv", args=[service.slug])).content.decode()

    [record] = document["permanences"]
    assert (record["latitude"], record["longitude"]) == (48.121234, -1.7065)
    [row] = csv.DictReader(io.StringIO(csv_text))
    assert (row["latitude"], row["longitude"]) == ("48.121234", "-1.7065")


@pytest.mark.parametrize("name", ["rdv:opendata_json", "rdv:opendata_csv"])
def test_nothing_about_people_is_ever_published(client, service, published, name):
    body = client.get(reverse(name, args=[service.slug])).content.decode()

    assert MARKER not in body
    assert "0600000000" not in body


@pytest.mark.parametrize("name", ["rdv:opendata_json", "rdv:opendata_csv"])
def test_the_files_are_cached_revalidated_and_licensed(client, service, published, name):
    url = reverse(name, args=[service.slug])
    first = client.get(url)

    assert first["Cache-Control"] == "public, max-age=3600"
    assert first["Link"] == f'<{opendata.LICENCE_URL}>; rel="license"'
    assert first["Last-Modified"]
    again = client.get(url, headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304
    assert again.content == b""
    assert client.get(url).content == first.content  # same data, same bytes


def test_ids_stay_when_the_permanence_changes_and_the_etag_follows_the_change(
    client, service, coordinator, published
):
    url = reverse("rdv:opendata_json", args=[service.slug])
    before = client.get(url)
    actions.update_permanence(
        permanence=published["permanence"], by=coordinator, starts_at=dt.time(15)
    )
    after = client.get(url)

    assert json.loads(after.content)["permanences"][0]["id"] == str(published["permanence"].pk)
    assert json.loads(after.content)["permanences"][0]["horaires"] == "Tu 15:00-17:00"
    assert after["ETag"] != before["ETag"]


@pytest.mark.parametrize(
    ("frequency", "weeks", "expected"),
    [
        (Frequency.WEEKLY, "", "Tu 14:00-17:00"),
        (Frequency.WEEKS_OF_MONTH, "4,2", "Tu[2,4] 14:00-17:00"),
        (Frequency.WEEKS_OF_MONTH, "-1,1", "Tu[1,-1] 14:00-17:00"),
        (Frequency.EVERY_OTHER_WEEK, "", "week 02-53/2 Tu 14:00-17:00"),
    ],
)
def test_rules_are_written_in_the_opening_hours_syntax(permanence, frequency, weeks, expected):
    permanence.frequency, permanence.weeks_of_month = frequency, weeks
    assert opendata.opening_hours(permanence) == expected  # MONDAY is in ISO week 50


def test_an_unknown_service_or_a_network_answers_404(client, db, clock):
    network = OrganisationFactory(slug="reseau", kind=OrganisationKind.NETWORK)
    for slug in ("inconnu", network.slug):
        assert client.get(reverse("rdv:opendata_json", args=[slug])).status_code == 404


def test_a_logged_in_member_reads_the_same_file(client, service, published, member):
    anonymous = client.get(reverse("rdv:opendata_json", args=[service.slug])).content
    client.force_login(UserFactory())
    assert client.get(reverse("rdv:opendata_json", args=[service.slug])).content == anonymous
    assert at(MONDAY, 9)  # the clock of the fixtures
