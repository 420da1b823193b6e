"""Encryption at rest (docs/adr/0014): the case list and the case page of the biggest service,
with its statements sealed, as ratios to the same pages over the same rows in plain text.

"In plain text" is how the rows were stored before encryption: the bench writes each sealed
value of the service back in clear around the field (raw SQL), measures, seals them again with
the service's key (``key_rotation.reseal``, as ``rotate_data_keys --no-new-key`` does) and
measures again. The showcase case gets ``NOTES`` private notes of a realistic length first (the
seeded dataset gives it two), so that the case page has something to open. Goal: ≤ 1.2×
(printed, never asserted).
"""

import statistics
import time
from dataclasses import dataclass

from django.db import connection
from django.db.models import F, TextField
from django.db.models.functions import Cast
from django.test.utils import CaptureQueriesContext

from palabre.cases.models import PrivateNote
from palabre.core import crypto, key_rotation
from palabre.core.crypto_fields import encrypted_fields

NOTES = 30
RATIO_TARGET = 1.2
ROUNDS = 10
NOTE_TEXT = (
    "Entretien individuel n° {n} : la personne dit que les bruits de pas et la musique "
    "reprennent chaque soir après 23 h, qu'elle a déjà glissé un mot sous la porte sans réponse, "
    "qu'elle craint une altercation dans l'escalier et qu'elle accepterait une rencontre à la "
    "maison de quartier si le voisin y vient de lui-même ; elle souhaite garder l'anonymat "
    "auprès du bailleur pour l'instant."
)


@dataclass
class Row:
    label: str
    plain: float | None = None
    sealed: float | None = None
    queries_plain: int | None = None
    queries_sealed: int | None = None
    problem: str = ""

    @property
    def ratio(self):
        return self.sealed / self.plain if self.plain and self.sealed else None


def ensure_notes(showcase, author_id):
    missing = NOTES - PrivateNote.objects.filter(case_id=showcase.pk).count()
    for n in range(max(0, missing)):
        PrivateNote.objects.create(
            organisation_id=showcase.organisation_id,
            case_id=showcase.pk,
            author_id=author_id,
            text=NOTE_TEXT.format(n=n + 1),
        )


def _sealed_rows(model, field, organisation_id):
    return (
        model._base_manager.filter(**{f"{field.organisation_field}_id": organisation_id})
        .annotate(_raw=Cast(F(field.name), output_field=TextField()))
        .filter(_raw__startswith=f"{crypto.PREFIX}:")
        .only("pk", field.organisation_field, field.name)
    )


def store_in_clear(organisation_id) -> int:
    """Every sealed value of the service written back in plain text, as before encryption."""
    done = 0
    for model, field in encrypted_fields():
        sql = f'UPDATE "{model._meta.db_table}" SET "{field.column}" = %s WHERE "id" = %s'
        rows = [
            (getattr(row, field.attname), model._meta.pk.get_db_prep_value(row.pk, connection))
            for row in _sealed_rows(model, field, organisation_id)
        ]
        with connection.cursor() as cursor:
            cursor.executemany(sql, rows)
        done += len(rows)
    return done


def seal(organisation_id) -> int:
    active = key_rotation.active_or_new(organisation_id)
    return key_rotation.reseal(organisation_id, active).resealed


def _timed(client, url, count):
    samples = []
    for _ in range(count):
        started = time.perf_counter()
        client.get(url, secure=True)
        samples.append(time.perf_counter() - started)
    return samples


def _probe(client, url, shows):
    """The page answers 200 and shows what it must; returns its number of queries."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, secure=True)
    queries = len(captured)  # before the next request empties the log
    if response.status_code != 200:
        raise RuntimeError(f"HTTP {response.status_code}")
    if shows and shows not in response.content.decode():
        raise RuntimeError(f"the page does not show « {shows[:40]} »")
    return queries


def _settle():
    """SQLite: the writes of the change moved into the file, so that neither state is read
    through a longer write-ahead log than the other."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def run(organisation, showcase, client, pages, *, author_id, repeat, warmup):
    """``pages``: (label, url, text the page must show, sealed or not). The two states
    alternate over ``ROUNDS`` rounds, each first in turn, so that a machine slowing down or
    speeding up weighs on both sides."""
    ensure_notes(showcase, author_id)
    rows = [Row(label) for label, _url, _shows in pages]
    samples = {
        (label, state): [] for label in [row.label for row in rows] + ["notes"]
        for state in ("plain", "sealed")
    }  # fmt: skip
    per_round = max(2, repeat // ROUNDS)
    in_clear = sealed = 0
    for round_ in range(ROUNDS):
        for state in ("sealed", "plain") if round_ % 2 else ("plain", "sealed"):
            if state == "plain":
                in_clear = max(in_clear, store_in_clear(organisation.pk))
            else:
                sealed = max(sealed, seal(organisation.pk))
            _settle()
            samples["notes", state] += _timed_notes(showcase, per_round)
            for row, (_label, url, shows) in zip(rows, pages, strict=True):
                if row.problem:
                    continue
                try:
                    _timed(client, url, warmup)
                    setattr(row, f"queries_{state}", _probe(client, url, shows))
                except Exception as error:  # a view being written, a template error…
                    row.problem = f"{type(error).__name__}: {error}".splitlines()[0][:160]
                    continue
                samples[row.label, state] += _timed(client, url, per_round)
    for row in rows:
        if not row.problem:
            row.plain = statistics.median(samples[row.label, "plain"])
            row.sealed = statistics.median(samples[row.label, "sealed"])
    notes = {state: statistics.median(samples["notes", state]) for state in ("plain", "sealed")}
    report(rows, organisation, in_clear, sealed, per_round * ROUNDS, warmup, notes)
    return rows


def _timed_notes(showcase, count):
    """The case's notes read and their text opened, without the page around them."""
    samples = []
    for _ in range(count):
        started = time.perf_counter()
        for note in PrivateNote.objects.filter(case_id=showcase.pk):
            note.text  # noqa: B018
        samples.append(time.perf_counter() - started)
    return samples


def report(rows, organisation, in_clear, sealed, repeat, warmup, notes):
    print()
    print(
        f"Encryption at rest: « {organisation.name} », {NOTES} private notes on the showcase "
        f"case; {in_clear:,} value(s) written back in clear, then {sealed:,} sealed again, "
        f"{ROUNDS} times. Medians of {repeat} runs of each, {warmup} warm-up at each change."
    )
    print()
    header = f"{'Page':<28} {'clear ms':>9} {'sealed ms':>10} {'ratio':>7}  {'queries':>9}  target"
    print(header)
    print("-" * (len(header) + 12))
    for row in rows:
        if row.problem:
            print(f"{row.label:<28} NOT MEASURED — {row.problem}")
            continue
        met = "ok" if row.ratio <= RATIO_TARGET else "not met"
        print(
            f"{row.label:<28} {row.plain * 1000:9.1f} {row.sealed * 1000:10.1f} "
            f"{row.ratio:6.2f}×  {row.queries_plain:>4} / {row.queries_sealed:<3} "
            f"ratio ≤ {RATIO_TARGET:g}×: {met}"
        )
    print(
        f"{'':<28} (the showcase's notes alone, read and opened: {notes['plain'] * 1000:.2f} ms "
        f"in clear, {notes['sealed'] * 1000:.2f} ms sealed)"
    )
