"""The receipt flow: submit, come back with the code, read the status and replies, add more."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from jes.referral import reporting
from jes.referral.models import Report, ReportMessage

from .test_reports_support import (  # noqa: F401 - fixtures
    PASSPHRASE,
    RECEIPT_URL,
    add_info,
    database_hits,
    give_key,
    gps_photo,
    lookup,
    receipt_code,
    reporting_settings,
    submit,
)

pytestmark = pytest.mark.usefixtures("reporting_settings")


@pytest.fixture
def client():
    """The public pages must work for a browser held to CSRF rules, without any cookie."""
    return Client(enforce_csrf_checks=True)


@pytest.fixture
def org(kljuc):
    give_key(kljuc)
    return kljuc


def _shape(response) -> tuple[int, str]:
    body = re.sub(r'name="(token|csrfmiddlewaretoken)" value="[^"]+"', "", response.content.decode())
    return response.status_code, body


def test_the_whole_receipt_flow(client, org, frontline):
    code = receipt_code(submit(client, org, "Workers sleep in the barn"))
    page = lookup(client, code)
    assert page.status_code == 200 and not page.cookies and "no-store" in page["Cache-Control"]
    assert "New" in page.content.decode() and "No answer yet" in page.content.decode()
    assert "Workers sleep in the barn" not in page.content.decode()  # never shown back to the code holder

    report = Report.objects.get()
    reporting.set_status(report, "in_review", frontline)
    reporting.reply(report, "Thank you. Can you tell us the name of the farm?", frontline)
    page = lookup(client, code).content.decode()
    assert "Being reviewed" in page and "the name of the farm?" in page

    added = add_info(client, code, "Green Acres, near the river", photos=[gps_photo()])
    assert added.status_code == 200 and "What you added was sent" in added.content.decode()
    assert "Green Acres" not in added.content.decode() and not added.cookies
    assert database_hits("Green Acres") == [] and database_hits("name of the farm") == []
    message = ReportMessage.objects.get(author="reporter")
    assert message.for_reporter is None and message.photos.count() == 1

    opened = reporting.open_report(report, PASSPHRASE, frontline)
    assert [m["text"] for m in opened.thread] == [
        "Thank you. Can you tell us the name of the farm?",
        "Green Acres, near the river",
    ]
    assert len(opened.thread[1]["photos"]) == 1


def test_the_code_works_with_or_without_spaces(client, org):
    code = receipt_code(submit(client, org, "what I saw"))
    for typed in (code, code.replace(" ", "-"), code.replace(" ", ""), f"  {code} "):
        assert "Answers and updates" in lookup(client, typed).content.decode(), typed


def test_every_wrong_code_gets_the_same_answer(client, org):
    real = receipt_code(submit(client, org, "what I saw")).replace(" ", "")
    wrong = str((int(real) + 1) % 10**16).zfill(16)
    answers = {_shape(lookup(client, code)) for code in (wrong, "0000 0000 0000 0000", "abc", "")}
    assert len(answers) == 1
    status, body = answers.pop()
    assert status == 200 and "could not open a report" in body


def test_a_wrong_code_cannot_add_information(client, org):
    real = receipt_code(submit(client, org, "what I saw")).replace(" ", "")
    token = re.search(r'name="token" value="([^"]+)"', lookup(client, real).content.decode()).group(1)
    wrong = str((int(real) + 1) % 10**16).zfill(16)
    response = client.post(RECEIPT_URL, {"token": token, "code": wrong, "text": "sneaky"})
    assert "could not open a report" in response.content.decode()
    assert not ReportMessage.objects.exists()


def test_repeated_lookups_are_rate_limited(client, org, settings):
    from jes.referral.report_guard import Limit

    settings.JES_REPORT_LIMITS = {"lookup_client": Limit(2, 600)}
    lookup(client, "1111 1111 1111 1111")
    lookup(client, "1111 1111 1111 1112")
    response = lookup(client, "1111 1111 1111 1113")
    assert response.status_code == 429 and not response.cookies


def test_a_reply_is_readable_only_with_the_receipt_code(client, org, frontline):
    code = receipt_code(submit(client, org, "what I saw")).replace(" ", "")
    report = Report.objects.get()
    reporting.reply(report, "We are looking into it", frontline)
    assert [m["text"] for m in reporting.reporter_view(report, code).thread] == ["We are looking into it"]
    from jes.referral import crypto

    with pytest.raises(crypto.WrongKey):
        reporting.reporter_view(report, "1" * 16)
