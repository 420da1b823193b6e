"""Who reads, downloads and edits which resource: every role of the network, of a member service
in one pole or the other, of a service outside the network, of a foreign network, and a visitor
without an account. A resource out of reach answers 404, exactly like a missing one."""

from html import escape

import pytest
from django.urls import reverse

from palabre.library import access

ALL_OF_NETWORK = {"public", "members", "pole_bre", "pole_idf", "by_rennes", "by_montreuil"}
RENNES_READS = {"public", "members", "pole_bre", "by_rennes", "by_montreuil"}
MONTREUIL_READS = {"public", "members", "pole_idf", "by_rennes", "by_montreuil"}

# person → (the resources they read, the ones they may edit)
TABLE = {
    "network_staff": (ALL_OF_NETWORK | {"withdrawn"}, ALL_OF_NETWORK | {"withdrawn"}),
    "network_admin": (ALL_OF_NETWORK | {"withdrawn"}, ALL_OF_NETWORK | {"withdrawn"}),
    "network_coordinator": (set(), set()),
    "coordinator": (RENNES_READS, {"by_rennes"}),
    "service_admin": (RENNES_READS, {"by_rennes"}),
    "mediator": (RENNES_READS, set()),
    "reception": (RENNES_READS, set()),
    "board": (RENNES_READS, set()),
    "partner": ({"public"}, set()),
    "other_pole_coordinator": (MONTREUIL_READS, {"by_montreuil"}),
    "outside_coordinator": (set(), set()),
    "foreign_staff": ({"foreign"}, {"foreign"}),
}


def read(response) -> bytes:
    """A file response's content (the test client closes the file once it is read)."""
    return b"".join(response.streaming_content)


READERS = {person for person, (reads, _edits) in TABLE.items() if reads}


@pytest.mark.parametrize("person", sorted(TABLE))
def test_the_list_shows_exactly_what_the_person_reads(world, login, person):
    client = login(world.people[person])
    reads, _edits = TABLE[person]

    response = client.get(reverse("library:list"))

    if person not in READERS:
        assert response.status_code == 404
        return
    assert response.status_code == 200
    page = response.content.decode()
    for key, resource in world.resources.items():
        assert (escape(resource.title) in page) == (key in reads), key


@pytest.mark.parametrize("person", sorted(TABLE))
def test_each_resource_page_and_file_answers_only_its_readers(world, login, person):
    client = login(world.people[person])
    reads, _edits = TABLE[person]
    for key, resource in world.resources.items():
        expected = 200 if key in reads else 404
        detail = client.get(reverse("library:detail", args=[resource.pk]))
        download = client.get(reverse("library:download", args=[resource.pk]))
        old = client.get(reverse("library:download_version", args=[resource.pk, 1]))
        assert (detail.status_code, download.status_code, old.status_code) == (expected,) * 3, key
        if expected == 200:
            assert read(download).startswith(b"%PDF-")
            assert read(old).startswith(b"%PDF-")


@pytest.mark.parametrize("person", sorted(TABLE))
def test_only_the_authors_edit_version_and_withdraw(world, login, person):
    client = login(world.people[person])
    _reads, edits = TABLE[person]
    for key, resource in world.resources.items():
        expected = 200 if key in edits and key != "withdrawn" else 404
        for name in ("library:edit", "library:version"):
            response = client.get(reverse(name, args=[resource.pk]))
            assert response.status_code == expected, (name, key)
        if key not in edits:
            response = client.post(reverse("library:withdraw", args=[resource.pk]))
            assert response.status_code == 404, key
            resource.refresh_from_db()
            assert resource.is_withdrawn == (key == "withdrawn")


@pytest.mark.parametrize("person", sorted(TABLE))
def test_only_the_network_staff_and_member_managers_may_share(world, login, person):
    client = login(world.people[person])
    may = person in {
        "network_staff",
        "network_admin",
        "coordinator",
        "service_admin",
        "other_pole_coordinator",
        "foreign_staff",
    }

    response = client.get(reverse("library:create"))

    assert response.status_code == (200 if may else 404)
    assert access.can_share(world.people[person]) is may


def test_a_visitor_without_an_account_is_sent_to_log_in(world, client):
    for key, resource in world.resources.items():
        for name in ("library:detail", "library:download", "library:edit"):
            url = reverse(name, args=[resource.pk])
            response = client.get(url)
            assert response.status_code == 302, (name, key)
            assert response["Location"].startswith(reverse("accounts:login"))


def test_the_public_download_serves_only_current_public_resources(world, client):
    for key, resource in world.resources.items():
        response = client.get(reverse("library:public_download", args=[resource.pk]))
        assert response.status_code == (200 if key in {"public", "foreign"} else 404), key
        if response.status_code == 200:
            assert read(response).startswith(b"%PDF-")


def test_the_navigation_offers_the_library_to_its_readers_only(world, login):
    for person, (reads, _edits) in TABLE.items():
        page = login(world.people[person]).get(reverse("home"), follow=True).content.decode()
        assert (reverse("library:list") + '"' in page) == bool(reads), person
