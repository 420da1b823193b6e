"""The open data of a service's permanences: where and when residents can meet its mediators,
as JSON and CSV that a city's open-data portal harvests (docs/open-data.md).

Only what the public booking page already shows: the venue, its address, commune and
coordinates (when the service has given them), the rule of the permanence, its next sessions
and the booking page. Nothing about people — no mediator on duty, no booking, no count of
appointments — and nothing about cases. Each record keeps the permanence's UUID as its id for
ever. The field names follow the national schema of
places of digital mediation (« lieux de médiation numérique », ANCT) where a field means the
same thing; the others are Palabre's, documented in docs/open-data.md. Published under the
Licence Ouverte 2.0 (Etalab).
"""

import csv
import datetime as dt
import hashlib
import io
import json

from django.urls import reverse
from django.utils import timezone, translation

from palabre.core.mail import absolute_url
from palabre.permanences import schedule
from palabre.permanences.models import Frequency, Occurrence, Permanence

LICENCE = "Licence Ouverte 2.0"
LICENCE_URL = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"
# The national schema whose field names the records take where they mean the same thing.
SCHEMA = "https://schema.data.gouv.fr/LaMednum/standard-donnees-offre-inclusion-numerique/"
EPOCH = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)  # a service without permanences yet
NEXT_DAYS = 42
NEXT_SESSIONS = 6
OSM_DAYS = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"]
CSV_COLUMNS = [
    "id",
    "nom",
    "structure_parente",
    "adresse",
    "commune",
    "code_postal",
    "code_insee",
    "quartier",
    "latitude",
    "longitude",
    "horaires",
    "regle",
    "prochaines_seances",
    "prise_rdv",
    "telephone",
    "courriels",
    "source",
    "date_maj",
    "licence",
]


def permanences_of(service, today):
    return (
        Permanence.objects.of(service)
        .filter(is_public=True, venue__is_active=True)
        .exclude(valid_until__lt=today)
        .select_related("venue__commune", "venue__quartier")
        .order_by("venue__commune__name", "venue__name", "weekday", "starts_at")
    )


def opening_hours(permanence) -> str:
    """The rule in OpenStreetMap's ``opening_hours`` syntax, which the national schema uses:
    « Tu 14:00-17:00 », « Tu[2,4] 14:00-17:00 », « week 01-53/2 Tu 14:00-17:00 »."""
    day = OSM_DAYS[permanence.weekday]
    hours = f"{permanence.starts_at:%H:%M}-{permanence.ends_at:%H:%M}"
    if permanence.frequency == Frequency.WEEKS_OF_MONTH and permanence.weeks():
        weeks = ",".join(str(w) for w in sorted(permanence.weeks(), key=lambda w: (w < 0, w)))
        return f"{day}[{weeks}] {hours}"
    if permanence.frequency == Frequency.EVERY_OTHER_WEEK:
        first = permanence.valid_from.isocalendar().week % 2 or 2
        return f"week {first:02d}-53/2 {day} {hours}"
    return f"{day} {hours}"


def _next_sessions(service, permanences, now):
    sessions = {}
    for occurrence in (
        Occurrence.objects.of(service)
        .planned()
        .filter(
            permanence__in=permanences,
            ends_at__gt=now,
            starts_at__lt=now + dt.timedelta(days=NEXT_DAYS),
        )
        .order_by("starts_at")
    ):
        found = sessions.setdefault(occurrence.permanence_id, [])
        if len(found) < NEXT_SESSIONS:
            found.append(
                {
                    "debut": timezone.localtime(occurrence.starts_at).isoformat(),
                    "fin": timezone.localtime(occurrence.ends_at).isoformat(),
                }
            )
    return sessions


def _degrees(value):
    """Decimal degrees as a JSON number (WGS 84, as the national schema asks); None when the
    venue has no coordinates yet."""
    return None if value is None else float(value)


def _record(service, permanence, sessions, booking):
    venue = permanence.venue
    commune = venue.commune
    updated = max(permanence.updated_at, venue.updated_at)
    return {
        "id": str(permanence.pk),
        "nom": f"{service.name} — {venue.name}",
        "structure_parente": service.name,
        "adresse": venue.address,
        "commune": commune.name,
        "code_postal": commune.postal_codes.split(",")[0].strip(),
        "code_insee": commune.insee_code,
        "quartier": venue.quartier.name if venue.quartier_id else "",
        "latitude": _degrees(venue.latitude),
        "longitude": _degrees(venue.longitude),
        "horaires": opening_hours(permanence),
        "regle": schedule.describe(permanence),
        "prochaines_seances": sessions.get(permanence.pk, []),
        "prise_rdv": booking,
        "telephone": service.phone,
        "courriels": service.email,
        "source": "Palabre",
        "date_maj": timezone.localtime(updated).date().isoformat(),
    }


def dataset(service, now=None) -> dict:
    """The whole document: who publishes, under which licence, and one record a permanence."""
    now = now or timezone.now()
    with translation.override("fr"):
        permanences = list(permanences_of(service, timezone.localdate(now)))
        sessions = _next_sessions(service, permanences, now)
        booking = absolute_url(reverse("rdv:finder", args=[service.slug]))
        records = [_record(service, p, sessions, booking) for p in permanences]
    return {
        "producteur": service.name,
        "licence": LICENCE,
        "licence_url": LICENCE_URL,
        "schema": SCHEMA,
        "permanences": records,
    }


def last_modified(service, now=None):
    """The last change to what the document shows; its sessions move with the day."""
    permanences = list(permanences_of(service, timezone.localdate(now or timezone.now())))
    moments = [p.updated_at for p in permanences] + [p.venue.updated_at for p in permanences]
    moments += list(
        Occurrence.objects.of(service)
        .filter(permanence__in=permanences)
        .order_by("-updated_at")
        .values_list("updated_at", flat=True)[:1]
    )
    return max(moments, default=EPOCH)


def to_json(document) -> bytes:
    return json.dumps(document, ensure_ascii=False, indent=2).encode()


def to_csv(document) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=",", lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for record in document["permanences"]:
        row = dict(record, licence=document["licence"])
        row["prochaines_seances"] = " | ".join(
            f"{s['debut']}/{s['fin']}" for s in record["prochaines_seances"]
        )
        writer.writerow(["" if row[c] is None else row[c] for c in CSV_COLUMNS])
    return out.getvalue().encode()


def etag(content: bytes) -> str:
    return '"' + hashlib.sha256(content).hexdigest()[:32] + '"'
