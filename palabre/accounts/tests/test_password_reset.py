"""« Mot de passe oublié ? »: the same answer for any address, a link sent by the worker to an
account's owner only, a link that works once, and a new password held to the instance's rules."""

import re

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse

from palabre.accounts import password_links
from palabre.accounts.models import User
from palabre.accounts.tests.conftest import LOGIN, PASSWORD, is_logged_in, password_step
from palabre.cases.tests.factories import MembershipFactory
from tests.crawl import htmlcheck

FORGOTTEN = reverse("accounts:password_reset")
SENT = reverse("accounts:password_reset_done")
NEW_PASSWORD = "Sardines-au-port-2027"
LINK = re.compile(r"^https://palabre\.exemple\.fr(/compte/mot-de-passe/[^/\s]+/[^/\s]+/)$", re.M)


@pytest.fixture(autouse=True)
def worker_at_once(settings):
    """The worker's tasks run as soon as they are queued, and links name the instance."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    settings.PALABRE_BASE_URL = "https://palabre.exemple.fr"


@pytest.fixture
def person(db):
    return MembershipFactory(role="mediator", user__email="lea.morel@exemple.fr").user


def ask(client, email, capture):
    with capture(execute=True):
        return client.post(FORGOTTEN, {"email": email})


def link_in(message) -> str:
    found = LINK.search(message.body)
    assert found, message.body
    return found[1]


def test_the_login_page_offers_the_forgotten_password_page(client, db):
    page = client.get(LOGIN).content.decode()
    assert f'href="{FORGOTTEN}"' in page
    assert "Mot de passe oublié ?" in page


def test_an_address_of_an_account_and_one_of_no_account_get_the_same_answer(
    client, person, mailoutbox, django_capture_on_commit_callbacks
):
    known = ask(client, "Lea.Morel@exemple.fr", django_capture_on_commit_callbacks)
    unknown = ask(client, "personne@exemple.fr", django_capture_on_commit_callbacks)

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == SENT
    page = client.get(SENT).content.decode()
    assert "Si l'adresse saisie est celle d'un compte Palabre" in page
    assert "pendant 3 jours" in page
    (message,) = mailoutbox  # the known address only
    assert message.to == ["lea.morel@exemple.fr"]
    assert message.subject == "Palabre : choisir un nouveau mot de passe"
    assert "valable 3 jours, une seule fois" in message.body


def test_an_account_receives_three_links_an_hour_at_most_and_the_page_says_the_same(
    client, person, mailoutbox, django_capture_on_commit_callbacks
):
    answers = [ask(client, person.email, django_capture_on_commit_callbacks) for _ in range(5)]

    assert {answer["Location"] for answer in answers} == {SENT}
    assert len(mailoutbox) == 3


def test_an_address_asking_for_many_accounts_is_stopped_after_ten(
    client, db, mailoutbox, django_capture_on_commit_callbacks
):
    people = [
        MembershipFactory(role="mediator", user__email=f"personne{n}@exemple.fr").user
        for n in range(12)
    ]
    for someone in people:
        assert ask(client, someone.email, django_capture_on_commit_callbacks)["Location"] == SENT

    assert len(mailoutbox) == 10


def test_the_message_carries_the_link_and_nothing_of_the_person(
    client, person, mailoutbox, django_capture_on_commit_callbacks
):
    person.first_name, person.last_name = "Léa", "Morel"
    person.save()
    ask(client, person.email, django_capture_on_commit_callbacks)

    (message,) = mailoutbox
    assert link_in(message)
    for word in ("Léa", "Morel", "Médiateur", person.memberships.get().organisation.name):
        assert word not in message.body and word not in message.subject


def test_the_link_sets_a_new_password_once_and_the_person_logs_in_with_it(
    client, person, mailoutbox, django_capture_on_commit_callbacks
):
    ask(client, person.email, django_capture_on_commit_callbacks)
    link = link_in(mailoutbox[0])

    opened = client.get(link)
    # The token leaves the address before the form shows (no Referer carries it further).
    assert opened.status_code == 302
    form_url = opened["Location"]
    assert form_url.endswith("/choisir/") and link.split("/")[-2] not in form_url
    page = client.get(form_url).content.decode()
    assert "Choisir un mot de passe" in page and "Nouveau mot de passe" in page
    done = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done["Location"] == reverse("accounts:password_reset_complete")
    assert "Mot de passe enregistré" in client.get(done["Location"]).content.decode()
    assert not is_logged_in(client)  # the person logs in, with the second step if they have one

    person.refresh_from_db()
    assert person.check_password(NEW_PASSWORD)
    again = client.get(link)
    assert again.status_code == 200
    assert "Ce lien ne sert plus" in again.content.decode()
    assert password_step(client, person.email, NEW_PASSWORD).status_code == 302
    assert is_logged_in(client)


def test_a_weak_password_is_refused_in_french_and_nothing_changes(
    client, person, mailoutbox, django_capture_on_commit_callbacks
):
    person.set_password(PASSWORD)
    person.save()
    ask(client, person.email, django_capture_on_commit_callbacks)
    form_url = client.get(link_in(mailoutbox[0]))["Location"]

    for weak, said in (
        ("1234", "Ce mot de passe est trop court"),
        ("12345678901", "Ce mot de passe est entièrement numérique"),
        ("motdepasse", "Ce mot de passe est trop courant"),
        ("lea.morel", "Le mot de passe est trop semblable"),
    ):
        page = client.post(form_url, {"new_password1": weak, "new_password2": weak})
        assert page.status_code == 200
        assert said in page.content.decode(), weak
    mismatch = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": "autre"})
    assert "Les deux mots de passe ne sont pas identiques." in mismatch.content.decode()

    person.refresh_from_db()
    assert person.check_password(PASSWORD)


def test_an_account_without_a_password_yet_receives_a_link_too(
    client, db, mailoutbox, django_capture_on_commit_callbacks
):
    user = User.objects.create_user("nouvelle@exemple.fr")
    assert not user.has_usable_password()

    ask(client, "nouvelle@exemple.fr", django_capture_on_commit_callbacks)

    (message,) = mailoutbox
    assert message.to == ["nouvelle@exemple.fr"]


def test_a_deactivated_account_receives_nothing(
    client, person, mailoutbox, django_capture_on_commit_callbacks
):
    person.is_active = False
    person.save()
    response = ask(client, person.email, django_capture_on_commit_callbacks)
    assert response["Location"] == SENT
    assert not mailoutbox


def test_a_forged_or_foreign_link_opens_no_form(client, person):
    uid = password_links.address_for(person).split("/")[-3]
    for path in (
        f"/compte/mot-de-passe/{uid}/faux-jeton/",
        f"/compte/mot-de-passe/{uid}/choisir/",  # no token in the session
        "/compte/mot-de-passe/AAAA/abc-def/",
    ):
        page = client.get(path)
        assert page.status_code == 200
        assert "Ce lien ne sert plus" in page.content.decode()
    assert not default_token_generator.check_token(person, "faux-jeton")


def test_a_bad_address_is_said_in_french(client, db):
    page = client.post(FORGOTTEN, {"email": "pas-une-adresse"}).content.decode()
    assert "Saisissez une adresse e-mail valide" in page


@pytest.mark.parametrize("name", ["password_reset", "password_reset_done"])
def test_the_pages_open_to_a_visitor_and_to_a_logged_in_person(client, person, name):
    assert client.get(reverse(name.join(["accounts:", ""]))).status_code == 200
    client.force_login(person)
    assert client.get(reverse(f"accounts:{name}")).status_code == 200


def test_every_page_of_the_forgotten_password_is_valid_html(
    tmp_path, client, person, mailoutbox, django_capture_on_commit_callbacks
):
    pages = {"form": client.get(FORGOTTEN), "sent": client.get(SENT)}
    pages["refused"] = client.post(FORGOTTEN, {"email": "pas-une-adresse"})
    ask(client, person.email, django_capture_on_commit_callbacks)
    form_url = client.get(link_in(mailoutbox[0]))["Location"]
    pages["choose"] = client.get(form_url)
    pages["weak"] = client.post(form_url, {"new_password1": "1234", "new_password2": "1234"})
    pages["expired"] = client.get("/compte/mot-de-passe/AAAA/abc-def/")
    pages["complete"] = client.get(reverse("accounts:password_reset_complete"))
    for name, response in pages.items():
        assert response.status_code == 200, name
        (tmp_path / f"{name}.html").write_bytes(response.content)
    assert htmlcheck.missing() is None, htmlcheck.missing()
    assert [
        (e["url"].rsplit("/", 1)[-1], e["message"]) for e in htmlcheck.errors_in(tmp_path)
    ] == []
