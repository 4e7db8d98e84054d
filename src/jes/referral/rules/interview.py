"""The indicator interview: plain-language questions, each tied to indicators, asked in the person's language.

A question bank is data (data/referral/interview/questions.yaml): every question names the indicators a
"yes" points to, its wording per language, and whether each translation has been reviewed by a native
speaker (machine-assisted translations are marked and shown as such until they are). Answers are "yes",
"no", "unsure" or "skip" (prefer not to say); only "yes" marks indicators. The interview can stop after
any answer and resume from the saved answers: the state is just the answers so far.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Any

import yaml

ANSWERS = ("yes", "no", "unsure", "skip")
SOURCE_LANGUAGE = "en"


class BankError(ValueError):
    """A question bank that cannot be used; the message names the file, question and field."""


@dataclass(frozen=True)
class Wording:
    text: str
    reviewed: bool  # False: machine-assisted, needs review by a native speaker


@dataclass(frozen=True)
class Question:
    id: str
    indicators: tuple[str, ...]
    wording: Mapping[str, Wording]
    groups: frozenset[str] = frozenset()  # empty: asked of everyone; else only for these profile groups
    topic: str = ""

    def text(self, language: str) -> Wording:
        """The wording in LANGUAGE, or the English source when there is none (never a silent blank)."""
        return self.wording.get(language) or self.wording[SOURCE_LANGUAGE]


@dataclass(frozen=True)
class Bank:
    version: str
    languages: tuple[str, ...]
    questions: tuple[Question, ...]
    notes: Mapping[str, str] = field(default_factory=dict)

    def for_groups(self, groups: Iterable[str]) -> list[Question]:
        wanted = set(groups)
        return [q for q in self.questions if not q.groups or q.groups & wanted]

    def unreviewed(self, language: str) -> int:
        return sum(1 for q in self.questions if language in q.wording and not q.wording[language].reviewed)


def profile_groups(profile: Mapping[str, Any]) -> set[str]:
    """Which ILO/EC groups apply: child or adult; labour or sexual exploitation (both when unknown)."""
    age = profile.get("age")
    ages = {"child"} if isinstance(age, int) and age < 18 else {"adult"} if isinstance(age, int) else {"adult", "child"}
    forms = set(profile.get("exploitation") or [])
    kinds = (
        {"sexual"} if forms == {"sexual"} else {"labour"} if forms and "sexual" not in forms else {"labour", "sexual"}
    )
    return {f"{a}_{k}" for a in ages for k in kinds}


def next_question(questions: list[Question], answers: Mapping[str, str]) -> Question | None:
    """The first question not answered yet; None when the interview is complete."""
    return next((q for q in questions if q.id not in answers), None)


def indicators_from(questions: Iterable[Question], answers: Mapping[str, str]) -> list[str]:
    """Indicator ids marked by "yes" answers, in question order, each once."""
    found: list[str] = []
    for q in questions:
        if answers.get(q.id) == "yes":
            found += [i for i in q.indicators if i not in found]
    return found


def check_answers(questions: Iterable[Question], answers: Mapping[str, str]) -> None:
    known = {q.id for q in questions}
    for qid, answer in answers.items():
        if qid not in known:
            raise BankError(f"answers: unknown question {qid!r}")
        if answer not in ANSWERS:
            raise BankError(f"answers: {qid}: {answer!r} is not one of {', '.join(ANSWERS)}")


def load_bank(path: Path, known_indicators: set[str] | None = None) -> Bank:
    """Read a bank; with KNOWN_INDICATORS, refuse a question that points at an indicator no set defines."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise BankError(f"{path}: cannot read: {exc}") from exc
    if not isinstance(raw, dict) or not isinstance(raw.get("questions"), list):
        raise BankError(f"{path}: expected a mapping with a 'questions' list")
    languages = tuple(str(x) for x in raw.get("languages", [SOURCE_LANGUAGE]))
    questions = tuple(_question(path, n, q, known_indicators) for n, q in enumerate(raw["questions"], start=1))
    ids = [q.id for q in questions]
    if len(ids) != len(set(ids)):
        raise BankError(f"{path}: question ids repeat: {sorted({i for i in ids if ids.count(i) > 1})}")
    return Bank(str(raw.get("version", "")), languages, questions, dict(raw.get("notes") or {}))


def _question(path: Path, number: int, raw: Any, known: set[str] | None) -> Question:
    where = f"{path}: question {number}"
    if not isinstance(raw, dict) or not raw.get("id"):
        raise BankError(f"{where}: needs an id")
    where = f"{path}: question {raw['id']!r}"
    patterns = [str(i) for i in raw.get("indicators") or []]
    if not patterns:
        raise BankError(f"{where}: indicators: a question must point to at least one indicator")
    indicators = tuple(_expand(where, patterns, known))
    wording = {}
    for language, value in (raw.get("text") or {}).items():
        text, reviewed = (value, language == SOURCE_LANGUAGE) if isinstance(value, str) else _worded(where, value)
        wording[str(language)] = Wording(str(text).strip(), bool(reviewed))
    if SOURCE_LANGUAGE not in wording:
        raise BankError(f"{where}: text: the English source wording is missing")
    groups = frozenset(str(g) for g in raw.get("groups") or [])
    return Question(str(raw["id"]), indicators, wording, groups, str(raw.get("topic", "")))


def _expand(where: str, patterns: list[str], known: set[str] | None) -> list[str]:
    """``iloec.*.exploitation.excessive_hours`` stands for that indicator in every ILO/EC group that has it,
    so one plain-language question serves adults and children, labour and sexual exploitation alike."""
    if known is None:
        return patterns
    found: list[str] = []
    for pattern in patterns:
        matches = sorted(k for k in known if fnmatchcase(k, pattern))
        if not matches:
            raise BankError(f"{where}: indicators: {pattern!r} matches no indicator of the bundled sets")
        found += [m for m in matches if m not in found]
    return found


def _worded(where: str, value: Any) -> tuple[str, bool]:
    if not isinstance(value, dict) or "text" not in value:
        raise BankError(f"{where}: text: each language needs 'text' (and 'reviewed: true' once a native speaker did)")
    return str(value["text"]), bool(value.get("reviewed", False))
