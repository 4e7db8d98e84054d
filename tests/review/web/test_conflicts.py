"""The leads' conflicts page: every reviewer's votes, resolutions, agreement (kappa)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from jes.review.decisions import decide, stage_state
from jes.review.models import AuditEvent, Resolution


@pytest.fixture(autouse=True)
def _fast(settings, tmp_path):
    settings.JES_REVIEW_SYNC_JOBS = True
    settings.DATA_DIR = tmp_path


def url(project, stage="ta"):
    return reverse("review:conflicts", args=[project.pk, stage])


def resolve_url(project, stage="ta"):
    return reverse("review:conflicts_resolve", args=[project.pk, stage])


@pytest.fixture
def conflict(project, make_records, rev1, rev2):
    (a,) = make_records(1)
    decide(a, rev1, "ta", "include", note="looks empirical")
    decide(a, rev2, "ta", "exclude", "Not empirical research", note="an essay")
    return a


def test_only_leads_see_conflicts(client, project, conflict, rev1, stranger):
    client.force_login(rev1)
    assert client.get(url(project)).status_code == 403
    assert client.post(resolve_url(project), {"record": conflict.pk, "label": "include"}).status_code == 403
    client.force_login(stranger)
    assert client.get(url(project)).status_code == 404
    assert not Resolution.objects.exists()


def test_conflict_shows_every_vote_and_resolving_makes_the_final_decision(client, project, conflict, lead):
    client.force_login(lead)
    page = client.get(url(project))
    assert page.status_code == 200
    html = page.content.decode()
    for text in ("rev1", "rev2", "looks empirical", "an essay", "Not empirical research", "1 conflict to resolve"):
        assert text in html
    response = client.post(
        resolve_url(project), {"record": conflict.pk, "label": "exclude", "reason": "Not empirical research"}
    )
    assert response.status_code == 302 and response["Location"] == url(project)
    final = stage_state(project, "ta").finals[conflict.pk]
    assert (final.label, final.reason, final.resolved) == ("exclude", "Not empirical research", True)
    assert AuditEvent.objects.filter(action="resolution", record=conflict).count() == 1
    html = client.get(url(project)).content.decode()
    assert "0 conflicts to resolve" in html and "No conflicts at this stage." in html
    resolved = html.split('id="resolved-h"')[1]
    assert "Record 0" in resolved and "lead" in resolved and "Exclude" in resolved


def test_resolving_as_exclude_needs_a_reason(client, project, conflict, lead):
    client.force_login(lead)
    page = client.post(resolve_url(project), {"record": conflict.pk, "label": "exclude", "reason": "", "note": "kept"})
    assert page.status_code == 400
    html = page.content.decode()
    assert f'id="resolve-error-{conflict.pk}"' in html and "Choose the reason for excluding this record." in html
    assert ">kept</textarea>" in html
    assert not Resolution.objects.exists()
    assert conflict.pk in stage_state(project, "ta").conflicts


def test_maybe_conflict_and_awaiting_records_are_counted(client, project, make_records, rev1, rev2, lead):
    a, b = make_records(2)
    decide(a, rev1, "ta", "maybe")
    decide(a, rev2, "ta", "include")
    decide(b, rev1, "ta", "include")
    client.force_login(lead)
    page = client.get(url(project))
    assert [c["record"] for c in page.context["conflicts"]] == [a]
    assert "1 record is awaiting more reviewers." in page.content.decode()


def test_cohens_kappa_on_a_known_table(client, project, make_records, rev1, rev2, lead):
    # rev1 \ rev2:  include  exclude
    #   include        5        1
    #   exclude        2        2
    # observed 7/10; chance 0.6*0.7 + 0.4*0.3 = 0.54; kappa = (0.70 - 0.54) / (1 - 0.54) = 0.3478
    records = make_records(10)
    pairs = [("include", "include")] * 5 + [("include", "exclude")] + [("exclude", "include")] * 2
    pairs += [("exclude", "exclude")] * 2
    for record, (one, two) in zip(records, pairs, strict=True):
        for reviewer, label in ((rev1, one), (rev2, two)):
            decide(record, reviewer, "ta", label, "Not on the topic" if label == "exclude" else "")
    client.force_login(lead)
    page = client.get(url(project))
    assert page.context["agreement"].kappa == pytest.approx(0.16 / 0.46)
    html = page.content.decode()
    assert '<dd id="kappa">0.35</dd>' in html and "Cohen's kappa (two reviewers)" in html
    assert "<dd>70%</dd>" in html and "<dd>10</dd>" in html
    assert "3 conflicts to resolve" in html


def test_kappa_not_defined_yet(client, project, make_records, rev1, rev2, lead):
    (a,) = make_records(1)
    client.force_login(lead)
    assert "Agreement is computed once two reviewers have decided." in client.get(url(project)).content.decode()
    decide(a, rev1, "ta", "include")
    decide(a, rev2, "ta", "include")
    html = client.get(url(project)).content.decode()
    assert '<dd id="kappa">not defined yet</dd>' in html
