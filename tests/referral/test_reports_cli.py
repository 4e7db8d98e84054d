"""`jes referral keys generate` and `jes referral reports list`."""

from __future__ import annotations

import pytest

from jes.cli import main
from jes.referral import reporting
from jes.referral.crypto import WrongKey
from jes.referral.models import Organisation, ReportKey

from .test_reports_support import PASSPHRASE, reporting_settings, submit  # noqa: F401 - a fixture

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reporting_settings")]


@pytest.fixture(autouse=True)
def _passphrase(monkeypatch):
    monkeypatch.setenv("JES_REPORT_PASSPHRASE", PASSPHRASE)


def test_it_creates_the_organisation_and_a_locked_key(capsys):
    assert main(["referral", "keys", "generate", "--organisation", "Caritas Slovenia", "--country", "SI"]) == 0
    key = ReportKey.objects.get(organisation__name="Caritas Slovenia")
    assert key.active and key.organisation.country == "SI"
    assert bytes(key.public_key).hex() in capsys.readouterr().out
    assert bytes(reporting.unlock_key(key, PASSPHRASE)) not in bytes(key.locked_private_key)
    with pytest.raises(WrongKey):
        reporting.unlock_key(key, "another passphrase entirely")


def test_a_new_organisation_needs_a_country(capsys):
    assert main(["referral", "keys", "generate", "--organisation", "Nowhere"]) == 2
    assert "--country" in capsys.readouterr().err and not Organisation.objects.filter(name="Nowhere").exists()


def test_a_second_key_needs_rotate_and_keeps_old_reports_readable(client, kljuc, capsys):
    assert main(["referral", "keys", "generate", "--organisation", kljuc.name]) == 0
    submit(client, kljuc, "sealed to the first key")
    assert main(["referral", "keys", "generate", "--organisation", kljuc.name]) == 2
    assert "--rotate" in capsys.readouterr().err
    assert main(["referral", "keys", "generate", "--organisation", kljuc.name, "--rotate"]) == 0
    assert kljuc.report_keys.filter(active=True).count() == 1 and kljuc.report_keys.count() == 2
    report = kljuc.reports.get()
    assert not report.key.active
    assert reporting.open_report(report, PASSPHRASE, None).content["what"] == "sealed to the first key"


def test_a_short_passphrase_is_refused(monkeypatch, kljuc, capsys):
    monkeypatch.setenv("JES_REPORT_PASSPHRASE", "short")
    assert main(["referral", "keys", "generate", "--organisation", kljuc.name]) == 2
    assert "at least 12" in capsys.readouterr().err and not ReportKey.objects.exists()


def test_without_a_terminal_or_the_variable_it_stops(monkeypatch, kljuc):
    monkeypatch.delenv("JES_REPORT_PASSPHRASE")
    with pytest.raises(SystemExit, match="JES_REPORT_PASSPHRASE"):
        main(["referral", "keys", "generate", "--organisation", kljuc.name])


def test_reports_list_prints_counts_only(client, kljuc, capsys):
    main(["referral", "keys", "generate", "--organisation", kljuc.name])
    submit(client, kljuc, "secret words of the report")
    capsys.readouterr()
    assert main(["referral", "reports", "list", "--organisation", kljuc.name]) == 0
    out = capsys.readouterr().out
    assert out == "new\t1\n"
