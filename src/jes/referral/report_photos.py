"""Photos sent with anonymous reports: accepted only as JPEG or PNG, and re-encoded from the pixels.

Re-encoding (not deleting tags) is what drops EXIF, GPS, XMP, IPTC, ICC profiles, PNG text chunks,
thumbnails and anything a camera hid in the file: the new image is built from the pixel values alone.
Large photos are scaled down, which also blurs the sensor noise that can tie a photo to a camera.
"""

from __future__ import annotations

import io
import warnings

from PIL import Image, ImageOps, UnidentifiedImageError

MAX_PHOTOS = 3
MAX_PHOTO_BYTES = 8 * 1024 * 1024
MAX_SIDE = 2560
# Far below Pillow's default: a small file must not expand into gigabytes of pixels.
MAX_PIXELS = 40_000_000
FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png"}


class PhotoError(ValueError):
    """The file is not a photo this form accepts; the message is safe to show to the reporter."""


def clean_photo(data: bytes) -> bytes:
    """The photo re-encoded from its pixels in its own format (JPEG or PNG), with no metadata at all."""
    if len(data) > MAX_PHOTO_BYTES:
        raise PhotoError(f"a photo may be at most {MAX_PHOTO_BYTES // (1024 * 1024)} MB")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            fmt = image.format
            if fmt not in FORMATS:
                raise PhotoError("only JPEG and PNG photos can be sent")
            if image.width * image.height > MAX_PIXELS:
                raise PhotoError("this photo has too many pixels")
            image.load()
    except (UnidentifiedImageError, Image.DecompressionBombWarning, Image.DecompressionBombError, OSError):
        raise PhotoError("this file could not be read as a JPEG or PNG photo") from None
    # Turn the pixels the way the camera's orientation tag says, before that tag is dropped with the rest.
    image = ImageOps.exif_transpose(image)
    image.thumbnail((MAX_SIDE, MAX_SIDE))
    return _encode(image, fmt)


def _encode(image: Image.Image, fmt: str) -> bytes:
    mode = "RGB" if fmt == "JPEG" else ("RGBA" if image.mode in {"RGBA", "LA", "P", "PA"} else "RGB")
    pixels = image.convert(mode)
    # A new image from raw pixel bytes has an empty .info: nothing of the original file can follow it.
    bare = Image.frombytes(mode, pixels.size, pixels.tobytes())
    out = io.BytesIO()
    if fmt == "JPEG":
        bare.save(out, "JPEG", quality=85, optimize=True)
    else:
        bare.save(out, "PNG", optimize=True)
    return out.getvalue()


def mime_type(data: bytes) -> str:
    """The type of a cleaned photo, from its signature (cleaned photos carry nothing else)."""
    return "image/png" if data.startswith(b"\x89PNG") else "image/jpeg"
