"""Demo outreach actions of the demo service: a dozen over the last year and the coming month —
door-to-door in landlords' residences, markets, a neighbourhood party, a forum, a meeting with a
landlord's tenants — most held with their results, one cancelled, the next ones planned, and a
photo whose consent is recorded (drawn with Pillow: nobody is in it)."""

import datetime as dt
import io
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw

from palabre.cases.models import Case
from palabre.core.models import Commune
from palabre.organisations.models import Membership
from palabre.outreach import actions
from palabre.partners.models import Residence, Venue

# days from today, hour, hours long, kind, title, where ("residence" n, "venue" n or a place),
# results (doors, households, informed, contacts, hours, topics) or "cancelled" or None.
ACTIONS = [
    (-340, 14, 3, "DOOR_TO_DOOR", "Porte-à-porte de présentation", ("residence", 0),
     (60, 31, 40, 4, "9.0", ["NOISE", "COMMON_AREAS"])),
    (-300, 9, 4, "MARKET", "Stand au marché du samedi", "Place du marché",
     (None, None, 85, 6, "8.0", ["NOISE", "PARKING_TRAFFIC"])),
    (-250, 18, 2, "TENANTS_MEETING", "Réunion d'information avec les locataires", ("residence", 1),
     (None, 24, 30, 3, "4.0", ["COMMON_AREAS", "HYGIENE"])),
    (-200, 14, 5, "NEIGHBOURHOOD_PARTY", "Stand à la fête de quartier", ("venue", 0),
     (None, None, 120, 9, "15.0", ["NOISE", "CHILDREN_YOUTH", "ANIMALS"])),
    (-185, 10, 6, "NEIGHBOURS_WEEK", "Semaine du voisinage : café des voisins", ("venue", 1),
     (None, 18, 45, 5, "12.0", ["RELATIONAL"])),
    (-150, 17, 2, "FOOT_OF_BUILDING", "Rencontre en bas d'immeuble", ("residence", 2),
     (None, 14, 22, 2, "4.0", ["CHILDREN_YOUTH", "PUBLIC_SPACE_USE"])),
    (-110, 14, 3, "DOOR_TO_DOOR", "Porte-à-porte après des plaintes de bruit", ("residence", 0),
     (48, 27, 35, 3, "6.0", ["NOISE"])),
    (-75, 9, 7, "FORUM", "Forum de l'accès aux droits", ("venue", 0),
     (None, None, 70, 8, "14.0", ["LANDLORD_TENANT", "NOISE"])),
    (-40, 17, 2, "FOOT_OF_BUILDING", "Rencontre en bas d'immeuble", ("residence", 3), "cancelled"),
    (-20, 14, 3, "DOOR_TO_DOOR", "Porte-à-porte de rentrée", ("residence", 1),
     (52, 30, 38, 4, "7.5", ["NOISE", "SMELLS"])),
    (6, 9, 4, "MARKET", "Stand au marché du samedi", "Place du marché", None),
    (13, 14, 3, "DOOR_TO_DOOR", "Porte-à-porte de présentation", ("residence", 2), None),
    (24, 14, 5, "NEIGHBOURHOOD_PARTY", "Stand à la fête d'hiver du quartier", ("venue", 0), None),
]  # fmt: skip


def _picture() -> SimpleUploadedFile:
    """A drawing of a stand under a banner: colours and shapes, no one in it."""
    image = Image.new("RGB", (480, 320), (214, 232, 245))
    draw = ImageDraw.Draw(image)
    draw.rectangle((60, 150, 420, 290), fill=(246, 196, 83))
    draw.rectangle((40, 110, 440, 150), fill=(196, 61, 61))
    draw.rectangle((0, 290, 480, 320), fill=(120, 160, 90))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return SimpleUploadedFile("stand.png", buffer.getvalue(), content_type="image/png")


def _moment(today, days, hour) -> dt.datetime:
    day = today + dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _place(organisation, where, residences, venues, rennes) -> dict:
    if isinstance(where, str):
        return {"place_name": where, "address": "Place centrale, Rennes", "commune": rennes}
    kind, index = where
    if kind == "venue":
        venue = venues[index % len(venues)]
        return {"venue": venue, "commune": venue.commune, "quartier": venue.quartier}
    residence = residences[index % len(residences)]
    return {
        "place_name": residence.name
        if residence.name.startswith("Résidence")
        else f"Résidence {residence.name}",
        "address": residence.address,
        "commune": residence.commune or rennes,
        "quartier": residence.quartier,
        "residence": residence,
        "partners": [residence.landlord],
    }


def seed_outreach(organisation, *, coordinator, today: dt.date) -> dict:
    """Builds the demo actions of ``organisation``; returns how many were held and planned."""
    rennes = Commune.objects.of(organisation).get(name="Rennes")
    residences = list(Residence.objects.filter(organisation=organisation).order_by("name"))
    venues = list(Venue.objects.of(organisation).filter(is_active=True).order_by("name"))
    mediators = list(Membership.objects.mediators_of(organisation).order_by("user__email")[:6])
    counts = {"held": 0, "planned": 0, "cancelled": 0}
    made = []
    for number, (days, hour, length, kind, title, where, results) in enumerate(ACTIONS):
        starts_at = _moment(today, days, hour)
        place = _place(organisation, where, residences, venues, rennes)
        if (
            place.get("quartier") is not None
            and place["quartier"].commune_id != place["commune"].pk
        ):
            place["quartier"] = None
        action = actions.plan_action(
            organisation=organisation,
            by=coordinator,
            kind=kind,
            title=title,
            starts_at=starts_at,
            ends_at=starts_at + dt.timedelta(hours=length),
            team=mediators[number % 3 : number % 3 + 2],
            public_description=(
                "L'équipe de médiation vient à la rencontre des habitants : questions de "
                "voisinage, bruit, usage des espaces communs. Sans rendez-vous."
            ),
            **place,
        )
        if results == "cancelled":
            action = actions.cancel_action(action=action, by=coordinator)
            counts["cancelled"] += 1
        elif results is not None:
            doors, households, informed, contacts, hours, topics = results
            linked = Case.objects.of(organisation).filter(
                opened_on__gte=starts_at.date(), opened_on__lte=starts_at.date() + dt.timedelta(30)
            )[: min(contacts, 2)]
            action = actions.record_results(
                action=action,
                by=coordinator,
                doors_knocked=doors,
                households_met=households,
                people_informed=informed,
                contacts_made=contacts,
                hours=Decimal(hours),
                topics=topics,
                cases=list(linked),
            )
            counts["held"] += 1
        else:
            counts["planned"] += 1
        made.append(action)
    held_party = next(a for a in made if a.kind == "NEIGHBOURHOOD_PARTY" and a.is_held)
    actions.add_photo(
        action=held_party,
        by=coordinator,
        photo=_picture(),
        caption="Le stand de la médiation à la fête de quartier",
        consent=True,
    )
    coming_party = next(a for a in made if a.kind == "NEIGHBOURHOOD_PARTY" and a.is_planned)
    actions.add_photo(
        action=coming_party,
        by=coordinator,
        photo=_picture(),
        caption="Notre stand à la dernière fête de quartier",
        consent=True,
    )
    return counts
