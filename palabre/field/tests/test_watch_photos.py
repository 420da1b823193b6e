"""The photo of a signal: JPEG or PNG opened by Pillow, 5 Mo at most, shrunk to 1600 px,
re-encoded without EXIF — and anything else refused with a French message, nothing saved."""

import io

import pytest
from django.urls import reverse
from PIL import ExifTags, Image

from palabre.field.actions import FieldRefused
from palabre.field.models import TechnicalSignal
from palabre.field.tests import watch_world
from palabre.field.watch_photos import MAX_PHOTO_BYTES, prepare_photo


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def partners(service, place, coordinator):
    return watch_world.landlords(service, place, coordinator)


def _exif_with_gps():
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "TelephoneMarqueX"
    exif[ExifTags.Base.DateTime] = "2026:12:11 23:40:00"
    exif[ExifTags.Base.Orientation] = 6  # stored sideways: turn 90° clockwise to view
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (48.0, 7.0, 30.0),
        ExifTags.GPS.GPSLongitudeRef: "W",
        ExifTags.GPS.GPSLongitude: (1.0, 40.0, 12.0),
    }
    return exif


def _post(client, shift, place, photo):
    return client.post(
        reverse("field:shift_signal", args=[shift.pk]),
        {
            "category": "LIGHTING",
            "where": f"r:{place['glycines'].pk}",
            "urgency": "NORMAL",
            "description": "Plafonnier du hall éteint",
            "photo": photo,
        },
    )


def _stored_files(media_root):
    return [path for path in media_root.rglob("*") if path.is_file()] if media_root.exists() else []


def test_a_photo_with_exif_is_stored_without_any(
    login, correspondents, shift, place, partners, _media
):
    original = watch_world.jpeg_bytes(size=(80, 40), exif=_exif_with_gps())
    assert b"TelephoneMarqueX" in original and Image.open(io.BytesIO(original)).getexif()
    response = _post(login(correspondents[0]), shift, place, watch_world.upload(original))
    assert response.status_code == 302, response.content.decode()
    signal = TechnicalSignal.objects.get()
    [stored] = _stored_files(_media)
    assert stored.name.endswith(".jpg") and str(signal.organisation_id) in str(stored)
    content = stored.read_bytes()
    assert b"Exif" not in content and b"TelephoneMarqueX" not in content
    with Image.open(stored) as kept:
        assert kept.format == "JPEG"
        assert not kept.getexif()
        assert "exif" not in kept.info and "icc_profile" not in kept.info
        assert kept.size == (40, 80)  # turned upright before the orientation tag went


def test_a_big_photo_is_shrunk_to_1600_pixels(partners):
    photo = prepare_photo(watch_world.upload(watch_world.jpeg_bytes(size=(4000, 3000))))
    with Image.open(io.BytesIO(photo.content)) as kept:
        assert kept.size == (1600, 1200)


def test_a_png_stays_a_png_without_its_text_chunks():
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "Rue des Lilas, chez M. Martin")
    buffer = io.BytesIO()
    Image.new("RGBA", (30, 20), (0, 0, 0, 0)).save(buffer, "PNG", pnginfo=info)
    photo = prepare_photo(watch_world.upload(buffer.getvalue(), "photo.png", "image/png"))
    assert photo.extension == "png" and b"Martin" not in photo.content
    with Image.open(io.BytesIO(photo.content)) as kept:
        assert kept.format == "PNG" and kept.mode == "RGBA" and "Comment" not in kept.info


def test_a_file_that_is_not_an_image_is_refused_and_nothing_is_saved(
    login, correspondents, shift, place, partners, _media, mailoutbox
):
    fake = watch_world.upload(b"%PDF-1.4 pas une photo du tout", "photo.jpg")
    response = _post(login(correspondents[0]), shift, place, fake)
    assert response.status_code == 400
    assert "n&#x27;est pas une photo lisible" in response.content.decode()
    assert not TechnicalSignal.objects.exists()
    assert _stored_files(_media) == []
    assert mailoutbox == []


def test_a_photo_over_5_mo_is_refused_and_nothing_is_saved(
    login, correspondents, shift, place, partners, _media
):
    heavy = watch_world.jpeg_bytes() + b"\0" * MAX_PHOTO_BYTES
    response = _post(login(correspondents[0]), shift, place, watch_world.upload(heavy))
    assert response.status_code == 400
    assert "La photo dépasse 5 Mo" in response.content.decode()
    assert not TechnicalSignal.objects.exists()
    assert _stored_files(_media) == []


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (b"GIF89a" + b"\0" * 40, "photo.gif"),
        (watch_world.jpeg_bytes(size=(300, 300))[:400], "coupee.jpg"),
        (b"", "vide.jpg"),
    ],
    ids=["gif", "truncated jpeg", "empty"],
)
def test_other_formats_and_broken_files_are_refused(content, name):
    with pytest.raises(FieldRefused):
        prepare_photo(watch_world.upload(content, name))


def test_a_real_gif_is_refused_too():
    buffer = io.BytesIO()
    Image.new("RGB", (10, 10)).save(buffer, "GIF")
    with pytest.raises(FieldRefused, match="JPEG ou PNG"):
        prepare_photo(watch_world.upload(buffer.getvalue(), "photo.gif", "image/gif"))


def test_a_signal_without_a_photo_is_fine(login, correspondents, shift, place, partners):
    response = _post(login(correspondents[0]), shift, place, "")
    assert response.status_code == 302
    assert not TechnicalSignal.objects.get().photo
