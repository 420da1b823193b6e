"""« Accès à l'API » in Chromium, every page audited by axe-core: the coordinator creates a token
for an application from the account menu, copies it from the only page that shows it, calls the
API with it, then revokes it; and opens the API's documentation (Swagger UI, served locally)."""

import json
import urllib.error
import urllib.request

from playwright.sync_api import expect

from palabre.cases.tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from palabre.partners.tests.factories import PartnerFactory


def _call(base_url, token):
    request = urllib.request.Request(
        f"{base_url}/api/v1/partners", headers={"Authorization": f"Bearer {token}"}
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_the_coordinator_creates_uses_and_revokes_a_token(audited, transactional_db):
    service = OrganisationFactory(name="Médiation Rennes Sud", slug="mediation-rennes-sud")
    user = UserFactory(first_name="Claire", last_name="Dubois")
    MembershipFactory(user=user, organisation=service, role="coordinator")
    PartnerFactory(organisation=service, name="Bailleur Habitat 35")
    page = audited.page

    audited.login(user.email)
    page.get_by_role("button", name="Claire Dubois").click()
    with page.expect_navigation():
        page.get_by_role("link", name="Accès à l'API").click()
    audited.audit()
    with page.expect_navigation():
        page.get_by_role("link", name="Créer un jeton").click()
    audited.audit()
    page.get_by_label("Nom du jeton").fill("Tableur du CCAS")
    page.get_by_label("Application").check()
    page.get_by_label("Agit au nom de").select_option(label="Claire Dubois — Coordination")
    page.get_by_label("Partenaires, lieux et conventions").check()
    page.get_by_label("Validité (jours)").fill("180")
    with page.expect_navigation():
        page.get_by_role("button", name="Créer le jeton").click()
    audited.audit()
    token = page.get_by_label("Jeton", exact=True).input_value()
    assert token.startswith("plb_")

    status, body = _call(audited.base_url, token)
    assert status == 200 and body["items"][0]["name"] == "Bailleur Habitat 35"

    with page.expect_navigation():
        page.get_by_role("link", name="Retour aux jetons").click()
    audited.audit()
    expect(page.get_by_text(token)).to_have_count(0)
    with page.expect_navigation():
        page.get_by_role("button", name=f"Révoquer le jeton {token.split('_')[1]}").click()
    audited.audit()
    expect(page.get_by_role("row").filter(has_text="Tableur du CCAS")).to_contain_text("révoqué")
    status, body = _call(audited.base_url, token)
    assert status == 401 and body["type"] == "urn:palabre:problem:token-revoked"

    page.goto(audited.base_url + "/api/v1/docs")
    expect(page.get_by_text("/api/v1/partners").first).to_be_visible()
