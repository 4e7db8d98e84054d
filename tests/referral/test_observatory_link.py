"""A closed case becomes an anonymous observatory record: with consent, once, the standard's variables only."""

from __future__ import annotations

import pytest

from jes.observatory.models import CaseRecord
from jes.referral import cases
from jes.referral.models import AccessEvent, Staff


@pytest.fixture(autouse=True)
def _directory(monkeypatch):
    from jes.referral.views import workspace

    monkeypatch.setattr(workspace, "ranked_services", lambda country, profile: [])


@pytest.fixture
def closed_case(coordinator):
    staff = Staff.objects.get(user=coordinator)
    case = cases.open_case(staff, {"age": 16, "place": "Ljubljana", "exploitation": ["sexual", "begging"]}, "uk")
    cases.close_case(staff, case)
    return case


def _url(case):
    return f"/referral/cases/{case.reference}/observatory/"


def test_the_draft_holds_only_standard_variables(closed_case):
    draft = cases.observatory_draft(closed_case)
    assert draft["age_band"] == "Minor" and draft["country_of_exploitation"] == "SVN"
    assert draft["forms"] == ["sexual_exploitation", "forced_begging"]
    assert "place" not in draft and "reference" not in draft


def test_a_coordinator_adds_the_record_with_consent_once(client, coordinator, closed_case):
    client.force_login(coordinator)
    page = client.get(f"/referral/cases/{closed_case.reference}/").content.decode()
    assert "Add the anonymous record" in page and 'value="Minor" selected' in page
    answer = {"year": "2026", "age_band": "Minor", "gender": "Female", "citizenship": "UKR", "consent": "on",
              "country_of_exploitation": "SVN", "forms_of_exploitation": ["sexual_exploitation"]}  # fmt: skip
    assert client.post(_url(closed_case), answer).status_code == 302
    record = CaseRecord.objects.get()
    assert (record.data_source, record.citizenship, record.age_band) == ("referral", "UKR", "Minor")
    assert closed_case.reference not in str(record.__dict__) and "Ljubljana" not in str(record.__dict__)
    assert AccessEvent.objects.filter(action="case_contributed").count() == 1
    client.post(_url(closed_case), answer)
    assert CaseRecord.objects.count() == 1  # never twice
    assert "was added to the observatory on" in client.get(f"/referral/cases/{closed_case.reference}/").content.decode()


def test_without_consent_nothing_is_recorded(client, coordinator, closed_case):
    client.force_login(coordinator)
    client.post(_url(closed_case), {"year": "2026", "gender": "Female"})
    assert not CaseRecord.objects.exists()


def test_an_open_case_cannot_be_added(coordinator):
    staff = Staff.objects.get(user=coordinator)
    case = cases.open_case(staff, {"age": 30}, "en")
    with pytest.raises(cases.ContributionRefused, match="only a closed case"):
        cases.contribute_to_observatory(staff, case, {"year": 2026})
    assert not CaseRecord.objects.exists()


@pytest.mark.parametrize("who", ["frontline", "analyst", "foreign_worker"])
def test_only_the_organisations_coordinators_may_add_it(request, client, closed_case, who):
    client.force_login(request.getfixturevalue(who))
    assert client.post(_url(closed_case), {"consent": "on", "year": "2026"}).status_code in (403, 404)
    assert not CaseRecord.objects.exists()
