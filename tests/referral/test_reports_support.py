"""Shared helpers of the anonymous reporting tests (plain functions and one settings fixture; no tests)."""

from __future__ import annotations

import io
import re

import pytest
from django.core.cache import cache
from PIL import Image

PASSPHRASE = "correct horse battery staple reports"
REPORT_URL = "/referral/report/"
RECEIPT_URL = "/referral/report/receipt/"
CAMERA = "SecretCameraMakerX9"


@pytest.fixture
def reporting_settings(settings):
    """Argon2 at its minimum cost, no minimum form age, and a private in-memory cache per test."""
    settings.JES_REPORT_TEST_KDF = True
    settings.JES_REPORT_MIN_SECONDS = 0
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "reports"}}
    cache.clear()
    return settings


def give_key(organisation, passphrase: str = PASSPHRASE):
    from jes.referral.reporting import generate_key

    return generate_key(organisation.name, passphrase)


def gps_photo(fmt: str = "JPEG", colour: str = "red") -> bytes:
    """A small photo whose EXIF names a camera and a place (46°N 14°E, near Ljubljana)."""
    image = Image.new("RGB", (64, 48), colour)
    exif = Image.Exif()
    exif[0x010F] = CAMERA
    exif.get_ifd(0x8825).update({1: "N", 2: (46.0, 3.0, 7.5), 3: "E", 4: (14.0, 30.0, 20.0)})
    out = io.BytesIO()
    image.save(out, fmt, exif=exif)
    data = out.getvalue()
    assert CAMERA.encode() in data  # the test photo really carries the metadata
    return data


def upload(data: bytes, name: str = "photo.jpg", content_type: str = "image/jpeg"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type=content_type)


def token_of(response) -> str:
    match = re.search(r'name="token" value="([^"]+)"', response.content.decode())
    assert match, "the form has no token"
    return match.group(1)


def submit(client, organisation, what: str, photos=(), **extra):
    token = token_of(client.get(REPORT_URL))
    data = {"token": token, "organisation": organisation.pk, "what": what, "where": "", "when": "", **extra}
    if photos:
        data["photos"] = [upload(p) for p in photos]
    return client.post(REPORT_URL, data, REMOTE_ADDR="203.0.113.77", HTTP_USER_AGENT="AgentMarker/1.0")


def receipt_code(response) -> str:
    match = re.search(r"\b(\d{4} \d{4} \d{4} \d{4})\b", response.content.decode())
    assert match, "no receipt code on the page"
    return match.group(1)


def lookup(client, code: str):
    token = token_of(client.get(RECEIPT_URL))
    return client.post(RECEIPT_URL, {"token": token, "code": code})


def add_info(client, code: str, text: str, photos=()):
    token = token_of(lookup(client, code))
    data = {"token": token, "code": code, "text": text}
    if photos:
        data["photos"] = [upload(p) for p in photos]
    return client.post(RECEIPT_URL, data)


def database_hits(needle: str | bytes) -> list[str]:
    """Every table.column, of every model of every app, whose value contains NEEDLE: text is looked for in
    every text, JSON and binary column, bytes (e.g. a photo's) in every binary column."""
    from django.apps import apps
    from django.db import models
    from django.db.models.functions import Cast

    text = None if isinstance(needle, bytes) else needle
    raw = needle if isinstance(needle, bytes) else needle.encode("utf-8")
    hits = []
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.concrete_fields:
            where = f"{model._meta.db_table}.{field.column}"
            if isinstance(field, models.BinaryField):
                values = model._default_manager.exclude(**{field.attname: None}).values_list(field.attname, flat=True)
                if any(raw in bytes(v) for v in values):
                    hits.append(where)
            elif text and isinstance(field, models.CharField | models.TextField | models.JSONField):
                as_text = model._default_manager.annotate(_t=Cast(field.attname, models.TextField()))
                if as_text.filter(_t__contains=text).exists():
                    hits.append(where)
    return hits
