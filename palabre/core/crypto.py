"""Encryption at rest of statements: envelope encryption with AES-256-GCM (docs/adr/0014).

Three layers of keys:

- **Key-encryption keys (KEK)**: 32 random bytes, never in the database, from ``PALABRE_KEK``
  or ``PALABRE_KEK_FILE`` (``kek.py``); the first one wraps new data keys.
- **Data keys (DEK)**: one per service and version (``core.DataKey``), stored wrapped by a KEK
  (AES-GCM, bound to the service and the key's id).
- **Values**: each one sealed by the service's active DEK with a fresh 96-bit nonce, its
  associated data naming the model, the field, the service and the row, so that a value copied
  to another row or another service does not open. A sealed value reads
  ``pal1:<data key id>:<base64url(nonce ‖ ciphertext ‖ tag)>``: the key is found from the value,
  without a query once the process has unwrapped it.

Caches: unwrapped data keys by id (their material never changes: a retired key is erased, not
changed); and each service's active key, kept at most ``PALABRE_DATA_KEY_TTL`` seconds — the
time a process may go on sealing with a key after a rotation replaced it, which the rotation
waits out before retiring it (``key_rotation``). A key found or made inside a transaction is
trusted only while that transaction lives: rolled back, it may never have existed.
"""

import base64
import os
import re
import threading
import time
import uuid
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.signals import setting_changed
from django.db import IntegrityError, connection, transaction
from django.dispatch import receiver
from django.utils import timezone

from palabre.core.kek import (  # noqa: F401 (the facade: callers import them from here)
    DEVELOPMENT_KEY_FILE,
    CryptoError,
    DecryptionFailed,
    KeyRing,
    MissingKey,
    configured_sources,
    kek_id,
    load_ring,
    parse_keys,
)

PREFIX = "pal1"
NONCE_BYTES = 12
TOKEN = re.compile(rf"\A{PREFIX}:(?P<key>[0-9a-f]{{32}}):(?P<blob>[A-Za-z0-9_-]+)\Z")
SETTINGS = {"PALABRE_KEK", "PALABRE_KEK_FILE", "PALABRE_DATA_KEY_TTL", "BASE_DIR"}


# --- Sealed values ------------------------------------------------------------------------------


def is_token(value) -> bool:
    return isinstance(value, str) and TOKEN.match(value) is not None


def key_id_of(token: str) -> str:
    """The hex id of the data key that sealed ``token``."""
    return token.split(":", 2)[1]


class Sealed:
    """A value as read from the database, opened on first access through a model instance
    (``crypto_fields.EncryptedAttribute``), which knows the service and row it is bound to.
    ``values()`` and ``values_list()`` have no instance and return it as it is: it refuses to
    become text, so that it is never shown by mistake."""

    __slots__ = ("token",)

    def __init__(self, token: str):
        self.token = token

    @property
    def key_id(self) -> str:
        return key_id_of(self.token)

    def __repr__(self):
        return f"<Sealed {PREFIX}:{self.key_id}:…>"

    def __str__(self):
        raise TypeError("A sealed value opens through its model instance, not as text.")

    def __eq__(self, other):
        return isinstance(other, Sealed) and other.token == self.token

    def __hash__(self):
        return hash(self.token)


@dataclass(frozen=True)
class Binding:
    """What a value is bound to: ``cases.privatenote.text`` of a row of a service."""

    label: str
    organisation_id: str
    row_id: str

    @classmethod
    def of(cls, label, organisation_id, row_id) -> "Binding":
        if organisation_id is None or row_id is None:
            raise CryptoError(f"{label}: a sealed value needs its service and its row id.")
        return cls(label, _canonical(organisation_id), _canonical(row_id))

    @property
    def aad(self) -> bytes:
        return f"palabre|{self.label}|{self.organisation_id}|{self.row_id}".encode()


def _canonical(value) -> str:
    """A UUID in one spelling whatever the backend or the caller gave (hex, dashes, object)."""
    if isinstance(value, uuid.UUID):
        return str(value)
    try:
        return str(uuid.UUID(str(value)))
    except ValueError:
        return str(value)


# --- Process state ------------------------------------------------------------------------------


@dataclass
class _Active:
    key_id: str
    cipher: AESGCM
    loaded_at: float
    # The on-commit callback of the transaction that found or made the key; None once committed.
    pending: object | None = None

    def usable(self, ttl: float) -> bool:
        if time.monotonic() - self.loaded_at >= ttl:
            return False
        if self.pending is None:
            return True
        return any(item[1] is self.pending for item in connection.run_on_commit)


_lock = threading.Lock()
_ring: KeyRing | None = None
_data_keys: dict[str, AESGCM] = {}
_active: dict[str, _Active] = {}


def ring() -> KeyRing:
    global _ring
    with _lock:
        if _ring is None:
            _ring = load_ring()
        return _ring


def forget(key_id: str | None = None):
    """Drops what the process remembers: one data key (retired), or everything."""
    global _ring
    with _lock:
        if key_id is None:
            _ring = None
            _data_keys.clear()
            _active.clear()
            return
        _data_keys.pop(key_id, None)
        for organisation_id, entry in list(_active.items()):
            if entry.key_id == key_id:
                del _active[organisation_id]


@receiver(setting_changed)
def _settings_changed(*, setting, **kwargs):
    if setting in SETTINGS:
        forget()


def ttl() -> float:
    return float(settings.PALABRE_DATA_KEY_TTL)


# --- Data keys ----------------------------------------------------------------------------------


def _wrap_aad(organisation_id, key_id: str) -> bytes:
    return f"palabre-data-key|{uuid.UUID(str(organisation_id))}|{key_id}".encode()


def wrap(material: bytes, *, organisation_id, key_id: str, kek: str | None = None) -> tuple:
    """(wrapped key in base64, KEK id)."""
    keys = ring()
    kek = kek or keys.primary
    nonce = os.urandom(NONCE_BYTES)
    sealed = keys.kek(kek).encrypt(nonce, material, _wrap_aad(organisation_id, key_id))
    return base64.b64encode(nonce + sealed).decode(), kek


def unwrap(data_key) -> bytes:
    if not data_key.wrapped_key:
        raise MissingKey(f"Data key {data_key.pk.hex} is retired: nothing may be sealed by it.")
    blob = base64.b64decode(data_key.wrapped_key)
    try:
        return (
            ring()
            .kek(data_key.kek_id)
            .decrypt(
                blob[:NONCE_BYTES],
                blob[NONCE_BYTES:],
                _wrap_aad(data_key.organisation_id, data_key.pk.hex),
            )
        )
    except InvalidTag:
        raise DecryptionFailed(
            f"Data key {data_key.pk.hex} does not open with {data_key.kek_id}: wrong key or "
            "altered row."
        ) from None


def cipher_of(data_key) -> AESGCM:
    key_id = data_key.pk.hex
    cipher = _data_keys.get(key_id)
    if cipher is None:
        cipher = AESGCM(unwrap(data_key))
        _data_keys[key_id] = cipher
    return cipher


def _data_key_by_id(key_id: str) -> AESGCM:
    cipher = _data_keys.get(key_id)
    if cipher is not None:
        return cipher
    from palabre.core.keys import DataKey

    data_key = DataKey.objects.filter(pk=uuid.UUID(key_id)).first()
    if data_key is None:
        raise MissingKey(f"Data key {key_id} does not exist in this database.")
    return cipher_of(data_key)


def new_data_key(organisation_id):
    """A new active data key for the service (the next version), wrapped by the primary KEK.
    The caller supersedes the previous one in the same transaction, or there is none."""
    from palabre.core.keys import DataKey

    data_key = DataKey(organisation_id=organisation_id, created_at=timezone.now())
    data_key.version = DataKey.objects.next_version(organisation_id)
    material = AESGCM.generate_key(256)
    data_key.wrapped_key, data_key.kek_id = wrap(
        material, organisation_id=organisation_id, key_id=data_key.pk.hex
    )
    data_key.save(force_insert=True)
    _data_keys[data_key.pk.hex] = AESGCM(material)
    return data_key


def active_key(organisation_id) -> tuple[str, AESGCM]:
    """The service's key for sealing: (hex id, cipher); made at the first value sealed."""
    organisation_id = str(organisation_id)
    entry = _active.get(organisation_id)
    if entry is not None and entry.usable(ttl()):
        return entry.key_id, entry.cipher
    from palabre.core.keys import DataKey

    data_key = DataKey.objects.active().filter(organisation_id=organisation_id).first()
    if data_key is None:
        try:
            with transaction.atomic():
                data_key = new_data_key(organisation_id)
        except IntegrityError:  # another process made it first
            data_key = DataKey.objects.active().get(organisation_id=organisation_id)
    entry = _Active(data_key.pk.hex, cipher_of(data_key), time.monotonic())
    if connection.in_atomic_block:

        def committed(entry=entry):
            entry.pending = None

        entry.pending = committed
        transaction.on_commit(committed)
    _active[organisation_id] = entry
    return entry.key_id, entry.cipher


# --- Sealing and opening ------------------------------------------------------------------------


def seal(plaintext: str, binding: Binding, key: tuple[str, AESGCM] | None = None) -> str:
    key_id, cipher = key or active_key(binding.organisation_id)
    nonce = os.urandom(NONCE_BYTES)
    sealed = cipher.encrypt(nonce, plaintext.encode("utf-8"), binding.aad)
    blob = base64.urlsafe_b64encode(nonce + sealed).rstrip(b"=").decode("ascii")
    return f"{PREFIX}:{key_id}:{blob}"


def open_token(token: str, binding: Binding) -> str:
    match = TOKEN.match(token)
    if match is None:
        raise DecryptionFailed(f"{binding.label} of row {binding.row_id}: not a sealed value.")
    blob = match["blob"]
    raw = base64.urlsafe_b64decode(blob + "=" * (-len(blob) % 4))
    cipher = _data_key_by_id(match["key"])
    try:
        plaintext = cipher.decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], binding.aad)
    except InvalidTag:
        raise DecryptionFailed(
            f"{binding.label} of row {binding.row_id} does not open: altered, or copied from "
            "another row or service."
        ) from None
    return plaintext.decode("utf-8")
