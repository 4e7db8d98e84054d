"""Importing a bibliographic file into a review: all of it in one transaction, or none of it.

The engine streams the file (``engine.formats.read``); rows are written in chunks inside one transaction,
so a malformed record late in a large file rolls back everything before it. A file is known by its SHA-256:
the same file twice in one project is refused unless forced. The web page runs imports as background jobs
whose progress lives in the (shared, file-based) cache, so any server process can answer the polling.
"""

from __future__ import annotations

import logging
import secrets
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection, transaction

from jes.files import file_sha256

from .audit import record_event
from .engine.formats import FormatError, format_for, read, tabular
from .engine.records import Record
from .models import ImportBatch, ReviewProject, ReviewRecord, ReviewSource

log = logging.getLogger(__name__)

CHUNK = 2000
TABULAR = ("csv", "tsv", "xlsx")
MAPPABLE_FIELDS: tuple[str, ...] = tabular.COLUMNS
UPLOAD_PREFIX = "review-import-"
_UPLOAD_MAX_AGE = 24 * 3600
_JOB_TTL = 24 * 3600
# A job that has not reported for this long died with its server process; its transaction rolled back.
JOB_STALE_AFTER = 600


class ImportRefused(ValueError):
    """An import refused before any record was written; the message names the file and why."""


# --- the import itself ----------------------------------------------------------------------------------


def previous_import(project: ReviewProject, sha256: str) -> ImportBatch | None:
    return project.imports.filter(sha256=sha256).select_related("source").order_by("-id").first()


def refuse_repeat(project: ReviewProject, sha256: str, file_name: str) -> None:
    earlier = previous_import(project, sha256)
    if earlier is not None:
        raise ImportRefused(
            f"{file_name}: this file was already imported into the review on {earlier.imported:%Y-%m-%d} "
            f"as {earlier.file_name!r} ({earlier.records} records from {earlier.source.name}); "
            "import it again only if you mean to (force)"
        )


def _char_limits() -> dict[str, int]:
    return {
        f.name: f.max_length
        for f in ReviewRecord._meta.get_fields()
        if f.name in ReviewRecord.RECORD_FIELDS and getattr(f, "max_length", None) and f.name != "url"
    }


def _check(record: Record, number: int, file_name: str, limits: dict[str, int]) -> None:
    """What the database would refuse, named like the engine's errors, before anything is written."""
    for name, limit in limits.items():
        value = getattr(record, name)
        if len(value) > limit:
            raise FormatError(file_name, number, f"{name} is longer than {limit} characters: {value[:60]!r}…")
    if record.year is not None and not 0 <= record.year <= 32767:
        raise FormatError(file_name, number, f"year {record.year} is not a year")


def _without(record: Record, skipped: dict[str, str]) -> Record:
    """Move fields the user said are not in the file back to extra under their column, as the reader would."""
    for name, column in skipped.items():
        value = getattr(record, name)
        if value in ("", None, []):
            continue
        record.extra[column] = "; ".join(value) if isinstance(value, list) else str(value)
        setattr(record, name, [] if isinstance(value, list) else None if name == "year" else "")
    return record


def _chunks(records: Iterable[Record], size: int) -> Iterator[list[Record]]:
    chunk: list[Record] = []
    for record in records:
        chunk.append(record)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def import_file(
    project: ReviewProject,
    source: ReviewSource,
    path: Path,
    *,
    fmt: str | None = None,
    mapping: dict[str, str] | None = None,
    user: Any,
    progress: Callable[[int], None] | None = None,
    force: bool = False,
    file_name: str = "",
) -> ImportBatch:
    """Import every record of PATH into PROJECT from SOURCE, or nothing (FormatError / ImportRefused).

    ``file_name`` is the name shown and stored (an upload is saved under a random name); ``fmt`` defaults to
    the extension of ``file_name``. In ``mapping`` (CSV/TSV/XLSX: {field: column}) an empty column means
    "this field is not in the file": the reader's guess for it is undone.
    """
    path = Path(path)
    name = file_name or path.name
    if source.project_id != project.pk:
        raise ImportRefused(f"{name}: the source {source.name!r} belongs to another review")
    try:
        fmt = format_for(Path(name), fmt).name
    except ValueError as error:
        raise ImportRefused(str(error)) from None
    sha256 = file_sha256(path)
    if not force:
        refuse_repeat(project, sha256, name)
    mapping = dict(mapping or {}) if fmt in TABULAR else {}
    given = {field: column for field, column in mapping.items() if column}
    skipped = _skipped_columns(path, fmt, name, mapping, given)
    try:
        batch = _write(project, source, path, fmt, given, skipped, sha256, name, user, progress)
    except FormatError as error:
        # The engine names the file on disk; the user knows it by the name it was uploaded under.
        raise FormatError(name, error.record_number, error.reason) from error
    return batch


def _skipped_columns(path: Path, fmt: str, name: str, mapping: dict[str, str], given: dict[str, str]) -> dict[str, str]:
    """{field: column} for the fields the user unmapped that the reader would otherwise guess."""
    unmapped = [field for field, column in mapping.items() if not column]
    if not unmapped:
        return {}
    header, _sample = read_columns(path, fmt, name)
    guessed = tabular.resolve_mapping(header, given, name)
    return {field: header[guessed[field]] for field in unmapped if field in guessed}


@transaction.atomic
def _write(
    project: ReviewProject,
    source: ReviewSource,
    path: Path,
    fmt: str,
    mapping: dict[str, str],
    skipped: dict[str, str],
    sha256: str,
    name: str,
    user: Any,
    progress: Callable[[int], None] | None,
) -> ImportBatch:
    importer = user if getattr(user, "pk", None) else None
    batch = ImportBatch.objects.create(
        project=project,
        source=source,
        file_name=name[:300],
        format=fmt,
        mapping=mapping,
        sha256=sha256,
        imported_by=importer,
    )
    limits = _char_limits()
    count = 0
    for chunk in _chunks(read(path, fmt, source=source.name, mapping=mapping or None), CHUNK):
        rows = []
        for record in chunk:
            count += 1
            _check(record, count, name, limits)
            rows.append(
                ReviewRecord.from_record(_without(record, skipped), project=project, source=source, batch=batch)
            )
        ReviewRecord.objects.bulk_create(rows)
        if progress is not None:
            progress(count)
    if count == 0:
        raise FormatError(name, 1, f"no records found in the file (read as {fmt})")
    batch.records = count
    batch.save(update_fields=["records"])
    record_event(project, user, "import", file=name, format=fmt, records=count, source=source.name, batch=batch.pk)
    return batch


def read_columns(path: Path, fmt: str, file_name: str = "") -> tuple[list[str], list[str]]:
    """The header row of a CSV, TSV or XLSX file and its first data row, for the column mapping step."""
    name = file_name or Path(path).name
    rows = tabular._xlsx_rows(path) if fmt == "xlsx" else tabular._csv_rows(path, "\t" if fmt == "tsv" else ",")
    try:
        header = next(rows, None)
        sample = next(rows, None) or []
    except FormatError as error:
        raise FormatError(name, error.record_number, error.reason) from error
    finally:
        rows.close()  # releases the file (and the workbook) the generator holds open
    if not header or not any(cell.strip() for cell in header):
        raise FormatError(name, 1, "empty file: no header row")
    header = [cell.strip() for cell in header]
    return header, [*sample, *[""] * (len(header) - len(sample))][: len(header)]


def guess_mapping(header: list[str], file_name: str) -> dict[str, str]:
    """{field: column} as the reader would map the header by itself."""
    return {field: header[index] for field, index in tabular.resolve_mapping(header, None, file_name).items()}


# --- uploads -------------------------------------------------------------------------------------------


def upload_dir() -> Path:
    directory = Path(settings.JES_UPLOAD_DIR)
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def new_upload_path() -> Path:
    """A fresh random path in the upload directory; the client's file name never reaches the file system."""
    sweep_stale_uploads()
    return upload_dir() / f"{UPLOAD_PREFIX}{secrets.token_hex(16)}"


def upload_path(token: str) -> Path:
    """The upload named by a token this module handed out (refuses anything else)."""
    if not token.startswith(UPLOAD_PREFIX) or not token[len(UPLOAD_PREFIX) :].isalnum():
        raise ImportRefused("the uploaded file is no longer available; upload it again")
    return upload_dir() / token


def sweep_stale_uploads() -> None:
    """Uploads abandoned at the mapping step are deleted after a day."""
    cutoff = time.time() - _UPLOAD_MAX_AGE
    for path in upload_dir().glob(f"{UPLOAD_PREFIX}*"):
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink()
        except OSError:
            pass  # another process removed it first


# --- background jobs -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportRequest:
    project_id: int
    source_id: int
    path: Path
    file_name: str
    fmt: str
    mapping: dict[str, str]
    user_id: int | None
    force: bool = False


def _job_key(job_id: str) -> str:
    return f"review:import-job:{job_id}"


def job_status(job_id: str) -> dict[str, Any] | None:
    status = cache.get(_job_key(job_id))
    if status and status["state"] in ("queued", "running") and time.time() - status["updated"] > JOB_STALE_AFTER:
        status = {**status, "state": "failed", "error": f"{status['file']}: the import stopped (server restarted)"}
    return status


def _set_job(job_id: str, **changes: Any) -> None:
    status = cache.get(_job_key(job_id)) or {}
    status.update(changes, updated=time.time())
    cache.set(_job_key(job_id), status, _JOB_TTL)


def start_import(request: ImportRequest) -> str:
    """Run the import in a thread (inline with JES_REVIEW_SYNC_JOBS); returns the job id to poll."""
    job_id = secrets.token_urlsafe(16)
    _set_job(job_id, project=request.project_id, file=request.file_name, state="queued", read=0, error="", batch=None)
    if settings.JES_REVIEW_SYNC_JOBS:
        _run(job_id, request)
    else:
        threading.Thread(
            target=_run_in_thread, args=(job_id, request), name=f"review-import-{job_id}", daemon=True
        ).start()
    return job_id


def _run_in_thread(job_id: str, request: ImportRequest) -> None:
    try:
        _run(job_id, request)
    finally:
        connection.close()  # the thread's own connection; Django would otherwise leak it


def _run(job_id: str, request: ImportRequest) -> None:
    _set_job(job_id, state="running")
    try:
        project = ReviewProject.objects.get(pk=request.project_id)
        source = project.sources.get(pk=request.source_id)
        user = get_user_model().objects.filter(pk=request.user_id).first()
        batch = import_file(
            project,
            source,
            request.path,
            fmt=request.fmt,
            mapping=request.mapping,
            user=user,
            progress=lambda n: _set_job(job_id, read=n),
            force=request.force,
            file_name=request.file_name,
        )
    except (FormatError, ImportRefused) as error:
        _set_job(job_id, state="failed", error=str(error))
    except Exception:
        log.exception("review import job %s failed", job_id)
        _set_job(job_id, state="failed", error=f"{request.file_name}: unexpected error while importing")
    else:
        _set_job(job_id, state="done", read=batch.records, batch=batch.pk)
    finally:
        request.path.unlink(missing_ok=True)
