"""The catalogue's named functions: load the bundled content, export, import, add entries.

Other pillars and the CLI go through these, never through the models directly.
Every write runs in one transaction: a bad file leaves the database unchanged.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction

from .content.loader import Catalogue, load_catalogue
from .content.schema import COUNTRY_ORDER, ENTRY_MODELS, EntryBase
from .models import (
    SECTION_MODELS,
    TAG_VOCABULARIES,
    TEMPLATE_FIELDS,
    Entry,
    PrismaRow,
    Reference,
    ReportText,
    Statistic,
    Tag,
    TagKind,
)

LIST_FIELDS = {"authors", "writers"}  # stored as "; "-joined text, exchanged as lists
TAG_KEYS = {"forms": TagKind.FORM, "target_groups": TagKind.TARGET, "actions": TagKind.ACTION}


def content_root() -> Path:
    return Path(settings.CONTENT_DIR) / "catalogue"


def ensure_tags() -> dict[tuple[str, str], Tag]:
    tags = {}
    for kind, vocabulary in TAG_VOCABULARIES.items():
        for code, label in vocabulary.items():
            tag, _ = Tag.objects.update_or_create(kind=kind, code=code, defaults={"label": label})
            tags[(str(kind), code)] = tag
    return tags


def entry_kwargs(section: str, data: dict[str, Any]) -> dict[str, Any]:
    """Model field values from a validated entry's data (content schema names)."""
    kwargs: dict[str, Any] = {}
    for key in ("row", "title", "year", "links", "seed_line", "missing", "notes"):
        if key in data:
            kwargs[key] = data[key] if data[key] is not None or key in ("row", "year", "seed_line") else ""
    for key, value in data.items():
        if key in TEMPLATE_FIELDS[section]:
            kwargs[key] = "; ".join(value) if key in LIST_FIELDS else value
    return kwargs


def create_entry(country: str, section: str, entry: EntryBase, tags: dict[tuple[str, str], Tag]) -> Entry:
    data = entry.model_dump()
    obj = SECTION_MODELS[section](country=country, section=section, **entry_kwargs(section, data))
    obj.save()
    set_tags(obj, data.get("tags") or {}, tags)
    return obj


def set_tags(obj: Entry, tag_data: dict[str, list[str]], tags: dict[tuple[str, str], Tag]) -> None:
    chosen = [tags[(str(kind), code)] for key, kind in TAG_KEYS.items() for code in tag_data.get(key, [])]
    obj.tags.set(chosen)


@transaction.atomic
def load_bundled(root: Path | None = None, replace: bool = False) -> dict[str, int]:
    """Load data/catalogue into the database. Without ``replace``, an already loaded catalogue is kept."""
    cat = load_catalogue(root or content_root())  # validates every file before anything is written
    if Entry.objects.exists() and not replace:
        return {"entries": Entry.objects.count(), "loaded": 0}
    if replace:
        for model in (Entry, Statistic, PrismaRow, ReportText, Reference):
            model.objects.all().delete()
    return _write_catalogue(cat)


def _write_catalogue(cat: Catalogue) -> dict[str, int]:
    tags = ensure_tags()
    n = 0
    for section in cat.sections:
        for entry in section.entries:
            create_entry(section.meta.country, section.meta.section, entry, tags)
            n += 1
        ReportText.objects.update_or_create(
            country=section.meta.country,
            key=f"section-{section.meta.section}",
            defaults={
                "heading": section.meta.heading,
                "text": section.meta.intro,
                "seed_line": section.meta.seed_lines[0],
                "position": 100 + list(ENTRY_MODELS).index(section.meta.section),
            },
        )
        if section.meta.missing:
            ReportText.objects.update_or_create(
                country=section.meta.country,
                key=f"missing-{section.meta.section}",
                defaults={"heading": "Lost in the OCR", "text": section.meta.missing, "position": 200},
            )
    for country, stats in cat.statistics.items():
        Statistic.objects.bulk_create(
            Statistic(country=country, **{**s.model_dump(), "value": s.number, "value_text": s.value}) for s in stats
        )
    for country, prisma in cat.prisma.items():
        PrismaRow.objects.bulk_create(
            PrismaRow(country=country, position=i, **row.model_dump()) for i, row in enumerate(prisma.rows)
        )
        ReportText.objects.update_or_create(
            country=country,
            key="prisma",
            defaults={"heading": prisma.title, "text": prisma.footnote, "seed_line": prisma.seed_line, "position": 50},
        )
    for country, sections in cat.prose.items():
        for i, prose in enumerate(sections):
            ReportText.objects.update_or_create(
                country=country,
                key=prose.key,
                defaults={"heading": prose.heading, "text": prose.text, "seed_line": prose.seed_line, "position": i},
            )
    Reference.objects.bulk_create(Reference(**ref.model_dump()) for ref in cat.references)
    if cat.references_missing:
        ReportText.objects.update_or_create(
            country="SI", key="references-missing", defaults={"heading": "References", "text": cat.references_missing}
        )
    return {"entries": n, "loaded": n, "statistics": Statistic.objects.count(), "references": len(cat.references)}


def entry_record(entry: Entry) -> dict[str, Any]:
    """One entry as exchanged (export, API, workbook): content schema names plus country and section."""
    detail = entry.detail
    record: dict[str, Any] = {
        "id": entry.pk,
        "country": entry.country,
        "section": entry.section,
        "row": entry.row,
        "title": entry.display_title,
        "authors": [],
        "year": entry.year,
        "links": list(entry.links),
        "seed_line": entry.seed_line,
    }
    for name in TEMPLATE_FIELDS[entry.section]:
        value = getattr(detail, name, "")
        record[name] = [v for v in value.split("; ") if v] if name in LIST_FIELDS else value
    if entry.section == "project":
        record["authors"] = [entry.detail.author_organisation] if entry.detail.author_organisation else []
    if entry.section == "student_contribution":
        record["authors"] = record["writers"]
    tag_codes: dict[str, list[str]] = {key: [] for key in TAG_KEYS}
    for tag in entry.tags.all():
        key = next(k for k, kind in TAG_KEYS.items() if kind == tag.kind)
        tag_codes[key].append(tag.code)
    record["tags"] = tag_codes
    record["missing"] = list(entry.missing)
    record["notes"] = entry.notes
    return record


def export_records(entries: Iterable[Entry] | None = None) -> list[dict[str, Any]]:
    qs = entries if entries is not None else all_entries()
    return [entry_record(e) for e in qs]


def all_entries() -> Any:
    return (
        Entry.objects.in_report_order()
        .select_related(*[m.__name__.lower() for m in SECTION_MODELS.values()])
        .prefetch_related("tags")
    )


def countries_overview() -> list[dict[str, Any]]:
    from django.db.models import Count

    from .content.schema import COUNTRIES, SECTIONS

    counts: dict[str, dict[str, int]] = {}
    for row in Entry.objects.values("country", "section").annotate(n=Count("id")):
        counts.setdefault(row["country"], {})[row["section"]] = row["n"]
    return [
        {
            "code": code,
            "name": COUNTRIES[code],
            "total": sum(counts.get(code, {}).values()),
            "sections": [
                {"code": s, "label": SECTIONS[s], "count": counts.get(code, {}).get(s, 0)}
                for s in SECTIONS
                if counts.get(code, {}).get(s)
            ],
        }
        for code in COUNTRY_ORDER
    ]


def statistics_overview() -> list[dict[str, Any]]:
    """The figures the report states (not graph points), grouped by country in the report's order."""
    from .content.schema import COUNTRIES

    stats = list(Statistic.objects.filter(graph="").order_by("seed_line", "id"))
    return [
        {"name": COUNTRIES[code], "statistics": [s for s in stats if s.country == code]}
        for code in COUNTRY_ORDER
        if any(s.country == code for s in stats)
    ]


# The catalogue's countries as ISO 3166-1 alpha-3, for pillars that store alpha-3 codes.
ALPHA3 = {"SI": "SVN", "BE": "BEL", "FI": "FIN", "IT": "ITA", "ES": "ESP"}


def published_statistics() -> list[dict[str, Any]]:
    """Every figure the report states (graph points included), as plain values for other pillars.

    ``country_alpha3`` is set only where the figure's place is the report section's own country; a place such
    as "Finland or Sweden" keeps its text and gets no code rather than a guessed one.
    """
    from .content.schema import COUNTRIES

    out = []
    for stat in Statistic.objects.order_by("country", "seed_line", "id"):
        own = stat.place.strip().lower() == COUNTRIES[stat.country].lower()
        out.append(
            {
                "country": stat.country,
                "country_alpha3": ALPHA3.get(stat.country, "") if own else "",
                "what": stat.what,
                "value": stat.value,
                "value_text": stat.value_display,
                "unit": stat.unit,
                "period": stat.period,
                "place": stat.place,
                "source": stat.source,
                "seed_line": stat.seed_line,
                "graph": stat.graph,
            }
        )
    return out


EDITOR_GROUP = "Catalogue editors"


def make_editor(username: str, country: str, email: str = "") -> tuple[Any, bool]:
    """A staff user who may edit the catalogue entries of one country (least privilege)."""
    from django.contrib.auth.models import Group, Permission, User

    from .models import EditorProfile

    group, _ = Group.objects.get_or_create(name=EDITOR_GROUP)
    models = [
        "study",
        "project",
        "practice",
        "initiative",
        "casestudy",
        "studentcontribution",
        "statistic",
        "reporttext",
    ]
    codenames = [f"{action}_{m}" for m in models for action in ("view", "add", "change", "delete")]
    group.permissions.set(Permission.objects.filter(content_type__app_label="catalogue", codename__in=codenames))
    user, created = User.objects.get_or_create(username=username, defaults={"email": email})
    if created:
        user.set_unusable_password()
    user.is_staff = True
    user.save()
    user.groups.add(group)
    EditorProfile.objects.update_or_create(user=user, defaults={"country": country})
    return user, created


@transaction.atomic
def add_study_from_review(
    country: str, fields: dict[str, Any], *, title: str = "", links: list[str] | None = None
) -> Entry:
    """A research entry (a Study row, returned) extracted from a systematic review's included record.

    FIELDS takes the research template's content names (authors as a list, year, year_label, purpose,
    study_type, data_collection, participants_sampling, main_findings, notes). They are validated by the
    content schema, as a bundled file would be; a ValueError names the offending field.
    """
    from pydantic import ValidationError

    from .content.schema import COUNTRIES
    from .content.schema import Study as StudySchema

    if country not in COUNTRIES:
        raise ValueError(f"country: unknown country {country!r}; known: {', '.join(COUNTRIES)}")
    try:
        entry = StudySchema(**{**fields, "title": title, "links": list(links or [])})
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'entry'}: {e['msg']}" for e in exc.errors())
        raise ValueError(problems) from None
    return create_entry(country, "research", entry, {})
