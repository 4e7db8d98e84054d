"""The public report form: sealed before it is stored, no trace of the reporter, no cookie, rate limits."""

from __future__ import annotations

import io
import json
import logging

import pytest
from django.core.cache import cache
from django.test import Client
from PIL import Image

from jes.referral import reporting
from jes.referral.models import Report, ReportPhoto

from .test_reports_support import (  # noqa: F401 - fixtures
    CAMERA,
    PASSPHRASE,
    REPORT_URL,
    database_hits,
    give_key,
    gps_photo,
    receipt_code,
    reporting_settings,
    submit,
    token_of,
)

pytestmark = pytest.mark.usefixtures("reporting_settings")


@pytest.fixture
def client():
    """The public pages must work for a browser held to CSRF rules, without any cookie."""
    return Client(enforce_csrf_checks=True)


MARKER = "Zq7-unique-marker-field-workers-locked-in-a-barn"


@pytest.fixture
def org(kljuc):
    give_key(kljuc)
    return kljuc


def test_the_form_works_without_an_account_and_sets_no_cookie(client, org):
    response = client.get(REPORT_URL)
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers and not response.cookies
    assert "no-store" in response["Cache-Control"]
    assert org.name in response.content.decode()


def test_a_report_is_stored_only_sealed_and_names_no_reporter(client, org, caplog):
    photo = gps_photo()
    with caplog.at_level(logging.DEBUG):
        response = submit(client, org, f"I saw {MARKER}", photos=[photo], where=f"near {MARKER}-place")
    assert response.status_code == 200 and not response.cookies
    code = receipt_code(response).replace(" ", "")
    assert Report.objects.count() == 1 and ReportPhoto.objects.count() == 1
    assert database_hits(org.name) and database_hits(bytes(org.report_keys.get().public_key))  # the scan finds
    for needle in (MARKER, "203.0.113.77", "AgentMarker", code, CAMERA, photo[-200:]):
        assert database_hits(needle) == [], needle
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert MARKER not in logged and "203.0.113.77" not in logged and code not in logged


def test_the_staff_key_opens_the_report_and_its_photo_has_no_metadata(client, org):
    submit(client, org, f"I saw {MARKER}", photos=[gps_photo()], when="last Friday")
    report = Report.objects.get()
    private = reporting.unlock_key(report.key, PASSPHRASE)
    from jes.referral import crypto

    content = json.loads(crypto.unseal(private, bytes(report.ciphertext)))
    assert content == {"what": f"I saw {MARKER}", "where": "", "when": "last Friday", "photos": 1}
    stored = crypto.unseal(private, bytes(report.photos.get().ciphertext))
    image = Image.open(io.BytesIO(stored))
    assert image.format == "JPEG" and image.size == (64, 48)
    assert not image.getexif() and not image.getexif().get_ifd(0x8825) and CAMERA.encode() not in stored


def test_the_receipt_code_is_kept_only_as_an_argon2_hash(client, org):
    code = receipt_code(submit(client, org, "what I saw")).replace(" ", "")
    report = Report.objects.get()
    assert report.receipt_hash.startswith("$argon2id$") and code not in report.receipt_hash
    assert report.received.minute == 0 and report.received.second == 0
    assert reporting.find_report(code) == report


def test_a_signed_in_visitor_gets_no_cookie_either(client, org, frontline):
    client.force_login(frontline)
    assert not client.get(REPORT_URL).cookies
    response = submit(client, org, "what I saw")
    assert response.status_code == 200 and not response.cookies
    assert "Sign out" not in response.content.decode()


def test_the_page_offers_its_own_language_choice_and_sets_no_csrf_cookie(client, org, settings):
    settings.LANGUAGES = [("en", "English"), ("sl", "Slovenščina")]
    response = client.get(REPORT_URL)
    page = response.content.decode()
    # The site's switcher (a POST form with a CSRF token) is left out; the page's own GET form replaces it.
    assert 'name="language"' not in page and 'name="lang"' in page
    assert not response.cookies
    assert 'lang="sl" selected' in client.get(REPORT_URL + "?lang=sl").content.decode()


def test_a_token_cannot_be_replayed(client, org):
    token = token_of(client.get(REPORT_URL))
    data = {"token": token, "organisation": org.pk, "what": "once"}
    assert "Your receipt code" in client.post(REPORT_URL, data).content.decode()
    again = client.post(REPORT_URL, data)
    assert "already sent" in again.content.decode() and Report.objects.count() == 1


def test_a_missing_or_forged_token_is_refused(client, org):
    response = client.post(REPORT_URL, {"token": "forged", "organisation": org.pk, "what": "x"})
    assert response.status_code == 200 and "could not be checked" in response.content.decode()
    assert not Report.objects.exists()


def test_a_form_sent_at_once_is_refused_as_automated(client, org, settings):
    settings.JES_REPORT_MIN_SECONDS = 60
    response = submit(client, org, "what I saw")
    assert "too quickly" in response.content.decode() and not Report.objects.exists()
    assert "what I saw" in response.content.decode()  # the text typed is kept for the next try


def test_too_many_reports_get_a_clear_429(client, org, settings):
    from jes.referral.report_guard import Limit

    settings.JES_REPORT_LIMITS = {"submit_client": Limit(2, 600)}
    assert submit(client, org, "one").status_code == 200
    assert submit(client, org, "two").status_code == 200
    response = submit(client, org, "three")
    assert response.status_code == 429 and response["Retry-After"] == "600"
    assert "try again" in response.content.decode() and not response.cookies
    assert Report.objects.count() == 2


def test_the_rate_limit_keys_hold_no_address(client, org):
    submit(client, org, "one")
    keys = list(cache._cache.keys())  # LocMemCache
    assert keys and not any("203.0.113" in key for key in keys)


def test_the_per_organisation_limit_holds_across_clients(client, org, settings):
    from jes.referral.report_guard import Limit

    settings.JES_REPORT_LIMITS = {"submit_organisation": Limit(1, 60)}
    assert submit(client, org, "one").status_code == 200
    token = token_of(client.get(REPORT_URL))
    other = client.post(REPORT_URL, {"token": token, "organisation": org.pk, "what": "two"}, REMOTE_ADDR="198.51.100.9")
    assert other.status_code == 429


def test_a_body_over_the_limit_is_refused_before_it_is_read(client, org):
    response = client.post(REPORT_URL, {"what": "x"}, CONTENT_LENGTH=str(100 * 1024 * 1024))
    assert response.status_code == 413 and not Report.objects.exists()


def test_an_unreadable_photo_is_refused_with_a_clear_message(client, org):
    response = submit(client, org, "what I saw", photos=[b"not a photo"])
    assert "Only JPEG and PNG" in response.content.decode() and not Report.objects.exists()


def test_an_organisation_without_a_key_is_not_offered(client, kljuc):
    assert "No organisation can receive reports" in client.get(REPORT_URL).content.decode()
