"""Duplicate records in a review: the engine proposes clusters, the lead confirms, splits or undoes them.

A cluster's evidence is the engine's links between its records (``first``/``second`` are ReviewRecord ids).
Confirming removes every member but the kept one (``removed=duplicate``, ``duplicate_of=keep``), so the
records leave the screening queues and the PRISMA flow counts them as duplicates removed. Splitting frees
the members; a SPLIT cluster keeps the links the lead cut, and detection never links those pairs again, so a
set the lead separated is not proposed again (removing one member from a proposal is such a cut too).
Records of a confirmed cluster stay settled; only its kept record can meet a newly imported copy.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from .audit import record_event
from .engine.dedup import Link, build_clusters, dedup
from .engine.records import Record
from .models import ClusterStatus, DuplicateCluster, Removal, ReviewProject, ReviewRecord

_PAIR = frozenset[int]


class ClusterError(ValueError):
    """A change the cluster's state does not allow; the message says why."""


@dataclass(frozen=True)
class Detection:
    records: int  # records compared (not removed)
    proposed: int  # clusters proposed now
    duplicates: int  # records the proposals would remove
    kept_apart: int  # engine links not followed because the lead had separated the records


@dataclass(frozen=True)
class Counts:
    proposed: int
    confirmed: int
    removed: int  # records removed as duplicates


def counts(project: ReviewProject) -> Counts:
    by_status = dict(project.clusters.values_list("status").annotate(n=Count("id")).order_by())
    return Counts(
        proposed=by_status.get(ClusterStatus.PROPOSED, 0),
        confirmed=by_status.get(ClusterStatus.CONFIRMED, 0),
        removed=project.records.filter(removed=Removal.DUPLICATE).count(),
    )


def _records(project: ReviewProject) -> tuple[list[int], list[Record]]:
    """The records to compare as engine Records, built from plain values (thousands of rows stay cheap)."""
    ids, records = [], []
    rows = project.records.filter(removed="").order_by("id").values("id", *ReviewRecord.RECORD_FIELDS)
    for row in rows.iterator(chunk_size=2000):
        ids.append(row.pop("id"))
        records.append(Record(**row))
    return ids, records


def separated_pairs(project: ReviewProject) -> set[_PAIR]:
    pairs: set[_PAIR] = set()
    for evidence in project.clusters.filter(status=ClusterStatus.SPLIT).values_list("evidence", flat=True):
        pairs.update(frozenset((e["first"], e["second"])) for e in evidence)
    return pairs


def _evidence(link: Link, ids: list[int]) -> dict[str, Any]:
    first, second = ids[link.first], ids[link.second]
    text = Link(first, second, link.reason, link.scores).describe()
    return {"first": first, "second": second, "reason": link.reason, "scores": dict(link.scores), "text": text}


@transaction.atomic
def find_duplicates(project: ReviewProject, user: Any) -> Detection:
    """Replace the proposed clusters by a fresh detection; confirmed and split clusters stay as they are."""
    project.clusters.filter(status=ClusterStatus.PROPOSED).delete()  # members are freed (SET_NULL)
    ids, records = _records(project)
    result = dedup(records)
    apart = separated_pairs(project)
    links = [link for c in result.clusters for link in c.links]
    kept = [link for link in links if frozenset((ids[link.first], ids[link.second])) not in apart]
    proposed = duplicates = 0
    for cluster in build_clusters(records, kept):
        member_ids = [ids[i] for i in cluster.members]
        group = DuplicateCluster.objects.create(
            project=project, keep_id=ids[cluster.keep], evidence=[_evidence(link, ids) for link in cluster.links]
        )
        ReviewRecord.objects.filter(pk__in=member_ids).update(cluster=group)
        proposed += 1
        duplicates += len(member_ids) - 1
    detection = Detection(len(records), proposed, duplicates, len(links) - len(kept))
    record_event(
        project, user, "duplicates_detected", records=detection.records, clusters=proposed, duplicates=duplicates
    )
    return detection


# --- the lead's decisions -----------------------------------------------------------------------------------


def members(cluster: DuplicateCluster) -> QuerySet[ReviewRecord]:
    """The records of a cluster; a confirmed cluster's kept record counts even if a later proposal took it."""
    condition = Q(cluster=cluster)
    if cluster.keep_id and cluster.status == ClusterStatus.CONFIRMED:
        condition |= Q(pk=cluster.keep_id)
    return ReviewRecord.objects.filter(condition).select_related("source").order_by("id")


def _locked(project: ReviewProject, cluster_id: int, status: str) -> DuplicateCluster:
    cluster = DuplicateCluster.objects.select_for_update().filter(project=project, pk=cluster_id).first()
    if cluster is None:
        raise ClusterError(f"cluster {cluster_id}: no such duplicate cluster in this review")
    if cluster.status != status:
        raise ClusterError(f"cluster {cluster_id}: it is {cluster.get_status_display().lower()}, not {status}")
    return cluster


@transaction.atomic
def confirm(project: ReviewProject, cluster_id: int, user: Any, keep_id: int | None = None) -> DuplicateCluster:
    """The members but KEEP (default: the proposed one) are removed as duplicates of it."""
    cluster = _locked(project, cluster_id, ClusterStatus.PROPOSED)
    member_ids = list(cluster.members.values_list("id", flat=True))
    keep_id = keep_id or cluster.keep_id
    if keep_id not in member_ids:
        raise ClusterError(f"keep: record {keep_id} is not in cluster {cluster_id}")
    others = [pk for pk in member_ids if pk != keep_id]
    ReviewRecord.objects.filter(pk__in=others).update(removed=Removal.DUPLICATE, duplicate_of_id=keep_id)
    cluster.keep_id = keep_id
    cluster.status = ClusterStatus.CONFIRMED
    cluster.decided_by = user if getattr(user, "pk", None) else None
    cluster.decided = timezone.now()
    cluster.save()
    screened = ReviewRecord.objects.filter(pk__in=others, decisions__isnull=False).distinct().count()
    record_event(
        project, user, "duplicates_confirmed", cluster=cluster.pk, keep=keep_id, removed=others, screened=screened
    )
    return cluster


@transaction.atomic
def split(project: ReviewProject, cluster_id: int, user: Any) -> DuplicateCluster:
    """Not duplicates: the members are freed and their links are never followed again."""
    cluster = _locked(project, cluster_id, ClusterStatus.PROPOSED)
    freed = list(cluster.members.values_list("id", flat=True))
    cluster.members.update(cluster=None)
    cluster.status = ClusterStatus.SPLIT
    cluster.keep = None
    cluster.decided_by = user if getattr(user, "pk", None) else None
    cluster.decided = timezone.now()
    cluster.save()
    record_event(project, user, "duplicates_split", cluster=cluster.pk, records=freed)
    return cluster


@transaction.atomic
def remove_member(project: ReviewProject, cluster_id: int, record_id: int, user: Any) -> DuplicateCluster:
    """Take one record out of a proposal; with one record left, the proposal is split."""
    cluster = _locked(project, cluster_id, ClusterStatus.PROPOSED)
    if not cluster.members.filter(pk=record_id).exists():
        raise ClusterError(f"record {record_id} is not in cluster {cluster_id}")
    remaining = list(cluster.members.exclude(pk=record_id).values_list("id", flat=True))
    if len(remaining) < 2:
        return split(project, cluster_id, user)
    cut = [e for e in cluster.evidence if record_id in (e["first"], e["second"])]
    # The cut links are kept as a split decision of their own so that detection does not rejoin them.
    DuplicateCluster.objects.create(
        project=project,
        status=ClusterStatus.SPLIT,
        evidence=cut or [{"first": record_id, "second": pk, "reason": "separated by the lead"} for pk in remaining],
        decided_by=user if getattr(user, "pk", None) else None,
        decided=timezone.now(),
    )
    ReviewRecord.objects.filter(pk=record_id).update(cluster=None)
    cluster.evidence = [e for e in cluster.evidence if e not in cut]
    if cluster.keep_id == record_id or cluster.keep_id not in remaining:
        cluster.keep_id = most_complete(ReviewRecord.objects.filter(pk__in=remaining))
    cluster.save()
    record_event(project, user, "duplicate_member_removed", cluster=cluster.pk, record_id=record_id)
    return cluster


@transaction.atomic
def undo(project: ReviewProject, cluster_id: int, user: Any) -> DuplicateCluster:
    """A confirmed cluster back to a proposal: its removed members are restored."""
    cluster = _locked(project, cluster_id, ClusterStatus.CONFIRMED)
    restored = list(
        cluster.members.filter(removed=Removal.DUPLICATE).exclude(pk=cluster.keep_id).values_list("id", flat=True)
    )
    ReviewRecord.objects.filter(pk__in=restored).update(removed="", duplicate_of=None)
    # The kept record rejoins unless a later proposal took it (then another member is proposed to keep).
    ReviewRecord.objects.filter(pk=cluster.keep_id, removed="", cluster__isnull=True).update(cluster=cluster)
    if not cluster.members.filter(pk=cluster.keep_id).exists():
        cluster.keep_id = most_complete(cluster.members.all())
    cluster.status = ClusterStatus.PROPOSED
    cluster.decided_by = None
    cluster.decided = None
    cluster.save()
    record_event(project, user, "duplicates_undone", cluster=cluster.pk, restored=restored)
    return cluster


@transaction.atomic
def confirm_all(project: ReviewProject, user: Any) -> int:
    """Confirm every proposal with its proposed record kept (the command line's --confirm-all)."""
    ids = list(project.clusters.filter(status=ClusterStatus.PROPOSED).values_list("id", flat=True))
    for cluster_id in ids:
        confirm(project, cluster_id, user)
    return len(ids)


def most_complete(records: QuerySet[ReviewRecord]) -> int | None:
    best = max(
        records.select_related("source", "batch").order_by("id"),
        key=lambda r: (r.to_record().completeness(), -r.pk),
        default=None,
    )
    return best.pk if best else None
