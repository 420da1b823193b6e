"""Events of the network: meetings, working groups and research actions, their registrations,
attendance and shared documents, served only through the access-checked view."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from palabre.core.actions import Refused
from palabre.core.tests.clock import pin_clock
from palabre.network import actions
from palabre.network.models import Attendance, Event, Registration, SharedDocument
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


def make_event(network, days=0, **fields):
    fields.setdefault("kind", "NATIONAL_MEETING")
    fields.setdefault("title", "Rencontre nationale")
    fields.setdefault("place", "Lyon")
    return actions.create_event(
        network=network, by=None, starts_on=TODAY + dt.timedelta(days=days), **fields
    )


def share(event):
    return actions.share_document(
        network=event.network,
        by=None,
        event=event,
        title="Compte rendu",
        shared_on=TODAY,
        file=SimpleUploadedFile("compte-rendu.pdf", b"%PDF-1.4 test", "application/pdf"),
    )


def _event_pages(event, registration, document):
    return [
        reverse("network:events"),
        reverse("network:event_create"),
        reverse("network:event", args=[event.pk]),
        reverse("network:event_edit", args=[event.pk]),
        reverse("network:registration_create", args=[event.pk]),
        reverse("network:event_document", args=[event.pk]),
        reverse("network:document", args=[document.pk]),
    ]


@pytest.fixture
def event_world(network):
    net, _staff = network
    event = make_event(net, days=-1)
    member = make_member(net)
    registration = actions.register(event=event, by=None, member=member, name="Invitée")
    return event, registration, share(event)


@pytest.mark.parametrize(("where", "role"), OUTSIDERS)
def test_only_the_network_staff_reach_the_events_pages(
    where, role, network, event_world, service, login
):
    event, registration, document = event_world
    client = login(make_outsider(where, role, network[0], service))
    for url in _event_pages(event, registration, document):
        assert client.get(url).status_code == 404, url
    posts = [
        reverse("network:attendance", args=[event.pk]),
        reverse("network:registration_delete", args=[registration.pk]),
    ]
    for url in posts:
        assert client.post(url, {}).status_code == 404, url
    assert Registration.objects.filter(pk=registration.pk).exists()


def test_another_networks_events_answer_404_to_staff(event_world, login):
    event, registration, document = event_world
    _other, other_staff = make_network(slug="autre", name="Autre")
    client = login(other_staff)
    for url in _event_pages(event, registration, document)[2:]:
        assert client.get(url).status_code == 404, url
    assert (
        client.post(reverse("network:registration_delete", args=[registration.pk])).status_code
        == 404
    )
    assert str(event.pk) not in client.get(reverse("network:events")).content.decode()


def test_staff_see_every_events_page(event_world, staff_client):
    event, registration, document = event_world
    for url in _event_pages(event, registration, document)[:-1]:
        assert_page_ok(staff_client.get(url))


def test_staff_create_a_regional_meeting_of_a_pole(network, staff_client):
    net, staff = network
    pole = actions.create_pole(network=net, by=staff, name="Pôle Sud", regions=["PAC"])
    response = staff_client.post(
        reverse("network:event_create"),
        {
            "kind": "REGIONAL_MEETING",
            "title": "Rencontre du pôle Sud",
            "starts_on": (TODAY + dt.timedelta(days=10)).isoformat(),
            "place": "Marseille",
            "pole": pole.pk,
        },
    )
    event = Event.objects.get()
    assert response.status_code == 302 and event.pole == pole
    listing = staff_client.get(reverse("network:events"))
    assert list(listing.context["coming"]) == [event]
    assert (
        "Rencontre du pôle Sud"
        in staff_client.get(reverse("network:pole", args=[pole.pk])).content.decode()
    )


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"ends_on": TODAY - dt.timedelta(days=1)}, "La date de fin précède"),
        ({"place": "", "is_remote": False}, "Indiquez un lieu"),
    ],
)
def test_an_event_that_makes_no_sense_is_refused(fields, message, network):
    with pytest.raises(Refused, match=message):
        make_event(network[0], **fields)


def test_a_national_meeting_belongs_to_no_pole(network):
    net, staff = network
    pole = actions.create_pole(network=net, by=staff, name="Pôle", regions=["BRE"])
    with pytest.raises(Refused):
        make_event(net, pole=pole)


def test_an_event_can_be_edited(network, staff_client):
    event = make_event(network[0])
    response = staff_client.post(
        reverse("network:event_edit", args=[event.pk]),
        {
            "kind": "WORKING_GROUP",
            "title": "Groupe nuit",
            "starts_on": TODAY.isoformat(),
            "is_remote": "on",
        },
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert (event.kind, event.title, event.is_remote) == ("WORKING_GROUP", "Groupe nuit", True)


def test_staff_register_a_contact_and_a_named_person(network, staff_client):
    net, _staff = network
    event = make_event(net, days=5)
    member = make_member(net)
    contact = make_contact(member)
    url = reverse("network:registration_create", args=[event.pk])
    assert staff_client.post(url, {"contact": contact.pk}).status_code == 302
    assert staff_client.post(url, {"member": member.pk, "name": "Loïc Tanguy"}).status_code == 302
    again = staff_client.post(url, {"contact": contact.pk})
    assert "déjà inscrite" in again.content.decode()
    missing = staff_client.post(url, {"member": member.pk})
    assert "Indiquez le nom" in missing.content.decode()
    assert sorted(r.person for r in event.registrations.all()) == ["Annaïg Le Floch", "Loïc Tanguy"]
    assert all(r.member == member for r in event.registrations.all())


def test_a_contact_of_another_network_cannot_be_registered(network):
    net, _staff = network
    event = make_event(net)
    other, _other_staff = make_network(slug="autre", name="Autre")
    foreign = make_member(other)
    with pytest.raises(Refused):
        actions.register(event=event, by=None, member=foreign, contact=make_contact(foreign))


def test_attendance_is_taken_once_the_event_has_begun(network, staff_client):
    net, _staff = network
    member = make_member(net)
    coming = make_event(net, days=3)
    early = actions.register(event=coming, by=None, member=member, name="Trop tôt")
    refused = staff_client.post(
        reverse("network:attendance", args=[coming.pk]), {f"r_{early.pk}": "PRESENT"}
    )
    assert "premier jour" in refused.content.decode()
    early.refresh_from_db()
    assert early.attendance == Attendance.UNKNOWN

    today = make_event(net, title="Aujourd'hui")
    here = actions.register(event=today, by=None, member=member, name="Présente")
    away = actions.register(event=today, by=None, member=member, name="Absente")
    response = staff_client.post(
        reverse("network:attendance", args=[today.pk]),
        {f"r_{here.pk}": "PRESENT", f"r_{away.pk}": "ABSENT"},
    )
    assert response.status_code == 302
    here.refresh_from_db()
    away.refresh_from_db()
    assert (here.attendance, away.attendance) == (Attendance.PRESENT, Attendance.ABSENT)
    page = staff_client.get(reverse("network:event", args=[today.pk]))
    assert page.context["present"] == 1 and page.context["absent"] == 1


def test_a_registration_can_be_withdrawn(event_world, staff_client):
    event, registration, _document = event_world
    response = staff_client.post(reverse("network:registration_delete", args=[registration.pk]))
    assert response.status_code == 302
    assert not event.registrations.exists()


# --- Shared documents -----------------------------------------------------------------------------


def test_a_document_is_uploaded_and_downloaded_through_the_checked_view(
    network, staff_client, media
):
    event = make_event(network[0])
    response = staff_client.post(
        reverse("network:event_document", args=[event.pk]),
        {
            "title": "Diaporama",
            "shared_on": TODAY.isoformat(),
            "file": SimpleUploadedFile("diaporama.pdf", b"%PDF-1.4 contenu", "application/pdf"),
        },
    )
    assert response.status_code == 302
    document = SharedDocument.objects.get()
    assert str(media) in document.file.path and document.size == len(b"%PDF-1.4 contenu")
    page = staff_client.get(reverse("network:event", args=[event.pk])).content.decode()
    assert reverse("network:document", args=[document.pk]) in page
    assert "/media/" not in page
    download = staff_client.get(reverse("network:document", args=[document.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.4 contenu"
    assert 'filename="diaporama.pdf"' in download["Content-Disposition"]
    download.close()


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("script.exe", b"MZ", "application/octet-stream"), "pas accepté"),
        (SimpleUploadedFile("vide.pdf", b"", "application/pdf"), "vide"),
        (SimpleUploadedFile("photo.png", b"du texte", "image/png"), "ne correspond pas"),
        (SimpleUploadedFile("cr.pdf", b"MZ\x90\x00", "application/pdf"), "ne correspond pas"),
        (SimpleUploadedFile("notes.txt", b"%PDF-1.4", "text/plain"), "ne correspond pas"),
    ],
)
def test_a_document_of_the_wrong_type_is_refused_in_french(upload, message, network, staff_client):
    event = make_event(network[0])
    response = staff_client.post(
        reverse("network:event_document", args=[event.pk]),
        {"title": "X", "shared_on": TODAY.isoformat(), "file": upload},
    )
    assert_page_ok(response)
    assert message in response.content.decode()
    assert not SharedDocument.objects.exists()


def test_a_document_too_large_is_refused(network, staff_client, monkeypatch):
    from palabre.network.forms import events as forms

    monkeypatch.setattr(forms, "MAX_DOCUMENT_BYTES", 10)
    event = make_event(network[0])
    response = staff_client.post(
        reverse("network:event_document", args=[event.pk]),
        {
            "title": "Lourd",
            "shared_on": TODAY.isoformat(),
            "file": SimpleUploadedFile("lourd.pdf", b"x" * 11, "application/pdf"),
        },
    )
    assert "au plus" in response.content.decode()
    assert not SharedDocument.objects.exists()


def test_a_missing_file_answers_404(event_world, staff_client):
    _event, _registration, document = event_world
    document.file.delete(save=False)
    assert staff_client.get(reverse("network:document", args=[document.pk])).status_code == 404
