"""Screening with the keyboard in a real browser: include with "i", exclude with "e", "1", Enter.

Drives Debian's Chromium through Playwright against the live test server.
"""

from __future__ import annotations

import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _jobs_inline(settings, tmp_path):
    settings.JES_REVIEW_SYNC_JOBS = True
    settings.DATA_DIR = tmp_path


@pytest.fixture
def review(django_user_model):
    """A review with a lead and one reviewer, and three records in import order."""
    from jes.review.models import ReviewRecord
    from jes.review.projects import add_member, add_source, create_project

    lead = django_user_model.objects.create_user("lead", password="pw-lead-123")
    reviewer = django_user_model.objects.create_user("rev1", password="pw-rev1-123")
    project = create_project("THB in Slovenia", lead, exclusion_criteria=["Not on the topic", "Not empirical research"])
    add_member(project, lead, "rev1")
    source = add_source(project, lead, "COBIB", "database")
    records = ReviewRecord.objects.bulk_create(
        [ReviewRecord(project=project, source=source, position=i, title=f"Record {i}") for i in range(3)]
    )
    return project, reviewer, records


def test_screen_with_the_keyboard(live_server, review, page, tmp_path):
    from playwright.sync_api import expect

    from jes.review.models import ScreeningDecision

    project, rev1, (first, second, third) = review
    screen = f"/review/{project.pk}/screen/ta/"
    page.goto(f"{live_server.url}/accounts/login/?next={screen}")
    page.get_by_label("Username").fill("rev1")
    page.get_by_label("Password").fill("pw-rev1-123")
    page.get_by_role("button", name="Sign in").last.click()
    title = page.locator("#record-title")
    live = page.locator("#announce")
    # The help button appears once the shortcuts script has run: keys pressed before would go nowhere.
    ready = page.get_by_role("button", name="Keyboard shortcuts")
    expect(title).to_have_text("Record 0")
    expect(ready).to_be_visible()

    page.keyboard.press("i")
    expect(title).to_have_text("Record 1")
    expect(live).to_contain_text("Included “Record 0”.")
    expect(ready).to_be_visible()

    page.keyboard.press("e")
    expect(page.locator("#reason-1")).to_be_focused()
    expect(live).to_contain_text("choose a reason")
    page.keyboard.press("1")
    expect(live).to_contain_text("Reason chosen: Not on the topic")
    page.keyboard.press("Enter")
    expect(title).to_have_text("Record 2")
    expect(live).to_contain_text("Excluded “Record 1”: Not on the topic.")
    expect(ready).to_be_visible()

    # Shortcuts stay quiet while typing a note; "?" opens the help.
    page.keyboard.press("n")
    expect(page.locator("#note")).to_be_focused()
    page.keyboard.type("im")
    expect(page.locator("#note")).to_have_value("im")
    page.keyboard.press("Escape")
    page.keyboard.press("?")
    expect(page.get_by_role("dialog")).to_be_visible()
    page.keyboard.press("Escape")
    expect(title).to_have_text("Record 2")
    page.screenshot(path=str(tmp_path / "screening.png"), full_page=True)

    decisions = {d.record_id: (d.label, d.reason) for d in ScreeningDecision.objects.filter(reviewer=rev1)}
    assert decisions == {first.pk: ("include", ""), second.pk: ("exclude", "Not on the topic")}
    assert third.pk not in decisions

    # "u" goes back to the previous record, where the decision can be changed.
    page.keyboard.press("u")
    expect(page).to_have_url(re.compile(rf"\?record={second.pk}$"))
    expect(title).to_have_text("Record 1")
