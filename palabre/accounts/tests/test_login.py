"""Logging in by e-mail, the lockout after repeated failures, and the login wall."""

import uuid

import pytest
from django.conf import settings
from django.urls import URLResolver, get_resolver, reverse

from palabre.accounts.models import User
from palabre.cases.tests.factories import MembershipFactory, UserFactory

LOGIN = reverse("accounts:login")
PASSWORD = "palabre-test"
WRONG = "Adresse e-mail ou mot de passe incorrect."


def _login(client, email, password=PASSWORD):
    return client.post(LOGIN, {"username": email, "password": password})


def _is_logged_in(client):
    return "_auth_user_id" in client.session


def test_the_login_page_asks_for_an_e_mail_address_and_a_password(client, db):
    response = client.get(LOGIN)

    assert response.status_code == 200
    content = response.content.decode()
    assert "Adresse e-mail" in content
    assert "Mot de passe" in content
    assert 'type="email"' in content
    assert 'autocomplete="current-password"' in content
    assert "INVALID[" not in content


def test_a_person_logs_in_with_their_e_mail_and_lands_on_the_home_page(client, db):
    user = UserFactory(email="marie.dupont@exemple.fr")

    response = _login(client, "marie.dupont@exemple.fr")

    assert response.status_code == 302
    assert response["Location"] == reverse(settings.LOGIN_REDIRECT_URL)
    assert client.session["_auth_user_id"] == str(user.pk)


def test_the_login_follows_a_safe_next_url_only(client, db):
    UserFactory(email="marie.dupont@exemple.fr")

    response = client.post(
        LOGIN + "?next=/dossiers/",
        {"username": "marie.dupont@exemple.fr", "password": PASSWORD, "next": "/dossiers/"},
    )
    assert response["Location"] == "/dossiers/"

    client.logout()
    response = client.post(
        LOGIN,
        {
            "username": "marie.dupont@exemple.fr",
            "password": PASSWORD,
            "next": "https://evil.example/",
        },
    )
    assert response["Location"] == reverse(settings.LOGIN_REDIRECT_URL)


def test_e_mail_addresses_are_stored_lower_cased_so_the_lower_case_login_works(client, db):
    user = User.objects.create_user("Marie.Dupont@Exemple.FR", PASSWORD)

    assert user.email == "marie.dupont@exemple.fr"
    assert _login(client, "marie.dupont@exemple.fr").status_code == 302
    assert _is_logged_in(client)


def test_a_person_typing_their_e_mail_with_capitals_still_logs_in(client, db):
    User.objects.create_user("marie.dupont@exemple.fr", PASSWORD)

    assert _login(client, "Marie.Dupont@Exemple.fr").status_code == 302


def test_a_wrong_password_is_refused_with_a_french_message(client, db):
    UserFactory(email="marie.dupont@exemple.fr")

    response = _login(client, "marie.dupont@exemple.fr", "pas-le-bon")

    assert response.status_code == 200
    assert WRONG in response.content.decode()
    assert not _is_logged_in(client)


def test_an_unknown_address_gets_the_same_message_as_a_wrong_password(client, db):
    response = _login(client, "personne@exemple.fr", "peu-importe")

    assert response.status_code == 200
    assert WRONG in response.content.decode()


def test_a_deactivated_account_cannot_log_in(client, db):
    UserFactory(email="ancien@exemple.fr", is_active=False)

    response = _login(client, "ancien@exemple.fr")

    assert response.status_code == 200
    assert not _is_logged_in(client)


def test_the_account_is_locked_after_repeated_failures_even_with_the_right_password(client, db):
    UserFactory(email="marie.dupont@exemple.fr")
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "marie.dupont@exemple.fr", "pas-le-bon")

    response = _login(client, "marie.dupont@exemple.fr")

    assert response.status_code in (403, 429)
    content = response.content.decode()
    assert "Connexion temporairement bloquée" in content
    assert "Trop de tentatives de connexion ont échoué" in content
    assert 'lang="fr"' in content
    assert not _is_logged_in(client)


def test_failures_below_the_limit_do_not_lock_the_account(client, db):
    UserFactory(email="marie.dupont@exemple.fr")
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        _login(client, "marie.dupont@exemple.fr", "pas-le-bon")

    assert _login(client, "marie.dupont@exemple.fr").status_code == 302
    assert _is_logged_in(client)


def test_the_lockout_of_one_account_does_not_lock_another(client, db):
    UserFactory(email="marie.dupont@exemple.fr")
    UserFactory(email="yann.le-bris@exemple.fr")
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "marie.dupont@exemple.fr", "pas-le-bon")

    assert _login(client, "yann.le-bris@exemple.fr").status_code == 302


def test_behind_the_proxy_a_forged_forwarded_address_does_not_escape_the_lockout(
    client, db, settings
):
    """The proxy appends the visitor's real address to what the client wrote: changing the
    forged part at each attempt is still the same visitor."""
    settings.BEHIND_PROXY = True
    UserFactory(email="marie.dupont@exemple.fr")
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            LOGIN,
            {"username": "marie.dupont@exemple.fr", "password": "pas-le-bon"},
            HTTP_X_FORWARDED_FOR=f"10.9.9.{attempt}, 203.0.113.7",
        )

    response = client.post(
        LOGIN,
        {"username": "marie.dupont@exemple.fr", "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="10.9.9.200, 203.0.113.7",
    )

    assert response.status_code in (403, 429)
    assert not _is_logged_in(client)


def test_behind_the_proxy_another_visitor_is_not_locked_by_someone_else_s_failures(
    client, db, settings
):
    settings.BEHIND_PROXY = True
    UserFactory(email="marie.dupont@exemple.fr")
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            LOGIN,
            {"username": "marie.dupont@exemple.fr", "password": "pas-le-bon"},
            HTTP_X_FORWARDED_FOR="203.0.113.7",
        )

    response = client.post(
        LOGIN,
        {"username": "marie.dupont@exemple.fr", "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="198.51.100.20",
    )

    assert response.status_code == 302


# --- The login wall -----------------------------------------------------------------------------

OPEN_TO_ANONYMOUS = {
    "accounts:login",
    # The second step of a login comes before the session is signed in (without a password
    # step waiting, it sends back to the login page); the timeout script asks how long its
    # session has left, and an ended session answers « inactive » rather than a login page.
    "accounts:login_code",
    "accounts:session_status",
    # « Mot de passe oublié ? » and the page of its link (an invitation's too): before a login.
    "accounts:password_reset",
    "accounts:password_reset_done",
    "accounts:password_reset_confirm",
    "accounts:password_reset_complete",
    "core:health",
    # A resident's request and a partner's single-use link need no account.
    "referrals:request",
    "referrals:request_sent",
    "demande:short",
    "referrals:link_form",
    # A resident finds a permanence, books, confirms and cancels without an account; phones
    # fetch calendar feeds by their secret address.
    "rdv:finder",
    "rdv:book",
    "rdv:confirm",
    "rdv:manage",
    "rdv:short",
    "rdv:feed",
    # An invitation to book (the letter's code or link) is answered without an account: choose a
    # slot, ask to be called back or decline (permanences/tests/test_invitations*.py).
    "rdv:invitation_code",
    "rdv:invitation",
    "rdv:invitation_slots",
    "rdv:invitation_book",
    "rdv:invitation_callback",
    "rdv:invitation_decline",
    # A service's permanences as open data (docs/open-data.md), for anyone.
    "rdv:opendata_json",
    "rdv:opendata_csv",
    # A partner acknowledges a technical signal from the signed link of its e-mail, photo
    # included (field/tests/test_watch_link.py); the quick entry's service worker is a script
    # with nothing of the service in it, fetched by the browser whether the session lasts or not.
    "field:signal_link",
    "field:signal_link_photo",
    "field:service_worker",
    # An organisation's public page (published, or 404), robots.txt and the sitemap
    # (website/tests/).
    "website:home",
    "website:robots",
    "website:sitemap",
    # A network's public pages (published, or 404): website/tests/test_network_access.py.
    "website:network_members",
    "website:network_trainings",
    "website:network_meetings",
    "website:network_figures",
    # A photo of an outreach action whose consent is recorded, on the service's public page,
    # from its signed address (outreach/tests/test_public.py).
    "outreach:public_photo",
    # A network's public resource, for its public pages (library/tests/test_access.py).
    "library:public_download",
}
# POST endpoints: Django's i18n (tested in tests/test_security) and the observatory's receiving
# address, open to other instances and tested end to end in reports/tests/test_observatory_push.
NOT_PAGES = {"set_language", "reports:observatory_receive"}


def _sample(converter):
    name = type(converter).__name__
    return {"UUIDConverter": uuid.uuid4(), "IntConverter": 1}.get(name, "exemple")


def _every_named_page(patterns=None, namespace=None):
    """Every named URL of the project (outside the admin), with sample arguments."""
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            yield from _every_named_page(pattern.url_patterns, pattern.namespace or namespace)
        elif pattern.name:
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            kwargs = {key: _sample(conv) for key, conv in pattern.pattern.converters.items()}
            yield name, reverse(name, kwargs=kwargs)


PAGES = sorted(_every_named_page())
# The REST API answers a token, not a session: without one, a 401 problem (palabre/api/tests);
# its browsable docs are a page of the coordination, behind the login wall.
API = {name for name, _url in PAGES if name.startswith("api-v1:")} - {"api-v1:openapi-view"}


def test_the_project_has_pages_behind_the_login_wall():
    names = {name for name, _url in PAGES}
    assert {"home", "cases:list", "organisations:switch"} <= names
    assert names >= OPEN_TO_ANONYMOUS


@pytest.mark.parametrize(
    ("name", "url"),
    [(n, u) for n, u in PAGES if n not in OPEN_TO_ANONYMOUS | NOT_PAGES | API],
    ids=[n for n, _u in PAGES if n not in OPEN_TO_ANONYMOUS | NOT_PAGES | API],
)
def test_an_anonymous_visitor_is_sent_to_the_login_page(client, db, name, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?next={url}"


def test_the_admin_also_asks_an_anonymous_visitor_to_log_in(client, db):
    response = client.get("/admin/")

    assert response.status_code == 302
    assert "login" in response["Location"]


# The code step sends back to the password step when none waits (test_login_mfa.py).
SECOND_STEP = {"accounts:login_code"}


@pytest.mark.parametrize(
    ("name", "url"), [(n, u) for n, u in PAGES if n in OPEN_TO_ANONYMOUS - SECOND_STEP]
)
def test_the_open_pages_never_send_an_anonymous_visitor_to_the_login_page(client, db, name, url):
    """The login page and the health check answer; a public form of an unknown service or a
    forged link answers 404 or 410, never the login page."""
    response = client.get(url)
    assert response.status_code in (200, 404, 410), name
    assert LOGIN not in response.get("Location", "")


def test_a_logged_in_person_visiting_the_login_page_is_sent_home(client, db):
    membership = MembershipFactory(role="coordinator")
    client.force_login(membership.user)

    response = client.get(LOGIN)

    assert response.status_code == 302
    assert response["Location"] == reverse(settings.LOGIN_REDIRECT_URL)


def test_logging_out_ends_the_session(client, db):
    UserFactory(email="marie.dupont@exemple.fr")
    _login(client, "marie.dupont@exemple.fr")

    response = client.post(reverse("accounts:logout"))

    assert response.status_code == 302
    assert response["Location"] == reverse(settings.LOGOUT_REDIRECT_URL)
    assert not _is_logged_in(client)
