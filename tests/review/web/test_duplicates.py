"""Duplicate clusters: detection over the project's records, the lead's confirm / split / undo, the flow."""

from __future__ import annotations

import pytest
from django.urls import reverse

from jes.review import duplicates
from jes.review.decisions import decide, eligible_records
from jes.review.flow import project_flow
from jes.review.models import AuditEvent, ClusterStatus, DuplicateCluster, Removal, ReviewRecord, Stage


@pytest.fixture
def recs(project):
    """a/b share a DOI (a is more complete), d/e share another; c stands alone."""
    cobib, ngo = project.sources.get(name="COBIB"), project.sources.get(name="NGO websites")

    def make(source, title, doi, **fields):
        return ReviewRecord.objects.create(project=project, source=source, title=title, doi=doi, **fields)

    full = {"authors": ["Novak, Ana"], "year": 2014, "journal": "Revija za kriminalistiko", "pages": "1-20"}
    return {
        "a": make(cobib, "Trgovina z ljudmi v Sloveniji", "10.1000/thb.2014.1", abstract="Študija.", **full),
        "b": make(ngo, "Trgovina z ljudmi v Sloveniji.", "10.1000/thb.2014.1", authors=["Novak, A."], year=2014),
        "c": make(cobib, "Something else entirely", "10.2000/x.1", year=2020),
        "d": make(cobib, "Prisilno beračenje otrok", "10.3000/beg.19", year=2019),
        "e": make(cobib, "Prisilno beracenje otrok", "10.3000/beg.19", year=2019),
    }


def member_sets(project, status=ClusterStatus.PROPOSED):
    return sorted(
        sorted(duplicates.members(c).values_list("id", flat=True)) for c in project.clusters.filter(status=status)
    )


def cluster_of(project, record):
    return DuplicateCluster.objects.get(project=project, members=record)


def post(client, project, cluster, action, **data):
    return client.post(reverse(f"review:duplicates_{action}", args=[project.pk, cluster.pk]), data)


def test_detection_clusters_doi_duplicates_with_evidence_and_keep(project, recs, lead):
    found = duplicates.find_duplicates(project, lead)
    assert (found.records, found.proposed, found.duplicates) == (5, 2, 2)
    assert member_sets(project) == sorted([sorted([recs["a"].pk, recs["b"].pk]), sorted([recs["d"].pk, recs["e"].pk])])
    first = cluster_of(project, recs["a"])
    assert first.keep == recs["a"]  # the most complete record
    [link] = first.evidence
    assert (link["first"], link["second"], link["reason"]) == (recs["a"].pk, recs["b"].pk, "doi")
    assert link["text"].startswith(f"{recs['a'].pk}~{recs['b'].pk}: doi")
    event = AuditEvent.objects.get(action="duplicates_detected")
    assert event.detail == {"records": 5, "clusters": 2, "duplicates": 2}


def test_members_see_clusters_side_by_side_with_differences_marked(client, project, recs, lead, rev1):
    duplicates.find_duplicates(project, lead)
    client.force_login(rev1)
    response = client.get(reverse("review:duplicates", args=[project.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Trgovina z ljudmi v Sloveniji." in html and "NGO websites" in html
    assert '<tr class="differs"><th scope="row">Source<span class="visually-hidden"> (differs)</span>' in html
    assert '<tr><th scope="row">DOI</th>' in html  # the same DOI is not marked
    assert ": doi (title=" in html  # the engine's evidence
    assert "Find duplicates" not in html and "Confirm:" not in html and 'name="keep"' not in html
    assert client.post(reverse("review:duplicates_find", args=[project.pk])).status_code == 403
    cluster = cluster_of(project, recs["a"])
    assert post(client, project, cluster, "confirm").status_code == 403
    assert not project.records.exclude(removed="").exists()


def test_lead_confirms_with_another_record_kept_and_the_flow_counts_it(client, project, recs, lead):
    client.force_login(lead)
    client.post(reverse("review:duplicates_find", args=[project.pk]))
    cluster = cluster_of(project, recs["a"])
    response = post(client, project, cluster, "confirm", keep=recs["b"].pk)
    assert response.status_code == 302
    a, b = ReviewRecord.objects.get(pk=recs["a"].pk), ReviewRecord.objects.get(pk=recs["b"].pk)
    assert (a.removed, a.duplicate_of, b.removed) == (Removal.DUPLICATE, b, "")
    cluster.refresh_from_db()
    assert (cluster.status, cluster.keep, cluster.decided_by) == (ClusterStatus.CONFIRMED, b, lead)
    assert cluster.decided is not None
    assert project_flow(project).summary()["duplicates"] == 1
    assert a not in eligible_records(project, Stage.TITLE_ABSTRACT)
    event = AuditEvent.objects.get(action="duplicates_confirmed")
    assert event.detail == {"cluster": cluster.pk, "keep": b.pk, "removed": [a.pk], "screened": 0}
    counts = duplicates.counts(project)
    assert (counts.proposed, counts.confirmed, counts.removed) == (1, 1, 1)


def test_a_keep_outside_the_cluster_is_refused(client, project, recs, lead):
    client.force_login(lead)
    duplicates.find_duplicates(project, lead)
    cluster = cluster_of(project, recs["a"])
    response = post(client, project, cluster, "confirm", keep=recs["c"].pk)
    page = client.get(response["Location"]).content.decode()
    assert f"record {recs['c'].pk} is not in cluster {cluster.pk}" in page
    assert not project.records.exclude(removed="").exists()


def test_split_frees_the_members_and_detection_never_proposes_them_again(client, project, recs, lead):
    client.force_login(lead)
    duplicates.find_duplicates(project, lead)
    cluster = cluster_of(project, recs["a"])
    assert post(client, project, cluster, "split").status_code == 302
    cluster.refresh_from_db()
    assert cluster.status == ClusterStatus.SPLIT and not cluster.members.exists()
    assert AuditEvent.objects.get(action="duplicates_split").detail["records"] == [recs["a"].pk, recs["b"].pk]
    found = duplicates.find_duplicates(project, lead)
    assert member_sets(project) == [sorted([recs["d"].pk, recs["e"].pk])]
    assert found.kept_apart == 1


def test_undo_restores_the_removed_records(client, project, recs, lead):
    client.force_login(lead)
    duplicates.find_duplicates(project, lead)
    cluster = cluster_of(project, recs["d"])
    duplicates.confirm(project, cluster.pk, lead)
    assert project_flow(project).summary()["duplicates"] == 1
    response = post(client, project, cluster, "undo", show="confirmed")
    assert response.status_code == 302 and "show=confirmed" in response["Location"]
    cluster.refresh_from_db()
    assert (cluster.status, cluster.decided_by) == (ClusterStatus.PROPOSED, None)
    assert not project.records.exclude(removed="").exists()
    assert ReviewRecord.objects.get(pk=recs["e"].pk).duplicate_of is None
    assert project_flow(project).summary()["duplicates"] == 0
    assert AuditEvent.objects.get(action="duplicates_undone").detail == {
        "cluster": cluster.pk,
        "restored": [recs["e"].pk],
    }


def test_taking_one_record_out_is_remembered_by_detection(client, project, recs, lead):
    f = ReviewRecord.objects.create(
        project=project,
        source=recs["a"].source,
        title="Trgovina z ljudmi v Sloveniji",
        doi="10.1000/thb.2014.1",
        year=2014,
    )
    client.force_login(lead)
    duplicates.find_duplicates(project, lead)
    cluster = cluster_of(project, recs["a"])
    assert cluster.members.count() == 3
    assert post(client, project, cluster, "remove", record=f.pk).status_code == 302
    assert sorted(cluster.members.values_list("id", flat=True)) == [recs["a"].pk, recs["b"].pk]
    duplicates.find_duplicates(project, lead)
    assert sorted([recs["a"].pk, recs["b"].pk]) in member_sets(project)
    assert not any(f.pk in members for members in member_sets(project))
    assert AuditEvent.objects.filter(action="duplicate_member_removed").count() == 1


def test_taking_out_one_of_two_splits_the_cluster(project, recs, lead):
    duplicates.find_duplicates(project, lead)
    cluster = duplicates.remove_member(project, cluster_of(project, recs["d"]).pk, recs["e"].pk, lead)
    assert cluster.status == ClusterStatus.SPLIT
    duplicates.find_duplicates(project, lead)
    assert member_sets(project) == [sorted([recs["a"].pk, recs["b"].pk])]


def test_detection_keeps_confirmed_clusters_and_matches_new_copies_to_the_kept_record(project, recs, lead):
    duplicates.find_duplicates(project, lead)
    confirmed = duplicates.confirm(project, cluster_of(project, recs["a"]).pk, lead)
    again = duplicates.find_duplicates(project, lead)
    assert again.proposed == 1  # only d/e: the confirmed pair is settled
    g = ReviewRecord.objects.create(
        project=project,
        source=recs["b"].source,
        title="Trgovina z ljudmi v Sloveniji",
        doi="10.1000/thb.2014.1",
        year=2014,
    )
    duplicates.find_duplicates(project, lead)
    assert sorted([recs["a"].pk, g.pk]) in member_sets(project)
    confirmed.refresh_from_db()
    assert confirmed.status == ClusterStatus.CONFIRMED
    assert member_sets(project, ClusterStatus.CONFIRMED) == [sorted([recs["a"].pk, recs["b"].pk])]


def test_the_page_warns_when_a_record_to_remove_was_already_screened(client, project, recs, lead, rev1):
    decide(recs["b"], rev1, Stage.TITLE_ABSTRACT, "include")
    duplicates.find_duplicates(project, lead)
    client.force_login(lead)
    html = client.get(reverse("review:duplicates", args=[project.pk])).content.decode()
    assert "1 record that confirming would remove already has screening decisions" in html
    cluster = duplicates.confirm(project, cluster_of(project, recs["a"]).pk, lead)
    assert AuditEvent.objects.get(action="duplicates_confirmed").detail["screened"] == 1
    assert ReviewRecord.objects.get(pk=recs["b"].pk).removed == Removal.DUPLICATE
    assert cluster.status == ClusterStatus.CONFIRMED


def test_outsiders_see_nothing(client, project, recs, stranger):
    client.force_login(stranger)
    assert client.get(reverse("review:duplicates", args=[project.pk])).status_code == 404
    assert client.post(reverse("review:duplicates_find", args=[project.pk])).status_code == 404
