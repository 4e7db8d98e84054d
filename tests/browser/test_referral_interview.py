"""A person on a phone runs the self-check in Slovenian and gets an explained result, with no cookie set."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_self_check_in_slovenian_on_a_phone(live_server, page, tmp_path):
    from playwright.sync_api import expect

    page.goto(live_server.url + "/referral/check/")
    page.get_by_label("Language of the questions").select_option("sl")
    page.get_by_label("Country you are in").select_option("SI")
    page.get_by_role("button", name="Start").click()
    question = page.locator("legend .question")
    expect(question).to_have_attribute("lang", "sl")
    first = question.inner_text()
    answers = 0
    while page.locator("legend .question").count():
        page.locator("button[name=answer][value=yes]").click()
        answers += 1
        assert answers < 60, "the interview never ended"
    assert first and answers >= 20
    assert page.locator("#result-title").is_visible()
    assert page.context.cookies() == []
    page.screenshot(path=str(tmp_path / "self-check-result.png"), full_page=True)
