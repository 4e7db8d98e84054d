"""The case page routes with the real directory: the seed's Slovenian services, reasons and a recorded referral."""

from __future__ import annotations

from jes.referral.cases import open_case
from jes.referral.models import Referral, Staff


def test_case_page_ranks_the_seeds_services_and_records_a_referral(client, frontline):
    staff = Staff.objects.get(user=frontline)
    profile = {"age": 30, "identified_by_police": False, "needs": ["accommodation"]}
    case = open_case(staff, profile)
    client.force_login(frontline)
    page = client.get(f"/referral/cases/{case.reference}/").content.decode()
    first = page.index("si-kljuc-mol-crisis-accommodation")
    assert first < page.index("si-kljuc-safe-accommodation")
    assert "for people not yet identified by the police" in page
    client.post(
        f"/referral/cases/{case.reference}/refer/",
        {"service_id": "si-kljuc-mol-crisis-accommodation", "consent": "on", "consent_note": "spoken, in Slovenian"},
    )
    referral = Referral.objects.get()
    assert "five-day crisis accommodation" in referral.service_name
    assert "not yet identified by the police" in referral.reason


def test_a_service_of_another_country_cannot_be_referred_to(client, frontline):
    case = open_case(Staff.objects.get(user=frontline), {})
    client.force_login(frontline)
    fi_service = "fi-assistance-system"
    client.post(
        f"/referral/cases/{case.reference}/refer/", {"service_id": fi_service, "consent": "on", "consent_note": "x"}
    )
    assert not Referral.objects.exists()
