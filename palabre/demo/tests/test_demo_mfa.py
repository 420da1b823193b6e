"""The demo's account with double authentification: its printed key and codes open it, and the
demo services do not require double authentification of anyone."""

from django.urls import reverse

from palabre.accounts import mfa, totp
from palabre.accounts.tests.conftest import LOGIN_CODE, is_logged_in, password_step
from palabre.demo import mfa as demo_mfa

PASSWORD = "palabre-demo"


def test_the_printed_key_gives_the_code_that_completes_the_login(client, service, clock):
    demo_mfa.seed_mfa_account(service, password=PASSWORD)

    assert password_step(client, demo_mfa.EMAIL, PASSWORD)["Location"] == LOGIN_CODE
    key = totp.readable(demo_mfa.KEY).replace(" ", "")
    assert demo_mfa.readable_key().replace(" ", "") == key == demo_mfa.secret()
    code = totp.generate(demo_mfa.KEY, clock.timestamp)
    assert client.post(LOGIN_CODE, {"code": code})["Location"] == reverse("home")
    assert is_logged_in(client)
    assert not service.mfa_required


def test_the_printed_recovery_codes_open_the_account_once_each(client, service, clock):
    user = demo_mfa.seed_mfa_account(service, password=PASSWORD)
    codes = demo_mfa.recovery_codes()

    assert len(set(codes)) == 10
    assert mfa.remaining_recovery_codes(user) == 10
    assert mfa.verify(user=user, code=codes[0]).remaining_codes == 9
    assert mfa.verify(user=user, code=codes[0]) is None
