"""Partner workflow: the national report template out, the filled-in workbook back in, atomically."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.db import transaction

from .content.workbook import WorkbookError, read_workbook, write_template
from .models import SECTION_MODELS, Entry
from .services import all_entries, ensure_tags, entry_kwargs, entry_record, set_tags


def write_country_template(country: str, path: Path) -> int:
    records: dict[str, list[dict[str, Any]]] = {}
    for entry in all_entries().filter(country=country):
        record = entry_record(entry)
        record["title"] = entry.title  # the stored title, not the display fallback
        records.setdefault(entry.section, []).append(record)
    write_template(path, country, records)
    return sum(len(v) for v in records.values())


def import_workbook(path: Path) -> dict[str, Any]:
    """Create or update the workbook's entries; refuse the whole file on the first inconsistency."""
    country, rows = read_workbook(path)
    summary = {"file": path.name, "country": country, "created": 0, "updated": 0, "unchanged": 0}
    problems: list[str] = []
    with transaction.atomic():
        tags = ensure_tags()
        for row in rows:
            where = f"sheet {row.section!r}, row {row.sheet_row}, column A (id)"
            model = SECTION_MODELS[row.section]
            kwargs = entry_kwargs(row.section, row.data)
            if row.id is None:
                obj = model(country=country, section=row.section, **kwargs)
                obj.save()
                summary["created"] += 1
            else:
                obj = model.objects.filter(pk=row.id).first()
                if obj is None or obj.country != country:
                    problems.append(f"{where}: no {row.section} entry {row.id} of {country} in the catalogue")
                    continue
                before = _snapshot(obj)
                for key, value in kwargs.items():
                    setattr(obj, key, value)
                changed = _snapshot(obj) != before
                if changed:
                    obj.save()
                summary["updated" if changed else "unchanged"] += 1
            set_tags(obj, row.data.get("tags") or {}, tags)
        if problems:
            transaction.set_rollback(True)
    if problems:
        raise WorkbookError(path, problems)
    return summary


def _snapshot(obj: Entry) -> dict[str, Any]:
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields if f.attname not in {"updated"}}
