"""Editors edit only their own country's entries, and every edit is recorded."""

from __future__ import annotations

import pytest

from jes.catalogue.models import Study

pytestmark = pytest.mark.django_db


def _change_url(entry) -> str:
    return f"/admin/catalogue/study/{entry.pk}/change/"


def test_an_editor_sees_only_their_country(client, editor_si, catalogue):
    client.force_login(editor_si)
    page = client.get("/admin/catalogue/study/").content.decode()
    si = Study.objects.filter(country="SI").first()
    be = Study.objects.filter(country="BE").first()
    assert _change_url(si) in page
    assert _change_url(be) not in page
    assert client.get(_change_url(be)).status_code in (302, 403, 404)


def test_an_editor_cannot_save_another_countrys_entry(client, editor_si, catalogue):
    client.force_login(editor_si)
    be = Study.objects.filter(country="BE").first()
    response = client.post(_change_url(be), {"country": "BE", "title": "hijacked"})
    assert response.status_code in (302, 403, 404)
    be.refresh_from_db()
    assert be.title != "hijacked"


def test_an_edit_is_recorded_with_who_and_what(client, editor_si, catalogue):
    client.force_login(editor_si)
    entry = Study.objects.filter(country="SI").first()
    form = client.get(_change_url(entry)).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k != "tags"}
    data["tags"] = [t.pk for t in entry.tags.all()]
    data["main_findings"] = "Corrected findings."
    data["links"] = '["https://example.org/a"]'
    data["missing"] = "[]"
    response = client.post(_change_url(entry), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    history = entry.history.first()
    assert history.history_user == editor_si
    assert history.main_findings == "Corrected findings."
    delta = history.diff_against(history.prev_record)
    assert "main_findings" in delta.changed_fields


def test_an_outsider_cannot_reach_the_admin(client, outsider):
    client.force_login(outsider)
    assert client.get("/admin/").status_code == 302


def test_the_coordinator_edits_every_country(client, coordinator, catalogue):
    client.force_login(coordinator)
    be = Study.objects.filter(country="BE").first()
    assert client.get(_change_url(be)).status_code == 200


def test_the_editor_command_grants_one_country_and_no_more(client, catalogue):
    from django.contrib.auth.models import User

    from jes.cli import main

    assert main(["catalogue", "editor", "ana", "--country", "fi"]) == 0
    ana = User.objects.get(username="ana")
    assert ana.is_staff and not ana.is_superuser and not ana.has_usable_password()
    assert ana.editor.country == "FI"
    assert ana.has_perm("catalogue.change_study") and not ana.has_perm("auth.change_user")
    client.force_login(ana)
    fi = Study.objects.filter(country="FI").first()
    si = Study.objects.filter(country="SI").first()
    assert client.get(_change_url(fi)).status_code == 200
    assert client.get(_change_url(si)).status_code in (302, 403, 404)
