"""Rotating the data keys and re-wrapping them under a new key-encryption key (docs/adr/0014).

A rotation of a service's data key, without downtime:

1. **supersede**: in one transaction, the active key is marked superseded and the next version
   becomes active. Pages keep working: a reader opens either version.
2. **reseal**: every value of the service not sealed by the active key (superseded key, or plain
   text written before encryption) is opened and sealed again, in small batches, each in its own
   transaction. A value is replaced only if it is still the one that was read
   (compare-and-swap): a note edited meanwhile is never overwritten.
3. **wait**: a process may go on sealing with the superseded key for ``PALABRE_DATA_KEY_TTL``
   seconds after it loaded it; the rotation waits twice that from the moment of step 1, then
   reseals again until a pass finds nothing left.
4. **retire**: a superseded key no value uses any more loses its wrapped material.

Killed at any point, the rotation is resumed by running the command again: a superseded key
that is not retired means an unfinished rotation, which is finished before any new one starts.
Values already resealed are not touched twice.
"""

import time
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count, F, Max, TextField
from django.db.models.functions import Cast, Substr
from django.db.models.lookups import Exact
from django.utils import timezone

from palabre.core import crypto
from palabre.core.crypto_fields import encrypted_fields
from palabre.core.keys import DataKey

RAW = "_sealed_raw"
FINAL_PASSES = 5


class RotationStuck(Exception):
    pass


def _raw(field_name):
    # The column as stored, without the field's conversion: the token, or legacy plain text.
    return Cast(F(field_name), output_field=TextField())


def _rows(model, field, organisation_id):
    return (
        model._base_manager.filter(**{f"{field.organisation_field}_id": organisation_id})
        .annotate(**{RAW: _raw(field.name)})
        .exclude(**{RAW: ""})
        .exclude(**{f"{RAW}__isnull": True})
    )


def _key(data_key) -> tuple[str, object]:
    return data_key.pk.hex, crypto.cipher_of(data_key)


# --- Counting -----------------------------------------------------------------------------------


@dataclass
class Census:
    """How a service's values are stored: by data key id, and in plain text."""

    by_key: dict[str, int] = field(default_factory=dict)
    plaintext: int = 0

    def add(self, other: "Census"):
        for key_id, count in other.by_key.items():
            self.by_key[key_id] = self.by_key.get(key_id, 0) + count
        self.plaintext += other.plaintext

    def outside(self, key_id: str) -> int:
        return self.plaintext + sum(n for k, n in self.by_key.items() if k != key_id)


def census(organisation_id) -> Census:
    total = Census()
    prefix_length = len(crypto.PREFIX) + 1
    for model, field_ in encrypted_fields():
        rows = _rows(model, field_, organisation_id)
        sealed = rows.filter(**{f"{RAW}__startswith": f"{crypto.PREFIX}:"})
        grouped = (
            sealed.annotate(key_id=Substr(RAW, prefix_length + 1, 32))
            .values("key_id")
            .annotate(n=Count("pk"))
            .order_by()
        )
        total.add(
            Census(
                {row["key_id"]: row["n"] for row in grouped},
                rows.exclude(**{f"{RAW}__startswith": f"{crypto.PREFIX}:"}).count(),
            )
        )
    return total


# --- Resealing ----------------------------------------------------------------------------------


@dataclass
class Progress:
    resealed: int = 0
    changed_meanwhile: int = 0
    batches: int = 0
    # Values that do not open (altered, or their key lost): left as they are, and reported.
    unreadable: set = field(default_factory=set)


def reseal(organisation_id, active, *, batch_size=200, pause=0.0, progress=None, report=None):
    """Seals again with ``active`` (a DataKey) every value of the service it did not seal."""
    progress = progress or Progress()
    key = _key(active)
    keep = f"{crypto.PREFIX}:{key[0]}:"
    for model, field_ in encrypted_fields():
        rows = _rows(model, field_, organisation_id).exclude(**{f"{RAW}__startswith": keep})
        last = None
        while True:
            page = rows.filter(pk__gt=last) if last is not None else rows
            batch = list(page.order_by("pk").values_list("pk", RAW)[:batch_size])
            if not batch:
                break
            last = batch[-1][0]
            _reseal_batch(model, field_, organisation_id, batch, key, progress)
            if report:
                report(model, field_, progress)
            if pause:
                time.sleep(pause)
    return progress


def _reseal_batch(model, field_, organisation_id, batch, key, progress):
    label = field_.label
    with transaction.atomic():
        for pk, raw in batch:
            binding = crypto.Binding.of(label, organisation_id, pk)
            try:
                plaintext = crypto.open_token(raw, binding) if crypto.is_token(raw) else raw
            except crypto.CryptoError:
                progress.unreadable.add((label, str(pk)))
                continue
            sealed = crypto.seal(plaintext, binding, key=key)
            still = Exact(_raw(field_.name), raw)
            updated = model._base_manager.filter(still, pk=pk).update(**{field_.name: sealed})
            progress.resealed += updated
            progress.changed_meanwhile += 1 - updated
    progress.batches += 1


# --- Rotation -----------------------------------------------------------------------------------


def supersede(organisation_id) -> DataKey:
    """Step 1: the next version becomes the service's active key."""
    with transaction.atomic():
        now = timezone.now()
        current = list(
            DataKey.objects.active().select_for_update().filter(organisation_id=organisation_id)
        )
        DataKey.objects.filter(pk__in=[k.pk for k in current]).update(superseded_at=now)
        new = crypto.new_data_key(organisation_id)
    crypto.forget()  # this process seals with the new key from now on
    return new


def active_or_new(organisation_id) -> DataKey:
    crypto.active_key(organisation_id)  # made if the service had none
    return DataKey.objects.active().get(organisation_id=organisation_id)


def begin(organisation_id, *, new_key=True, batch_size=200, pause=0.0, report=None):
    """Steps 1 and 2: supersedes the service's key (unless a rotation is unfinished, or
    ``new_key`` is false) and reseals everything. Returns (active key, progress)."""
    unfinished = DataKey.objects.superseded().filter(organisation_id=organisation_id).exists()
    if new_key and not unfinished:
        active = supersede(organisation_id)
    else:
        active = active_or_new(organisation_id)
    progress = reseal(organisation_id, active, batch_size=batch_size, pause=pause, report=report)
    return active, progress


def stale_writers_wait(organisation_ids) -> float:
    """Step 3: seconds until no process may still seal with a key superseded for one of these
    services (twice the time a process keeps a key, from the moment it was superseded)."""
    latest = (
        DataKey.objects.superseded()
        .filter(organisation_id__in=list(organisation_ids))
        .aggregate(latest=Max("superseded_at"))["latest"]
    )
    if latest is None:
        return 0.0
    return max(0.0, (latest - timezone.now()).total_seconds() + 2 * crypto.ttl())


def finish(organisation_id, active, progress, *, batch_size=200, report=None) -> list[DataKey]:
    """Steps 3 and 4, after the wait: reseals what was written meanwhile, until a pass finds
    nothing left, then retires the superseded keys. Returns them."""
    for _ in range(FINAL_PASSES):
        before = progress.resealed
        reseal(organisation_id, active, batch_size=batch_size, progress=progress, report=report)
        if progress.unreadable:
            raise RotationStuck(
                f"{len(progress.unreadable)} valeur(s) ne s'ouvrent pas (modifiées, ou leur clé "
                "perdue) : la clé remplacée est gardée. Voir « rotate_data_keys --verify »."
            )
        if progress.resealed == before and not census(organisation_id).outside(active.pk.hex):
            return retire(organisation_id)
    raise RotationStuck(
        "Des valeurs sont encore écrites avec l'ancienne clé : relancez la commande."
    )


def rotate(organisation_id, *, sleep=time.sleep, batch_size=200, **options):
    """The whole rotation of one service. Returns (active key, progress, retired keys)."""
    active, progress = begin(organisation_id, batch_size=batch_size, **options)
    sleep(stale_writers_wait([organisation_id]))
    report = options.get("report")
    retired = finish(organisation_id, active, progress, batch_size=batch_size, report=report)
    return active, progress, retired


def retire(organisation_id) -> list[DataKey]:
    """Step 4: superseded keys that seal nothing any more lose their material."""
    retired = []
    counts = census(organisation_id).by_key
    for data_key in DataKey.objects.superseded().filter(organisation_id=organisation_id):
        if counts.get(data_key.pk.hex):
            continue
        DataKey.objects.filter(pk=data_key.pk).update(retired_at=timezone.now(), wrapped_key="")
        crypto.forget(data_key.pk.hex)
        retired.append(data_key)
    return retired


# --- Key-encryption keys ------------------------------------------------------------------------


def rewrap(kek_id: str | None = None, organisation_id=None) -> int:
    """Wraps every live data key under ``kek_id`` (the primary KEK by default), one key per
    transaction; already wrapped ones are left. The values are not touched."""
    ring = crypto.ring()
    target = kek_id or ring.primary
    ring.kek(target)  # refuses a KEK that is not loaded
    keys = DataKey.objects.live().exclude(kek_id=target)
    if organisation_id is not None:
        keys = keys.filter(organisation_id=organisation_id)
    done = 0
    for pk in keys.values_list("pk", flat=True):
        with transaction.atomic():
            data_key = DataKey.objects.select_for_update().get(pk=pk)
            if data_key.kek_id == target or data_key.retired_at:
                continue
            material = crypto.unwrap(data_key)
            data_key.wrapped_key, data_key.kek_id = crypto.wrap(
                material, organisation_id=data_key.organisation_id, key_id=pk.hex, kek=target
            )
            data_key.save(update_fields=["wrapped_key", "kek_id"])
            done += 1
    return done


# --- Verification -------------------------------------------------------------------------------


@dataclass
class Verification:
    opened: int = 0
    plaintext: int = 0
    failures: list = field(default_factory=list)  # (label, row id, reason), never the content


def verify(organisation_id=None, chunk_size=500) -> Verification:
    """Opens every sealed value (of one service, or all): the restore drill's test."""
    result = Verification()
    for model, field_ in encrypted_fields():
        rows = model._base_manager.annotate(**{RAW: _raw(field_.name)}).exclude(**{RAW: ""})
        if organisation_id is not None:
            rows = rows.filter(**{f"{field_.organisation_field}_id": organisation_id})
        columns = ("pk", f"{field_.organisation_field}_id", RAW)
        for pk, organisation, raw in rows.values_list(*columns).iterator(chunk_size=chunk_size):
            if raw is None:
                continue
            if not crypto.is_token(raw):
                result.plaintext += 1
                continue
            try:
                crypto.open_token(raw, crypto.Binding.of(field_.label, organisation, pk))
                result.opened += 1
            except crypto.CryptoError as error:
                result.failures.append((field_.label, str(pk), type(error).__name__))
    return result
