"""Secure by default: CSP with nonces, no framing, sessions that end with the browser, production
settings that pass ``check --deploy``, and a login page in French first."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from palabre.cases.tests.factories import UserFactory

ROOT = Path(__file__).resolve().parent.parent
LOGIN = reverse("accounts:login")


def _directives(header):
    """``{"script-src": ["'self'", "'nonce-…'"], …}`` from a CSP header."""
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


# --- Headers ------------------------------------------------------------------------------------


def test_pages_carry_a_content_security_policy_with_a_nonce_for_scripts(client, db):
    response = client.get(LOGIN)

    header = response.headers["Content-Security-Policy"]
    script_src = _directives(header)["script-src"]
    nonces = [source for source in script_src if source.startswith("'nonce-")]
    assert len(nonces) == 1
    assert "'unsafe-inline'" not in script_src
    assert "'unsafe-eval'" not in script_src
    assert "'unsafe-inline'" not in _directives(header).get("default-src", [])
    assert _directives(header)["object-src"] == ["'none'"]
    assert _directives(header)["frame-ancestors"] == ["'none'"]

    nonce = nonces[0][len("'nonce-") : -1]
    scripts = re.findall(r"<script\b[^>]*>", response.content.decode())
    assert scripts, "the page loads at least Bootstrap's script"
    for tag in scripts:
        assert f'nonce="{nonce}"' in tag, tag


def test_each_response_gets_a_fresh_nonce(client, db):
    first = _directives(client.get(LOGIN).headers["Content-Security-Policy"])["script-src"]
    second = _directives(client.get(LOGIN).headers["Content-Security-Policy"])["script-src"]

    assert first != second


def test_pages_cannot_be_framed(client, db):
    assert client.get(LOGIN).headers["X-Frame-Options"] == "DENY"


def test_pages_tell_browsers_not_to_sniff_types_nor_leak_referrers(client, db):
    response = client.get(LOGIN)

    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_pages_with_personal_data_are_never_kept_by_the_browser(login, coordinator, case):
    client = login(coordinator)
    for url in ("/dossiers/", f"/dossiers/{case.pk}/", "/"):
        cache_control = client.get(url).headers.get("Cache-Control", "")
        assert "no-store" in cache_control and "private" in cache_control, url


def test_the_session_cookie_ends_with_the_browser_and_stays_out_of_scripts(client, db):
    UserFactory(email="marie.dupont@exemple.fr")

    response = client.post(
        LOGIN, {"username": "marie.dupont@exemple.fr", "password": "palabre-test"}
    )

    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["expires"] == ""
    assert cookie["max-age"] == ""
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert client.session.get_expire_at_browser_close()


# --- Production settings ------------------------------------------------------------------------

PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "x8Kq2-zP0w_vL7n!R4tY9s#B1mC6dF3gH5jJ0kQ2pW7eU4iO9aS1-palabre-test",
    "ALLOWED_HOSTS": "x",
    "PALABRE_TESTING": "0",
    "PALABRE_BASE_URL": "https://mediation.example.org",
    "DEFAULT_FROM_EMAIL": "Médiation <ne-pas-repondre@mediation.example.org>",
    # The key-encryption key of the notes (docs/adr/0014): 32 bytes in base64.
    "PALABRE_KEK": "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
}


def _run(tmp_path, code_or_args, **overrides):
    """Runs Python in a clean environment (only what a server would set), from the project."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "PALABRE_DB_PATH": str(tmp_path / "palabre.sqlite3"),
        "PALABRE_STATIC_ROOT": str(tmp_path / "static"),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        **PRODUCTION,
        **overrides,
    }
    env = {key: value for key, value in env.items() if value is not None}
    args = code_or_args if isinstance(code_or_args, list) else ["-c", code_or_args]
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


PRINT_SETTINGS = """
import json
from config import settings as s
print(json.dumps({
    "DEBUG": s.DEBUG,
    "SESSION_COOKIE_SECURE": s.SESSION_COOKIE_SECURE,
    "CSRF_COOKIE_SECURE": s.CSRF_COOKIE_SECURE,
    "SECURE_HSTS_SECONDS": s.SECURE_HSTS_SECONDS,
    "SECURE_SSL_REDIRECT": s.SECURE_SSL_REDIRECT,
    "SESSION_EXPIRE_AT_BROWSER_CLOSE": s.SESSION_EXPIRE_AT_BROWSER_CLOSE,
    "X_FRAME_OPTIONS": s.X_FRAME_OPTIONS,
    "ALLOWED_HOSTS": s.ALLOWED_HOSTS,
    "string_if_invalid": s.TEMPLATES[0]["OPTIONS"]["string_if_invalid"],
}))
"""


def test_production_settings_turn_on_secure_cookies_hsts_and_https(tmp_path):
    result = _run(tmp_path, PRINT_SETTINGS)

    assert result.returncode == 0, result.stderr
    production = json.loads(result.stdout)
    assert production["DEBUG"] is False
    assert production["SESSION_COOKIE_SECURE"] is True
    assert production["CSRF_COOKIE_SECURE"] is True
    assert production["SECURE_HSTS_SECONDS"] > 0
    assert production["SECURE_SSL_REDIRECT"] is True
    assert production["SESSION_EXPIRE_AT_BROWSER_CLOSE"] is True
    assert production["X_FRAME_OPTIONS"] == "DENY"
    assert production["ALLOWED_HOSTS"] == ["x"]
    assert production["string_if_invalid"] == ""


def test_production_settings_pass_django_deploy_checks(tmp_path):
    result = _run(tmp_path, ["manage.py", "check", "--deploy", "--fail-level", "WARNING"])

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("name", "value", "problem"),
    [
        ("PALABRE_BASE_URL", None, "palabre.W001"),
        ("PALABRE_BASE_URL", "http://mediation.example.org", "palabre.W001"),
        ("DEFAULT_FROM_EMAIL", None, "palabre.W002"),
        ("DEFAULT_FROM_EMAIL", "ne-pas-repondre@palabre.local", "palabre.W002"),
        ("PALABRE_KEK", None, "core.E001"),
    ],
)
def test_deploy_checks_ask_for_the_public_address_and_a_real_sender(tmp_path, name, value, problem):
    result = _run(tmp_path, ["manage.py", "check", "--deploy"], **{name: value})

    assert problem in result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = _run(tmp_path, PRINT_SETTINGS, SECRET_KEY=None)

    assert result.returncode != 0


# --- Language -----------------------------------------------------------------------------------


def _lang(response):
    return re.search(r'<html lang="([^"]+)"', response.content.decode())[1]


ENGLISH_CATALOGUE = ROOT / "palabre" / "locale" / "en" / "LC_MESSAGES" / "django.mo"


def test_the_login_page_answers_in_french_by_default(client, db):
    response = client.get(LOGIN)

    assert _lang(response) == "fr"
    assert "Adresse e-mail" in response.content.decode()
    assert response.headers["Content-Language"] == "fr"


def test_the_login_page_answers_in_french_to_a_french_browser(client, db):
    response = client.get(LOGIN, headers={"accept-language": "fr-FR,fr;q=0.9,en;q=0.5"})

    assert _lang(response) == "fr"


@pytest.mark.parametrize("how", ["cookie", "accept-language"])
def test_the_login_page_answers_in_english_when_asked(client, db, how):
    if how == "cookie":
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        response = client.get(LOGIN)
    else:
        response = client.get(LOGIN, headers={"accept-language": "en-GB,en;q=0.9"})

    assert _lang(response) == "en"
    if ENGLISH_CATALOGUE.exists():
        assert "Adresse e-mail" not in response.content.decode()


def test_an_anonymous_visitor_can_switch_the_login_page_to_english(client, db):
    response = client.post(reverse("set_language"), {"language": "en", "next": LOGIN})

    assert response.status_code == 302
    assert response["Location"] == LOGIN
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


def test_a_request_too_large_gets_a_clear_413_page_and_changes_nothing(login, coordinator, case):
    from palabre.cases.models import PrivateNote

    response = login(coordinator).post(
        reverse("cases:action", args=[case.pk, "note"]),
        {"text": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)},
    )
    assert response.status_code == 413
    assert "Envoi trop volumineux" in response.content.decode()
    assert not PrivateNote.objects.exists()
