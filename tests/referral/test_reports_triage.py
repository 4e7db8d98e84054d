"""Staff triage: only the receiving organisation's frontline, coordinator and admin staff; every access audited."""

from __future__ import annotations

import pytest

from jes.referral.models import AccessEvent, Report

from .test_reports_support import (  # noqa: F401 - reporting_settings is a fixture
    PASSPHRASE,
    database_hits,
    give_key,
    gps_photo,
    lookup,
    receipt_code,
    reporting_settings,
    submit,
)

pytestmark = pytest.mark.usefixtures("reporting_settings")
MARKER = "Kx9-triage-marker-passports-taken"


@pytest.fixture
def report(client, kljuc):
    give_key(kljuc)
    response = submit(client, kljuc, f"They took {MARKER}", photos=[gps_photo()])
    report = Report.objects.get()
    report.code = receipt_code(response)
    client.logout()
    return report


def _url(report, tail=""):
    return f"/referral/reports/{report.pk}/{tail}"


def _actions(user):
    return list(AccessEvent.objects.filter(actor=user).values_list("action", "object_id"))


def test_the_queue_lists_reports_without_their_content(client, report, frontline):
    client.force_login(frontline)
    page = client.get("/referral/reports/")
    assert page.status_code == 200
    assert f"#{report.pk}" in page.content.decode() and MARKER not in page.content.decode()
    assert _actions(frontline) == [("report.list", "")]


@pytest.mark.parametrize("role", ["frontline", "coordinator", "admin"])
def test_triage_roles_may_unlock_and_read(client, report, make_staff, kljuc, role):
    user = make_staff(f"user-{role}", kljuc, role)
    client.force_login(user)
    page = client.post(_url(report), {"passphrase": PASSPHRASE})
    body = page.content.decode()
    assert page.status_code == 200 and MARKER in body and "data:image/jpeg;base64," in body
    assert "no-store" in page["Cache-Control"]
    assert _actions(user) == [("report.read", str(report.pk))]
    assert database_hits(MARKER) == []  # nothing decrypted was kept: not in the session, not in the audit


def test_a_wrong_passphrase_reads_nothing_and_is_recorded(client, report, frontline):
    client.force_login(frontline)
    page = client.post(_url(report), {"passphrase": "guess guess guess"})
    assert page.status_code == 200 and MARKER not in page.content.decode()
    assert "does not open" in page.content.decode()
    assert _actions(frontline) == [("report.unlock_failed", str(report.pk))]


def test_the_report_page_without_a_passphrase_shows_only_metadata(client, report, frontline):
    client.force_login(frontline)
    page = client.get(_url(report))
    assert page.status_code == 200 and MARKER not in page.content.decode()
    assert _actions(frontline) == [("report.metadata", str(report.pk))]


@pytest.mark.parametrize(("method", "tail"), [("get", ""), ("post", ""), ("post", "status/"), ("post", "reply/")])
def test_an_analyst_gets_403(client, report, analyst, method, tail):
    client.force_login(analyst)
    assert getattr(client, method)(_url(report, tail), {"passphrase": PASSPHRASE}).status_code == 403
    assert client.get("/referral/reports/").status_code == 403
    assert not AccessEvent.objects.filter(actor=analyst).exists()


@pytest.mark.parametrize(("method", "tail"), [("get", ""), ("post", ""), ("post", "status/"), ("post", "reply/")])
def test_staff_of_another_organisation_get_404(client, report, foreign_worker, method, tail):
    client.force_login(foreign_worker)
    data = {"passphrase": PASSPHRASE, "status": "closed", "text": "hello"}
    assert getattr(client, method)(_url(report, tail), data).status_code == 404
    report.refresh_from_db()
    assert report.status == "new" and not report.messages.exists()


def test_someone_who_is_not_staff_gets_403_and_a_visitor_is_sent_to_sign_in(client, report, outsider):
    assert client.get("/referral/reports/").status_code == 302
    client.force_login(outsider)
    assert client.get(_url(report)).status_code == 403


def test_status_and_reply_are_recorded_and_reach_the_reporter(client, report, coordinator):
    client.force_login(coordinator)
    assert client.post(_url(report, "status/"), {"status": "referred"}).status_code == 302
    assert client.post(_url(report, "reply/"), {"text": "We passed it on to a team near you"}).status_code == 302
    assert _actions(coordinator) == [("report.status.referred", str(report.pk)), ("report.reply", str(report.pk))]
    assert database_hits("passed it on") == []
    client.logout()
    page = lookup(client, report.code).content.decode()
    assert "Passed on to the right service" in page and "We passed it on to a team near you" in page


def test_an_unknown_status_is_refused(client, report, coordinator):
    client.force_login(coordinator)
    client.post(_url(report, "status/"), {"status": "deleted"})
    report.refresh_from_db()
    assert report.status == "new"


def test_access_events_never_hold_content(client, report, frontline):
    client.force_login(frontline)
    client.post(_url(report), {"passphrase": PASSPHRASE})
    client.post(_url(report, "reply/"), {"text": f"reply {MARKER}"})
    event = AccessEvent.objects.filter(actor=frontline).last()
    assert event.organisation == report.organisation and event.object_type == "report"
    assert MARKER not in str(event.detail) and MARKER not in str(event)


def test_unlock_attempts_are_limited_per_account(client, report, frontline, settings):
    from jes.referral.report_guard import Limit

    settings.JES_REPORT_LIMITS = {"unlock_user": Limit(1, 600)}
    client.force_login(frontline)
    client.post(_url(report), {"passphrase": "wrong wrong wrong"})
    assert client.post(_url(report), {"passphrase": PASSPHRASE}).status_code == 429
