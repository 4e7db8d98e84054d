"""Photos are re-encoded from their pixels: EXIF, GPS and every other kind of metadata is gone."""

from __future__ import annotations

import io

import pytest
from PIL import Image, PngImagePlugin

from jes.referral.report_photos import PhotoError, clean_photo

from .test_reports_support import CAMERA, gps_photo


def test_it_drops_exif_and_gps_from_a_jpeg():
    cleaned = clean_photo(gps_photo("JPEG"))
    image = Image.open(io.BytesIO(cleaned))
    assert image.format == "JPEG"
    assert not image.getexif() and not image.getexif().get_ifd(0x8825)
    assert CAMERA.encode() not in cleaned and b"Exif" not in cleaned
    assert image.size == (64, 48)


def test_it_drops_text_chunks_and_exif_from_a_png():
    image = Image.new("RGBA", (20, 10), (0, 0, 255, 128))
    info = PngImagePlugin.PngInfo()
    info.add_text("Location", "Ulica 5, Ljubljana")
    out = io.BytesIO()
    image.save(out, "PNG", pnginfo=info, exif=Image.open(io.BytesIO(gps_photo())).getexif())
    cleaned = clean_photo(out.getvalue())
    again = Image.open(io.BytesIO(cleaned))
    assert again.format == "PNG" and again.mode == "RGBA"
    assert b"Ljubljana" not in cleaned and CAMERA.encode() not in cleaned
    assert not again.getexif() and "Location" not in again.info


def test_it_turns_the_photo_as_the_camera_said_before_dropping_the_tag():
    image = Image.new("RGB", (40, 20), "green")
    exif = Image.Exif()
    exif[0x0112] = 6  # rotated 90° clockwise
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    assert Image.open(io.BytesIO(clean_photo(out.getvalue()))).size == (20, 40)


@pytest.mark.parametrize(
    "data",
    [b"not an image at all", b"GIF89a" + b"\0" * 40],
)
def test_it_refuses_what_is_not_a_jpeg_or_png(data):
    with pytest.raises(PhotoError):
        clean_photo(data)


def test_it_refuses_a_gif_even_when_it_is_a_real_image():
    out = io.BytesIO()
    Image.new("RGB", (4, 4)).save(out, "GIF")
    with pytest.raises(PhotoError, match="JPEG and PNG"):
        clean_photo(out.getvalue())


def test_it_refuses_a_file_over_the_size_limit(monkeypatch):
    from jes.referral import report_photos

    monkeypatch.setattr(report_photos, "MAX_PHOTO_BYTES", 100)
    with pytest.raises(PhotoError, match="at most"):
        clean_photo(gps_photo())


def test_it_scales_down_large_photos():
    out = io.BytesIO()
    Image.new("RGB", (5000, 100), "white").save(out, "JPEG")
    assert max(Image.open(io.BytesIO(clean_photo(out.getvalue()))).size) == 2560
