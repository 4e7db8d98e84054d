"""Case workspace: the role x endpoint access matrix, consent, status tracking, audit and erasure."""

from __future__ import annotations

import pytest

from jes.referral import cases
from jes.referral.models import AccessEvent, Case, Referral, Staff

FAKE_MATCHES = [
    {"id": "kljuc-crisis", "name": "Ključ crisis accommodation", "reason": "covers accommodation", "eligible": True},
    {"id": "police-shelter", "name": "Safe house", "reason": "requires cooperation with the police", "eligible": False},
]


@pytest.fixture(autouse=True)
def _directory(monkeypatch):
    """The directory's own tests cover routing; here only its shape matters."""
    from jes.referral.views import workspace

    monkeypatch.setattr(workspace, "ranked_services", lambda country, profile: FAKE_MATCHES)
    names = {m["id"]: m["name"] for m in FAKE_MATCHES}
    monkeypatch.setattr(workspace, "service_name", lambda country, sid: names.get(sid))


@pytest.fixture
def case(frontline):
    return cases.open_case(Staff.objects.get(user=frontline), {"age": 34, "needs": ["accommodation"]}, "sl")


def _get(client, user, url):
    client.force_login(user)
    return client.get(url).status_code


# (role fixture, cases list, case page, aggregates)
MATRIX = [
    ("frontline", 200, 200, 403),
    ("coordinator", 200, 200, 200),
    ("analyst", 403, 403, 200),
    ("foreign_worker", 200, 404, 403),
]


@pytest.mark.parametrize(("who", "listing", "detail", "figures"), MATRIX)
def test_role_by_endpoint_access_matrix(request, client, case, who, listing, detail, figures):
    user = request.getfixturevalue(who)
    assert _get(client, user, "/referral/cases/") == listing
    assert _get(client, user, f"/referral/cases/{case.reference}/") == detail
    assert _get(client, user, "/referral/aggregates/") == figures


def test_anonymous_users_are_sent_to_sign_in_and_non_staff_get_403(client, case, django_user_model):
    assert client.get(f"/referral/cases/{case.reference}/")["Location"].startswith("/accounts/login/")
    client.force_login(django_user_model.objects.create_user("citizen"))
    assert client.get("/referral/cases/").status_code == 403


def test_opening_and_reading_a_case_is_audited_without_the_data(client, frontline):
    client.force_login(frontline)
    response = client.post("/referral/cases/new/", {"age": "16", "place": "Maribor", "needs": ["psychosocial"]})
    case = Case.objects.get()
    assert response["Location"] == f"/referral/cases/{case.reference}/"
    assert case.profile == {"age": 16, "place": "Maribor", "needs": ["psychosocial"]}
    client.get(response["Location"])
    events = list(AccessEvent.objects.values_list("action", "object_id", "detail"))
    assert [e[0] for e in events] == ["case_created", "case_read"]
    assert all("Maribor" not in str(e) for e in events)


def test_a_referral_needs_informed_consent_and_tracks_its_status(client, frontline, case):
    client.force_login(frontline)
    url = f"/referral/cases/{case.reference}/refer/"
    page = client.post(url, {"service_id": "kljuc-crisis", "consent_note": "spoken, Slovenian"}, follow=True)
    assert "consent" in page.content.decode() and not Referral.objects.exists()
    client.post(url, {"service_id": "kljuc-crisis", "consent": "on", "consent_note": "spoken, with interpreter"})
    referral = Referral.objects.get()
    assert referral.service_name == "Ključ crisis accommodation" and referral.reason == "covers accommodation"
    client.post(f"/referral/referrals/{referral.pk}/status/", {"status": "accepted"})
    client.post(f"/referral/referrals/{referral.pk}/status/", {"status": "sent"})  # not a valid next status
    referral.refresh_from_db()
    assert referral.status == "accepted" and [h["status"] for h in referral.history] == ["sent", "accepted"]


def test_unknown_services_and_other_organisations_referrals_are_refused(client, frontline, foreign_worker, case):
    client.force_login(frontline)
    client.post(
        f"/referral/cases/{case.reference}/refer/", {"service_id": "made-up", "consent": "on", "consent_note": "x"}
    )
    assert not Referral.objects.exists()
    referral = cases.refer(
        Staff.objects.get(user=frontline), case, "kljuc-crisis", "K", consent=True, consent_note="x", reason=""
    )
    client.force_login(foreign_worker)
    assert client.post(f"/referral/referrals/{referral.pk}/status/", {"status": "closed"}).status_code == 404


def test_only_coordinators_erase_and_erasure_keeps_the_audit_trail(client, frontline, coordinator, case):
    client.force_login(frontline)
    assert client.post(f"/referral/cases/{case.reference}/erase/", {"why": "asked"}).status_code == 403
    client.force_login(coordinator)
    client.post(f"/referral/cases/{case.reference}/erase/", {"why": "the person asked for erasure"})
    case.refresh_from_db()
    assert case.status == "erased" and case.profile == {} and case.indicators == []
    assert AccessEvent.objects.filter(action="case_erased", object_id=case.reference).exists()
    assert client.get(f"/referral/cases/{case.reference}/").status_code == 404


def test_closed_cases_fall_due_for_erasure_after_the_retention_period(coordinator, case):
    from datetime import timedelta

    from django.utils import timezone

    staff = Staff.objects.get(user=coordinator)
    cases.close_case(staff, case)
    assert cases.due_for_erasure() == []
    later = timezone.now() + timedelta(days=staff.organisation.retention_days + 1)
    assert cases.due_for_erasure(later) == [case]


def test_analyst_figures_are_counts_only(client, analyst, case):
    client.force_login(analyst)
    page = client.get("/referral/aggregates/").content.decode()
    assert case.reference not in page and "open" in page


def test_access_events_are_append_only(frontline, case):
    event = AccessEvent.objects.first()
    event.action = "x"
    with pytest.raises(ValueError, match="append-only"):
        event.save()


def test_cli_makes_staff_and_sweeps_retention(django_user_model, capsys):
    from datetime import timedelta

    from jes.cli import main

    django_user_model.objects.create_user("maja")
    assert (
        main(
            ["referral", "staff", "maja", "--organisation", "Društvo Ključ", "--country", "SI", "--role", "coordinator"]
        )
        == 0
    )
    staff = Staff.objects.get(user__username="maja")
    assert staff.role == "coordinator" and staff.organisation.country == "SI"
    assert (
        main(["referral", "staff", "maja", "--organisation", "Društvo Ključ", "--country", "FI", "--role", "admin"])
        == 2
    )
    assert "country: Društvo Ključ is in SI" in capsys.readouterr().err
    case = cases.open_case(staff, {"age": 20})
    cases.close_case(staff, case)
    Case.objects.filter(pk=case.pk).update(closed=case.closed - timedelta(days=10_000))
    assert main(["referral", "retention"]) == 0
    assert "1 closed case(s) due for erasure" in capsys.readouterr().out
    main(["referral", "retention", "--apply"])
    case.refresh_from_db()
    assert case.status == "erased" and case.profile == {}


def test_front_page_offers_help_to_everyone_and_the_workspace_to_staff(client, frontline):
    page = client.get("/referral/").content.decode()
    assert "Check your situation" in page and "Report anonymously" in page and "For staff" not in page
    client.force_login(frontline)
    page = client.get("/referral/").content.decode()
    assert "/referral/cases/" in page and "/referral/aggregates/" not in page


def test_admin_manages_staff_reads_the_access_log_and_never_shows_cases(admin_client, frontline, case):
    assert admin_client.get("/admin/referral/staff/").status_code == 200
    log = admin_client.get("/admin/referral/accessevent/")
    assert log.status_code == 200 and "case_created" in log.content.decode()
    event = AccessEvent.objects.first()
    assert admin_client.get(f"/admin/referral/accessevent/{event.pk}/delete/").status_code == 403
    assert admin_client.get("/admin/referral/case/").status_code == 404
