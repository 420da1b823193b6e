"""The demo's certification records: every stage, findings and action plans, built on the
members the network has."""

import datetime as dt

import pytest

from palabre.network import certification as rules
from palabre.network.demo_certification import seed_certification
from palabre.network.models import ActionItem, CertificationRecord, Finding
from palabre.network.tests.certification_support import make_contact, make_member, make_network

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 12, 1)


def test_the_demo_follows_twelve_members_at_every_stage(service):
    network, _staff = make_network()
    make_member(network, name="Zeste Médiation", organisation=service)
    for number in range(14):
        member = make_member(network, name=f"Structure {number:02}")
        make_contact(member, last_name=f"Contact {number}")

    created = seed_certification(network, today=TODAY)

    records = CertificationRecord.objects.of(network)
    assert created == 12 and records.count() == 12
    assert {r.stage for r in records} == {
        "NOT_ENGAGED",
        "PREPARING",
        "MOCK_AUDIT_DONE",
        "CERTIFIED",
    }
    assert {r.scheme for r in records} == {"AFNOR_SOCIAL_MEDIATION", "NETWORK_LABEL"}
    assert records.filter(member__organisation=service).get().stage == "MOCK_AUDIT_DONE"
    steps = [rules.next_step(r, TODAY) for r in records]
    assert any(s and s.is_overdue for s in steps) and any(s and s.is_due_soon for s in steps)
    assert Finding.objects.filter(record__network=network).count() >= 15
    actions = ActionItem.objects.filter(record__network=network)
    assert {a.status for a in actions} == {"TODO", "IN_PROGRESS", "DONE"}
    assert actions.overdue(TODAY).exists()
    assert actions.filter(owner_contact__isnull=False).exists()


def test_the_demo_works_on_a_small_network_and_twice_over():
    network, _staff = make_network()
    make_member(network, name="Seule structure")

    assert seed_certification(network, today=TODAY) == 1
    assert seed_certification(network, today=TODAY) == 0
    assert CertificationRecord.objects.of(network).count() == 1
