"""One real-browser journey: home page, search "berry", open the Finnish case study.

Drives Debian's Chromium through Playwright against the live test server.
"""

from __future__ import annotations

import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_search_berry_and_open_the_finnish_case_study(live_server, catalogue, page, tmp_path):
    from playwright.sync_api import expect

    page.goto(live_server.url + "/")
    assert page.get_by_role("heading", level=1).is_visible()
    page.get_by_label("Search the catalogue").fill("berry")
    page.get_by_role("button", name="Search").first.click()
    expect(page).to_have_url(re.compile(r"/catalogue/\?q=berry"))
    page.get_by_role("link", name="Case 1: Labour Trafficking in Berry Picking").click()
    expect(page).to_have_url(re.compile(r"/catalogue/entry/\d+/$"))
    assert "Berry Picking" in page.get_by_role("heading", level=1).inner_text()
    assert "Finland" in page.content()
    page.screenshot(path=str(tmp_path / "finnish-case-study.png"), full_page=True)
