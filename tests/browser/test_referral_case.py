"""A frontline worker on a phone: interview in Italian, the explained assessment, a referral to a seed service."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def worker(django_user_model):
    from jes.referral.models import Organisation, Staff

    user = django_user_model.objects.create_user("maja", password="pw-maja-123")
    Staff.objects.create(
        user=user, organisation=Organisation.objects.create(name="Ključ", country="SI"), role="frontline"
    )
    return user


def test_interview_in_italian_then_refer_with_consent(live_server, worker, page, tmp_path):
    from playwright.sync_api import expect

    page.goto(f"{live_server.url}/accounts/login/?next=/referral/cases/new/")
    page.get_by_label("Username").fill("maja")
    page.get_by_label("Password").fill("pw-maja-123")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Age (if known)").fill("29")
    page.get_by_label("Identified as a victim by the police?").select_option("no")
    page.get_by_label("Labour exploitation").check()
    page.get_by_label("Safety and accommodation").check()
    page.get_by_role("button", name="Open the case").click()
    reference = page.get_by_role("heading", level=1).inner_text().split()[-1]

    page.goto(f"{live_server.url}/referral/cases/{reference}/interview/?language=it")
    expect(page.locator("legend .question")).to_have_attribute("lang", "it")
    assert "In English:" in page.content()
    page.locator("button[name=answer][value=yes]").click()
    page.goto(f"{live_server.url}/referral/cases/{reference}/")  # pause
    page.goto(f"{live_server.url}/referral/cases/{reference}/interview/?language=it")  # resume
    while page.locator("legend .question").count():
        page.locator("button[name=answer][value=yes]").click()
    page.get_by_role("button", name="Assess and save").click()
    expect(page.get_by_text("Indicators of trafficking in human beings are present")).to_be_visible()

    crisis = page.locator("ol.matches > li").filter(has_text="five-day crisis accommodation")
    crisis.get_by_text("Refer to this service").click()
    crisis.get_by_label("How consent was given").fill("spoken, in Italian, with an interpreter")
    crisis.get_by_role("checkbox").check()
    crisis.get_by_role("button", name="Record the referral").click()
    expect(page.get_by_text("Referral recorded as sent.")).to_be_visible()
    page.screenshot(path=str(tmp_path / "case.png"), full_page=True)
