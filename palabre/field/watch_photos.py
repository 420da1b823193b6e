"""The photo of a technical signal: checked, cleaned and shrunk before anything is kept.

Only JPEG and PNG are taken, and only when Pillow opens and decodes the whole file. What is kept
is re-encoded from the pixels alone, so nothing of the original file's metadata survives: no
EXIF (GPS position, date, camera), no XMP, no ICC profile, no text chunk. Phones store their
photos sideways with an orientation tag: the photo is turned upright before the tag goes.
"""

import dataclasses
import io
import warnings

from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from palabre.field.actions import FieldRefused

MAX_PHOTO_BYTES = 5 * 1024 * 1024
MAX_PHOTO_SIDE = 1600
# Beyond this, a small file may still unfold into gigabytes of pixels (a « decompression bomb »).
MAX_PHOTO_PIXELS = 60_000_000
PHOTO_EXTENSIONS = {"JPEG": "jpg", "PNG": "png"}


@dataclasses.dataclass(frozen=True)
class Photo:
    """A photo fit to keep, made by ``prepare_photo`` only: a JPEG or a PNG re-encoded from its
    pixels (no EXIF, no GPS position, no camera, no comment), at most 1600 px on its longer side,
    turned upright first."""

    content: bytes
    extension: str


def _too_big() -> str:
    return _("La photo dépasse 5 Mo : prenez-la en plus petite taille ou envoyez-en une autre.")


def prepare_photo(upload) -> Photo:
    """Reads an uploaded file and answers the photo to keep, or refuses anything that is not a
    JPEG or PNG image that Pillow can open and decode whole, or that weighs more than 5 Mo."""
    if getattr(upload, "size", 0) > MAX_PHOTO_BYTES:
        raise FieldRefused(_too_big())
    upload.seek(0)
    data = upload.read(MAX_PHOTO_BYTES + 1)
    if len(data) > MAX_PHOTO_BYTES:
        raise FieldRefused(_too_big())
    not_an_image = _(
        "Ce fichier n'est pas une photo lisible : envoyez une image JPEG ou PNG "
        "(les autres formats ne sont pas acceptés)."
    )
    too_many_pixels = _(
        "Cette image a trop de pixels (plus de 60 millions) : envoyez une photo plus petite."
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            opened = Image.open(io.BytesIO(data))
        with opened:
            if opened.format not in PHOTO_EXTENSIONS:
                raise FieldRefused(not_an_image)
            if opened.width * opened.height > MAX_PHOTO_PIXELS:
                raise FieldRefused(too_many_pixels)
            kind = opened.format
            opened.load()  # decodes every byte: a truncated or forged file fails here
            image = ImageOps.exif_transpose(opened)  # upright, before the EXIF goes
            image.thumbnail((MAX_PHOTO_SIDE, MAX_PHOTO_SIDE))
            return Photo(content=_reencoded(image, kind), extension=PHOTO_EXTENSIONS[kind])
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise FieldRefused(too_many_pixels) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise FieldRefused(not_an_image) from None


def _reencoded(image, kind) -> bytes:
    """The pixels only, in a new image with no ``info``: nothing of the original file's metadata
    (EXIF, XMP, ICC profile, text chunks) can be carried over."""
    has_alpha = image.mode in ("RGBA", "LA", "PA") or (
        image.mode == "P" and "transparency" in image.info
    )
    if kind == "PNG" and has_alpha:
        mode = "RGBA"
    elif image.mode in ("L", "1"):
        mode = "L"
    else:
        mode = "RGB"
    pixels = image.convert(mode)
    clean = Image.frombytes(mode, pixels.size, pixels.tobytes())
    buffer = io.BytesIO()
    if kind == "JPEG":
        clean.save(buffer, "JPEG", quality=85, optimize=True)
    else:
        clean.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()
