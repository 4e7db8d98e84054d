"""A learning module as a reader sees it in one language: every text picked, English where a translation is
missing, and a record of whether any text shown was machine-made or fell back to English."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .learning import Module, Paragraph, Text

SeedRange = tuple[int, int]


@dataclass(frozen=True)
class ParagraphText:
    text: str
    seed_lines: tuple[SeedRange, ...]


@dataclass(frozen=True)
class SectionText:
    id: str
    heading: str
    paragraphs: tuple[ParagraphText, ...]


@dataclass(frozen=True)
class OptionText:
    id: str
    text: str


@dataclass(frozen=True)
class QuestionText:
    id: str
    kind: str
    prompt: str
    options: tuple[OptionText, ...]


@dataclass(frozen=True)
class HelpText:
    heading: str
    paragraphs: tuple[ParagraphText, ...]
    services: tuple[str, ...]


@dataclass(frozen=True)
class ModuleText:
    id: str
    language: str
    title: str
    summary: str
    content_note: str | None
    sections: tuple[SectionText, ...]
    questions: tuple[QuestionText, ...]
    help: HelpText | None
    machine_translated: bool  # some text shown is an unreviewed machine-assisted translation
    fallback: bool  # some text has no translation in ``language`` and is shown in English


class Picker:
    """Picks each text's wording in one language and remembers whether any was machine-made or English."""

    def __init__(self, language: str) -> None:
        self.language = language
        self.machine_translated = False
        self.fallback = False

    def __call__(self, text: Text) -> str:
        wording = text.get(self.language)
        self.machine_translated |= wording.machine_translated
        self.fallback |= wording.language != self.language
        return wording.text

    def paragraphs(self, paragraphs: Sequence[Paragraph]) -> tuple[ParagraphText, ...]:
        return tuple(ParagraphText(self(p.text), p.seed_lines) for p in paragraphs)


def localise(module: Module, language: str) -> ModuleText:
    pick = Picker(language)
    sections = tuple(SectionText(s.id, pick(s.heading), pick.paragraphs(s.paragraphs)) for s in module.sections)
    questions = tuple(
        QuestionText(q.id, q.kind, pick(q.prompt), tuple(OptionText(o.id, pick(o.text)) for o in q.options))
        for q in module.questions
    )
    help_text = None
    if module.help is not None:
        help_text = HelpText(pick(module.help.heading), pick.paragraphs(module.help.paragraphs), module.help.services)
    return ModuleText(
        id=module.id,
        language=language,
        title=pick(module.title),
        summary=pick(module.summary),
        content_note=pick(module.content_note) if module.content_note is not None else None,
        sections=sections,
        questions=questions,
        help=help_text,
        machine_translated=pick.machine_translated,
        fallback=pick.fallback,
    )
