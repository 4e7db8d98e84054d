"""The seed worked example loaded as a synthetic review project."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from jes.cli import main
from jes.review.examples import EXAMPLE_USER, load_example_project
from jes.review.flow import project_flow
from jes.review.models import DUPLICATE_REASON, AuditEvent, ReviewProject, ScreeningDecision

EXPECTED = {
    "identified_databases": 826,
    "identified_other": 1,
    "duplicates": 8,
    "screened": 827,
    "excluded_screening": 801,
    "assessed": 18,
    "excluded_eligibility": 8,
    "included_reports": 10,
    "included_studies": 8,
}


@pytest.fixture
def seed(lead):
    return load_example_project("seed", lead=lead)


def test_seed_project_reproduces_the_files_expected_counts(seed):
    assert project_flow(seed).summary() == EXPECTED
    assert seed.synthetic and seed.reviewers_per_record == 1
    assert seed.records.count() == 827
    assert set(seed.sources.values_list("name", "kind")) == {("COBIB", "database"), ("NGO websites", "website")}
    assert seed.languages == ["sl", "en"] and seed.year_min == 2014
    assert "thesis" in seed.excluded_types
    assert seed.exclusion_criteria[-1] == DUPLICATE_REASON
    assert "Not empirical research" in seed.exclusion_criteria


def test_seed_records_keep_keys_titles_and_duplicate_links(seed):
    record = seed.records.get(key="syn-0019")
    assert record.title == "Synthetic record 0019 (not a real publication)"
    assert record.duplicate_of.key == "syn-0010"
    decision = ScreeningDecision.objects.get(record=record, stage="ta")
    assert (decision.label, decision.reason) == ("exclude", DUPLICATE_REASON)
    assert decision.reviewer.username == EXAMPLE_USER
    assert not decision.reviewer.is_active and not decision.reviewer.has_usable_password()
    assert seed.records.get(key="syn-0045").study == "study-1"


def test_loading_twice_replaces_the_earlier_example(lead):
    first = load_example_project("seed", lead=lead)
    second = load_example_project("seed", lead=lead)
    assert not ReviewProject.objects.filter(pk=first.pk).exists()
    assert ReviewProject.objects.filter(title=second.title, synthetic=True).count() == 1
    assert project_flow(second).summary() == EXPECTED
    assert AuditEvent.objects.get(project=second, action="example_loaded").detail["replaced"] == 1


def test_decisions_are_in_the_audit_log_as_the_example_user(seed):
    events = AuditEvent.objects.filter(project=seed, action="decision")
    assert events.count() == 827 + 18
    assert set(events.values_list("actor_name", flat=True)) == {EXAMPLE_USER}


def test_prisma_page_of_the_example_shows_the_counts_and_the_banner(client, lead, seed):
    client.force_login(lead)
    response = client.get(reverse("review:prisma", args=[seed.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Example with synthetic records" in html
    for n in ("826", "827", "801", "18", "10"):
        assert f'<td class="num">{n}</td>' in html
    assert "Records screened (n = 827)" in html  # in the inline SVG


def test_cli_loads_the_example_and_prints_its_counts(lead, capsys):
    assert main(["review", "example", "seed", "--lead", "lead"]) == 0
    out = json.loads(capsys.readouterr().out)
    project = ReviewProject.objects.get(pk=out.pop("project"))
    assert out == EXPECTED
    assert project.members.get(user=lead).role == "lead"


def test_cli_refuses_an_unknown_lead(db, capsys):
    assert main(["review", "example", "seed", "--lead", "nobody"]) == 2
    assert "nobody" in capsys.readouterr().err


def test_an_example_without_a_lead_is_visible_to_superusers_only(db, client, stranger):
    from django.contrib.auth.models import User

    project = load_example_project("seed")
    assert not project.members.filter(role="lead").exists()
    client.force_login(stranger)
    assert client.get(reverse("review:prisma", args=[project.pk])).status_code == 404
    admin = User.objects.create_superuser("admin", "admin@example.org", "pw-admin-123")
    client.force_login(admin)
    assert client.get(reverse("review:prisma", args=[project.pk])).status_code == 200


def test_ensure_example_project_loads_once_and_keeps_later_work(lead):
    from jes.review.decisions import resolve
    from jes.review.examples import ensure_example_project

    project, created = ensure_example_project("seed")
    assert created and project.records.count() == 827
    record = project.records.get(key="syn-0001")
    resolve(record, lead, "ta", "include")
    again, created_again = ensure_example_project("seed")
    assert again.pk == project.pk and not created_again
    assert again.resolutions.filter(record=record, label="include").exists()
