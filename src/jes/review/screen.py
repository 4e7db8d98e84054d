"""What the screening page shows of a record (highlighted search terms, suggestions) and the full-text
stage's changes to a record (not retrieved, same study as), each audited."""

from __future__ import annotations

import html
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.db import transaction
from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe

from .audit import record_event
from .engine.query import QueryError, highlight_terms
from .engine.screening_checks import suggest
from .flow import check_settings
from .models import ReviewProject, ReviewRecord, Stage

log = logging.getLogger(__name__)


class ScreenError(ValueError):
    """A change that cannot be made; the message starts with the field's name."""


# --- highlighting -----------------------------------------------------------------------------------------


@lru_cache(maxsize=64)
def _patterns(terms: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    patterns: list[re.Pattern[str]] = []
    for term in terms:
        try:
            patterns += [re.compile(p) for p in highlight_terms(term)]
        except (QueryError, re.error) as exc:
            # A term the query language cannot read is just not highlighted; the protocol page reports it.
            log.info("highlight term %r skipped: %s", term, exc)
    return tuple(patterns)


def _spans(text: str, patterns: Sequence[re.Pattern[str]]) -> list[tuple[int, int]]:
    found = sorted((m.start(), m.end()) for p in patterns for m in p.finditer(text) if m.end() > m.start())
    merged: list[tuple[int, int]] = []
    for start, end in found:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def plain_text(text: str) -> str:
    """Abstracts from publishers carry markup (<p>, <i>, JATS tags, &amp;): reviewers should read the words,
    not the tags. The result is plain text, escaped again by ``highlight``."""
    return html.unescape(strip_tags(text))


def highlight(text: str, terms: Sequence[str]) -> SafeString:
    """TEXT as HTML with the search TERMS in <mark>, diacritics ignored (»beračenje« finds »beracenje«).

    The matches are found on the raw text and every piece of it is escaped before <mark> is added: matching
    escaped text instead would find terms inside entities (»amp« in »&amp;«) and miss phrases that span an
    escaped apostrophe. No unescaped record text reaches mark_safe."""
    pieces: list[str] = []
    position = 0
    for start, end in _spans(text, _patterns(tuple(terms))):
        pieces += [escape(text[position:start]), "<mark>", escape(text[start:end]), "</mark>"]
        position = end
    pieces.append(escape(text[position:]))
    return mark_safe("".join(pieces))  # noqa: S308 -- every piece of record text above is escaped


# --- suggestions ------------------------------------------------------------------------------------------

# Words that identify the protocol's exclusion reason a check points to; the reasons are free text,
# so they are matched by what they say (English and Slovenian), the most specific words first.
_REASON_WORDS: dict[str, tuple[str, ...]] = {
    "language": ("language", "jezik"),
    "year_range": ("year", "published before", "published after", "date", "leto", "letnic"),
    "thesis": ("thesis", "theses", "dissertation", "diplom", "magistr", "disertacij"),
    "conference_abstract": ("conference abstract", "conference", "konferen", "povzet"),
    "fiction": ("fiction", "leposlov"),
    "translation": ("translation", "prevod"),
    "study_material": ("study material", "textbook", "gradiv", "učbenik"),
}
_TYPE_WORDS = ("publication type", "type", "vrsta", "tip ")


@dataclass(frozen=True)
class ShownSuggestion:
    reason: str  # the check's explanation, shown as is
    check: str
    exclusion_reason: str  # the protocol's matching exclusion reason, "" when none matches


def matching_reason(criterion: str, reasons: Sequence[str]) -> str:
    words = _REASON_WORDS.get(criterion, ())
    if criterion not in ("language", "year_range"):
        words = (*words, *_TYPE_WORDS)
    for word in words:
        for reason in reasons:
            if word in reason.casefold():
                return reason
    return ""


def suggestions(project: ReviewProject, record: ReviewRecord) -> list[ShownSuggestion]:
    """The automatic checks' suggestions for RECORD; shown to the reviewer, never applied."""
    reasons = project.reasons()
    return [
        ShownSuggestion(s.reason, s.check, matching_reason(s.criterion, reasons))
        for s in suggest(record.to_record(), check_settings(project))
    ]


# --- links ------------------------------------------------------------------------------------------------


def safe_url(url: str) -> str:
    """URL if it is http(s); imported files can hold anything, and a javascript: link must never render."""
    return url if re.match(r"https?://", url.strip(), re.IGNORECASE) else ""


def doi_url(doi: str) -> str:
    doi = re.sub(r"^(https?://(dx\.)?doi\.org/|doi:\s*)", "", doi.strip(), flags=re.IGNORECASE)
    return f"https://doi.org/{doi}" if doi.startswith("10.") else ""


# --- full-text stage changes ------------------------------------------------------------------------------


@transaction.atomic
def set_retrieved(record: ReviewRecord, user: Any, retrieved: bool | None) -> None:
    """Mark RECORD's full text as not retrieved (False) or undo that (None: not yet known)."""
    previous = record.retrieved
    if previous == retrieved:
        return
    record.retrieved = retrieved
    record.save(update_fields=["retrieved"])
    record_event(
        record.project,
        user,
        "full_text_retrieval",
        record=record,
        stage=Stage.FULL_TEXT,
        retrieved=retrieved,
        previous=previous,
    )


STUDY_MAX = ReviewRecord._meta.get_field("study").max_length


@transaction.atomic
def set_study(record: ReviewRecord, user: Any, study: str) -> list[int]:
    """Label RECORD as a report of STUDY (reports of one study share the label); returns the other
    records that share it. The audit keeps those ids, not the label, which may name an author."""
    study = " ".join(study.split())
    if len(study) > (STUDY_MAX or 100):
        raise ScreenError(f"study: at most {STUDY_MAX} characters, got {len(study)}")
    if study == record.study:
        return same_study(record)
    had = bool(record.study)
    record.study = study
    record.save(update_fields=["study"])
    linked = same_study(record)
    record_event(
        record.project,
        user,
        "study_set",
        record=record,
        stage=Stage.FULL_TEXT,
        cleared=not study,
        replaced=had,
        same_study_as=linked,
    )
    return linked


def same_study(record: ReviewRecord) -> list[int]:
    """The other records labelled as reports of RECORD's study."""
    if not record.study:
        return []
    others = record.project.records.filter(study=record.study).exclude(pk=record.pk)
    return list(others.values_list("id", flat=True))
