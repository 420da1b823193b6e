"""The members directory: its start page and search, a member's entry and contacts, the years of
dues and their reminders; only the network's staff reach it, and never a member's cases."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from palabre.core.actions import Refused
from palabre.network import actions
from palabre.network.models import DuesCategory, Member, MemberYear
from palabre.network.tests.members_support import (
    OUTSIDERS,
    TODAY,
    assert_page_ok,
    make_contact,
    make_member,
    make_network,
    make_outsider,
)
from tests.crawling import crawl
from tests.test_confidentiality import (  # noqa: F401, F811 (fixtures)
    MARKER,
    OTHER_PARTY_MARKER,
    landlord_agent,
    world,
)

# --- Access ---------------------------------------------------------------------------------------


def _member_pages(member, year):
    return [
        reverse("network:home"),
        reverse("network:members"),
        reverse("network:member_create"),
        reverse("network:member", args=[member.pk]),
        reverse("network:member_edit", args=[member.pk]),
        reverse("network:contact_create", args=[member.pk]),
        reverse("network:year_create", args=[member.pk]),
        reverse("network:year_paid", args=[year.pk]),
    ]


@pytest.mark.parametrize(("where", "role"), OUTSIDERS)
def test_only_the_network_staff_reach_the_members_pages(where, role, network, service, login):
    net, _staff = network
    member = make_member(net)
    year = actions.record_year(member=member, by=None, year=2026, category=DuesCategory.SMALL)
    client = login(make_outsider(where, role, net, service))
    for url in _member_pages(member, year):
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("network:member_create"), {"name": "X"}).status_code == 404


def test_the_network_admin_reaches_the_members_pages(network, login, member):
    net, _staff = network
    admin = member("admin", organisation=net)
    entry = make_member(net)
    year = actions.record_year(member=entry, by=None, year=2026, category=DuesCategory.SMALL)
    client = login(admin)
    for url in _member_pages(entry, year):
        assert_page_ok(client.get(url))


def test_a_member_of_another_network_answers_404_to_staff(network, staff_client):
    other, _staff = make_network(slug="autre", name="Autre")
    foreign = make_member(other, name="Médiation d'ailleurs")
    contact = make_contact(foreign)
    year = actions.record_year(member=foreign, by=None, year=2026, category=DuesCategory.SMALL)
    for url in _member_pages(foreign, year)[3:] + [
        reverse("network:contact_edit", args=[contact.pk])
    ]:
        assert staff_client.get(url).status_code == 404, url
    assert (
        "Médiation d'ailleurs" not in staff_client.get(reverse("network:members")).content.decode()
    )


def test_network_staff_start_from_the_network_and_find_it_in_the_menu(network, staff_client):
    response = staff_client.get("/")
    assert response.status_code == 302 and response.url == reverse("network:home")
    page = staff_client.get(reverse("network:home"))
    assert f'href="{reverse("network:home")}"' in page.content.decode()


def test_a_service_coordinator_has_no_network_link(coordinator, login):
    page = login(coordinator).get(reverse("cases:today"))
    assert f'href="{reverse("network:home")}"' not in page.content.decode()


@pytest.mark.parametrize("role", ["network_staff", "admin"])
def test_the_network_account_never_sees_a_members_cases(role, world, service, login):  # noqa: F811
    net, _staff = make_network()
    service.networks.add(net)
    entry = make_member(net, name=service.name, organisation=service)
    make_contact(entry)
    actions.record_year(member=entry, by=None, year=TODAY.year, category=DuesCategory.SMALL)
    event = actions.create_event(
        network=net,
        by=None,
        kind="NATIONAL_MEETING",
        title="Rencontre",
        starts_on=TODAY,
        place="Lyon",
    )
    actions.register(event=event, by=None, member=entry, name="Invitée")
    from palabre.cases.tests.factories import MembershipFactory

    client = login(MembershipFactory(organisation=net, role=role))
    pages = list(crawl(client, start="/reseau/"))
    assert any(url.startswith("/reseau/membres/") for url, _r in pages)
    assert any(service.name in r.content.decode() for _u, r in pages)
    for url, response in pages:
        assert response.status_code in (200, 404), url
        content = response.content.decode(errors="ignore")
        assert MARKER not in content, url
        assert OTHER_PARTY_MARKER not in content, url
        assert world["case"].reference not in content, url
    case = world["case"]
    for url in (f"/dossiers/{case.pk}/", f"/dossiers/{case.pk}/action/note/"):
        assert MARKER not in client.get(url).content.decode(errors="ignore")


# --- The start page and the directory -------------------------------------------------------------


def test_the_start_page_counts_members_and_lists_unpaid_dues(network, staff_client):
    net, _staff = network
    paid = make_member(net, name="Médiation de Brest", region="BRE", phase="LAUNCH")
    late = make_member(net, name="Médiation de Nice", region="PAC", legal_type="CITY")
    year = dt.date.today().year
    for entry in (paid, late):
        actions.record_year(member=entry, by=None, year=year, category=DuesCategory.SMALL)
    actions.mark_paid(year=paid.years.get(), by=None, paid_on=dt.date.today())
    page = staff_client.get(reverse("network:home"))
    assert_page_ok(page)
    content = page.content.decode()
    assert "Bretagne" in content and "En lancement" in content and "Commune" in content
    assert page.context["unpaid_count"] == 1
    assert [due.member for due in page.context["unpaid"]] == [late]


@pytest.fixture
def directory(network):
    net, _staff = network
    return {
        "brest": make_member(net, name="Médiation de Brest", region="BRE", phase="CREATION"),
        "nice": make_member(
            net, name="Ville de Nice", region="PAC", legal_type="CITY", domains=["SCHOOL"]
        ),
        "lyon": make_member(
            net, name="Médiation des transports de Lyon", region="ARA", domains=["TRANSPORT"]
        ),
        "old": make_member(net, name="Ancienne structure", is_active=False),
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", {"brest", "nice", "lyon"}),
        ("region=PAC", {"nice"}),
        ("phase=CREATION", {"brest"}),
        ("legal_type=CITY", {"nice"}),
        ("domain=TRANSPORT", {"lyon"}),
        ("q=mediation", {"brest", "lyon"}),
        ("dues=paid", {"brest"}),
        ("dues=unpaid", {"nice"}),
        ("dues=none", {"lyon"}),
        ("inactive=on&q=ancienne", {"old"}),
    ],
)
def test_the_directory_filters_members(query, expected, directory, staff_client):
    year = dt.date.today().year
    for key in ("brest", "nice"):
        actions.record_year(member=directory[key], by=None, year=year, category="SMALL")
    actions.mark_paid(year=directory["brest"].years.get(), by=None, paid_on=dt.date.today())
    response = staff_client.get(reverse("network:members") + "?" + query)
    assert_page_ok(response)
    shown = {m.pk for m in response.context["members"]}
    assert shown == {directory[key].pk for key in expected}


def test_the_directory_filters_by_pole(network, staff_client):
    net, staff = network
    pole = actions.create_pole(network=net, by=staff, name="Pôle Ouest", regions=["BRE"])
    inside = make_member(net, name="Dans le pôle", pole=pole)
    make_member(net, name="Hors du pôle")
    response = staff_client.get(reverse("network:members") + f"?pole={pole.pk}")
    assert [m.pk for m in response.context["members"]] == [inside.pk]


def test_a_bad_filter_shows_its_error_and_no_member(directory, staff_client):
    response = staff_client.get(reverse("network:members") + "?region=XX")
    assert_page_ok(response)
    assert list(response.context["members"]) == []
    assert "critères ne sont pas valides" in response.content.decode()


# --- A member's entry and contacts ----------------------------------------------------------------


def test_staff_create_a_member_linked_to_its_palabre_organisation(network, service, staff_client):
    net, _staff = network
    service.networks.add(net)
    response = staff_client.post(
        reverse("network:member_create"),
        {
            "name": "Service Un",
            "legal_type": "ASSOCIATION",
            "phase": "PERMANENT",
            "organisation": service.pk,
            "region": "BRE",
            "domains": ["NEIGHBOURHOOD_CONFLICTS", "SOCIAL_HOUSING"],
            "staff": "8",
            "dues_category": "MEDIUM",
            "is_active": "on",
        },
    )
    member = Member.objects.get(network=net)
    assert response.status_code == 302 and response.url == reverse(
        "network:member", args=[member.pk]
    )
    assert member.organisation == service and member.domains == [
        "NEIGHBOURHOOD_CONFLICTS",
        "SOCIAL_HOUSING",
    ]
    page = staff_client.get(response.url)
    assert_page_ok(page)
    assert "utilise Palabre sur cette instance" in page.content.decode()
    assert "Habitat social" in page.content.decode()


def test_a_service_outside_the_network_cannot_be_linked(network, other_service):
    net, staff = network
    with pytest.raises(Refused):
        actions.create_member(
            network=net,
            by=staff,
            name="X",
            legal_type="CITY",
            region="IDF",
            organisation=other_service,
        )


def test_an_invalid_member_form_saves_nothing(network, staff_client):
    response = staff_client.post(reverse("network:member_create"), {"name": ""})
    assert_page_ok(response)
    assert not Member.objects.exists()


def test_staff_edit_a_member(network, staff_client):
    net, _staff = network
    member = make_member(net)
    response = staff_client.post(
        reverse("network:member_edit", args=[member.pk]),
        {"name": "Nouveau nom", "legal_type": "CITY", "phase": "LAUNCH", "region": "OCC"},
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.name, member.region, member.is_active) == ("Nouveau nom", "OCC", False)


def test_naming_a_main_contact_withdraws_the_title_from_the_other(network, staff_client):
    net, _staff = network
    member = make_member(net)
    first = make_contact(member, is_main=True)
    response = staff_client.post(
        reverse("network:contact_create", args=[member.pk]),
        {
            "first_name": "Yann",
            "last_name": "Kerdraon",
            "email": "yann@exemple.fr",
            "is_main": "on",
        },
    )
    assert response.status_code == 302
    first.refresh_from_db()
    assert not first.is_main
    assert member.contacts.get(is_main=True).last_name == "Kerdraon"
    second = member.contacts.get(last_name="Kerdraon")
    response = staff_client.post(
        reverse("network:contact_edit", args=[second.pk]),
        {"first_name": "Yann", "last_name": "Kerdraon", "position": "Directeur"},
    )
    assert response.status_code == 302
    second.refresh_from_db()
    assert second.position == "Directeur" and not second.is_main


# --- Dues -----------------------------------------------------------------------------------------


def test_a_year_takes_its_amount_from_the_scale(network, staff_client, settings):
    settings.PALABRE_NETWORK_DUES = {"MEDIUM": 700}
    net, _staff = network
    member = make_member(net)
    response = staff_client.post(
        reverse("network:year_create", args=[member.pk]),
        {"year": "2026", "category": "MEDIUM", "invoice_reference": "F-2026-01"},
    )
    assert response.status_code == 302
    year = member.years.get()
    assert (year.amount, year.invoice_reference, year.is_paid) == (
        Decimal("700"),
        "F-2026-01",
        False,
    )
    other = actions.record_year(
        member=make_member(net, name="B"), by=None, year=2026, category="LARGE"
    )
    assert other.amount == Decimal("1200")


def test_a_year_is_recorded_once(network, staff_client):
    net, _staff = network
    member = make_member(net)
    actions.record_year(member=member, by=None, year=2026, category="SMALL")
    response = staff_client.post(
        reverse("network:year_create", args=[member.pk]), {"year": "2026", "category": "SMALL"}
    )
    assert_page_ok(response)
    assert "déjà enregistrée" in response.content.decode()
    assert member.years.count() == 1


def test_staff_mark_a_year_paid(network, staff_client):
    net, _staff = network
    member = make_member(net)
    year = actions.record_year(
        member=member, by=None, year=2026, category="SMALL", amount=Decimal("90")
    )
    response = staff_client.post(
        reverse("network:year_paid", args=[year.pk]),
        {"paid_on": dt.date.today().isoformat(), "invoice_reference": "F-9"},
    )
    assert response.status_code == 302
    year.refresh_from_db()
    assert year.paid_on == dt.date.today() and year.invoice_reference == "F-9"
    page = staff_client.get(reverse("network:member", args=[member.pk]))
    assert "payée le" in page.content.decode()
    again = staff_client.post(
        reverse("network:year_paid", args=[year.pk]), {"paid_on": dt.date.today().isoformat()}
    )
    assert "déjà marquée payée" in again.content.decode()


@pytest.fixture
def unpaid(network):
    net, _staff = network
    member = make_member(net)
    make_contact(member, last_name="Secondaire", email="second@exemple.fr")
    make_contact(member, last_name="Principale", email="principale@exemple.fr", is_main=True)
    year = actions.record_year(member=member, by=None, year=TODAY.year, category="SMALL")
    paid = make_member(net, name="Structure à jour")
    make_contact(paid, email="ajour@exemple.fr")
    actions.record_year(member=paid, by=None, year=TODAY.year, category="SMALL")
    MemberYear.objects.filter(member=paid).update(paid_on=TODAY)
    last_year = make_member(net, name="En retard l'an passé")
    make_contact(last_year, email="anpasse@exemple.fr")
    actions.record_year(member=last_year, by=None, year=TODAY.year - 1, category="SMALL")
    return year


def test_remind_dues_twice_sends_one_email_to_the_main_contact(
    unpaid, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert actions.remind_dues(today=TODAY) == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert actions.remind_dues(today=TODAY) == 0
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["principale@exemple.fr"]
    assert "2026" in message.subject and "250,00" in message.body
    unpaid.refresh_from_db()
    assert (unpaid.reminders_sent, unpaid.last_reminded_on) == (1, TODAY)


def test_the_remind_dues_command_run_twice_sends_one_email(
    unpaid, django_capture_on_commit_callbacks, monkeypatch
):
    # The command reads the clock: on the day the dues were recorded, not on whatever day the
    # suite runs (from January 1st, last year's dues are no longer this year's).
    noon = dt.datetime.combine(TODAY, dt.time(12), tzinfo=dt.UTC)
    monkeypatch.setattr(timezone, "now", lambda: noon)
    for _run in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            call_command("remind_dues", stdout=io.StringIO())
    assert len(mail.outbox) == 1


def test_reminders_are_spaced_and_limited(unpaid, settings, django_capture_on_commit_callbacks):
    settings.PALABRE_DUES_REMINDERS = 2
    settings.PALABRE_DUES_REMINDER_DAYS = 10
    sent = []
    for days in (0, 5, 10, 15, 20, 40):
        with django_capture_on_commit_callbacks(execute=True):
            sent.append(actions.remind_dues(today=TODAY + dt.timedelta(days=days)))
    assert sent == [1, 0, 1, 0, 0, 0]
    assert len(mail.outbox) == 2


def test_paid_dues_are_not_reminded(unpaid, django_capture_on_commit_callbacks):
    actions.mark_paid(year=unpaid, by=None, paid_on=TODAY)
    with django_capture_on_commit_callbacks(execute=True):
        assert actions.remind_dues(today=TODAY) == 0
    assert mail.outbox == []


def test_a_network_admin_is_offered_no_case_pages(login, network):
    from palabre.cases.tests.factories import MembershipFactory

    admin = MembershipFactory(organisation=network[0], role="admin")
    client = login(admin)
    page = client.get(reverse("network:home")).content.decode()
    assert reverse("cases:list") not in page and reverse("cases:today") not in page
    assert client.get(reverse("cases:list")).status_code == 404
