"""The demo: built by the real actions, consistent, isolated, and never loaded twice."""

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from palabre.accounts.models import User
from palabre.cases import actions, codes
from palabre.cases.demo import generator
from palabre.cases.models import Case, InformationRequest, PrivateNote
from palabre.core.models import Commune, JournalEntry, Quartier
from palabre.demo.reset import delete_demo
from palabre.organisations.models import Organisation, OrganisationKind, Role

PASSWORD = "palabre-demo"
DEMO = "cite-et-mediation-demo"
OTHER = "autre-service-demo"


@pytest.fixture(scope="module")
def demo_loaded(django_db_setup, django_db_blocker):
    """A small demo (one year, 40 cases): the same generator as ``make demo``, faster. Built once
    for the module and committed; each test runs in its own transaction on top of it.

    The generator's year runs up to today: on a fixed late-autumn day, so that in January the
    demo does not shrink to a few cases of the new year."""
    moment = dt.datetime(2026, 11, 20, 10, tzinfo=dt.UTC)
    with pytest.MonkeyPatch.context() as patch, django_db_blocker.unblock():
        patch.setattr(timezone, "now", lambda: moment)
        call_command("seed_demo", years=1, cases_per_year=40, stdout=io.StringIO())
        yield
        delete_demo()
        assert not Organisation.objects.exists()


@pytest.fixture
def demo(demo_loaded, db):
    return demo_loaded


def test_the_demo_builds_the_two_services_and_the_network(demo):
    service = Organisation.objects.get(slug=DEMO)
    other = Organisation.objects.get(slug=OTHER)
    network = Organisation.objects.get(name="Réseau des villes (démo)")
    assert service.name == "Cité et Médiation (démo)"
    assert network.kind == OrganisationKind.NETWORK
    assert network in service.networks.all()
    assert Commune.objects.filter(organisation=service).count() == 43
    quartiers = Quartier.objects.filter(organisation=service)
    assert quartiers.count() == 12
    assert quartiers.filter(is_qpv=True).count() == 5
    assert not Commune.objects.filter(organisation=other, name="Rennes").exists()


@pytest.mark.parametrize(
    ("email", "slug", "role"),
    [
        ("coordination@demo.palabre.fr", DEMO, Role.COORDINATOR),
        ("coordination@demo.palabre.fr", OTHER, Role.BOARD),
        ("mediation@demo.palabre.fr", DEMO, Role.MEDIATOR),
        ("accueil@demo.palabre.fr", DEMO, Role.RECEPTION),
        ("bureau@demo.palabre.fr", DEMO, Role.BOARD),
        ("coordination@autre-service.palabre.fr", OTHER, Role.COORDINATOR),
        ("police@demo.palabre.fr", DEMO, Role.PARTNER),
        ("bailleur@demo.palabre.fr", DEMO, Role.PARTNER),
    ],
)
def test_each_demo_account_logs_in_with_the_shared_password(demo, client, email, slug, role):
    user = User.objects.get(email=email)
    assert user.check_password(PASSWORD)
    assert user.memberships.filter(organisation__slug=slug, role=role, is_active=True).exists()
    response = client.post(reverse("accounts:login"), {"username": email, "password": PASSWORD})
    assert response.status_code == 302


def test_the_demo_mediator_has_cases_and_sees_only_them(demo):
    mediator = User.objects.get(email="mediation@demo.palabre.fr").memberships.get()
    own = Case.objects.for_member(mediator)
    assert own.exists()
    assert own.count() < Case.objects.filter(organisation=mediator.organisation).count()


def test_the_demo_cases_are_coherent_as_the_actions_made_them(demo):
    service = Organisation.objects.get(slug=DEMO)
    cases = Case.objects.filter(organisation=service)
    assert 30 <= cases.count() <= 60
    closed = cases.filter(status=codes.Status.CLOSED)
    assert closed.exists() and cases.exclude(status=codes.Status.CLOSED).exists()
    for case in closed:
        assert actions.missing_for_closure(case) == [], case.reference
        assert case.closure_reason
    assert JournalEntry.objects.filter(organisation=service).count() > cases.count()
    assert InformationRequest.objects.filter(organisation=service).exists()
    assert PrivateNote.objects.filter(organisation=service).exists()
    other = Organisation.objects.get(slug=OTHER)
    assert Case.objects.filter(organisation=other).exists()


def test_the_demo_notes_are_marked_fictitious(demo):
    note = PrivateNote.objects.first()
    assert note.text.startswith("[Texte fictif de démonstration]")


def test_a_second_load_is_refused_and_changes_nothing(demo):
    before = Case.objects.count()
    with pytest.raises(CommandError, match="déjà chargée"):
        call_command("seed_demo", years=1, cases_per_year=5, stdout=io.StringIO())
    assert Case.objects.count() == before


def test_reset_rebuilds_the_demo_from_scratch(demo):
    call_command("seed_demo", reset=True, years=1, cases_per_year=10, stdout=io.StringIO())
    assert Organisation.objects.filter(slug=DEMO).count() == 1
    assert Case.objects.filter(organisation__slug=DEMO).count() < 30


def test_demo_accounts_prints_every_account_and_the_password(demo):
    out = io.StringIO()
    call_command("demo_accounts", stdout=out)
    text = out.getvalue()
    for account in generator.load_params()["accounts"]:
        assert account["email"] in text
    assert PASSWORD in text
    assert "fictives" in text


def test_demo_accounts_says_when_the_demo_is_not_loaded(demo):
    delete_demo()
    with pytest.raises(CommandError, match="pas chargée"):
        call_command("demo_accounts", stdout=io.StringIO())


def test_the_demo_partner_accounts_follow_their_referrals_in_the_portal(demo, client):
    from palabre.referrals.models import Decision, Referral

    assert Referral.objects.filter(organisation__slug=DEMO, decision=Decision.PENDING).count() >= 4
    for email, partner_word in (
        ("bailleur@demo.palabre.fr", "Archipel Habitat"),
        ("police@demo.palabre.fr", "Police"),
    ):
        client.force_login(User.objects.get(email=email))
        response = client.get("/orientations/partenaire/")
        assert response.status_code == 200
        page = response.content.decode()
        assert partner_word in page and "Reçue, en attente de traitement" in page


def test_demo_cases_point_to_the_partners_that_referred_them(demo):
    cases = Case.objects.filter(organisation__slug=DEMO)
    landlord_cases = cases.filter(referral_source=codes.ReferralSource.SOCIAL_LANDLORD)
    assert landlord_cases.exists()
    assert not landlord_cases.filter(referrer__isnull=True).exists()
    assert cases.filter(referrer__isnull=False, referral__isnull=False).exists()
