"""axe-core (the engine behind browser accessibility checkers) on the public pages people use on a phone.

Fails on any "serious" or "critical" WCAG violation: missing labels, names, language, contrast, landmarks.
"""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = [
    "/prevention/",
    "/prevention/job-advert/",
    "/prevention/pay/?example=berry",
    "/prevention/learn/",
    "/prevention/learn/berry-pickers-finland/",
    "/observatory/",
    "/observatory/figures/",
    "/observatory/early-warning/",
    "/referral/",
    "/referral/check/",
]


def _serious(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21aa"]}})
    return [
        f"{v['id']} ({v['impact']}): {v['help']} -> {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_public_pages_have_no_serious_accessibility_violations(live_server, page):
    found = {}
    for url in PAGES:
        page.goto(live_server.url + url)
        problems = _serious(page)
        if problems:
            found[url] = problems
    assert not found, found


def test_the_results_of_the_checks_have_none_either(live_server, page):
    page.goto(live_server.url + "/prevention/pay/?example=berry")
    page.get_by_role("button", name="Check", exact=True).click()
    assert not _serious(page)
    page.goto(live_server.url + "/prevention/job-advert/")
    page.get_by_label("The job advert (paste its text)").fill("Babysitter abroad! Passport copy on WhatsApp only.")
    page.get_by_role("button", name="Check the advert").click()
    assert not _serious(page)
