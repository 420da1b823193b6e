"""The account-free link e-mailed to the partner: it opens one signal and its two buttons; an
expired or altered link gets a clear French page and changes nothing."""

import datetime as dt
import re

import pytest
from django.core import signing
from django.urls import reverse

from palabre.field import watch_actions
from palabre.field.models import SignalLink
from palabre.field.tests import watch_world
from palabre.field.tests.conftest import EVENING, at
from palabre.field.watch import SignalStatus

LINK = re.compile(r"/terrain/signalement/([^/\s]+)/")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def sent(service, place, coordinator, shift, mailoutbox, django_capture_on_commit_callbacks):
    """A signal to Archipel Habitat, with a photo, and the token of the link it was e-mailed."""
    watch_world.landlords(service, place, coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        signal = watch_world.report(
            shift,
            by=coordinator,
            residence=place["glycines"],
            description="Vitre de la porte du hall brisée",
            photo=watch_world.small_photo(),
        )
    [message] = mailoutbox
    return signal, LINK.search(message.body)[1]


def _page(client, token):
    return client.get(reverse("field:signal_link", args=[token]))


def test_a_valid_link_shows_the_signal_and_its_two_buttons(client, sent):
    signal, token = sent
    response = _page(client, token)
    content = response.content.decode()
    assert response.status_code == 200 and "INVALID[" not in content
    assert "Vitre de la porte du hall brisée" in content and "Les Glycines" in content
    assert "Je prends en compte" in content and "C&#x27;est réglé" in content
    photo = client.get(reverse("field:signal_link_photo", args=[token]))
    assert photo.status_code == 200 and photo["Content-Type"] == "image/jpeg"


def test_the_link_acknowledges_then_resolves(client, sent, clock):
    signal, token = sent
    url = reverse("field:signal_link", args=[token])
    clock(at(EVENING + dt.timedelta(days=1), 8))
    response = client.post(url, {"step": "pris-en-compte"}, follow=True)
    assert "l&#x27;équipe voit que le signalement est pris en compte" in response.content.decode()
    signal.refresh_from_db()
    assert signal.status == SignalStatus.ACKNOWLEDGED
    assert signal.acknowledged_at == at(EVENING + dt.timedelta(days=1), 8)
    assert "Je prends en compte" not in response.content.decode()
    client.post(url, {"step": "resolu"})
    signal.refresh_from_db()
    assert signal.status == SignalStatus.RESOLVED
    assert "Ce signalement est résolu. Merci." in _page(client, token).content.decode()


def test_an_expired_link_says_so_and_changes_nothing(client, sent, clock):
    signal, token = sent
    clock(at(EVENING + dt.timedelta(days=watch_actions.LINK_DAYS + 1), 12))
    response = _page(client, token)
    assert response.status_code == 410
    assert "Ce lien a expiré le" in response.content.decode()
    response = client.post(reverse("field:signal_link", args=[token]), {"step": "resolu"})
    assert response.status_code == 410
    assert "Rien n'a été modifié." in response.content.decode()
    assert client.get(reverse("field:signal_link_photo", args=[token])).status_code == 404
    signal.refresh_from_db()
    assert signal.status == SignalStatus.SENT and signal.acknowledged_at is None


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
        lambda token: token[:20],
        lambda token: signing.dumps(str(SignalLink.objects.get().pk), salt="autre.usage"),
        lambda token: signing.dumps(
            "00000000-0000-0000-0000-000000000000", salt=watch_actions.LINK_SALT
        ),
    ],
    ids=["altered signature", "cut short", "another salt", "no such link"],
)
def test_a_tampered_link_says_so_and_changes_nothing(client, sent, tamper):
    signal, token = sent
    forged = tamper(token)
    response = client.post(reverse("field:signal_link", args=[forged]), {"step": "resolu"})
    assert response.status_code == 410
    assert "Ce lien n&#x27;est pas valide" in response.content.decode()
    assert client.get(reverse("field:signal_link_photo", args=[forged])).status_code == 404
    signal.refresh_from_db()
    assert signal.status == SignalStatus.SENT


def test_a_referral_links_token_does_not_open_a_signal(client, sent, service, coordinator):
    from palabre.partners.tests.factories import PartnerFactory
    from palabre.referrals import actions as referral_actions

    _link, token = referral_actions.issue_link(
        organisation=service, partner=PartnerFactory(organisation=service), by=coordinator
    )
    assert _page(client, token).status_code == 410


def test_an_unknown_step_changes_nothing(client, sent):
    signal, token = sent
    response = client.post(
        reverse("field:signal_link", args=[token]), {"step": "efface"}, follow=True
    )
    assert "Cette réponse n&#x27;est pas prévue." in response.content.decode()
    signal.refresh_from_db()
    assert signal.status == SignalStatus.SENT
