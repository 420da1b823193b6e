"""A fixed clock (Monday 7 December 2026, 9:00 in Rennes), and people with an authenticator app
enrolled through the real verbs, whose codes the tests compute from the stored key."""

import datetime as dt
import zoneinfo

import axes.attempts
import axes.handlers.proxy
import pytest
from django.urls import reverse
from django.utils import timezone

from palabre.accounts import mfa, totp
from palabre.accounts.models import TotpDevice

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
MORNING = dt.datetime(2026, 12, 7, 9, 0, tzinfo=PARIS)
PASSWORD = "palabre-test"
LOGIN = reverse("accounts:login")
LOGIN_CODE = reverse("accounts:login_code")


class Clock:
    def __init__(self, start):
        self.now = start

    def __call__(self):
        return self.now

    def advance(self, seconds):
        self.now += dt.timedelta(seconds=seconds)

    @property
    def timestamp(self):
        return self.now.timestamp()


@pytest.fixture
def clock(monkeypatch):
    """``timezone.now()`` stands still at 9:00 until the test moves it (``clock.advance``).

    django-axes took its own reference to ``now`` at import: it stands still too, or the failures
    it stamps with the fixed clock would fall out of its cool-off window once the real clock
    passes 9:30 on 7 December 2026."""
    state = Clock(MORNING)
    monkeypatch.setattr(timezone, "now", state)
    monkeypatch.setattr(axes.attempts, "now", state)
    monkeypatch.setattr(axes.handlers.proxy, "now", state)
    return state


def key_of(user) -> bytes:
    return totp.decrypt(TotpDevice.objects.get(user=user).secret)


def code_for(user, clock, *, shift=0) -> str:
    """The app's code at the clock's time, ``shift`` seconds later."""
    return totp.generate(key_of(user), clock.timestamp + shift)


def enrol(user, clock) -> list[str]:
    """Enrols the user's app and answers their recovery codes; the clock then moves on by one
    step, so that the next code is not the one just used."""
    mfa.start_enrolment(user=user)
    codes = mfa.confirm_enrolment(user=user, code=code_for(user, clock))
    clock.advance(totp.STEP_SECONDS)
    return codes


def password_step(client, email, password=PASSWORD, **extra):
    return client.post(LOGIN, {"username": email, "password": password, **extra})


def is_logged_in(client):
    return "_auth_user_id" in client.session
