"""Double authentification: enrolling an authenticator app, the recovery codes, checking the
second step, and turning it off. Verbs are keyword-only and atomic; each change writes a line
to the Journal of the person's organisations (``policy.record``), never a code or a key.

A code typed at the second step is either the app's (six digits) or a recovery code
(``abcd-efgh-jkmn``); ``verify`` tells which from its shape.
"""

import secrets
from dataclasses import dataclass

from django.contrib.auth.hashers import check_password, make_password
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from palabre.accounts import policy, totp
from palabre.accounts.models import RecoveryCode, TotpDevice
from palabre.core.actions import Refused

RECOVERY_CODE_COUNT = 10
# Lower-case letters and digits that no one confuses when copying from paper (no 0/o, 1/l/i).
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
RECOVERY_GROUPS = 3
GROUP_LENGTH = 4


class MfaRefused(Refused):
    pass


WRONG_CODE = gettext_lazy("Code incorrect ou déjà utilisé.")


def device_of(user) -> TotpDevice | None:
    return TotpDevice.objects.filter(user=user).first()


def is_enrolled(user) -> bool:
    return TotpDevice.objects.filter(user=user, confirmed_at__isnull=False).exists()


def remaining_recovery_codes(user) -> int:
    return RecoveryCode.objects.filter(user=user, used_at__isnull=True).count()


# --- Checking a code ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Verified:
    kind: str  # "totp" or "recovery"
    remaining_codes: int | None = None


def _normalised(code: str) -> str:
    return "".join(code.split()).replace("-", "").lower()


def _accept_totp(device: TotpDevice, code: str) -> bool:
    """The app's code of a step not used yet; the step is taken with a conditional update, so
    two requests racing with one code cannot both pass."""
    try:
        key = totp.decrypt(device.secret)
    except totp.UnreadableKey:
        return False
    step = totp.matching_step(key, code, totp_now(), after=device.last_used_step)
    if step is None:
        return False
    taken = TotpDevice.objects.filter(pk=device.pk, last_used_step__lt=step).update(
        last_used_step=step
    )
    if taken and (token := totp.reencrypted(device.secret)):
        TotpDevice.objects.filter(pk=device.pk).update(secret=token)
    return bool(taken)


def _accept_recovery(user, code: str) -> bool:
    """One hash per attempt: the selector finds the row, the hasher checks the whole code. An
    unknown selector still costs a hash, so that the time taken tells nothing."""
    code = _normalised(code)
    row = RecoveryCode.objects.filter(
        user=user, selector=code[:GROUP_LENGTH], used_at__isnull=True
    ).first()
    if row is None or len(code) != RECOVERY_GROUPS * GROUP_LENGTH:
        make_password(code)
        return False
    if not check_password(code, row.code_hash):
        return False
    return bool(
        RecoveryCode.objects.filter(pk=row.pk, used_at__isnull=True).update(used_at=timezone.now())
    )


def totp_now() -> float:
    return timezone.now().timestamp()


@transaction.atomic
def verify(*, user, code: str) -> Verified | None:
    """Checks a second-step code (the app's or a recovery code, which is then spent)."""
    device = TotpDevice.objects.filter(user=user, confirmed_at__isnull=False).first()
    if device is None:
        return None
    digits = "".join(code.split())
    if digits.isdigit():
        return Verified("totp") if _accept_totp(device, digits) else None
    if not _accept_recovery(user, code):
        return None
    remaining = remaining_recovery_codes(user)
    policy.record(
        user=user,
        verb="mfa_recovery_code_used",
        summary=_("Code de secours utilisé (il en reste %(n)d)") % {"n": remaining},
        actor=user,
    )
    return Verified("recovery", remaining)


# --- Enrolling, codes, turning off --------------------------------------------------------------


@transaction.atomic
def start_enrolment(*, user) -> TotpDevice:
    """The device waiting for its first code: the same key while the person has not confirmed
    (a page reloaded after scanning must not change the key), a fresh one otherwise."""
    device = TotpDevice.objects.select_for_update().filter(user=user).first()
    if device is not None and device.is_confirmed:
        raise MfaRefused(_("La double authentification est déjà activée sur ce compte."))
    if device is None:
        device = TotpDevice.objects.create(user=user, secret=totp.encrypt(totp.new_key()))
    return device


def _new_recovery_codes(user) -> list[str]:
    RecoveryCode.objects.filter(user=user).delete()
    codes, selectors = [], set()
    while len(codes) < RECOVERY_CODE_COUNT:
        raw = "".join(
            secrets.choice(RECOVERY_ALPHABET) for _position in range(RECOVERY_GROUPS * GROUP_LENGTH)
        )
        if raw[:GROUP_LENGTH] in selectors:
            continue
        selectors.add(raw[:GROUP_LENGTH])
        codes.append(raw)
    RecoveryCode.objects.bulk_create(
        RecoveryCode(user=user, selector=raw[:GROUP_LENGTH], code_hash=make_password(raw))
        for raw in codes
    )
    return [
        "-".join(raw[i : i + GROUP_LENGTH] for i in range(0, len(raw), GROUP_LENGTH))
        for raw in codes
    ]


@transaction.atomic
def confirm_enrolment(*, user, code: str) -> list[str]:
    """The first code from the app proves it holds the key: the device counts from now on.
    Answers the recovery codes, in clear for the only time."""
    device = TotpDevice.objects.select_for_update().filter(user=user).first()
    if device is None or device.is_confirmed:
        raise MfaRefused(_("Reprenez l'activation depuis le début."))
    if not _accept_totp(device, code):
        raise MfaRefused(
            _(
                "Ce code ne correspond pas. Vérifiez que l'heure du téléphone est à l'heure "
                "automatique, puis saisissez le code affiché maintenant."
            )
        )
    TotpDevice.objects.filter(pk=device.pk).update(confirmed_at=timezone.now())
    codes = _new_recovery_codes(user)
    policy.record(
        user=user,
        verb="mfa_enabled",
        summary=_("Double authentification activée"),
        actor=user,
    )
    return codes


def _require_second_factor(user, code: str):
    if verify(user=user, code=code) is None:
        raise MfaRefused(WRONG_CODE)


@transaction.atomic
def regenerate_recovery_codes(*, user, code: str) -> list[str]:
    """New codes replace all the old ones (used or not), on a code of the app or a recovery
    code."""
    if not is_enrolled(user):
        raise MfaRefused(_("La double authentification n'est pas activée sur ce compte."))
    _require_second_factor(user, code)
    codes = _new_recovery_codes(user)
    policy.record(
        user=user,
        verb="mfa_recovery_codes_regenerated",
        summary=_("Nouveaux codes de secours générés"),
        actor=user,
    )
    return codes


@transaction.atomic
def disable(*, user, code: str):
    if not is_enrolled(user):
        raise MfaRefused(_("La double authentification n'est pas activée sur ce compte."))
    _require_second_factor(user, code)
    _remove(user)
    policy.record(
        user=user,
        verb="mfa_disabled",
        summary=_("Double authentification désactivée par la personne"),
        actor=user,
    )


@transaction.atomic
def reset(*, user, by):
    """For a person who lost both the phone and the codes, after the administration checked who
    they are (``manage.py reset_mfa``). The next login asks only the password; where it is
    required, the person enrols again at once."""
    if device_of(user) is None and not RecoveryCode.objects.filter(user=user).exists():
        raise MfaRefused(_("Ce compte n'a pas de double authentification à réinitialiser."))
    _remove(user)
    policy.record(
        user=user,
        verb="mfa_reset",
        summary=_("Double authentification réinitialisée par l'administration"),
        actor=by,
    )


def _remove(user):
    TotpDevice.objects.filter(user=user).delete()
    RecoveryCode.objects.filter(user=user).delete()
