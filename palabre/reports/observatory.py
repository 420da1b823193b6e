"""The observatory's document: a service's yearly aggregates as the network receives them.

A member service shares with its network a small, fixed set of figures for a year, never a case:
counts of cases, agreements, interviews and meetings, the two counts of the acceptance rate, the
median delay to closure, and the new cases by conflict category and by referral source (codes,
never free text); a service with field teams adds their figures (``observatory_field``).
``figures_of`` computes them from the indicator library; the schema is ``SCHEMA`` and
``docs/observatory-schema.md`` documents it. A document without field figures is written in
the first version of the schema, which receivers not yet at the second still accept.

Two ways to share (ADR 0009):

- a service of this instance gives its consent (``SharingConsent``): the network's pages call
  ``figures_of`` while the consent lasts;
- a service on another Palabre instance pushes a signed document (``push_figures`` command):
  ``build_document`` → ``encode`` → ``push``, which signs the exact bytes it sends with
  HMAC-SHA256 and a secret the network gave it. The receiving instance's ``receive`` checks the
  key, the signature, the structure, the date and that the document was never received, and
  stores nothing unless everything holds.
"""

import datetime as dt
import hashlib
import hmac
import json
import re
import urllib.error
import urllib.request
import uuid

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from palabre.cases import codes
from palabre.core import journal
from palabre.core.codes import ReferralSource
from palabre.reports import indicators, observatory_field
from palabre.reports.models import PushKey, ReceivedDocument, SharedFigures
from palabre.reports.scope import Scope

SCHEMA = "palabre-observatoire/2"
FIRST_SCHEMA = "palabre-observatoire/1"
# The versions received: the first has no field figures.
SCHEMAS = (FIRST_SCHEMA, SCHEMA)
FIGURES, WITHDRAWAL = ReceivedDocument.Kind.FIGURES, ReceivedDocument.Kind.WITHDRAWAL
# Counts of the ``figures`` object: non-negative integers.
COUNTS = (
    "new_cases",
    "treated_cases",
    "closed_cases",
    "agreements",
    "acceptance_accepted",
    "acceptance_answered",
    "interviews",
    "joint_meetings",
    "information_requests",
    "closure_delay_cases",
)
MEDIAN = "closure_delay_median_days"
BREAKDOWNS = {
    "by_conflict": [*codes.ConflictCategory.values, "UNKNOWN"],
    "by_referral_source": list(ReferralSource.values),
}
FIGURE_KEYS = (*COUNTS, MEDIAN, *BREAKDOWNS)
# Present for a service with field teams only, from the second version of the schema on.
FIELD = observatory_field.KEY
ENVELOPE = ("schema", "type", "document_id", "sent_at", "network", "member_key_id")
KEYS = {FIGURES: (*ENVELOPE, "year", "figures"), WITHDRAWAL: ENVELOPE}

MAX_BYTES = 32 * 1024
MAX_COUNT = 10_000_000
MAX_DAYS = 36_500
FIRST_YEAR = 2000
# How far a document's ``sent_at`` may be from the receiver's clock.
WINDOW = dt.timedelta(minutes=10)
SIGNATURE_PREFIX = "hmac-sha256="
KEY_HEADER, SIGNATURE_HEADER = "X-Palabre-Key", "X-Palabre-Signature"


# --- The figures of a service -------------------------------------------------------------------


def figures_of(organisation, year: int) -> dict:
    """The ``figures`` object of ``organisation``'s document for ``year``."""
    scope = Scope.of_year(organisation, year)
    volume = indicators.volume(scope)
    process = indicators.process(scope)
    to_closure = indicators.delays(scope)["to_closure"]
    breakdowns = indicators.breakdowns(scope)
    acceptance = process["acceptance"]
    figures = {
        "new_cases": volume["new"],
        "treated_cases": volume["treated"],
        "closed_cases": volume["closed"],
        "agreements": process["agreements_full"] + process["agreements_partial"],
        "acceptance_accepted": acceptance.numerator,
        "acceptance_answered": acceptance.denominator,
        "interviews": volume["interviews"],
        "joint_meetings": volume["joint_meetings"],
        "information_requests": indicators.information_requests(scope) or 0,
        "closure_delay_cases": to_closure.n,
        MEDIAN: None if to_closure.median is None else float(to_closure.median),
        "by_conflict": _codes(breakdowns["conflict"], "UNKNOWN"),
        "by_referral_source": _codes(breakdowns["referral_source"], ReferralSource.UNKNOWN),
    }
    field = observatory_field.figures_of(organisation, year)
    if field is not None:
        figures[FIELD] = field
    return figures


def _codes(breakdown, unknown) -> dict:
    counts = {}
    for code, _label, n in breakdown.rows:
        key = code or str(unknown)
        counts[key] = counts.get(key, 0) + n
    return counts


# --- Sending ------------------------------------------------------------------------------------


def build_document(
    *, organisation, year: int | None, network: str, key_id: str, kind=FIGURES, now=None
) -> dict:
    """The document ``organisation`` sends to the network ``network`` (its identifier on the
    receiving instance) with the key ``key_id``: its figures of ``year``, or its withdrawal."""
    figures = figures_of(organisation, year) if kind == FIGURES else {}
    document = {
        "schema": SCHEMA if FIELD in figures else FIRST_SCHEMA,
        "type": str(kind),
        "document_id": str(uuid.uuid4()),
        "sent_at": (now or timezone.now()).astimezone(dt.UTC).isoformat(timespec="seconds"),
        "network": network,
        "member_key_id": key_id,
    }
    if kind == FIGURES:
        document["year"] = year
        document["figures"] = figures
    return document


def encode(document: dict) -> bytes:
    return json.dumps(document, ensure_ascii=False, sort_keys=True).encode()


def sign(body: bytes, secret: str) -> str:
    """The ``X-Palabre-Signature`` header of ``body``: HMAC-SHA256 of the exact bytes sent."""
    digest = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return f"{SIGNATURE_PREFIX}{digest}"


class PushFailed(Exception):
    def __init__(self, message, status=None, problems=()):
        super().__init__(message)
        self.message, self.status, self.problems = message, status, list(problems)


def push(url: str, body: bytes, *, key_id: str, secret: str, timeout: float = 20) -> dict:
    """POSTs ``body`` signed to the receiving instance; answers its JSON reply, or raises
    ``PushFailed`` with the receiver's French explanation."""
    request = urllib.request.Request(
        url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json; charset=utf-8",
            "Accept": "application/json",
            KEY_HEADER: key_id,
            SIGNATURE_HEADER: sign(body, secret),
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        try:
            answer = json.loads(error.read() or b"{}")
        except ValueError:
            answer = {}
        raise PushFailed(
            answer.get("error") or _("Réponse %(status)s du réseau.") % {"status": error.code},
            status=error.code,
            problems=answer.get("problems", ()),
        ) from error
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        raise PushFailed(
            _("Le réseau n'a pas pu être joint : %(reason)s") % {"reason": error}
        ) from error


# --- Checking a document ------------------------------------------------------------------------


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _datetime(value):
    if not isinstance(value, str):
        return None
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


SLUG = re.compile(r"^[-a-zA-Z0-9_]{1,60}$")


def validate(document, *, today=None) -> list[str]:
    """Every problem of ``document`` against the schema, in French; empty when it is valid."""
    if not isinstance(document, dict):
        return [_("Le document doit être un objet JSON.")]
    problems = []
    if document.get("schema") not in SCHEMAS:
        problems.append(
            _("« schema » doit valoir « %(first)s » ou « %(schema)s » (versions prises en charge).")
            % {"first": FIRST_SCHEMA, "schema": SCHEMA}
        )
    kind = document.get("type")
    if kind not in KEYS:
        problems.append(_("« type » doit valoir « figures » ou « withdrawal »."))
        kind = FIGURES
    problems += _keys(document, KEYS[kind], "")
    if "document_id" in document:
        try:
            uuid.UUID(str(document["document_id"]))
            if not isinstance(document["document_id"], str):
                raise ValueError
        except ValueError:
            problems.append(_("« document_id » doit être un UUID écrit en texte."))
    if "sent_at" in document and _datetime(document["sent_at"]) is None:
        problems.append(
            _("« sent_at » doit être une date et heure ISO 8601 avec son fuseau horaire.")
        )
    for key in ("network", "member_key_id"):
        if key in document and not (isinstance(document[key], str) and SLUG.match(document[key])):
            problems.append(
                _("« %(key)s » doit être un identifiant (lettres, chiffres, tirets).")
                % {"key": key}
            )
    if kind == FIGURES:
        last = (today or timezone.localdate()).year
        if "year" in document and not (
            _is_int(document["year"]) and FIRST_YEAR <= document["year"] <= last
        ):
            problems.append(
                _("« year » doit être une année entière entre %(first)s et %(last)s.")
                % {"first": FIRST_YEAR, "last": last}
            )
        if "figures" in document:
            problems += _figures(document["figures"], field=document.get("schema") == SCHEMA)
    return problems


def _keys(obj: dict, expected, where: str) -> list[str]:
    problems = [
        _("Clé manquante : « %(key)s ».") % {"key": where + key}
        for key in expected
        if key not in obj
    ]
    problems += [
        _("Clé inconnue : « %(key)s ».") % {"key": where + str(key)}
        for key in obj
        if key not in expected
    ]
    return problems


def _count_problem(value, name: str) -> list[str]:
    if _is_int(value) and 0 <= value <= MAX_COUNT:
        return []
    return [
        _("« %(key)s » doit être un entier positif ou nul (au plus %(max)s).")
        % {"key": name, "max": MAX_COUNT}
    ]


def _figures(figures, *, field: bool) -> list[str]:
    """``field``: the document's version allows field figures (they are optional there)."""
    if not isinstance(figures, dict):
        return [_("« figures » doit être un objet JSON.")]
    common = {key: value for key, value in figures.items() if not (field and key == FIELD)}
    problems = _keys(common, FIGURE_KEYS, "figures.")
    if field and FIELD in figures:
        problems += observatory_field.problems(figures[FIELD])
    for key in COUNTS:
        if key in figures:
            problems += _count_problem(figures[key], f"figures.{key}")
    if MEDIAN in figures:
        median = figures[MEDIAN]
        if median is not None and not (
            isinstance(median, int | float)
            and not isinstance(median, bool)
            and 0 <= median <= MAX_DAYS
        ):
            problems.append(
                _("« figures.%(key)s » doit être un nombre de jours positif ou null.")
                % {"key": MEDIAN}
            )
    for key, allowed in BREAKDOWNS.items():
        if key not in figures:
            continue
        breakdown = figures[key]
        if not isinstance(breakdown, dict):
            problems.append(_("« figures.%(key)s » doit être un objet JSON.") % {"key": key})
            continue
        for code, value in breakdown.items():
            if code not in allowed:
                problems.append(
                    _("Code inconnu dans « figures.%(key)s » : « %(code)s ».")
                    % {"key": key, "code": code}
                )
            problems += _count_problem(value, f"figures.{key}.{code}")
    if problems:
        return problems
    pairs = [
        ("acceptance_accepted", "acceptance_answered"),
        ("agreements", "closed_cases"),
        ("closure_delay_cases", "closed_cases"),
        ("new_cases", "treated_cases"),
    ]
    for part, whole in pairs:
        if figures[part] > figures[whole]:
            problems.append(
                _("« figures.%(part)s » ne peut pas dépasser « figures.%(whole)s ».")
                % {"part": part, "whole": whole}
            )
    if (figures[MEDIAN] is None) != (figures["closure_delay_cases"] == 0):
        problems.append(
            _("« figures.%(key)s » est null si et seulement si aucun délai n'est compté.")
            % {"key": MEDIAN}
        )
    return problems


# --- Receiving ----------------------------------------------------------------------------------


class Rejected(Exception):
    """A document refused, with the HTTP status, a French message and the problems found."""

    def __init__(self, status: int, message: str, problems=()):
        super().__init__(message)
        self.status, self.message, self.problems = status, message, list(problems)


def receive(*, body: bytes, key_id: str, signature: str, now=None) -> ReceivedDocument:
    """Accepts one signed document for the network of the key ``key_id``, or raises
    ``Rejected``. The checks, in order: size (413), key known and not revoked (401), signature
    of the exact bytes received, compared in constant time (401), JSON and schema (400), the
    key and network it names (400), ``sent_at`` within ``WINDOW`` of the clock (400), a
    ``document_id`` never received (replay, 409), no newer figures of the same year (409).
    A figures document replaces the member's figures of its year; a withdrawal removes all the
    member's figures. Nothing is stored unless every check passes."""
    now = now or timezone.now()
    if len(body) > MAX_BYTES:
        raise Rejected(
            413, _("Document trop volumineux (%(max)s octets au plus).") % {"max": MAX_BYTES}
        )
    key = (
        PushKey.objects.active().select_related("member", "network").filter(key_id=key_id).first()
        if key_id
        else None
    )
    if key is None:
        raise Rejected(401, _("Clé d'envoi inconnue ou révoquée (en-tête X-Palabre-Key)."))
    if not hmac.compare_digest(sign(body, key.secret).encode(), (signature or "").encode()):
        raise Rejected(
            401,
            _(
                "Signature invalide (en-tête X-Palabre-Signature) : le document a été modifié "
                "ou n'a pas été signé avec le secret de cette clé."
            ),
        )
    try:
        document = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as error:  # nested beyond reason
        raise Rejected(
            400, _("Le corps de la requête n'est pas un JSON valide en UTF-8.")
        ) from error
    problems = validate(document, today=timezone.localdate(now))
    if not problems and document["member_key_id"] != key.key_id:
        problems.append(_("« member_key_id » ne correspond pas à la clé qui signe le document."))
    if not problems and document["network"] != key.network.slug:
        problems.append(_("« network » ne désigne pas le réseau de cette clé."))
    if problems:
        raise Rejected(400, _("Document mal formé : rien n'a été enregistré."), problems)
    sent_at = _datetime(document["sent_at"])
    if abs(now - sent_at) > WINDOW:
        raise Rejected(
            400,
            _(
                "Document daté du %(sent)s : il doit être envoyé dans les %(minutes)s minutes. "
                "Vérifiez l'horloge du serveur et envoyez-le de nouveau."
            )
            % {"sent": document["sent_at"], "minutes": int(WINDOW.total_seconds() // 60)},
        )
    return _store(key, document, sent_at, now)


def _replay() -> str:
    return _("Ce document a déjà été reçu (même document_id) : il n'est pas enregistré de nouveau.")


@transaction.atomic
def _store(key, document, sent_at, now) -> ReceivedDocument:
    member, kind = key.member, document["type"]
    if ReceivedDocument.objects.filter(document_id=document["document_id"]).exists():
        raise Rejected(409, _replay())
    if kind == FIGURES:
        current = SharedFigures.objects.filter(member=member, year=document["year"]).first()
        if current is not None and current.sent_at > sent_at:
            raise Rejected(
                409,
                _("Des chiffres %(year)s plus récents ont déjà été reçus pour cette structure.")
                % {"year": document["year"]},
            )
    try:
        with transaction.atomic():
            received = ReceivedDocument.objects.create(
                network=key.network,
                member=member,
                key=key,
                document_id=document["document_id"],
                kind=kind,
                sent_at=sent_at,
                received_at=now,
            )
    except IntegrityError as error:  # the same document, received meanwhile
        raise Rejected(409, _replay()) from error
    if kind == FIGURES:
        SharedFigures.objects.update_or_create(
            member=member,
            year=document["year"],
            defaults={
                "network": key.network,
                "payload": document["figures"],
                "document": received,
                "sent_at": sent_at,
                "received_at": now,
            },
        )
        summary = _("Chiffres %(year)s reçus de %(member)s") % {
            "year": document["year"],
            "member": member.name,
        }
    else:
        SharedFigures.objects.filter(member=member).delete()
        summary = _("%(member)s retire ses chiffres de l'observatoire") % {"member": member.name}
    journal.record(
        organisation=key.network,
        subject=member,
        verb=f"observatory_{kind}_received",
        summary=summary,
        data={"document_id": document["document_id"], "year": document.get("year")},
        occurred_at=now,
    )
    return received
