"""A session ended in one web process is ended in all of them (docs/adr/0039).

A real instance runs several gunicorn workers; each request goes to whichever is free. A copy of
the session kept in one worker's memory would outlive a logout handled by another, and the
« logged out » session — its cookie copied, or kept by another browser — would still be let in
by the other workers. Here gunicorn runs with three
workers on the test database; the person logs in, browses, logs out, then every later request,
whichever worker answers it, is sent to the login page."""

import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests
from django.db import connection

from palabre.cases.tests.factories import MembershipFactory, UserFactory

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "palabre-test"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
WORKERS = 3
REQUESTS = 4 * WORKERS


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _database_environment() -> dict:
    """The test database, as the gunicorn workers find it."""
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return {"PALABRE_DB_PATH": str(settings["NAME"])}
    host = urllib.parse.quote(settings["HOST"] or "", safe="")
    credentials = urllib.parse.quote(settings["USER"] or "", safe="")
    if settings["PASSWORD"]:
        credentials += ":" + urllib.parse.quote(settings["PASSWORD"], safe="")
    port = f":{settings['PORT']}" if settings["PORT"] else ""
    return {"DATABASE_URL": f"postgres://{credentials}@{host}{port}/{settings['NAME']}"}


@pytest.fixture
def server(tmp_path):
    port = _free_port()
    log = (tmp_path / "gunicorn.log").open("w")
    env = {
        **os.environ,
        **_database_environment(),
        "DEBUG": "1",
        "PALABRE_TESTING": "1",  # the tests' password hasher, as the person was made with it
        "ALLOWED_HOSTS": "127.0.0.1",
        "LOG_LEVEL": "WARNING",
    }
    if "PALABRE_DB_PATH" in env and "DATABASE_URL" in env and connection.vendor == "sqlite":
        env.pop("DATABASE_URL")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            f"--bind=127.0.0.1:{port}",
            f"--workers={WORKERS}",
            "--worker-class=sync",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:
        try:
            requests.get(base + "/compte/connexion/", timeout=30)
            break
        except requests.RequestException:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                process.wait()
                pytest.fail((tmp_path / "gunicorn.log").read_text())
            time.sleep(0.3)
    yield base
    process.terminate()
    process.wait(timeout=20)
    log.close()


def _token(response) -> str:
    return CSRF.search(response.text).group(1)


def _spread(cookies, url) -> list[requests.Response]:
    """Requests sent all at once on their own connections, with ``cookies``: a busy worker
    cannot take the next one, so they are shared among the workers."""

    def one(_request):
        return requests.get(
            url,
            cookies=cookies,
            allow_redirects=False,
            headers={"Connection": "close"},
            timeout=60,
        )

    with ThreadPoolExecutor(max_workers=REQUESTS) as pool:
        return list(pool.map(one, range(REQUESTS)))


@pytest.mark.django_db(transaction=True)
def test_a_logout_in_one_worker_ends_the_session_in_every_worker(server):
    person = UserFactory(email="camille.martin@exemple.fr", password=PASSWORD)
    MembershipFactory(user=person, role="mediator")
    browser = requests.Session()
    login = browser.get(server + "/compte/connexion/", timeout=20)
    signed_in = browser.post(
        server + "/compte/connexion/",
        data={
            "csrfmiddlewaretoken": _token(login),
            "username": person.email,
            "password": PASSWORD,
        },
        allow_redirects=False,
        timeout=20,
    )
    assert signed_in.status_code == 302, re.findall(r"exception_value\">([^<]*)<", signed_in.text)
    # Kept as a copied cookie would be: the logout's answer erases it from this browser only.
    cookies = browser.cookies.get_dict()
    assert {r.status_code for r in _spread(cookies, server + "/dossiers/")} == {200}

    page = browser.get(server + "/dossiers/", timeout=20)
    signed_out = browser.post(
        server + "/compte/deconnexion/",
        data={"csrfmiddlewaretoken": _token(page)},
        allow_redirects=False,
        timeout=20,
    )
    assert signed_out.status_code == 302

    after = _spread(cookies, server + "/dossiers/")
    assert [r.status_code for r in after] == [302] * REQUESTS
    assert all("/compte/connexion/" in r.headers["Location"] for r in after)
