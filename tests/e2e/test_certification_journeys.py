"""Certification journey: the network's staff open a member's certification record, record its
mock audit with a finding, plan an action with its owner and due date, and find it in the action
plan. Every page visited is audited by axe-core."""

import datetime as dt

from django.utils import timezone
from playwright.sync_api import expect

from palabre.cases.tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from palabre.network import actions_certification as actions
from palabre.network.models import ActionItem, Finding, Member, MemberContact


def click(audited, role, name, exact=True):
    with audited.page.expect_navigation():
        audited.page.get_by_role(role, name=name, exact=exact).first.click()
    audited.audit()


def test_staff_record_a_mock_audit_and_its_action_plan(audited, transactional_db):
    network = OrganisationFactory(kind="NETWORK", name="Réseau des villes", slug="reseau-villes")
    staff = MembershipFactory(
        organisation=network,
        role="network_staff",
        user=UserFactory(first_name="Inès", last_name="Bouvier"),
    )
    member = Member.objects.create(
        network=network, name="Médiation Lorient", legal_type="ASSOCIATION", region="BRE"
    )
    MemberContact.objects.create(
        network=network,
        member=member,
        first_name="Annaïg",
        last_name="Le Floch",
        position="Coordinatrice",
    )
    actions.open_record(network=network, member=member, scheme="AFNOR_SOCIAL_MEDIATION", by=staff)
    today = timezone.localdate()
    due = today + dt.timedelta(days=45)

    audited.login(staff.user.email)
    audited.goto("/reseau/certification/")
    page = audited.page
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Certification des structures membres"
    )
    click(audited, "link", "Médiation Lorient")
    expect(page.get_by_role("heading", level=1)).to_have_text("Médiation Lorient")

    click(audited, "link", "Enregistrer un audit à blanc")
    page.get_by_label("Date de l'audit").fill(today.isoformat())
    page.get_by_label("Nature du constat").select_option(label="Non-conformité mineure")
    page.get_by_label("Exigence").fill("Amélioration continue")
    page.get_by_label("Constat", exact=True).fill("Pas de registre des réclamations.")
    click(audited, "button", "Enregistrer l'audit à blanc")
    expect(page.get_by_role("alert").or_(page.get_by_role("status")).first).to_contain_text(
        "L'audit à blanc est enregistré."
    )
    expect(page.get_by_text("Audit à blanc réalisé").first).to_be_visible()
    findings = page.get_by_role("table", name="Constats des audits")
    expect(findings).to_contain_text("Pas de registre des réclamations.")

    click(audited, "link", "Prévoir une action", exact=False)
    action = page.get_by_role("textbox", name="Action", exact=True)
    action.fill("Ouvrir un registre des réclamations")
    page.get_by_label("Porteur : un contact de la structure").select_option(label="Annaïg Le Floch")
    page.get_by_label("Échéance").fill(due.isoformat())
    click(audited, "button", "Ajouter l'action")

    plan = page.get_by_role("table", name="Plan d'action de la structure")
    row = plan.get_by_role("row").filter(has_text="Ouvrir un registre des réclamations")
    expect(row).to_contain_text("Annaïg Le Floch (Coordinatrice)")
    expect(row).to_contain_text(due.strftime("%d/%m/%Y"))
    expect(row).to_contain_text("À faire")
    expect(row).to_contain_text("en réponse à : non-conformité mineure")
    item = ActionItem.objects.get()
    assert item.finding == Finding.objects.get() and item.due_on == due
