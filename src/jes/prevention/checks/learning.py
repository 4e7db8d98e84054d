"""Learning paths: short modules built from the seed report's own cases, each with a quiz, and the grader.

A module is data (data/prevention/learning/<id>.yaml, described in the README.md there): plain-language
sections whose every paragraph names the seed lines it rests on, links to the catalogue and the service
directory, and a quiz whose every explanation cites the seed. English is the source text; other languages are
machine-assisted until a native speaker sets ``reviewed: true``, and every accessor says which one it used.

Pure Python (pydantic and PyYAML, no Django): the web pages, the PDF export and the CLI are built on
``load_modules``, ``get_module``, ``Module.text`` and ``grade``. Grading needs nothing but the answers: no
name, no account, nothing stored.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, RootModel, ValidationError, model_validator

from .learning_links import Sources, check_links, read_yaml
from .learning_quiz import AnswerError, QuestionResult, QuizResult, grade
from .learning_view import ModuleText, SeedRange, localise

__all__ = [  # the public API, re-exported from the quiz and view modules
    "AUDIENCES",
    "KINDS",
    "AnswerError",
    "CatalogueLink",
    "Help",
    "LearningError",
    "Module",
    "ModuleText",
    "Option",
    "Paragraph",
    "Question",
    "QuestionResult",
    "QuizResult",
    "Reading",
    "SeedRange",
    "Section",
    "Text",
    "Wording",
    "default_root",
    "get_module",
    "grade",
    "load_module",
    "load_modules",
]

SOURCE_LANGUAGE = "en"
Audience = Literal["students_14_plus", "teachers", "general_public", "workers", "professionals"]
AUDIENCES: dict[str, str] = {
    "students_14_plus": "Students aged 14 and over",
    "teachers": "Teachers and youth workers",
    "general_public": "General public",
    "workers": "Workers and job seekers",
    "professionals": "Frontline professionals",
}
KINDS: dict[str, str] = {
    "single": "Choose one answer",
    "multiple": "Choose every answer that is right",
    "true_false": "True or false",
}
# The two options of a true/false question, so that the data need not repeat them in every module.
TRUE_FALSE: dict[str, tuple[str, str]] = {
    "en": ("True", "False"),
    "sl": ("Drži", "Ne drži"),
    "it": ("Vero", "Falso"),
    "es": ("Verdadero", "Falso"),
    "fi": ("Totta", "Tarua"),
    "nl": ("Waar", "Niet waar"),
    "fr": ("Vrai", "Faux"),
    "uk": ("Правда", "Неправда"),
}

Slug = Annotated[str, Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=60)]
OptionId = Annotated[str, Field(pattern=r"^[a-z0-9_]+$", max_length=20)]
Language = Annotated[str, Field(pattern=r"^[a-z]{2}$")]
Country = Literal["SI", "BE", "FI", "IT", "ES"]
NonEmpty = Annotated[str, Field(min_length=1)]


class LearningError(ValueError):
    """A module file that cannot be used; the message names the file, and the question or field."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


@dataclass(frozen=True)
class Wording:
    text: str
    language: str  # the language of ``text``: the one asked for, or English when there is no translation
    machine_translated: bool  # True: a machine-assisted translation no native speaker has reviewed yet


class Translation(_Strict):
    text: NonEmpty
    reviewed: bool = False


class Text(RootModel[dict[Language, str | Translation]]):
    """One text in every language it exists in: ``{en: "...", sl: {text: "...", reviewed: false}}``."""

    model_config = ConfigDict(frozen=True)

    @model_validator(mode="after")
    def _english_is_the_source(self) -> Text:
        source = self.root.get(SOURCE_LANGUAGE)
        if not isinstance(source, str) or not source.strip():
            raise ValueError('the English source text is missing (en: "...")')
        return self

    @property
    def languages(self) -> frozenset[str]:
        return frozenset(self.root)

    def get(self, language: str) -> Wording:
        """The text in LANGUAGE, else the English source (never a silent blank)."""
        value = self.root.get(language)
        if isinstance(value, Translation):
            return Wording(value.text, language, not value.reviewed)
        if isinstance(value, str) and value.strip():
            return Wording(value.strip(), language, False)
        return Wording(str(self.root[SOURCE_LANGUAGE]).strip(), SOURCE_LANGUAGE, False)


def _seed_ranges(value: Any) -> Any:
    """``[from, to]`` or a list of them, so a paragraph resting on two places of the seed can cite both."""
    if isinstance(value, list | tuple) and len(value) == 2 and all(isinstance(v, int) for v in value):
        return [value]
    return value


def _quotes(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


SeedLines = Annotated[tuple[tuple[int, int], ...], BeforeValidator(_seed_ranges), Field(min_length=1)]
# At least a few words: a two-letter quote would be found anywhere and check nothing.
Quote = Annotated[str, Field(min_length=8)]
Quotes = Annotated[tuple[Quote, ...], BeforeValidator(_quotes), Field(min_length=1)]


class _Cited(_Strict):
    seed_lines: SeedLines
    quote: Quotes  # the seed's words (as the OCR prints them), found within seed_lines: checks the line numbers

    @model_validator(mode="after")
    def _ranges_run_forward(self) -> _Cited:
        for start, end in self.seed_lines:
            if not 1 <= start <= end:
                raise ValueError(f"seed_lines [{start}, {end}]: expected 1 <= from <= to")
        return self


class Paragraph(_Cited):
    text: Text


class Section(_Strict):
    id: Slug
    heading: Text
    paragraphs: Annotated[tuple[Paragraph, ...], Field(min_length=1)]


class Option(_Strict):
    id: OptionId
    text: Text


class Question(_Cited):
    id: Slug
    kind: Literal["single", "multiple", "true_false"]
    prompt: Text
    options: tuple[Option, ...] = ()
    correct: Annotated[tuple[OptionId, ...], Field(min_length=1)]
    explanation: Text

    @model_validator(mode="before")
    @classmethod
    def _true_false_options(cls, data: Any) -> Any:
        if isinstance(data, dict) and data.get("kind") == "true_false" and not data.get("options"):
            data = {**data, "options": [_true_false_option(0), _true_false_option(1)]}
        return data

    @model_validator(mode="after")
    def _answers_fit_the_options(self) -> Question:
        where = f"question {self.id!r}"
        ids = [o.id for o in self.options]
        if len(ids) < 2 or len(ids) != len(set(ids)):
            raise ValueError(f"{where}: options need at least two, with different ids (got {ids})")
        unknown = [c for c in self.correct if c not in ids]
        if unknown:
            raise ValueError(f"{where}: correct option(s) {unknown} are not among the options {ids}")
        if len(set(self.correct)) != len(self.correct):
            raise ValueError(f"{where}: correct repeats an option")
        if self.kind != "multiple" and len(self.correct) != 1:
            raise ValueError(f"{where}: a {self.kind} question has exactly one correct option")
        if self.kind == "true_false" and sorted(ids) != ["false", "true"]:
            raise ValueError(f"{where}: a true_false question has the options 'true' and 'false' only")
        return self

    def option_ids(self) -> tuple[str, ...]:
        return tuple(o.id for o in self.options)


def _true_false_option(index: int) -> dict[str, Any]:
    text: dict[str, Any] = {SOURCE_LANGUAGE: TRUE_FALSE[SOURCE_LANGUAGE][index]}
    text.update({lang: {"text": pair[index], "reviewed": False} for lang, pair in TRUE_FALSE.items() if lang != "en"})
    return {"id": ("true", "false")[index], "text": text}


class Quiz(_Strict):
    questions: Annotated[tuple[Question, ...], Field(min_length=1)]


class CatalogueLink(_Strict):
    """A catalogue entry, keyed as the catalogue keys it: country, section and the seed line it starts on."""

    country: Country
    section: Literal["research", "project", "practice", "other", "case_study", "student_contribution"]
    seed_line: Annotated[int, Field(ge=1)]
    role: Literal["source", "related"] = "related"


class Reading(_Strict):
    """Further reading: a reference of data/catalogue/references.yaml, or a catalogue entry (student articles
    and blogs have no reference key), with its title and address copied exactly from there."""

    reference: str | None = None
    catalogue: CatalogueLink | None = None
    authors: tuple[str, ...] = ()
    year: str = ""
    title: str
    url: str
    note: str = ""

    @model_validator(mode="after")
    def _one_target(self) -> Reading:
        if (self.reference is None) == (self.catalogue is None):
            raise ValueError("further_reading: give either reference (a key) or catalogue (an entry), not both")
        return self

    @property
    def key(self) -> str:
        if self.reference is not None:
            return self.reference
        assert self.catalogue is not None
        return f"{self.catalogue.country}/{self.catalogue.section}/{self.catalogue.seed_line}"


class Help(_Strict):
    heading: Text
    paragraphs: Annotated[tuple[Paragraph, ...], Field(min_length=1)]
    services: Annotated[tuple[Slug, ...], Field(min_length=1)]  # ids in data/referral/services/<cc>.yaml


class Module(_Strict):
    id: Slug
    order: int = 100
    country: Country | None = None
    audience: Annotated[tuple[Audience, ...], Field(min_length=1)]
    minutes: Annotated[int, Field(ge=1, le=120)]
    languages: Annotated[tuple[Language, ...], Field(min_length=1)]  # every text of the module exists in these
    forms: tuple[str, ...] = ()
    title: Text
    summary: Text
    content_note: Text | None = None  # what the module talks about, so that a reader can choose to stop
    sections: Annotated[tuple[Section, ...], Field(min_length=1)]
    catalogue: tuple[CatalogueLink, ...] = ()
    indicators: tuple[str, ...] = ()  # ids in data/referral/indicators/*.yaml the case illustrates
    further_reading: tuple[Reading, ...] = ()
    quiz: Quiz
    help: Help | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Module:
        if SOURCE_LANGUAGE not in self.languages:
            raise ValueError("languages: English (en) is the source and must be listed")
        for name, ids in (("section", [s.id for s in self.sections]), ("question", self.question_ids())):
            repeated = sorted({i for i in ids if ids.count(i) > 1})
            if repeated:
                raise ValueError(f"{name} ids repeat: {repeated}")
        for where, text in self.texts():
            missing = [lang for lang in self.languages if lang not in text.languages]
            if missing:
                raise ValueError(f"{where}: no text in {missing}, which languages lists as complete")
        return self

    @property
    def questions(self) -> tuple[Question, ...]:
        return self.quiz.questions

    def question_ids(self) -> list[str]:
        return [q.id for q in self.quiz.questions]

    def question(self, question_id: str) -> Question:
        for q in self.quiz.questions:
            if q.id == question_id:
                return q
        raise KeyError(question_id)

    def texts(self) -> Iterator[tuple[str, Text]]:
        """Every text of the module with where it sits, e.g. ``question 'payslip' option 'a'``."""
        yield "title", self.title
        yield "summary", self.summary
        if self.content_note is not None:
            yield "content_note", self.content_note
        for s in self.sections:
            yield f"section {s.id!r} heading", s.heading
            for n, p in enumerate(s.paragraphs, start=1):
                yield f"section {s.id!r} paragraph {n}", p.text
        for q in self.quiz.questions:
            yield f"question {q.id!r} prompt", q.prompt
            for o in q.options:
                yield f"question {q.id!r} option {o.id!r}", o.text
            yield f"question {q.id!r} explanation", q.explanation
        if self.help is not None:
            yield "help heading", self.help.heading
            for n, p in enumerate(self.help.paragraphs, start=1):
                yield f"help paragraph {n}", p.text

    def seed_ranges(self) -> Iterator[tuple[str, tuple[SeedRange, ...], tuple[str, ...]]]:
        """Every citation of the module: where it sits, its seed ranges and its quotes."""
        for s in self.sections:
            for n, p in enumerate(s.paragraphs, start=1):
                yield f"section {s.id!r} paragraph {n}", p.seed_lines, p.quote
        for q in self.quiz.questions:
            yield f"question {q.id!r}", q.seed_lines, q.quote
        if self.help is not None:
            for n, p in enumerate(self.help.paragraphs, start=1):
                yield f"help paragraph {n}", p.seed_lines, p.quote

    def text(self, language: str = SOURCE_LANGUAGE) -> ModuleText:
        """The module as a reader sees it in LANGUAGE, English where a text has no translation; the quiz
        without its answers (``grade`` gives those)."""
        return localise(self, language)


def default_root() -> Path:
    """data/prevention/learning under JES_CONTENT_DIR, as settings.CONTENT_DIR reads it, else beside the checkout."""
    content = os.environ.get("JES_CONTENT_DIR")
    base = Path(content) if content else Path(__file__).resolve().parents[4] / "data"
    return base / "prevention" / "learning"


def _describe(exc: ValidationError, raw: Any) -> str:
    return "; ".join(f"field {_where(raw, err['loc'])}: {err['msg']}" for err in exc.errors())


def _where(raw: Any, loc: tuple[int | str, ...]) -> str:
    """``quiz.questions[pay-slip].correct`` rather than ``quiz.questions.0.correct``: name items by their id."""
    out, node = "", raw
    for key in loc:
        if isinstance(key, int):
            node = node[key] if isinstance(node, list) and key < len(node) else None
            label = node.get("id") if isinstance(node, dict) else None
            out += f"[{label if label is not None else key}]"
        else:
            node = node.get(key) if isinstance(node, dict) else None
            out += f".{key}" if out else key
    return out or "(top level)"


def load_module(path: Path) -> Module:
    """Read and validate one module file; its id must be its file name."""
    try:
        raw = read_yaml(path)
    except ValueError as exc:
        raise LearningError(str(exc)) from exc
    try:
        module = Module.model_validate(raw)
    except ValidationError as exc:
        raise LearningError(f"{path}: {_describe(exc, raw)}") from exc
    if module.id != path.stem:
        raise LearningError(f"{path}: id {module.id!r} does not match the file name {path.name}")
    return module


def load_modules(
    path: Path | None = None,
    *,
    seed: Path | None = None,
    services_dir: Path | None = None,
    catalogue_dir: Path | None = None,
    indicators_dir: Path | None = None,
) -> list[Module]:
    """Every module under PATH (a folder of <id>.yaml, or one file), in reading order.

    With SEED (the report's text file) every cited line must exist and every quote be found at its lines; with
    SERVICES_DIR every service id must be in the directory; with CATALOGUE_DIR every catalogue link and further
    reading must match the catalogue and references.yaml; with INDICATORS_DIR every indicator id must exist.
    The first problem refuses the whole set, and its message names the file and the question or field.
    """
    root = path if path is not None else default_root()
    files = [root] if root.is_file() else sorted(root.glob("*.yaml"))
    if not files:
        raise LearningError(f"{root}: no module files (*.yaml)")
    # Ids are unique because each must equal its file name, and a folder holds a name once.
    modules = [load_module(f) for f in files]
    sources = Sources.read(
        seed=seed, services_dir=services_dir, catalogue_dir=catalogue_dir, indicators_dir=indicators_dir
    )
    for module, file in zip(modules, files, strict=True):
        problems = check_links(module, sources)
        if problems:
            raise LearningError(f"{file}: {problems[0]}" + (f" (and {len(problems) - 1} more)" if problems[1:] else ""))
    return sorted(modules, key=lambda m: (m.order, m.id))


def get_module(modules: Sequence[Module], module_id: str) -> Module:
    for module in modules:
        if module.id == module_id:
            return module
    raise KeyError(f"no learning module {module_id!r} (there are: {', '.join(m.id for m in modules)})")
