"""A worker, a student and a job seeker on a phone: the pay check with its summary, a lesson's quiz, an advert.

Debian's Chromium driven by Playwright against the live test server, at 390 x 844.
"""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_worker_checks_the_berry_season_and_opens_a_thai_summary(live_server, page, tmp_path):
    from playwright.sync_api import expect

    page.goto(live_server.url + "/prevention/")
    page.get_by_role("link", name="Check your pay and debts").first.click()
    page.get_by_role("link", name="Fill in the example of a berry picker in Finland (from the joint report)").click()
    page.get_by_role("button", name="Check", exact=True).click()
    result = page.locator("#result")
    expect(result).to_contain_text("-58.24 EUR")
    expect(page.get_by_role("heading", name="You end the season in debt")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")  # no sideways scroll
    page.screenshot(path=str(tmp_path / "pay.png"), full_page=True)
    page.get_by_label("Language of the one-page summary (to print or keep)").select_option("th")
    page.get_by_role("button", name="Show the summary").click()
    expect(page.locator("html")).to_have_attribute("lang", "th")
    expect(page.get_by_role("heading", level=1)).to_have_text("ตรวจสอบค่าจ้างและหนี้")
    expect(page.locator("body")).to_contain_text("-58.24")


def test_a_student_takes_a_quiz_and_reads_why(live_server, page):
    from playwright.sync_api import expect

    from jes.prevention import content

    module = content.module("berry-pickers-finland")
    page.goto(live_server.url + f"/prevention/learn/{module.id}/")
    for question in module.questions:
        for option in question.correct:
            page.locator(f'input[name="q-{question.id}"][value="{option}"]').check()
    page.get_by_role("button", name="Check my answers").click()
    total = len(module.questions)
    expect(page.get_by_role("status")).to_contain_text(f"You got {total} of {total} right.")


def test_a_job_seeker_sees_the_warning_signs_marked(live_server, page):
    from playwright.sync_api import expect

    page.goto(live_server.url + "/prevention/job-advert/")
    page.get_by_label("The job advert (paste its text)").fill(
        "Babysitter wanted abroad, start immediately! No experience needed. Send a copy of your passport on WhatsApp."
    )
    page.get_by_role("button", name="Check the advert").click()
    expect(page.locator(".advert mark").first).to_be_visible()
    expect(page.locator("p.risk")).to_be_visible()
