import datetime as dt
import html

import pytest
from django.core.cache import cache

from palabre.cases.tests.factories import MembershipFactory
from palabre.partners.models import Convention, Partner, PartnerKind
from palabre.referrals import actions
from palabre.referrals.models import Decision, Origin, Referral

ROLES = ["admin", "coordinator", "mediator", "reception", "board", "partner", "network_staff"]


def text(response):
    return html.unescape(response.content.decode())


@pytest.fixture
def as_role(member, agent, login):
    """Logs in as a role; ``partner`` is the landlord agent (a partner account with a contact)."""

    def do(role):
        return login(agent if role == "partner" else member(role))

    return do


@pytest.fixture
def referral(refer):
    return refer()


# Which roles get the page (200/302), all others 404.
PAGES = {
    "queue": ({"admin", "coordinator", "reception"}, lambda r: "/orientations/"),
    "detail": ({"admin", "coordinator", "reception"}, lambda r: f"/orientations/{r.pk}/"),
    "links": ({"admin", "coordinator"}, lambda r: "/orientations/liens/"),
    "portal": ({"partner"}, lambda r: "/orientations/partenaire/"),
    "send": ({"partner"}, lambda r: "/orientations/partenaire/nouvelle/"),
    "figures": ({"admin", "coordinator", "board"}, lambda r: "/orientations/chiffres/"),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", PAGES)
def test_each_page_answers_only_the_roles_it_serves(page, role, as_role, referral):
    allowed, url = PAGES[page]
    response = as_role(role).get(url(referral))
    assert response.status_code == (200 if role in allowed else 404), (page, role)


@pytest.mark.parametrize("role", ROLES)
def test_only_the_coordination_answers_a_referral(role, as_role, referral):
    response = as_role(role).post(
        f"/orientations/{referral.pk}/decliner/", {"decliner-reason": "OUT_OF_SCOPE"}
    )
    referral.refresh_from_db()
    if role in ("admin", "coordinator"):
        assert response.status_code == 302 and referral.decision == Decision.DECLINED
    else:
        assert response.status_code == 404 and referral.decision == Decision.PENDING


@pytest.mark.parametrize("url", ["/orientations/{pk}/", "/orientations/{pk}/accepter/"])
def test_another_service_never_reaches_a_referral(url, referral, other_service, login):
    client = login(MembershipFactory(organisation=other_service, role="coordinator"))
    response = (
        client.post(url.format(pk=referral.pk))
        if "accepter" in url
        else client.get(url.format(pk=referral.pk))
    )
    assert response.status_code == 404
    referral.refresh_from_db()
    assert referral.decision == Decision.PENDING


def test_an_unknown_decision_is_a_404(referral, coordinator, login):
    assert login(coordinator).post(f"/orientations/{referral.pk}/effacer/").status_code == 404


def test_accepting_opens_the_case_page(referral, coordinator, login):
    response = login(coordinator).post(
        f"/orientations/{referral.pk}/accepter/", {"accepter-opened_on": dt.date.today()}
    )
    referral.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"] == f"/dossiers/{referral.case.pk}/"


def test_declining_without_a_reason_says_so_and_changes_nothing(referral, coordinator, login):
    response = login(coordinator).post(f"/orientations/{referral.pk}/decliner/", {})
    assert response.status_code == 400
    assert "Choisissez le motif pour le prescripteur." in text(response)
    referral.refresh_from_db()
    assert referral.decision == Decision.PENDING


def test_a_partner_sees_its_own_referrals_and_no_one_elses(
    refer, service, agent, login, person, coordinator
):
    other = Partner.objects.create(organisation=service, kind=PartnerKind.POLICE, name="Police")
    actions.submit_referral(
        organisation=service,
        origin=Origin.PARTNER_ACCOUNT,
        partner=other,
        **{**person, "requester_last_name": "Autrepersonne", "requester_phone": "0700000000"},
    )
    mine = refer()
    actions.decline_referral(referral=mine, by=coordinator, reason="OUT_OF_TERRITORY")
    page = text(login(agent).get("/orientations/partenaire/"))
    assert "Le Gall" in page and "Hors du territoire couvert par le service" in page
    assert "Autrepersonne" not in page


def test_a_partner_account_without_a_contact_record_is_told_to_ask_the_service(member, login):
    response = login(member("partner")).get("/orientations/partenaire/")
    assert response.status_code == 200 and "rattaché à aucun organisme" in text(response)
    assert login(member("partner")).get("/orientations/partenaire/nouvelle/").status_code == 404


def test_a_partner_sends_a_referral(agent, login, commune):
    response = login(agent).post(
        "/orientations/partenaire/nouvelle/",
        {
            "requester_last_name": "Nguyen",
            "requester_first_name": "Linh",
            "requester_phone": "06 00 00 00 01",
            "commune": commune.pk,
            "conflict_category": "NOISE",
            "agreed_to_be_contacted": "on",
            "agreed_to_share_status": "on",
            "referrer_name": "Agathe Bailleur",
        },
    )
    assert response.status_code == 302
    referral = Referral.objects.get()
    assert referral.partner.name == "Archipel Habitat" and referral.sent_by == agent
    assert referral.agreed_to_share_status


def test_a_partner_form_refuses_a_copied_record_field_by_field(agent, login, commune):
    response = login(agent).post(
        "/orientations/partenaire/nouvelle/",
        {
            "requester_last_name": "Nguyen",
            "requester_first_name": "",
            "commune": commune.pk,
            "conflict_category": "NOISE",
            "availability": "a déposé une main courante le 3 mars",
            "referrer_name": "Agathe",
        },
    )
    page = text(response)
    assert response.status_code == 400
    assert "N'y recopiez rien d'une plainte, d'une main courante" in page
    assert "Sans l'accord de la personne pour être contactée" in page
    assert "Ce champ est obligatoire." in page  # first name
    assert not Referral.objects.exists()


# --- Public pages ------------------------------------------------------------------------------


@pytest.fixture
def resident_post(commune):
    return {
        "requester_last_name": "Durand",
        "requester_first_name": "Paul",
        "requester_email": "paul@exemple.fr",
        "commune": commune.pk,
        "conflict_category": "VEGETATION",
        "agreed_to_be_contacted": "on",
    }


@pytest.fixture(autouse=True)
def _fresh_throttle():
    cache.clear()


def test_a_resident_asks_for_mediation_without_an_account(client, service, resident_post):
    url = f"/orientations/demande/{service.slug}/"
    page = text(client.get(url))
    assert "Vos données personnelles" in page and "agreed_to_share_status" not in page
    response = client.post(url, resident_post)
    assert response.status_code == 302
    referral = Referral.objects.get()
    assert referral.origin == Origin.PUBLIC_FORM and referral.partner is None
    assert "a bien reçu votre demande" in text(client.get(response["Location"]))


def test_a_robot_filling_the_trap_is_thanked_and_nothing_is_stored(client, service, resident_post):
    response = client.post(
        f"/orientations/demande/{service.slug}/", {**resident_post, "website": "http://spam"}
    )
    assert response.status_code == 302 and not Referral.objects.exists()


def test_the_public_form_is_rate_limited_per_address(client, service, resident_post):
    url = f"/orientations/demande/{service.slug}/"
    for n in range(5):
        client.post(url, {**resident_post, "requester_email": f"p{n}@exemple.fr"})
    response = client.post(url, {**resident_post, "requester_email": "p9@exemple.fr"})
    assert response.status_code == 429 and "Trop de demandes" in text(response)
    assert Referral.objects.count() == 5


def test_behind_a_proxy_the_limit_counts_each_visitor_not_the_proxy(
    client, settings, service, resident_post
):
    """Every request reaches Palabre from the proxy's address; the visitor's is the last one the
    proxy appended to X-Forwarded-For (what a visitor writes before it does not count)."""
    settings.BEHIND_PROXY = True
    url = f"/orientations/demande/{service.slug}/"

    def post(n, forwarded):
        data = {**resident_post, "requester_email": f"p{n}@exemple.fr"}
        return client.post(url, data, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)

    for n in range(5):
        assert post(n, f"198.18.0.{n}, 198.18.1.1").status_code == 302
    assert post(5, "198.18.0.9, 198.18.1.1").status_code == 429
    assert post(6, "198.18.1.2").status_code == 302
    assert Referral.objects.count() == 6


def test_a_public_request_without_a_way_to_call_back_is_refused(client, service, resident_post):
    response = client.post(
        f"/orientations/demande/{service.slug}/", {**resident_post, "requester_email": ""}
    )
    assert response.status_code == 400
    assert "Indiquez au moins un moyen de joindre la personne" in text(response)
    assert not Referral.objects.exists()


def test_an_unknown_service_has_no_public_page(client):
    assert client.get("/orientations/demande/inconnu/").status_code == 404


def test_a_signed_link_serves_once(client, service, landlord, coordinator, resident_post):
    _link, token = actions.issue_link(organisation=service, partner=landlord, by=coordinator)
    url = f"/orientations/lien/{token}/"
    assert "Archipel Habitat" in text(client.get(url))
    response = client.post(url, {**resident_post, "referrer_name": "Guichet Maurepas"})
    assert response.status_code == 200 and "a bien reçu l'orientation" in text(response)
    assert Referral.objects.get().origin == Origin.PARTNER_LINK
    again = client.get(url)
    assert again.status_code == 410 and "déjà servi" in text(again)


@pytest.mark.parametrize("payload", ["pas-un-identifiant", 42, {"pk": "x"}, ["a"]])
def test_a_link_signed_over_something_else_than_an_id_is_refused_as_invalid(client, payload):
    from django.core import signing

    token = signing.dumps(payload, salt=actions.LINK_SALT)
    response = client.get(f"/orientations/lien/{token}/")
    assert response.status_code == 410 and "Ce lien" in text(response)


def test_a_coordinator_issues_and_revokes_a_link(coordinator, login, landlord):
    client = login(coordinator)
    response = client.post("/orientations/liens/", {"partner": landlord.pk, "days": 10})
    assert "/orientations/lien/" in text(response)
    link = landlord.referral_links.get()
    client.post(f"/orientations/liens/{link.pk}/revoquer/")
    link.refresh_from_db()
    assert link.revoked_at is not None


def test_a_foreign_link_cannot_be_revoked(coordinator, landlord, other_service, login, service):
    link, _token = actions.issue_link(organisation=service, partner=landlord, by=coordinator)
    client = login(MembershipFactory(organisation=other_service, role="coordinator"))
    assert client.post(f"/orientations/liens/{link.pk}/revoquer/").status_code == 404


# --- Convention figures ------------------------------------------------------------------------


def test_convention_figures_count_referrals_and_hide_small_cells_on_request(
    refer, coordinator, login, service, landlord
):
    convention = Convention.objects.create(
        organisation=service, title="Convention Archipel", starts_on=dt.date(2020, 1, 1)
    )
    convention.partners.add(landlord)
    convention.scope_landlords.add(landlord)
    accepted = refer()
    actions.accept_referral(referral=accepted, by=coordinator)
    actions.decline_referral(
        referral=refer(requester_phone="0711111111", requester_last_name="Autre"),
        by=coordinator,
        reason="UNREACHABLE",
    )
    year = dt.date.today().year
    url = f"/orientations/chiffres/?convention={convention.pk}&start={year}-01-01&end={year}-12-31"
    page = text(login(coordinator).get(url))
    assert 'Orientations reçues</th><td class="text-end">2</td>' in page
    assert "La personne n'a pas pu être jointe" in page
    diffused = text(login(coordinator).get(url + "&diffusion=on"))
    assert "< 5" in diffused and 'text-end">2<' not in diffused


def test_figures_of_another_service_convention_are_refused(login, other_service, service):
    convention = Convention.objects.create(
        organisation=service, title="Convention", starts_on=dt.date(2020, 1, 1)
    )
    client = login(MembershipFactory(organisation=other_service, role="coordinator"))
    response = client.get(
        f"/orientations/chiffres/?convention={convention.pk}&start=2020-01-01&end=2020-12-31"
    )
    assert response.status_code == 400 and "Convention Archipel" not in text(response)


def test_the_convention_page_leads_the_coordination_to_its_figures(login, coordinator, service):
    convention = Convention.objects.create(
        organisation=service, title="Convention Ville", starts_on=dt.date(2020, 1, 1)
    )
    page = text(login(coordinator).get(f"/partenaires/conventions/{convention.pk}/"))
    assert f"/orientations/chiffres/?convention={convention.pk}&start=" in page


pytestmark = pytest.mark.django_db
