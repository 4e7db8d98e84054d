"""The review's data: projects with their protocol, sources and reviewers; imported records; duplicate
clusters; search runs; per-reviewer screening decisions and their resolutions; and an append-only audit log.

Decisions are stored per reviewer (blind dual screening): the record's decision at a stage is derived from
them (agreement, or a resolution after a conflict) in ``decisions.py``, never stored twice.
The pure engine (``engine/``) does the counting, matching and ranking; these models only hold the state.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse

from .engine.prisma import SourceKind
from .engine.records import Provenance, Record

DEFAULT_EXCLUSION_REASONS = [
    "Not on the topic",
    "Not empirical research",
    "Wrong language",
    "Published before the year range",
    "Excluded publication type (thesis, conference abstract, fiction, translation, study material)",
    "Duplicate",
]
# An exclusion at title/abstract with this reason counts as a duplicate found during screening (PRISMA).
DUPLICATE_REASON = "Duplicate"


class ReviewProject(models.Model):
    title = models.CharField(max_length=300)
    question = models.TextField(blank=True, help_text="The review question")
    inclusion_criteria = models.JSONField(default=list, blank=True)
    exclusion_criteria = models.JSONField(
        default=list, blank=True, help_text="Offered as the reasons when a record is excluded"
    )
    languages = models.JSONField(default=list, blank=True, help_text="ISO 639-1 codes, e.g. sl, en")
    year_min = models.PositiveSmallIntegerField(null=True, blank=True)
    year_max = models.PositiveSmallIntegerField(null=True, blank=True)
    excluded_types = models.JSONField(
        default=list, blank=True, help_text="thesis, conference_abstract, fiction, translation, study_material"
    )
    reviewers_per_record = models.PositiveSmallIntegerField(
        default=2, help_text="Independent (blind) decisions needed per record and stage"
    )
    highlight_terms = models.JSONField(default=list, blank=True, help_text="Search terms highlighted in screening")
    synthetic = models.BooleanField(default=False, help_text="Example data invented to demonstrate the method")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("review:project", args=[self.pk])

    def reasons(self) -> list[str]:
        reasons = list(self.exclusion_criteria) or list(DEFAULT_EXCLUSION_REASONS)
        return reasons if DUPLICATE_REASON in reasons else [*reasons, DUPLICATE_REASON]


class Role(models.TextChoices):
    LEAD = "lead", "Lead (manages the protocol, imports, duplicates, resolves conflicts)"
    REVIEWER = "reviewer", "Reviewer (screens)"


class Membership(models.Model):
    project = models.ForeignKey(ReviewProject, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_memberships")
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.REVIEWER)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["project", "user"], name="review_member_unique")]

    def __str__(self) -> str:
        return f"{self.user} ({self.role}) in {self.project}"


class ReviewSource(models.Model):
    """A database or register searched, or another method (website, organisation, citation searching)."""

    project = models.ForeignKey(ReviewProject, on_delete=models.CASCADE, related_name="sources")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=12, choices=[(k.value, k.value.capitalize()) for k in SourceKind])
    searched = models.CharField(max_length=100, blank=True, help_text="When it was searched, e.g. 2023-04 to 2024-01")
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["project", "name"], name="review_source_unique")]

    def __str__(self) -> str:
        return self.name

    @property
    def is_database_or_register(self) -> bool:
        return SourceKind(self.kind).is_database_or_register


class ImportBatch(models.Model):
    project = models.ForeignKey(ReviewProject, on_delete=models.CASCADE, related_name="imports")
    source = models.ForeignKey(ReviewSource, on_delete=models.RESTRICT, related_name="imports")
    file_name = models.CharField(max_length=300)
    format = models.CharField(max_length=20)
    mapping = models.JSONField(default=dict, blank=True)
    sha256 = models.CharField(max_length=64)
    records = models.PositiveIntegerField(default=0)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    imported = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.records} records)"


class Removal(models.TextChoices):
    DUPLICATE = "duplicate", "Duplicate"
    AUTOMATION = "automation", "Marked ineligible by automation"
    OTHER = "other", "Other reason"


class ReviewRecord(models.Model):
    project = models.ForeignKey(ReviewProject, on_delete=models.CASCADE, related_name="records")
    source = models.ForeignKey(ReviewSource, on_delete=models.RESTRICT, related_name="records")
    batch = models.ForeignKey(ImportBatch, null=True, blank=True, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField(default=0, help_text="0-based position in the imported file")
    key = models.CharField(max_length=100, blank=True, help_text="An identifier the source or example gives")
    title = models.TextField(blank=True)
    abstract = models.TextField(blank=True)
    authors = models.JSONField(default=list, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    journal = models.TextField(blank=True)
    volume = models.CharField(max_length=50, blank=True)
    issue = models.CharField(max_length=50, blank=True)
    pages = models.CharField(max_length=50, blank=True)
    doi = models.CharField(max_length=300, blank=True)
    pmid = models.CharField(max_length=20, blank=True)
    isbn = models.CharField(max_length=40, blank=True)
    cobiss_id = models.CharField(max_length=40, blank=True)
    keywords = models.JSONField(default=list, blank=True)
    language = models.CharField(max_length=40, blank=True)
    publication_type = models.CharField(max_length=100, blank=True)
    url = models.URLField(max_length=1000, blank=True)
    extra = models.JSONField(default=dict, blank=True)
    removed = models.CharField(max_length=12, choices=Removal.choices, blank=True, db_index=True)
    duplicate_of = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    cluster = models.ForeignKey(
        "DuplicateCluster", null=True, blank=True, on_delete=models.SET_NULL, related_name="members"
    )
    retrieved = models.BooleanField(null=True, blank=True, help_text="Full text obtained; unknown until sought")
    study = models.CharField(max_length=100, blank=True, help_text="Reports of the same study share this label")
    catalogue_entry = models.ForeignKey(
        "catalogue.Entry", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["project", "removed"])]

    def __str__(self) -> str:
        return self.title[:80] or f"Record {self.pk}"

    RECORD_FIELDS = (
        *("title", "abstract", "authors", "year", "journal", "volume", "issue", "pages", "doi", "pmid", "isbn"),
        *("cobiss_id", "keywords", "language", "publication_type", "url", "extra"),
    )

    @classmethod
    def from_record(cls, record: Record, **kwargs: Any) -> ReviewRecord:
        values = {name: getattr(record, name) for name in cls.RECORD_FIELDS}
        values["url"] = values["url"][:1000]
        return cls(position=record.provenance.position, **values, **kwargs)

    def to_record(self) -> Record:
        values = {name: getattr(self, name) for name in self.RECORD_FIELDS}
        provenance = Provenance(source=self.source.name, file=self.batch.file_name if self.batch else "")
        provenance.position = self.position
        return Record(**values, provenance=provenance)

    def citation(self) -> str:
        names = "; ".join(self.authors[:3]) + (" et al." if len(self.authors) > 3 else "")
        year = f" ({self.year})" if self.year else ""
        return f"{names}{year}".strip()


class ClusterStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    CONFIRMED = "confirmed", "Confirmed"
    SPLIT = "split", "Split (not duplicates)"


class DuplicateCluster(models.Model):
    project = models.ForeignKey(ReviewProject, on_delete=models.CASCADE, related_name="clusters")
    status = models.CharField(max_length=10, choices=ClusterStatus.choices, default=ClusterStatus.PROPOSED)
    keep = models.ForeignKey(ReviewRecord, null=True, on_delete=models.SET_NULL, related_name="+")
    evidence = models.JSONField(default=list, blank=True, help_text="Why the engine linked the records")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    decided = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"Duplicate cluster {self.pk} ({self.status})"


class SearchRun(models.Model):
    """One run of a search strategy against the project's records: the database's search history."""

    project = models.ForeignKey(ReviewProject, on_delete=models.CASCADE, related_name="search_runs")
    source = models.ForeignKey(ReviewSource, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    name = models.CharField(max_length=200, blank=True)
    lines = models.JSONField(default=list, help_text="[{query, hits}] in history order")
    records_searched = models.PositiveIntegerField(default=0)
    run_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    run = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-run", "-id"]

    def __str__(self) -> str:
        return f"Search {self.name or self.pk} ({self.run:%Y-%m-%d})"


class Stage(models.TextChoices):
    TITLE_ABSTRACT = "ta", "Title and abstract"
    FULL_TEXT = "ft", "Full text"


class Label(models.TextChoices):
    INCLUDE = "include", "Include"
    EXCLUDE = "exclude", "Exclude"
    MAYBE = "maybe", "Maybe"


class ScreeningDecision(models.Model):
    """One reviewer's decision on one record at one stage; other reviewers never see it while blind."""

    project = models.ForeignKey(ReviewProject, on_delete=models.CASCADE, related_name="decisions")
    record = models.ForeignKey(ReviewRecord, on_delete=models.CASCADE, related_name="decisions")
    stage = models.CharField(max_length=2, choices=Stage.choices)
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    label = models.CharField(max_length=8, choices=Label.choices)
    reason = models.CharField(max_length=300, blank=True)
    note = models.TextField(blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["record", "stage", "reviewer"], name="review_decision_unique"),
            models.CheckConstraint(
                condition=~models.Q(label="exclude", reason=""), name="review_decision_exclude_has_reason"
            ),
        ]
        indexes = [models.Index(fields=["project", "stage", "reviewer"])]

    def __str__(self) -> str:
        return f"{self.label} on record {self.record_id} at {self.stage}"


class Resolution(models.Model):
    """The final decision on a record at a stage after reviewers disagreed (or were unsure)."""

    project = models.ForeignKey(ReviewProject, on_delete=models.CASCADE, related_name="resolutions")
    record = models.ForeignKey(ReviewRecord, on_delete=models.CASCADE, related_name="resolutions")
    stage = models.CharField(max_length=2, choices=Stage.choices)
    label = models.CharField(max_length=8, choices=Label.choices)
    reason = models.CharField(max_length=300, blank=True)
    note = models.TextField(blank=True)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    resolved = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["record", "stage"], name="review_resolution_unique")]

    def __str__(self) -> str:
        return f"resolved {self.label} on record {self.record_id} at {self.stage}"


class AuditEvent(models.Model):
    """Append-only: who did what, when, at which stage. Records ids and labels, never the records' text."""

    project = models.ForeignKey(ReviewProject, on_delete=models.CASCADE, related_name="audit")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    actor_name = models.CharField(max_length=150, blank=True, help_text="Kept if the account is deleted")
    action = models.CharField(max_length=40, db_index=True)
    record = models.ForeignKey(ReviewRecord, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    stage = models.CharField(max_length=2, choices=Stage.choices, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError("audit events are append-only")
        super().save(*args, **kwargs)
