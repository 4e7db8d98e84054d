"""Project pages: creation, protocol, sources, members, access control and the audit trail."""

from __future__ import annotations

import pytest

from jes.review.models import AuditEvent, Membership, ReviewProject


@pytest.fixture
def as_lead(client, lead):
    client.force_login(lead)
    return client


def test_create_project_makes_the_creator_lead_and_audits(client, rev1):
    client.force_login(rev1)
    response = client.post(
        "/review/new/",
        {
            "title": "Forced begging in Italy",
            "question": "What is known?",
            "inclusion_criteria": "Empirical\n\nRelated to Italy\n",
            "exclusion_criteria": "Not empirical\nNot on the topic",
            "languages": ["it", "en"],
            "year_min": "2014",
            "reviewers_per_record": "2",
        },
    )
    project = ReviewProject.objects.get(title="Forced begging in Italy")
    assert response.status_code == 302 and response["Location"] == f"/review/{project.pk}/"
    assert project.inclusion_criteria == ["Empirical", "Related to Italy"]
    assert project.reasons() == ["Not empirical", "Not on the topic", "Duplicate"]
    assert Membership.objects.get(project=project, user=rev1).role == "lead"
    assert AuditEvent.objects.filter(project=project, action="project_created", actor=rev1).exists()


def test_year_range_backwards_is_refused_with_the_field_named(as_lead):
    response = as_lead.post(
        "/review/new/", {"title": "X", "year_min": "2020", "year_max": "2010", "reviewers_per_record": "1"}
    )
    assert response.status_code == 200
    assert "The last year comes before the first year." in response.content.decode()
    assert not ReviewProject.objects.filter(title="X").exists()


def test_project_page_shows_protocol_sources_and_team(as_lead, project, make_records):
    make_records(3)
    page = as_lead.get(f"/review/{project.pk}/").content.decode()
    assert "What is known about trafficking in human beings in Slovenia?" in page
    assert "COBIB" in page and "NGO websites" in page and "rev2" in page
    assert "3 records, 0 removed before screening" in page
    assert "Edit the protocol" in page


def test_reviewer_sees_project_but_cannot_edit_protocol(client, project, rev1):
    client.force_login(rev1)
    page = client.get(f"/review/{project.pk}/").content.decode()
    assert "Edit the protocol" not in page and "Audit log" not in page
    assert client.get(f"/review/{project.pk}/protocol/").status_code == 403
    assert client.post(f"/review/{project.pk}/sources/", {"name": "PubMed", "kind": "database"}).status_code == 403


def test_outsiders_get_404_and_anonymous_users_the_login(client, project, stranger):
    assert client.get(f"/review/{project.pk}/")["Location"].startswith("/accounts/login/")
    client.force_login(stranger)
    assert client.get(f"/review/{project.pk}/").status_code == 404
    assert project.title not in client.get("/review/").content.decode()


def test_protocol_edit_records_changed_fields(as_lead, project):
    data = {
        "title": project.title,
        "question": project.question,
        "inclusion_criteria": "\n".join(project.inclusion_criteria),
        "exclusion_criteria": "Not on the topic\nNot empirical research",
        "languages": ["sl", "en"],
        "year_min": "2015",
        "excluded_types": ["thesis", "conference_abstract"],
        "reviewers_per_record": "2",
    }
    assert as_lead.post(f"/review/{project.pk}/protocol/", data).status_code == 302
    project.refresh_from_db()
    assert project.year_min == 2015
    event = AuditEvent.objects.filter(project=project, action="protocol_changed").get()
    assert sorted(event.detail["fields"]) == ["exclusion_criteria", "year_min"]


def test_add_source_and_member_with_errors_named(as_lead, project):
    as_lead.post(f"/review/{project.pk}/sources/", {"name": "PubMed", "kind": "database"})
    assert project.sources.filter(name="PubMed", kind="database").exists()
    response = as_lead.post(f"/review/{project.pk}/sources/", {"name": "PubMed", "kind": "database"}, follow=True)
    assert "already has a source named" in response.content.decode()
    response = as_lead.post(f"/review/{project.pk}/members/", {"username": "nobody", "role": "reviewer"}, follow=True)
    assert "username: no account named" in response.content.decode()
    as_lead.post(f"/review/{project.pk}/members/", {"username": "rev1", "role": "lead"})
    assert Membership.objects.get(project=project, user__username="rev1").role == "lead"


def test_audit_events_cannot_be_rewritten(project):
    event = AuditEvent.objects.filter(project=project).first()
    event.action = "tampered"
    with pytest.raises(ValueError, match="append-only"):
        event.save()


def test_a_project_with_records_can_be_deleted_but_a_source_with_records_cannot(project, make_records):
    # Regression: sources were PROTECTed, so deleting a whole project with records failed.
    from django.db.models import RestrictedError

    make_records(2)
    with pytest.raises(RestrictedError):
        project.sources.get(name="COBIB").delete()
    project.delete()
    assert not ReviewProject.objects.filter(pk=project.pk).exists()
