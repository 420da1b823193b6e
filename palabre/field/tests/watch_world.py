"""What the technical-watch tests share, on top of conftest's night service: the landlords with an
address, a second landlord with a residence in Maurepas, the city's technical services for the
public space, partner accounts, photos made with Pillow, and a signal made in one call."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from palabre.field import watch_actions
from palabre.field.codes import PlaceKind
from palabre.field.territory import Place
from palabre.field.watch import SignalCategory, Urgency
from palabre.field.watch_photos import prepare_photo
from palabre.partners.models import Contact, PartnerKind
from palabre.partners.tests.factories import PartnerFactory, ResidenceFactory

ARCHIPEL_ADDRESS = "signalements@archipel.example"
NEOTOA_ADDRESS = "technique@neotoa.example"
CITY_ADDRESS = "proprete@ville.example"


def jpeg_bytes(size=(64, 48), exif=None, colour=(200, 40, 40)) -> bytes:
    buffer = io.BytesIO()
    image = Image.new("RGB", size, colour)
    if exif is not None:
        image.save(buffer, "JPEG", exif=exif)
    else:
        image.save(buffer, "JPEG")
    return buffer.getvalue()


def upload(content: bytes, name="photo.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def small_photo():
    return prepare_photo(upload(jpeg_bytes()))


def landlords(service, place, coordinator) -> dict:
    """Archipel Habitat (Les Glycines, Les Ajoncs) with an address; Néotoa with Les Lilas in
    Maurepas; the city's technical services named for the public space."""
    archipel = place["glycines"].landlord
    archipel.email = ARCHIPEL_ADDRESS
    archipel.save()
    neotoa = PartnerFactory(
        organisation=service, landlord=True, name="Néotoa", email=NEOTOA_ADDRESS
    )
    lilas = ResidenceFactory(
        landlord=neotoa, name="Les Lilas", quartier=place["maurepas"], commune=place["rennes"]
    )
    city = PartnerFactory(
        organisation=service,
        kind=PartnerKind.CITY,
        name="Ville de Rennes — propreté urbaine",
        email=CITY_ADDRESS,
    )
    watch_actions.set_public_space_partner(organisation=service, by=coordinator, partner=city)
    return {"archipel": archipel, "neotoa": neotoa, "lilas": lilas, "city": city}


def partner_account(member, partner, email=""):
    """A partner account (role ``partner``) attached to ``partner`` through a contact."""
    agent = member("partner", organisation=partner.organisation)
    Contact.objects.create(
        organisation=partner.organisation,
        partner=partner,
        first_name="Agent",
        last_name=partner.name,
        email=email,
        membership=agent,
    )
    return agent


def report(shift=None, *, by, residence=None, organisation=None, **fields):
    """A lighting signal in ``residence``'s hall (else the public space of Maurepas)."""
    organisation = organisation or (shift.organisation if shift else by.organisation)
    if residence is not None:
        defaults = {"place_kind": PlaceKind.HALL, "place": Place(residence=residence)}
    else:
        defaults = {"place_kind": PlaceKind.PUBLIC_SPACE}
    defaults |= {"category": SignalCategory.LIGHTING, "urgency": Urgency.NORMAL}
    return watch_actions.report_signal(
        organisation=organisation, by=by, shift=shift, **{**defaults, **fields}
    )
