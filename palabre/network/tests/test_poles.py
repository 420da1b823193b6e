"""Regional poles: their members, referents, meetings and the documents of their exchange of
practices; the demo of the network's members, dues, poles and events."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from palabre.core.actions import Refused
from palabre.core.tests.clock import pin_clock
from palabre.network import actions
from palabre.network.demo import seed_network
from palabre.network.models import Event, Member, MemberYear, Pole, Registration, SharedDocument
from palabre.network.tests.members_support import (
    OUTSIDERS,
    assert_page_ok,
    make_contact,
    make_member,
    make_network,
    make_outsider,
)

# A fixed day, the clock at 10:00 that day (the day of the import would be yesterday once a run
# crosses midnight).
TODAY = dt.date(2026, 12, 9)


@pytest.fixture(autouse=True)
def _clock(monkeypatch):
    pin_clock(monkeypatch, TODAY)


# Every test here uploads into a media folder of its own.
pytestmark = pytest.mark.usefixtures("media")


@pytest.fixture
def pole(network):
    net, staff = network
    member = make_member(net, name="Médiation de Quimper")
    referent = make_contact(member, last_name="Referente")
    pole = actions.create_pole(
        network=net, by=staff, name="Pôle Grand Ouest", regions=["BRE", "PDL"], referents=[referent]
    )
    actions.update_member(member=member, by=staff, pole=pole)
    return pole


def _pole_pages(pole):
    return [
        reverse("network:poles"),
        reverse("network:pole_create"),
        reverse("network:pole", args=[pole.pk]),
        reverse("network:pole_edit", args=[pole.pk]),
        reverse("network:pole_document", args=[pole.pk]),
    ]


@pytest.mark.parametrize(("where", "role"), OUTSIDERS)
def test_only_the_network_staff_reach_the_poles_pages(where, role, network, pole, service, login):
    client = login(make_outsider(where, role, network[0], service))
    for url in _pole_pages(pole):
        assert client.get(url).status_code == 404, url


def test_another_networks_pole_answers_404_to_staff(pole, login):
    _other, other_staff = make_network(slug="autre", name="Autre")
    client = login(other_staff)
    for url in _pole_pages(pole)[2:]:
        assert client.get(url).status_code == 404, url
    assert "Pôle Grand Ouest" not in client.get(reverse("network:poles")).content.decode()


def test_the_pole_page_shows_its_members_referents_meetings_and_documents(
    network, pole, staff_client
):
    net, staff = network
    make_member(net, name="Hors pôle")
    meeting = actions.create_event(
        network=net,
        by=staff,
        kind="REGIONAL_MEETING",
        title="Rencontre du Grand Ouest",
        starts_on=TODAY + dt.timedelta(days=12),
        place="Rennes",
        pole=pole,
    )
    actions.create_event(
        network=net,
        by=staff,
        kind="NATIONAL_MEETING",
        title="Nationale",
        starts_on=TODAY,
        place="Paris",
    )
    listing = staff_client.get(reverse("network:poles"))
    assert_page_ok(listing)
    assert "Bretagne, Pays de la Loire" in listing.content.decode()
    page = staff_client.get(reverse("network:pole", args=[pole.pk]))
    assert_page_ok(page)
    content = page.content.decode()
    assert "Médiation de Quimper" in content and "Hors pôle" not in content
    assert "Referente" in content
    assert list(page.context["coming"]) == [meeting] and "Nationale" not in content


def test_staff_create_and_edit_a_pole_with_referents(network, staff_client):
    net, _staff = network
    member = make_member(net)
    contact = make_contact(member)
    response = staff_client.post(
        reverse("network:pole_create"), {"name": "Pôle Sud", "regions": ["PAC", "OCC"]}
    )
    pole = Pole.objects.get()
    assert response.status_code == 302 and pole.regions == ["PAC", "OCC"]
    response = staff_client.post(
        reverse("network:pole_edit", args=[pole.pk]),
        {"name": "Pôle Méditerranée", "regions": ["PAC"], "referents": [contact.pk]},
    )
    assert response.status_code == 302
    pole.refresh_from_db()
    assert pole.name == "Pôle Méditerranée" and list(pole.referents.all()) == [contact]


def test_a_referent_from_another_network_is_refused(network, pole):
    other, _staff = make_network(slug="autre", name="Autre")
    stranger = make_contact(make_member(other))
    with pytest.raises(Refused):
        actions.update_pole(pole=pole, by=None, name=pole.name, regions=[], referents=[stranger])


def test_the_exchange_of_practices_shares_documents_of_the_pole(pole, staff_client):
    response = staff_client.post(
        reverse("network:pole_document", args=[pole.pk]),
        {
            "title": "Fiche pratique : le pied d'immeuble",
            "shared_on": TODAY.isoformat(),
            "file": SimpleUploadedFile(
                "fiche.odt", b"PK\x03\x04contenu", "application/vnd.oasis.opendocument.text"
            ),
        },
    )
    assert response.status_code == 302
    document = SharedDocument.objects.get()
    assert document.pole == pole and document.event is None
    page = staff_client.get(reverse("network:pole", args=[pole.pk])).content.decode()
    assert "Fiche pratique" in page
    download = staff_client.get(reverse("network:document", args=[document.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"PK\x03\x04contenu"
    download.close()


def test_a_document_belongs_to_an_event_or_a_pole(network, pole):
    with pytest.raises(Refused):
        actions.share_document(
            network=network[0],
            by=None,
            title="Nulle part",
            shared_on=TODAY,
            file=SimpleUploadedFile("x.txt", b"x"),
        )


# --- Demo -----------------------------------------------------------------------------------------


def test_the_demo_builds_members_dues_poles_and_events(network, service, login):
    net, staff = network
    counts = seed_network(net, today=TODAY, demo_service=service, size=8)
    assert counts["members"] == Member.objects.of(net).count() == 9
    demo_member = Member.objects.get(organisation=service)
    assert demo_member.network == net and net in service.networks.all()
    assert all("(démo)" in m.name for m in Member.objects.of(net).exclude(pk=demo_member.pk))
    assert Pole.objects.of(net).count() == 4
    assert all(m.contacts.filter(is_main=True).count() == 1 for m in Member.objects.of(net))
    this_year = MemberYear.objects.of(net).filter(year=TODAY.year)
    assert this_year.filter(paid_on__isnull=True).exists()
    assert this_year.filter(paid_on__isnull=False).exists()
    assert MemberYear.objects.of(net).filter(year=TODAY.year - 1).exists()
    events = Event.objects.of(net)
    assert events.coming(TODAY).exists() and events.past(TODAY).exists()
    past = Registration.objects.of(net).filter(event__starts_on__lte=TODAY)
    assert past.exists() and not past.filter(attendance="").exists()
    assert (
        not Registration.objects.of(net)
        .filter(event__starts_on__gt=TODAY)
        .exclude(attendance="")
        .exists()
    )
    assert SharedDocument.objects.of(net).exists()
    client = login(staff)
    for url in ("/reseau/", "/reseau/membres/", "/reseau/poles/", "/reseau/evenements/"):
        assert_page_ok(client.get(url))


def test_the_full_demo_has_about_forty_members_across_regions_and_phases(network):
    net, _staff = network
    counts = seed_network(net, today=TODAY, demo_service=None)
    members = Member.objects.of(net)
    assert counts["members"] == members.count() >= 40
    assert members.values("region").distinct().count() >= 12
    assert {m.phase for m in members} == {"CREATION", "LAUNCH", "PERMANENT"}
    assert members.values("legal_type").distinct().count() >= 6
