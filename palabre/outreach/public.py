"""What the public page of a service shows of its outreach: the planned actions to come, with
their public fields only, and the photos whose consent is recorded.

Nothing about the team, the partners' people, the results or the linked cases leaves through
here: ``upcoming_for`` answers plain values built field by field, never a model. A photo is
served without login through a signed address (``photo_url``): the signature names the photo,
and the photo serves only while its consent is recorded and its action is not cancelled.
"""

import datetime as dt
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone

from palabre.core import signed_links
from palabre.outreach.codes import OutreachStatus
from palabre.outreach.models import OutreachAction, OutreachPhoto

PHOTO_SALT = "palabre.outreach.public-photo"


@dataclass(frozen=True)
class PublicPhoto:
    url: str
    caption: str


@dataclass(frozen=True)
class PublicAction:
    title: str
    kind: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    place: str
    address: str
    commune: str
    description: str
    photos: tuple[PublicPhoto, ...]


def photo_url(photo) -> str:
    token = signed_links.token_for(photo, salt=PHOTO_SALT)
    return reverse("outreach:public_photo", args=[token])


def _public_photos():
    return OutreachPhoto.objects.filter(consent_recorded_at__isnull=False).exclude(
        action__status=OutreachStatus.CANCELLED
    )


def photo_from_token(token: str) -> OutreachPhoto | None:
    """The photo a public address names, while it may be shown; None otherwise."""
    return signed_links.row_for(token, _public_photos(), salt=PHOTO_SALT)


def upcoming_for(organisation, *, today: dt.date, limit: int = 5) -> list[PublicAction]:
    """The service's planned actions that have not ended by ``today``, soonest first."""
    start = timezone.make_aware(dt.datetime.combine(today, dt.time.min))
    actions = (
        OutreachAction.objects.of(organisation)
        .filter(status=OutreachStatus.PLANNED, ends_at__gte=start)
        .select_related("venue", "commune")
        .order_by("starts_at", "title")[:limit]
    )
    photos = {}
    for photo in _public_photos().filter(action__in=[a.pk for a in actions]):
        photos.setdefault(photo.action_id, []).append(
            PublicPhoto(url=photo_url(photo), caption=photo.caption)
        )
    return [
        PublicAction(
            title=action.title,
            kind=str(action.get_kind_display()),
            starts_at=action.starts_at,
            ends_at=action.ends_at,
            place=action.place,
            address=action.place_address,
            commune=action.commune.name,
            description=action.public_description,
            photos=tuple(photos.get(action.pk, ())),
        )
        for action in actions
    ]
