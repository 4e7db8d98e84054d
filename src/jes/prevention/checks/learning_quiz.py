"""Grading a learning module's quiz: per question right or wrong (and partly right), with the explanation and
the seed lines it rests on. Needs nothing but the chosen option ids: no name, no account, nothing stored."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .learning_view import Picker, SeedRange

if TYPE_CHECKING:
    from .learning import Module, Question

SOURCE_LANGUAGE = "en"


class AnswerError(ValueError):
    """Answers that do not fit the quiz: an unknown question or option, or two answers to a one-answer question."""


@dataclass(frozen=True)
class QuestionResult:
    question_id: str
    kind: str
    prompt: str
    answered: bool
    correct: bool
    chosen: tuple[str, ...]
    correct_options: tuple[str, ...]
    missed: tuple[str, ...]  # right options not chosen
    wrong: tuple[str, ...]  # options chosen that are not right
    explanation: str
    seed_lines: tuple[SeedRange, ...]

    @property
    def partial(self) -> bool:
        """Some right options chosen, but not all of them or not only them (a "multiple" question)."""
        return self.answered and not self.correct and len(self.chosen) > len(self.wrong)


@dataclass(frozen=True)
class QuizResult:
    module_id: str
    language: str
    results: tuple[QuestionResult, ...]
    score: int
    total: int
    unanswered: tuple[str, ...]
    machine_translated: bool

    @property
    def complete(self) -> bool:
        return not self.unanswered


def grade(module: Module, answers: Mapping[str, Sequence[str]], lang: str = SOURCE_LANGUAGE) -> QuizResult:
    """Grade ANSWERS ({question id: chosen option ids}); a question left out or answered with nothing counts
    as not correct and is listed in ``unanswered``. Unknown ids raise AnswerError, never a wrong score."""
    chosen = _check_answers(module, answers)
    pick = Picker(lang)
    results = tuple(_grade_one(q, chosen.get(q.id, ()), pick) for q in module.questions)
    return QuizResult(
        module_id=module.id,
        language=lang,
        results=results,
        score=sum(r.correct for r in results),
        total=len(results),
        unanswered=tuple(r.question_id for r in results if not r.answered),
        machine_translated=pick.machine_translated,
    )


def _check_answers(module: Module, answers: Mapping[str, Sequence[str]]) -> dict[str, tuple[str, ...]]:
    if not isinstance(answers, Mapping):
        raise AnswerError(f"module {module.id!r}: answers must map question ids to chosen option ids")
    known = {q.id: q for q in module.questions}
    chosen: dict[str, tuple[str, ...]] = {}
    for question_id, value in answers.items():
        if question_id not in known:
            raise AnswerError(f"module {module.id!r}: no question {question_id!r} (questions: {', '.join(known)})")
        chosen[question_id] = _options_chosen(module.id, known[question_id], value)
    return chosen


def _options_chosen(module_id: str, question: Question, value: object) -> tuple[str, ...]:
    where = f"module {module_id!r}, question {question.id!r}"
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, Sequence | set | frozenset) or not all(isinstance(i, str) for i in items):
        raise AnswerError(f"{where}: answers must be option ids (strings), got {value!r}")
    ids = question.option_ids()
    picked = tuple(dict.fromkeys(items))  # the same option chosen twice is one choice
    unknown = [i for i in picked if i not in ids]
    if unknown:
        raise AnswerError(f"{where}: no option {unknown[0]!r} (options: {', '.join(ids)})")
    if question.kind != "multiple" and len(picked) > 1:
        raise AnswerError(f"{where}: a {question.kind} question takes one answer, got {list(picked)}")
    return picked


def _grade_one(question: Question, chosen: tuple[str, ...], pick: Picker) -> QuestionResult:
    right = set(question.correct)
    return QuestionResult(
        question_id=question.id,
        kind=question.kind,
        prompt=pick(question.prompt),
        answered=bool(chosen),
        correct=bool(chosen) and set(chosen) == right,
        chosen=chosen,
        correct_options=question.correct,
        missed=tuple(o for o in question.correct if o not in chosen),
        wrong=tuple(o for o in chosen if o not in right),
        explanation=pick(question.explanation),
        seed_lines=question.seed_lines,
    )
