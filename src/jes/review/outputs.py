"""What a review hands out: its PRISMA flow (page, diagram files), the decisions (CSV, RIS) and the audit log.

The decision and audit exports reveal who decided what, so views offer them to leads only; every export is
itself audited. Spreadsheet cells are neutralised against formula injection: a title typed as
``=HYPERLINK(...)`` must stay text when a lead opens the CSV in a spreadsheet.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from django.core.cache import cache
from django.db import transaction
from django.db.models import QuerySet
from django.utils.text import slugify
from django.utils.translation import gettext as _

from jes.files import spreadsheet_text

from .audit import record_event
from .decisions import StageState, stage_state
from .engine import prisma_draw
from .engine.formats import write as write_records
from .engine.prisma import PrismaFlow, Retrieval
from .flow import project_flow
from .models import DUPLICATE_REASON, AuditEvent, ReviewProject, ReviewRecord, Stage

DIAGRAM_TYPES = {"svg": "image/svg+xml", "png": "image/png", "pdf": "application/pdf"}
DECISION_TYPES = {"csv": "text/csv; charset=utf-8", "ris": "application/x-research-info-systems; charset=utf-8"}
_DIAGRAM_CACHE_SECONDS = 24 * 3600
# A new drawing module (an upgrade) must not serve diagrams cached from the old one.
_RENDERER = str(Path(prisma_draw.__file__).stat().st_mtime_ns)


class FlowUnavailable(Exception):
    """The project's decisions do not add up to a PRISMA flow; the message names the record or box."""


# --- PRISMA ---------------------------------------------------------------------------------------------


def flow_or_error(project: ReviewProject) -> PrismaFlow:
    try:
        return project_flow(project)
    # PrismaArithmeticError is an AssertionError: a box that is not the sum of its parts.
    except (ValueError, AssertionError) as exc:
        raise FlowUnavailable(str(exc)) from exc


def diagram(flow: PrismaFlow, fmt: str) -> bytes:
    """The rendered diagram; cached by the flow's content, since the same counts always draw the same bytes."""
    if fmt not in DIAGRAM_TYPES:
        raise ValueError(f"format: unknown diagram format {fmt!r}; use one of {', '.join(DIAGRAM_TYPES)}")
    key = "review:prisma:" + hashlib.sha256(f"{_RENDERER}:{fmt}:{flow!r}".encode()).hexdigest()
    data = cache.get(key)
    if data is None:
        data = prisma_draw.render(flow, fmt)
        cache.set(key, data, _DIAGRAM_CACHE_SECONDS)
    return bytes(data)


_SVG_NS = "{http://www.w3.org/2000/svg}"
_SAFE_SVG_TAGS = {"svg", "metadata", "defs", "style", "g", "path", "text", "clipPath", "rect", "use", "title"}


def inline_svg(flow: PrismaFlow) -> str:
    """The SVG for embedding in a page: without the XML prologue, and only if it holds nothing executable.

    Source names and exclusion reasons are typed by users; matplotlib escapes them as text, and this check
    refuses the SVG outright should a future renderer ever let markup through.
    """
    text = diagram(flow, "svg").decode("utf-8")
    start = text.index("<svg")
    root = ElementTree.fromstring(text[start:])  # noqa: S314 - our own renderer's output, no entities
    for element in root.iter():
        tag = element.tag.replace(_SVG_NS, "")
        if tag.startswith("{"):  # RDF metadata of matplotlib
            continue
        unsafe_attr = any(
            name.lower().startswith("on") or (name.endswith("href") and not value.startswith("#"))
            for name, value in element.attrib.items()
        )
        if tag not in _SAFE_SVG_TAGS or unsafe_attr:
            raise FlowUnavailable(f"the diagram contains an unexpected element <{tag}>")
    return text[start:]


def download_name(project: ReviewProject, stem: str, ext: str) -> str:
    """An ASCII file name that is safe in a Content-Disposition header and on every file system."""
    slug = slugify(project.title)[:60].strip("-") or "review"
    return f"{stem}-{project.pk}-{slug}.{ext}"


@dataclass
class Box:
    label: str
    n: int
    parts: list[Box] = field(default_factory=list)


def _reasons(tally: dict[str, int]) -> list[Box]:
    return [Box(reason, n) for reason, n in sorted(tally.items(), key=lambda kv: (-kv[1], kv[0]))]


def _column(column: Retrieval, suffix: str) -> list[Box]:
    sought = Box(_("Reports sought for retrieval") + suffix, column.sought)
    if column.awaiting_retrieval:
        sought.parts.append(Box(_("Reports awaiting retrieval"), column.awaiting_retrieval))
    assessed = Box(_("Reports assessed for eligibility") + suffix, column.assessed)
    if column.awaiting_eligibility:
        assessed.parts.append(Box(_("Awaiting eligibility decision"), column.awaiting_eligibility))
    return [
        sought,
        Box(_("Reports not retrieved") + suffix, column.not_retrieved),
        assessed,
        Box(_("Reports excluded") + suffix, column.excluded, _reasons(column.excluded_reasons)),
    ]


def outline(flow: PrismaFlow) -> list[tuple[str, list[Box]]]:
    """The diagram's boxes as nested lists by phase: the text alternative for screen readers."""
    databases = [Box(name, n) for name, n in flow.databases.items()]
    registers = [Box(name, n) for name, n in flow.registers.items()]
    identification = [Box(_("Records identified from databases"), flow.identified_databases, databases)]
    if flow.registers:
        identification.append(Box(_("Records identified from registers"), flow.identified_registers, registers))
    removed = [
        Box(_("Duplicate records removed"), flow.removed_duplicates),
        Box(_("Records marked as ineligible by automation tools"), flow.removed_automation),
        Box(_("Records removed for other reasons"), flow.removed_other),
    ]
    identification.append(Box(_("Records removed before screening"), flow.removed_before_screening, removed))
    others = [Box(name, n) for name, n in flow.other_sources.items()]
    identification.append(Box(_("Records identified from other methods"), flow.identified_other, others))
    screened = Box(_("Records screened"), flow.screened)
    if flow.other_to_screening:
        screened.parts.append(Box(_("including records from other methods"), flow.other_to_screening))
    if flow.awaiting_screening:
        screened.parts.append(Box(_("Records awaiting screening"), flow.awaiting_screening))
    excluded = Box(_("Records excluded"), flow.excluded_screening, _reasons(flow.excluded_screening_reasons))
    screening = [screened, excluded]
    if flow.duplicates_at_screening:
        screening.append(Box(_("Duplicates excluded at screening"), flow.duplicates_at_screening))
    screening += _column(flow.main, "")
    if flow.other.sought:
        screening += _column(flow.other, " " + _("(other methods)"))
    included = [
        Box(_("Studies included in review"), flow.included_studies),
        Box(_("Reports of included studies"), flow.included_reports),
    ]
    return [(_("Identification"), identification), (_("Screening"), screening), (_("Included"), included)]


def exclusion_reasons(flow: PrismaFlow) -> dict[str, list[Box]]:
    """Reasons with counts at title/abstract (duplicates found there included) and at full text."""
    screening = _reasons(flow.excluded_screening_reasons)
    if flow.duplicates_at_screening:
        screening.append(Box(DUPLICATE_REASON, flow.duplicates_at_screening))
    full_text: dict[str, int] = {}
    for column in (flow.main, flow.other):
        for reason, n in column.excluded_reasons.items():
            full_text[reason] = full_text.get(reason, 0) + n
    return {"ta": screening, "ft": _reasons(full_text)}


# --- Decisions ------------------------------------------------------------------------------------------

DECISION_COLUMNS = [
    "record_id",
    "source",
    "file",
    "position",
    "key",
    "title",
    "authors",
    "year",
    "journal",
    "doi",
    "removed",
    "duplicate_of",
    "ta_decision",
    "ta_reason",
    "ta_resolved",
    "ft_decision",
    "ft_reason",
    "ft_resolved",
    "retrieved",
    "study",
    "catalogue_entry",
]


def safe_cell(value: Any) -> Any:
    """A CSV cell a spreadsheet shows as typed: text that would start a formula gets a leading quote."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return spreadsheet_text(value)


def _csv_text(header: list[str], rows: Iterable[Iterable[Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows([safe_cell(v) for v in row] for row in rows)
    return buffer.getvalue()


def _records(project: ReviewProject) -> QuerySet[ReviewRecord]:
    return project.records.select_related("source", "batch").order_by("id")


def _state(state: StageState, record_id: int) -> tuple[str, str, bool | None]:
    """(decision, reason, resolved) of one record at one stage, naming open states rather than hiding them."""
    final = state.finals.get(record_id)
    if final is not None:
        return final.label, final.reason, final.resolved
    if record_id in state.conflicts:
        return "conflict", "", None
    if record_id in state.awaiting:
        return "awaiting", "", None
    return "", "", None


def decision_rows(project: ReviewProject) -> list[list[Any]]:
    ta, ft = stage_state(project, Stage.TITLE_ABSTRACT), stage_state(project, Stage.FULL_TEXT)
    rows = []
    for r in _records(project):
        rows.append(
            [
                r.pk,
                r.source.name,
                r.batch.file_name if r.batch else "",
                r.position,
                r.key,
                r.title,
                "; ".join(r.authors),
                r.year,
                r.journal,
                r.doi,
                r.removed,
                r.duplicate_of_id,
                *_state(ta, r.pk),
                *_state(ft, r.pk),
                r.retrieved,
                r.study,
                r.catalogue_entry_id,
            ]
        )
    return rows


def _ris_notes(r: ReviewRecord, ta: StageState, ft: StageState) -> list[str]:
    notes = [f"JeS record: {r.pk}"]
    if r.removed:
        duplicate = f" of record {r.duplicate_of_id}" if r.duplicate_of_id else ""
        notes.append(f"JeS removed before screening: {r.removed}{duplicate}")
    # Fixed English, not translated: the notes are data that other tools and later imports read.
    for stage, state in (("title/abstract", ta), ("full text", ft)):
        label, reason, resolved = _state(state, r.pk)
        if label:
            detail = f" — {reason}" if reason else ""
            notes.append(f"JeS {stage}: {label}{detail}{' (resolved)' if resolved else ''}")
    return notes


def decisions_ris(project: ReviewProject) -> str:
    """Every record as RIS with its fields as imported; the review's decisions ride along as N1 notes."""
    ta, ft = stage_state(project, Stage.TITLE_ABSTRACT), stage_state(project, Stage.FULL_TEXT)
    records = []
    for r in _records(project):
        record = r.to_record()
        earlier = record.extra.get("N1")
        kept = [] if earlier is None else earlier if isinstance(earlier, list) else [earlier]
        record.extra = {**record.extra, "N1": [*map(str, kept), *_ris_notes(r, ta, ft)]}
        records.append(record)
    # The engine's writers write files; a temporary one keeps the RIS exactly what `jes` writes elsewhere.
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "decisions.ris"
        write_records(records, path, "ris")
        return path.read_text(encoding="utf-8")


@transaction.atomic
def export_decisions(project: ReviewProject, actor: Any, fmt: str) -> str:
    """The decisions of every record as CSV or RIS text; the export is audited."""
    if fmt not in DECISION_TYPES:
        raise ValueError(f"format: unknown export format {fmt!r}; use csv or ris")
    if fmt == "csv":
        rows = decision_rows(project)
        text = _csv_text(DECISION_COLUMNS, rows)
        count = len(rows)
    else:
        text = decisions_ris(project)
        count = project.records.count()
    record_event(project, actor, "export", what=f"decisions.{fmt}", records=count)
    return text


# --- Audit ----------------------------------------------------------------------------------------------

AUDIT_COLUMNS = ["event_id", "at", "actor", "action", "stage", "record_id", "detail"]


@dataclass(frozen=True)
class AuditFilters:
    action: str = ""
    stage: str = ""
    user: str = ""

    @classmethod
    def from_params(cls, params: Any) -> AuditFilters:
        stage = params.get("stage", "")
        return cls(
            action=params.get("action", "")[:40],
            stage=stage if stage in Stage.values else "",
            user=params.get("user", "")[:150],
        )

    def apply(self, events: QuerySet[AuditEvent]) -> QuerySet[AuditEvent]:
        if self.action:
            events = events.filter(action=self.action)
        if self.stage:
            events = events.filter(stage=self.stage)
        if self.user:
            events = events.filter(actor_name=self.user)
        return events

    def query(self) -> dict[str, str]:
        return {k: v for k, v in (("action", self.action), ("stage", self.stage), ("user", self.user)) if v}


def audit_events(project: ReviewProject, filters: AuditFilters) -> QuerySet[AuditEvent]:
    return filters.apply(project.audit.all()).order_by("-id")


def audit_choices(project: ReviewProject) -> dict[str, list[str]]:
    """The actions and people the log holds, for the filter menus."""
    events = project.audit.order_by()
    return {
        "actions": sorted(set(events.values_list("action", flat=True))),
        "users": sorted(set(events.values_list("actor_name", flat=True))),
    }


def detail_summary(detail: dict[str, Any]) -> str:
    """An event's detail for reading: "label=exclude, reason=Not on the topic", empty values left out."""
    return ", ".join(
        f"{k}={format_detail(v) if isinstance(v, dict | list) else v}"
        for k, v in detail.items()
        if v not in ("", None, [], {})
    )


def format_detail(detail: Any) -> str:
    return json.dumps(detail, ensure_ascii=False, sort_keys=True)


@transaction.atomic
def export_audit(project: ReviewProject, actor: Any, filters: AuditFilters | None = None) -> str:
    """The audit log (oldest first) as CSV; the export is audited after the rows are read."""
    filters = filters or AuditFilters()
    events = filters.apply(project.audit.all()).order_by("id")
    rows = [
        [e.pk, e.at.isoformat(), e.actor_name, e.action, e.stage, e.record_id, format_detail(e.detail)] for e in events
    ]
    record_event(project, actor, "export", what="audit.csv", events=len(rows), filters=filters.query())
    return _csv_text(AUDIT_COLUMNS, rows)


@transaction.atomic
def audit_download(project: ReviewProject, actor: Any, what: str) -> None:
    """Audit an export that is not built here (a PRISMA diagram file)."""
    record_event(project, actor, "export", what=what)
