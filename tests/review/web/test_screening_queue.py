"""The reviewer's queue (import order, then active learning on their own decisions), its cached features,
progress and the stopping aid."""

from __future__ import annotations

import itertools

import pytest
from django.urls import reverse

from jes.review import queue
from jes.review.decisions import decide
from jes.review.engine.stopping import recall_test
from jes.review.models import ReviewRecord

TRAFFICKING = [
    "Trafficking in human beings for sexual exploitation in Slovenia",
    "Victims of human trafficking and forced labour",
    "Identification of trafficking victims by police",
    "Human trafficking of women across the Balkan route",
]
OTHER = [
    "Soil erosion in alpine meadows",
    "Crop yields and fertiliser use in Pannonian farms",
    "Fertiliser runoff and soil quality",
    "Alpine meadow plant diversity",
    "Irrigation of maize fields",
]


@pytest.fixture(autouse=True)
def _jobs_inline(settings, tmp_path):
    settings.JES_REVIEW_SYNC_JOBS = True
    settings.DATA_DIR = tmp_path


@pytest.fixture
def mixed(project):
    """Farming records first in import order, trafficking records after them, one of each kind decided later."""
    source = project.sources.get(name="COBIB")
    titles = OTHER + TRAFFICKING
    return ReviewRecord.objects.bulk_create(
        [ReviewRecord(project=project, source=source, position=i, title=t) for i, t in enumerate(titles)]
    )


def titles(ids):
    return [ReviewRecord.objects.get(pk=pk).title for pk in ids]


def test_import_order_until_one_include_and_one_exclude_then_ranking(project, mixed, rev1):
    q = queue.pending(project, rev1, "ta")
    assert not q.ranked and q.ids == [r.pk for r in mixed]
    trafficking = mixed[len(OTHER)]
    decide(trafficking, rev1, "ta", "include")
    q = queue.pending(project, rev1, "ta")
    assert not q.ranked and q.ids[0] == mixed[0].pk  # inclusions alone cannot train the ranker
    decide(mixed[0], rev1, "ta", "exclude", "Not on the topic")
    q = queue.pending(project, rev1, "ta")
    assert q.ranked
    assert set(titles(q.ids[:3])) == set(TRAFFICKING[1:])
    assert trafficking.pk not in q.ids and mixed[0].pk not in q.ids


def test_maybe_does_not_train_and_others_decisions_never_do(project, mixed, rev1, rev2):
    decide(mixed[len(OTHER)], rev2, "ta", "include")
    decide(mixed[0], rev2, "ta", "exclude", "Not on the topic")
    decide(mixed[1], rev1, "ta", "maybe")
    decide(mixed[len(OTHER)], rev1, "ta", "include")
    q = queue.pending(project, rev1, "ta")
    # rev2's decisions would be enough to train, but rev1's queue may only learn from rev1.
    assert not q.ranked
    assert q.ids == [r.pk for r in mixed if r.pk not in (mixed[1].pk, mixed[len(OTHER)].pk)]


def test_the_page_shows_the_ranked_record_next(client, project, mixed, rev1):
    decide(mixed[len(OTHER)], rev1, "ta", "include")
    decide(mixed[0], rev1, "ta", "exclude", "Not on the topic")
    client.force_login(rev1)
    page = client.get(reverse("review:screen", args=[project.pk, "ta"]))
    assert page.context["record"].title in TRAFFICKING
    assert "learnt from your own decisions only" in page.content.decode()


def test_features_are_cached_on_disk_and_rebuilt_when_records_change(project, mixed, settings, tmp_path):
    assert queue.cached_features(project) is None
    built = queue.ensure_features(project)
    files = sorted(p.name for p in (tmp_path / "review-cache").iterdir())
    assert files == [f"{built.key}.json", f"{built.key}.npz"]
    again = queue.cached_features(project)
    assert again is not None and again.ids == built.ids and again.matrix.shape == built.matrix.shape
    ReviewRecord.objects.filter(pk=mixed[0].pk).update(removed="duplicate")
    assert queue.cached_features(project) is None  # the set of records changed
    rebuilt = queue.ensure_features(project)
    assert rebuilt.key != built.key and mixed[0].pk not in rebuilt.ids
    assert sorted(p.name for p in (tmp_path / "review-cache").iterdir()) == [
        f"{rebuilt.key}.json",
        f"{rebuilt.key}.npz",
    ]


def test_queue_keeps_import_order_while_the_ranking_is_prepared(client, project, mixed, rev1, settings, monkeypatch):
    settings.JES_REVIEW_SYNC_JOBS = False
    started = []
    monkeypatch.setattr(
        queue.threading, "Thread", lambda **kw: type("T", (), {"start": lambda s: started.append(kw)})()
    )
    decide(mixed[len(OTHER)], rev1, "ta", "include")
    decide(mixed[0], rev1, "ta", "exclude", "Not on the topic")
    q = queue.pending(project, rev1, "ta")
    assert q.preparing and not q.ranked and q.ids[0] == mixed[1].pk
    assert started and started[0]["args"][0] == project.pk
    client.force_login(rev1)
    html = client.get(reverse("review:screen", args=[project.pk, "ta"])).content.decode()
    assert "The ranking is being prepared" in html


def test_progress_counts_my_decisions_among_the_eligible(project, make_records, rev1, rev2):
    a, b, c = make_records(3)
    decide(a, rev1, "ta", "include")
    decide(b, rev2, "ta", "include")
    c.removed = "duplicate"
    c.save()
    p = queue.progress(project, rev1, "ta")
    assert (p.decided, p.eligible, p.remaining, p.percent) == (1, 2, 1, 50)


def brute_force(seen, remaining):
    """Every trailing window as the sample, as the authors' buscar does; the smallest p-value."""
    tests = []
    for start in range(len(seen)):
        sample = seen[start:]
        tests.append(recall_test(sum(seen[:start]), remaining + len(sample), len(sample), sum(sample)).p_value)
    return min(tests)


@pytest.mark.parametrize("seed", range(6))
def test_stopping_tests_only_the_windows_that_can_matter(seed):
    import random

    rng = random.Random(seed)
    seen = [int(rng.random() < 0.3 * (1 - i / 60)) for i in range(60)]
    for remaining in (0, 40, 500):
        best, window = queue._smallest_p(seen, remaining)
        assert best.p_value == pytest.approx(brute_force(seen, remaining))
        assert 1 <= window <= len(seen)


def test_stopping_aid_after_a_long_run_of_exclusions(project, make_records, rev1):
    records = make_records(120)
    for r in records[:10]:
        decide(r, rev1, "ta", "include")
    for r in records[10:110]:
        decide(r, rev1, "ta", "exclude", "Not on the topic")
    # The last 100 exclusions as a sample of 103: one missed relevant record would hide in the 3 left
    # with probability 3/103 < 5 %.
    aid = queue.stopping_aid(project, rev1, "ta", remaining=3)
    assert aid.decided == 110 and aid.relevant == 10 and aid.remaining == 3 and aid.window == 100
    assert aid.test.p_value == pytest.approx(3 / 103)
    assert aid.test.can_stop and aid.recall_defined and aid.test.estimated_recall == pytest.approx(1.0)
    not_yet = queue.stopping_aid(project, rev1, "ta", remaining=10)
    assert not not_yet.test.can_stop and not_yet.test.p_value == pytest.approx(10 / 110)


def test_stopping_aid_needs_decisions_and_counts_maybe_as_relevant(project, make_records, rev1):
    a, b = make_records(2)
    assert queue.stopping_aid(project, rev1, "ta", remaining=2) is None
    decide(a, rev1, "ta", "maybe")
    decide(b, rev1, "ta", "exclude", "Not on the topic")
    aid = queue.stopping_aid(project, rev1, "ta", remaining=0)
    assert aid.relevant == 1


def test_stopping_aid_on_the_page_cites_the_rule(client, project, make_records, rev1):
    a, _ = make_records(2)
    decide(a, rev1, "ta", "exclude", "Not on the topic")
    client.force_login(rev1)
    html = client.get(reverse("review:screen", args=[project.pk, "ta"])).content.decode()
    assert "Stopping aid" in html and "Callaghan" in html and "10.1186/s13643-020-01521-4" in html
    assert "not defined yet" in html  # no relevant record found yet


def test_windows_start_after_inclusions():
    seen = [1, 0, 0, 1, 0]
    starts = [0] + [i + 1 for i, y in enumerate(seen[:-1]) if y]
    assert starts == [0, 1, 4]
    assert list(itertools.accumulate(seen))[-1] == 2
