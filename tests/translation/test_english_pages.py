"""With English chosen, the key pages of every role read in English; French stays the default.

The demo is loaded, the committed catalogue compiled (as ``make install`` does) into a
temporary directory the instance then reads, and each person chooses « English » in the footer
as anyone would (``/i18n/setlang/``). On each page: ``<html lang="en">``, and no French left in
the text once the data are cut out (``tests/translation/english.py`` says how and why).
"""

import datetime as dt
import io
import shutil
import zoneinfo

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from palabre.cases.demo import generator
from palabre.cases.models import Case
from palabre.core import catalogue
from palabre.field import demo as field_demo
from palabre.organisations.middleware import SESSION_KEY
from palabre.organisations.models import Membership
from palabre.permanences.models import Permanence
from tests.translation import english

NOW = dt.datetime(2026, 11, 17, 10, 30, tzinfo=zoneinfo.ZoneInfo("Europe/Paris"))
SERVICE = "cite-et-mediation-demo"
NETWORK = "reseau-des-villes-demo"
FIELD = field_demo.SLUG


@pytest.fixture
def compiled(settings, tmp_path):
    """The committed catalogues, compiled by the install step's code, read by the instance."""
    for po in catalogue.catalogues(django_settings.LOCALE_PATHS):
        target = tmp_path / po.relative_to(po.parents[2])
        target.parent.mkdir(parents=True)
        shutil.copy(po, target)
        catalogue.compile_catalogue(target)
    assert list(tmp_path.glob("en/LC_MESSAGES/django.mo")), "aucun catalogue anglais"
    settings.LOCALE_PATHS = [tmp_path]


@pytest.fixture
def demo(db, monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: NOW)
    call_command("seed_demo", years=1, cases_per_year=20, stdout=io.StringIO())
    return generator.load_params()


def _in_english(email, organisation) -> Client:
    client = Client()
    if email is not None:
        membership = Membership.objects.get(user__email=email, organisation__slug=organisation)
        client.force_login(membership.user)
        session = client.session
        session[SESSION_KEY] = str(membership.pk)
        session.save()
    answer = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert answer.status_code == 302
    return client


def _pages():
    """(who, email, organisation, paths): each person, the membership they act with, and the
    pages they start from (``/`` leads each role to its own start page)."""
    case = Case.objects.filter(organisation__slug=SERVICE).order_by("reference").first()
    mediator_case = (
        Case.objects.filter(
            organisation__slug=SERVICE,
            assignments__membership__user__email="mediation@demo.palabre.fr",
        )
        .order_by("reference")
        .first()
    )
    permanence = Permanence.objects.filter(organisation__slug=SERVICE).first()
    return [
        (
            "coordination",
            "coordination@demo.palabre.fr",
            SERVICE,
            [
                "/",
                reverse("cases:list"),
                reverse("cases:detail", args=[case.pk]),
                reverse("permanences:detail", args=[permanence.pk]),
                reverse("reports:dashboard"),
                reverse("referrals:queue"),
            ],
        ),
        (
            "mediation",
            "mediation@demo.palabre.fr",
            SERVICE,
            ["/", reverse("cases:detail", args=[mediator_case.pk])],
        ),
        ("accueil", "accueil@demo.palabre.fr", SERVICE, ["/", reverse("cases:list")]),
        ("bureau", "bureau@demo.palabre.fr", SERVICE, ["/"]),
        ("police", "police@demo.palabre.fr", SERVICE, ["/"]),
        ("reseau", "reseau@demo.palabre.fr", NETWORK, ["/"]),
        ("correspondant", "correspondant@demo.palabre.fr", FIELD, ["/", reverse("field:entry")]),
        (
            "anonyme",
            None,
            None,
            [
                reverse("rdv:finder", args=[SERVICE]),
                reverse("referrals:request", args=[SERVICE]),
                reverse("accounts:login"),
            ],
        ),
    ]


def test_the_key_pages_of_every_role_read_in_english(demo, compiled):
    data = english.data_strings() + english.kept_by_catalogues(
        catalogue.catalogues(django_settings.LOCALE_PATHS)
    )
    failures = []
    for who, email, organisation, paths in _pages():
        client = _in_english(email, organisation)
        for path in paths:
            response = client.get(path, follow=True)
            where = f"{who} {path} → {response.request['PATH_INFO']}"
            if response.status_code != 200:
                failures.append(f"{where}: {response.status_code}")
                continue
            lang, texts = english.read(response.content.decode())
            if lang != "en":
                failures.append(f"{where}: <html lang={lang!r}>")
            failures.extend(f"{where}: {found}" for found in english.french_left(texts, data))
    assert not failures, "Du français sur les pages en anglais :\n" + "\n".join(failures)


def test_french_stays_the_default(db):
    response = Client().get(reverse("accounts:login"))
    lang, texts = english.read(response.content.decode())
    assert lang == "fr"
    assert english.french_in(" ".join(texts))


def test_the_heuristic_finds_french_and_lets_data_pass():
    data = ["Maison de quartier du Blosne", "Éloïse Le Gall"]
    texts = [
        "Appointment for Éloïse Le Gall at Maison de quartier du Blosne",
        "Save",
        "Enregistrer",
        "Cases opened in the période",
        "3 dossiers",
    ]
    assert english.french_left(texts, data) == [
        "'Enregistrer' (Enregistrer)",
        "'Cases opened in the période' (période)",
        "'3 dossiers' (dossiers)",
    ]
    lang, texts = english.read(
        '<html lang="en"><title>Cases</title><script>var a = "Dossier";</script>'
        '<button aria-label="Fermer">×</button><p>Open <b>cases</b></p></html>'
    )
    assert lang == "en"
    assert texts == ["Cases", "Fermer", "×", "Open", "cases"]
