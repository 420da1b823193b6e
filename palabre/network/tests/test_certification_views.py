"""Certification pages: for the network's staff only, a 404 for anyone else and for another
network's records; forms that record a mock audit, findings, actions and evidence; and nothing
of a member's cases on any of them."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from palabre.cases import actions as case_actions
from palabre.cases import codes
from palabre.cases.tests.factories import CaseFactory, MembershipFactory
from palabre.network import actions_certification as actions
from palabre.network.models import ActionItem, EvidenceCheck, Finding
from palabre.network.tests.certification_support import (
    make_contact,
    make_member,
    make_network,
)

pytestmark = pytest.mark.django_db
MARKER = "MARQUEUR-CERTIF-9Z"


def ok(response):
    assert response.status_code == 200
    content = response.content.decode()
    assert "INVALID[" not in content
    return content


@pytest.fixture
def world(service, coordinator):
    today = timezone.localdate()
    network, staff = make_network()
    member = make_member(network, name="Service Un", organisation=service)
    contact = make_contact(member)
    record = actions.open_record(
        network=network, member=member, scheme="AFNOR_SOCIAL_MEDIATION", by=staff
    )
    finding = actions.add_finding(
        record=record,
        audit="MOCK",
        found_on=today,
        kind="NONCONFORMITY_MINOR",
        text="Procédure de réclamation à écrire",
        by=staff,
    )
    item = actions.add_action(
        record=record, action="Écrire la procédure", owner_contact=contact, due_on=today, by=staff
    )
    return {
        "network": network,
        "staff": staff,
        "member": member,
        "record": record,
        "finding": finding,
        "item": item,
        "contact": contact,
    }


def urls(world):
    record, item = world["record"], world["item"]
    return [
        reverse("network:certification_list"),
        reverse("network:certification_create"),
        reverse("network:certification_detail", args=[record.pk]),
        reverse("network:certification_stage", args=[record.pk]),
        reverse("network:certification_mock_audit", args=[record.pk]),
        reverse("network:certification_surveillance", args=[record.pk]),
        reverse("network:certification_finding_create", args=[record.pk]),
        reverse("network:certification_action_create", args=[record.pk]),
        reverse("network:certification_action_status", args=[record.pk, item.pk]),
        reverse("network:certification_evidence_check", args=[record.pk, "COMPLAINTS"]),
    ]


@pytest.mark.parametrize(
    "role, where, expected",
    [
        ("network_staff", "network", 200),
        ("admin", "network", 200),
        ("coordinator", "network", 404),
        ("board", "network", 404),
        ("partner", "network", 404),
        ("admin", "service", 404),
        ("coordinator", "service", 404),
        ("network_staff", "service", 404),
        ("network_staff", "other_network", 404),
        ("admin", "other_network", 404),
    ],
)
def test_only_the_network_s_staff_reach_its_certification_pages(
    world, service, login, role, where, expected
):
    organisation = {
        "network": world["network"],
        "service": service,
        "other_network": make_network(slug="autre-reseau", name="Autre réseau")[0],
    }[where]
    client = login(MembershipFactory(organisation=organisation, role=role))

    for url in urls(world):
        response = client.get(url)
        if where == "other_network" and url == reverse("network:certification_list"):
            assert world["member"].name not in ok(response)
            continue
        if where == "other_network" and url == reverse("network:certification_create"):
            assert ok(response)
            continue
        assert response.status_code == expected, url


def test_the_list_filters_records_by_stage_and_due_date(world, login):
    client = login(world["staff"])
    network, staff = world["network"], world["staff"]
    certified = actions.open_record(
        network=network,
        member=make_member(network, name="Médiation Certifiée"),
        scheme="AFNOR_SOCIAL_MEDIATION",
        by=staff,
    )
    actions.set_stage(
        record=certified,
        stage="CERTIFIED",
        on=timezone.localdate() - dt.timedelta(days=2 * 365 + 10),
        by=staff,
    )

    everything = ok(client.get(reverse("network:certification_list")))
    overdue = ok(client.get(reverse("network:certification_list"), {"due": "overdue"}))
    preparing = ok(client.get(reverse("network:certification_list"), {"stage": "PREPARING"}))

    assert "Médiation Certifiée" in everything and "Service Un" in everything
    assert "Médiation Certifiée" in overdue and "Service Un" not in overdue
    assert "en retard" in overdue
    assert "Service Un" in preparing and "Médiation Certifiée" not in preparing


def test_the_record_page_shows_the_stage_findings_action_plan_and_evidence(world, login):
    content = ok(
        login(world["staff"]).get(
            reverse("network:certification_detail", args=[world["record"].pk])
        )
    )

    assert "En préparation" in content
    assert "Procédure de réclamation à écrire" in content
    assert "Écrire la procédure" in content and "Annaïg Le Floch (Coordinatrice)" in content
    assert "Éléments de preuve" in content and "Non suivi dans Palabre." in content


def test_staff_record_a_mock_audit_with_its_first_finding(world, login):
    client = login(world["staff"])
    record = world["record"]
    today = timezone.localdate()

    response = client.post(
        reverse("network:certification_mock_audit", args=[record.pk]),
        {
            "on": today.isoformat(),
            "finding_kind": "OBSERVATION",
            "requirement": "Cadre déontologique",
            "finding_text": "La charte n'est pas affichée à l'accueil.",
        },
    )

    assert response.status_code == 302
    record.refresh_from_db()
    assert (record.stage, record.mock_audit_on) == ("MOCK_AUDIT_DONE", today)
    assert Finding.objects.filter(record=record, requirement="Cadre déontologique").exists()


def test_a_future_date_comes_back_on_the_form_with_its_reason(world, login):
    client = login(world["staff"])
    record = world["record"]
    tomorrow = timezone.localdate() + dt.timedelta(days=1)

    response = client.post(
        reverse("network:certification_stage", args=[record.pk]),
        {"stage": "CERTIFIED", "on": tomorrow.isoformat()},
    )

    assert "La date ne peut pas être dans le futur" in ok(response)
    record.refresh_from_db()
    assert record.stage == "PREPARING"


def test_staff_add_an_action_and_complete_it(world, login):
    client = login(world["staff"])
    record, finding = world["record"], world["finding"]
    due = timezone.localdate() + dt.timedelta(days=60)

    response = client.post(
        reverse("network:certification_action_create", args=[record.pk]),
        {
            "action": "Afficher la charte",
            "finding": finding.pk,
            "owner_name": "Le référent qualité",
            "due_on": due.isoformat(),
        },
    )
    assert response.status_code == 302
    item = ActionItem.objects.get(action="Afficher la charte")
    assert (item.finding, item.owner, item.due_on) == (finding, "Le référent qualité", due)

    response = client.post(
        reverse("network:certification_action_status", args=[record.pk, item.pk]),
        {"status": "DONE", "done_on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == "DONE"


def test_an_action_of_another_record_answers_404(world, login):
    client = login(world["staff"])
    network, staff = world["network"], world["staff"]
    other = actions.open_record(
        network=network, member=make_member(network, name="Autre"), scheme="NETWORK_LABEL", by=staff
    )

    response = client.get(
        reverse("network:certification_action_status", args=[other.pk, world["item"].pk])
    )

    assert response.status_code == 404


def test_staff_tick_and_untick_a_piece_of_evidence(world, login):
    client = login(world["staff"])
    record = world["record"]

    response = client.post(
        reverse("network:certification_evidence_check", args=[record.pk, "COMPLAINTS"]),
        {"note": "Registre vu"},
    )
    assert response.status_code == 302
    assert EvidenceCheck.objects.filter(record=record, item="COMPLAINTS").exists()
    assert "Registre vu" in ok(
        client.get(reverse("network:certification_detail", args=[record.pk]))
    )

    client.post(reverse("network:certification_evidence_uncheck", args=[record.pk, "COMPLAINTS"]))
    assert not EvidenceCheck.objects.exists()
    response = client.get(reverse("network:certification_evidence_check", args=[record.pk, "NOPE"]))
    assert response.status_code == 404


def test_nothing_of_a_member_s_cases_reaches_the_certification_pages(
    world, service, coordinator, login
):
    case = CaseFactory(organisation=service, by=coordinator, requester_last_name=MARKER)
    case_actions.add_party(
        case=case, by=coordinator, role=codes.PartyRole.OTHER_PARTY, last_name=MARKER
    )
    case_actions.add_private_note(case=case, by=coordinator, text=f"Propos {MARKER}")
    client = login(world["staff"])

    for url in urls(world):
        content = ok(client.get(url))
        assert MARKER not in content, url
        assert case.reference not in content, url
