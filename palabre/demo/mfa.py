"""A demo account with double authentification, so that a visitor can try the code step.

Its key and recovery codes are fixed and printed by ``manage.py demo_accounts``: anyone reading
them can log in, which is the point of a demo (people and situations are fictitious). The demo
services themselves do not require double authentification: every other demo account logs in
with the shared password alone.
"""

import base64
import random

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from palabre.accounts import mfa, totp
from palabre.accounts.models import RecoveryCode, TotpDevice, User
from palabre.organisations.models import Membership, Role

EMAIL = "double-authentification@demo.palabre.fr"
KEY = b"palabre-demo-totp-20"  # 20 bytes, as an enrolled app would hold


def recovery_codes() -> list[str]:
    """Ten fixed codes, in the shape of real ones."""
    draw = random.Random(20261207)
    codes, selectors = [], set()
    while len(codes) < mfa.RECOVERY_CODE_COUNT:
        raw = "".join(draw.choice(mfa.RECOVERY_ALPHABET) for _position in range(12))
        if raw[:4] not in selectors:
            selectors.add(raw[:4])
            codes.append(f"{raw[:4]}-{raw[4:8]}-{raw[8:]}")
    return codes


def seed_mfa_account(organisation, *, password: str) -> User:
    """The accueil of the demo service, with an app enrolled under ``KEY``."""
    user = User.objects.create_user(
        EMAIL, password, first_name="Gaëlle", last_name="Le Meur (double authentification)"
    )
    Membership.objects.create(user=user, organisation=organisation, role=Role.RECEPTION)
    TotpDevice.objects.create(user=user, secret=totp.encrypt(KEY), confirmed_at=timezone.now())
    RecoveryCode.objects.bulk_create(
        RecoveryCode(user=user, selector=code[:4], code_hash=make_password(code.replace("-", "")))
        for code in recovery_codes()
    )
    return user


def readable_key() -> str:
    return totp.readable(KEY)


def secret() -> str:
    return base64.b32encode(KEY).decode().rstrip("=")
