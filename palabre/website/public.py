"""What a service's public page shows, built from its data each time it is asked for: names and
kinds of organisations, venues and schedules, dates — never a person, never a case."""

import datetime as dt
import json
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from palabre.partners.models import Convention, Partner
from palabre.permanences import schedule
from palabre.permanences.models import Occurrence, Permanence

SESSIONS_PER_PERMANENCE = 3
SESSIONS_WINDOW_DAYS = 42
EVENTS_LIMIT = 5


@dataclass
class Named:
    name: str
    kind: str


@dataclass
class PublicPermanence:
    venue: str
    address: str
    commune: str
    quartier: str
    rule: str
    sessions: list = field(default_factory=list)


@dataclass
class PublicEvent:
    title: str
    kind: str
    starts_at: object
    ends_at: object
    place: str
    address: str
    commune: str
    description: str
    photos: list


def partners(organisation, today: dt.date) -> dict:
    """The partners signing a convention in force, and the funders (of a convention in force,
    or marked as funders), by name and kind only: no contact, no amount, no description."""
    in_force = Convention.objects.of(organisation).in_force_on(today)
    active = Partner.objects.of(organisation).active()
    signatories = active.filter(conventions__in=in_force).distinct().order_by("name")
    funders = (
        active.filter(Q(funded_conventions__in=in_force) | Q(is_funder=True))
        .distinct()
        .order_by("name")
    )
    return {
        "partners": [Named(p.name, p.get_kind_display()) for p in signatories],
        "funders": [Named(p.name, p.get_kind_display()) for p in funders],
    }


def permanences(organisation, now: dt.datetime) -> list[PublicPermanence]:
    """The permanences open to booking, by commune and venue, with their next sessions."""
    today = now.date()
    rules = list(
        Permanence.objects.of(organisation)
        .filter(is_public=True, venue__is_active=True, valid_from__lte=today + dt.timedelta(60))
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
        .select_related("venue__commune", "venue__quartier")
        .order_by("venue__commune__name", "venue__name", "weekday", "starts_at")
    )
    sessions = defaultdict(list)
    for occurrence in (
        Occurrence.objects.of(organisation)
        .planned()
        .upcoming(now)
        .filter(permanence__in=rules, starts_at__lt=now + dt.timedelta(SESSIONS_WINDOW_DAYS))
        .order_by("starts_at")
    ):
        if len(sessions[occurrence.permanence_id]) < SESSIONS_PER_PERMANENCE:
            sessions[occurrence.permanence_id].append(occurrence)
    return [
        PublicPermanence(
            venue=rule.venue.name,
            address=rule.venue.address,
            commune=rule.venue.commune.name,
            quartier=rule.venue.quartier.name if rule.venue.quartier else "",
            rule=schedule.describe(rule),
            sessions=[(o.starts_at, o.ends_at) for o in sessions[rule.pk]],
        )
        for rule in rules
    ]


def upcoming_events(organisation, today: dt.date) -> list[PublicEvent]:
    """The outreach events to come, as the outreach module publishes them."""
    try:
        from palabre.outreach.public import upcoming_for
    except ImportError:
        return []
    return [_event(item) for item in upcoming_for(organisation, today=today, limit=EVENTS_LIMIT)]


def _get(item, name, default=""):
    if isinstance(item, dict):
        return item.get(name, default)
    return getattr(item, name, default)


def _event(item) -> PublicEvent:
    title = str(_get(item, "title"))
    photos = []
    for photo in _get(item, "photos", None) or []:
        url = _get(photo, "url", None) or _get(_get(photo, "image", None), "url", None)
        if url:
            alt = _get(photo, "alt", "") or _get(photo, "caption", "") or title
            photos.append({"url": url, "alt": str(alt)})
    return PublicEvent(
        title=title,
        kind=str(_get(item, "kind_label") or _get(item, "kind")),
        starts_at=_get(item, "starts_at", None),
        ends_at=_get(item, "ends_at", None),
        place=str(_get(item, "place") or ""),
        address=str(_get(item, "address") or ""),
        commune=str(_get(item, "commune") or ""),
        description=str(_get(item, "description") or ""),
        photos=photos,
    )


def description(site) -> str:
    """The page's meta description: the start of « who we are », or a sentence of our own."""
    text = " ".join((site.about or "").split()) if site.show_about else ""
    if not text:
        text = _(
            "Médiation de voisinage gratuite et confidentielle : permanences, demande de "
            "médiation et contact de %(name)s."
        ) % {"name": site.organisation.name}
    return text if len(text) <= 160 else text[:157].rsplit(" ", 1)[0] + "…"


def json_ld(site, url: str) -> str:
    """The schema.org ``Organization`` of the service, safe inside a ``<script>``."""
    data = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": site.organisation.name,
        "url": url,
        "description": description(site),
    }
    if site.show_contact:
        for key, value in (
            ("email", site.email),
            ("telephone", site.phone),
            ("address", site.address),
        ):
            if value:
                data[key] = value
    text = json.dumps(data, ensure_ascii=False)
    for char, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(char, escaped)
    return mark_safe(text)  # noqa: S308 — the characters that end a script are escaped above


def request_url(organisation) -> str:
    return reverse("referrals:request", kwargs={"slug": organisation.slug})


def booking_url(organisation) -> str:
    return reverse("rdv:finder", kwargs={"slug": organisation.slug})
