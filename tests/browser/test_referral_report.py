"""A member of the public reports anonymously on a phone, keeps the receipt code and comes back with it."""

from __future__ import annotations

import pytest
from django.core.cache import cache

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def organisation(settings):
    from jes.referral.models import Organisation
    from jes.referral.reporting import generate_key

    settings.JES_REPORT_TEST_KDF = True  # the library's minimum Argon2 cost, for speed
    settings.JES_REPORT_MIN_SECONDS = 0
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "b"}}
    cache.clear()
    org = Organisation.objects.create(name="Caritas Slovenia", country="SI")
    generate_key(org.name, "a long enough passphrase")
    return org


def test_report_then_follow_up_with_the_receipt(live_server, organisation, page):
    from playwright.sync_api import expect

    page.goto(f"{live_server.url}/referral/report/")
    page.get_by_label("Who should receive your report?").select_option(label="Caritas Slovenia (Slovenia)")
    page.get_by_label("What did you see or hear?").fill("Workers sleep in the greenhouse and never leave.")
    page.get_by_role("button", name="Send my report").click()
    code = page.locator("p.receipt strong").inner_text().strip()
    assert len(code.replace(" ", "").replace("-", "")) == 16
    assert page.context.cookies() == []

    page.get_by_role("link", name="Come back with your code").click()
    page.get_by_label("Your receipt code").fill(code)
    page.get_by_role("button", name="Open").click()
    expect(page.get_by_label("Add more information")).to_be_visible()
    assert "greenhouse" not in page.content()  # the code shows the status and replies, never the report
    assert page.context.cookies() == []
