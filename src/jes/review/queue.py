"""Each reviewer's screening queue, ordered by active learning on their own decisions, and the stopping aid.

Blinding: the ranker is trained on this reviewer's decisions only. Training on the other reviewers'
decisions would leak them into the order this reviewer sees, so it is never done.

The text features are the slow part (minutes for tens of thousands of records): they are built once per
set of records, saved under ``DATA_DIR/review-cache/`` and rebuilt when records are added or removed.
Until they exist the queue keeps import order and says the ranking is being prepared.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import math
import os
import tempfile
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp
from django.conf import settings
from django.core.cache import cache
from django.db import connections
from django.db.models import QuerySet

from .decisions import eligible_records
from .engine.ranking import Ranker, RankerConfig, build_features, record_text
from .engine.stopping import StoppingDecision, recall_test
from .models import Label, ReviewProject, ReviewRecord, ScreeningDecision, Stage

log = logging.getLogger(__name__)

TARGET_RECALL = 0.95
CONFIDENCE = 0.95
_BUILD_LOCK_SECONDS = 3600  # a build that died leaves its marker behind for at most this long


# --- what is left to screen ------------------------------------------------------------------------------


def screenable(project: ReviewProject, stage: str) -> QuerySet[ReviewRecord]:
    """Records a reviewer can screen at STAGE: the eligible ones, less full texts that could not be retrieved."""
    records = eligible_records(project, stage)
    if stage == Stage.FULL_TEXT:
        records = records.exclude(retrieved=False)
    return records


def _my_decisions(project: ReviewProject, reviewer: Any, stage: str) -> QuerySet[ScreeningDecision]:
    return ScreeningDecision.objects.filter(project=project, stage=stage, reviewer=reviewer)


@dataclass(frozen=True)
class Queue:
    ids: list[int]  # records still to screen, next first
    ranked: bool  # ordered by the ranker (else import order)
    preparing: bool = False  # ranking applies but the features are still being built


def pending(project: ReviewProject, reviewer: Any, stage: str) -> Queue:
    """REVIEWER's records still to screen at STAGE, most likely relevant first once the ranker can train."""
    decided = set(_my_decisions(project, reviewer, stage).values_list("record_id", flat=True))
    remaining = [
        pk for pk in screenable(project, stage).order_by("id").values_list("id", flat=True) if pk not in decided
    ]
    labelled = _training_labels(project, reviewer, stage)
    if len(set(labelled.values())) < 2 or not remaining:
        return Queue(remaining, ranked=False)
    features = cached_features(project)
    if features is None:
        start_features(project)
        features = cached_features(project)  # built inline when jobs run synchronously
    if features is None:
        # Run inline, a build that returned nothing failed (logged): the queue just keeps import order.
        return Queue(remaining, ranked=False, preparing=not settings.JES_REVIEW_SYNC_JOBS)
    return Queue(_ranked(features, remaining, labelled), ranked=True)


def next_record(project: ReviewProject, reviewer: Any, stage: str) -> tuple[ReviewRecord | None, Queue]:
    queue = pending(project, reviewer, stage)
    if not queue.ids:
        return None, queue
    return project.records.select_related("source", "batch").get(pk=queue.ids[0]), queue


def _training_labels(project: ReviewProject, reviewer: Any, stage: str) -> dict[int, int]:
    """{record id: 1 include / 0 exclude} of this reviewer at this stage; "maybe" teaches nothing."""
    rows = _my_decisions(project, reviewer, stage).filter(label__in=[Label.INCLUDE, Label.EXCLUDE])
    return {pk: int(label == Label.INCLUDE) for pk, label in rows.values_list("record_id", "label")}


def _ranked(features: Features, remaining: list[int], labelled: dict[int, int]) -> list[int]:
    row = {pk: i for i, pk in enumerate(features.ids)}
    train = [(row[pk], y) for pk, y in labelled.items() if pk in row]
    if len({y for _, y in train}) < 2:
        return remaining
    order = Ranker(features.matrix, features.config).rank([i for i, _ in train], [y for _, y in train])
    wanted = set(remaining)
    ranked = [features.ids[i] for i in order.tolist() if features.ids[i] in wanted]
    # Records the features do not know yet (imported while they were built) come last, in import order.
    seen = set(ranked)
    return ranked + [pk for pk in remaining if pk not in seen]


# --- progress ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Progress:
    decided: int
    eligible: int
    not_retrieved: int = 0  # full texts that could not be retrieved: out of the queue, not decided

    @property
    def remaining(self) -> int:
        return max(self.eligible - self.decided, 0)

    @property
    def percent(self) -> int:
        return round(100 * self.decided / self.eligible) if self.eligible else 100


def progress(project: ReviewProject, reviewer: Any, stage: str) -> Progress:
    """How many of the records REVIEWER can screen at STAGE they have decided."""
    records = screenable(project, stage)
    decided = _my_decisions(project, reviewer, stage).filter(record__in=records).count()
    not_retrieved = 0
    if stage == Stage.FULL_TEXT:
        not_retrieved = eligible_records(project, stage).filter(retrieved=False).count()
    return Progress(decided=decided, eligible=records.count(), not_retrieved=not_retrieved)


# --- stopping aid -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StoppingAid:
    decided: int
    relevant: int  # inclusions and maybes so far
    remaining: int
    test: StoppingDecision
    window: int  # the last WINDOW decisions were treated as the random sample

    @property
    def recall_defined(self) -> bool:
        return not math.isnan(self.test.estimated_recall)


def stopping_aid(project: ReviewProject, reviewer: Any, stage: str, remaining: int) -> StoppingAid | None:
    """Callaghan & Müller-Hansen's (2020) test on REVIEWER's decisions in the order they were made.

    As in the authors' buscar implementation, every run of the latest decisions is treated in turn as the
    random sample of the records left when it began, and the smallest p-value is reported; ranked screening
    puts relevant records first, which makes this conservative. A "maybe" counts as relevant here, so that
    unsure records never make stopping look safer."""
    records = screenable(project, stage)
    labels = (
        _my_decisions(project, reviewer, stage)
        .filter(record__in=records)
        .order_by("created", "id")
        .values_list("label", flat=True)
    )
    seen = [int(label != Label.EXCLUDE) for label in labels]
    if not seen:
        return None
    best, window = _smallest_p(seen, remaining)
    return StoppingAid(decided=len(seen), relevant=sum(seen), remaining=remaining, test=best, window=window)


def _smallest_p(seen: list[int], remaining: int) -> tuple[StoppingDecision, int]:
    """The test over the windows where the p-value can be smallest.

    Widening a window by an exclusion leaves K_tar unchanged and adds one irrelevant record to the urn,
    which can only lower p; so within each run of exclusions the widest window wins, and only windows that
    start at the beginning or just after an inclusion need testing."""
    total = len(seen)
    starts = [0] + [i + 1 for i, y in enumerate(seen[:-1]) if y]
    before = np.concatenate([[0], np.cumsum(seen)])
    tests = []
    for start in starts:
        sampled = total - start
        found_before = int(before[start])
        test = recall_test(
            found_before_sampling=found_before,
            remaining_at_sampling=remaining + sampled,
            sampled=sampled,
            found_in_sample=int(before[total]) - found_before,
            target_recall=TARGET_RECALL,
            confidence=CONFIDENCE,
        )
        tests.append((test, sampled))
    return min(tests, key=lambda t: t[0].p_value)


# --- text features, cached on disk ------------------------------------------------------------------------


@dataclass(frozen=True)
class Features:
    key: str
    ids: list[int]
    matrix: sp.csr_matrix
    config: RankerConfig


def _cache_dir() -> Path:
    return Path(settings.DATA_DIR) / "review-cache"


def _records(project: ReviewProject) -> QuerySet[ReviewRecord]:
    return project.records.filter(removed="").order_by("id")


def _key(project: ReviewProject, ids: list[int], config: RankerConfig) -> str:
    # The creation time guards against a recreated database reusing a project id with other records.
    digest = hashlib.sha256(f"{project.created.isoformat()}|{config!r}|".encode())
    digest.update(",".join(map(str, ids)).encode())
    return f"project-{project.pk}-{digest.hexdigest()[:24]}"


def _current_key(project: ReviewProject) -> tuple[str, list[int]]:
    ids = list(_records(project).values_list("id", flat=True))
    return _key(project, ids, RankerConfig()), ids


def cached_features(project: ReviewProject) -> Features | None:
    """The project's features if they were built for its current records; None otherwise."""
    key, ids = _current_key(project)
    path = _cache_dir() / f"{key}.npz"
    if not path.exists():
        return None
    try:
        stored_ids, matrix = _load(str(path), path.stat().st_mtime_ns)
    except (OSError, ValueError) as exc:
        log.warning("unreadable ranking features %s: %s", path.name, exc)
        return None
    if stored_ids != ids:
        return None
    return Features(key, ids, matrix, RankerConfig())


@lru_cache(maxsize=4)
def _load(path: str, _mtime: int) -> tuple[list[int], sp.csr_matrix]:
    ids = json.loads(Path(path).with_suffix(".json").read_text(encoding="utf-8"))
    return ids, sp.load_npz(path).tocsr()


def ensure_features(project: ReviewProject) -> Features:
    """Build (or reuse) the features of the project's current records; slow for big projects."""
    found = cached_features(project)
    if found is not None:
        return found
    config = RankerConfig()
    rows = list(_records(project).values_list("id", "title", "abstract"))
    ids = [pk for pk, _, _ in rows]
    key = _key(project, ids, config)
    matrix = build_features([record_text(t, a, config.title_repeat) for _, t, a in rows], config)
    _save(project, key, ids, matrix)
    return Features(key, ids, matrix, config)


def _atomic_write(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _save(project: ReviewProject, key: str, ids: list[int], matrix: sp.csr_matrix) -> None:
    folder = _cache_dir()
    folder.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    sp.save_npz(buffer, matrix)
    # The id list first: the .npz appearing is what marks the pair complete.
    _atomic_write(folder / f"{key}.json", json.dumps(ids).encode())
    _atomic_write(folder / f"{key}.npz", buffer.getvalue())
    for old in folder.glob(f"project-{project.pk}-*"):
        if not old.name.startswith(key):
            old.unlink(missing_ok=True)


def warm_features(project: ReviewProject) -> None:
    """Start building the features early, so that they are ready once the ranker can train."""
    if cached_features(project) is None:
        start_features(project)


def start_features(project: ReviewProject) -> None:
    """Build the features in a background thread (inline when jobs run synchronously), once at a time."""
    if settings.JES_REVIEW_SYNC_JOBS:
        _build(project)
        return
    key, _ = _current_key(project)
    marker = f"review-features-building:{key}"
    # The cache is shared by every server process, so only one of them builds a given set.
    if not cache.add(marker, True, timeout=_BUILD_LOCK_SECONDS):
        return
    threading.Thread(target=_build_in_background, args=(project.pk, marker), daemon=True).start()


def _build(project: ReviewProject) -> None:
    try:
        ensure_features(project)
    except ValueError as exc:
        # Too few or too short texts leave the vectoriser no vocabulary; import order still works.
        log.warning("no ranking features for review %s: %s", project.pk, exc)


def _build_in_background(project_pk: int, marker: str) -> None:
    try:
        _build(ReviewProject.objects.get(pk=project_pk))
    except Exception:
        log.exception("building the ranking features of review %s failed", project_pk)
    finally:
        cache.delete(marker)
        connections.close_all()
