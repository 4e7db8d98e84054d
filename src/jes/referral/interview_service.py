"""The interview as the web pages use it: the bundled question bank, the answers so far, the assessment."""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.db import transaction

from .access import audit
from .cases import save_assessment
from .models import Case, Staff
from .rules.interview import ANSWERS, Bank, Question, check_answers, indicators_from, load_bank, next_question
from .rules.interview import profile_groups as groups_of

LANGUAGE_NAMES = {
    "en": "English",
    "sl": "Slovenščina",
    "it": "Italiano",
    "es": "Español",
    "fi": "Suomi",
    "nl": "Nederlands",
    "fr": "Français",
    "uk": "Українська",
    "ro": "Română",
    "th": "ไทย",
}


@lru_cache(maxsize=1)
def bank() -> Bank:
    from .rules_service import indicator_ids

    return load_bank(settings.CONTENT_DIR / "referral" / "interview" / "questions.yaml", indicator_ids())


def questions_for(profile: dict[str, Any]) -> list[Question]:
    return bank().for_groups(groups_of(profile))


def parse_answers(text: str, profile: dict[str, Any]) -> dict[str, str]:
    """Answers carried by the page (self-check) as JSON; anything malformed starts the interview afresh."""
    try:
        answers = json.loads(text or "{}")
        if not isinstance(answers, dict):
            return {}
        check_answers(questions_for(profile), answers)
    except (ValueError, TypeError):
        return {}
    return {str(k): str(v) for k, v in answers.items()}


def step(profile: dict[str, Any], answers: dict[str, str]) -> tuple[Question | None, int, int]:
    """The next question, how many are answered and how many there are."""
    questions = questions_for(profile)
    return next_question(questions, answers), sum(q.id in answers for q in questions), len(questions)


def result(profile: dict[str, Any], answers: dict[str, str]) -> dict[str, Any]:
    from .rules_service import assess

    indicators = indicators_from(questions_for(profile), answers)
    return {"indicators": indicators, **assess(indicators, profile)}


@transaction.atomic
def answer_in_case(staff: Staff, case: Case, question_id: str, answer: str) -> None:
    """Save one answer so that the interview can be paused and resumed; audited by field, not content."""
    if answer not in ANSWERS:
        raise ValueError(f"answer: {answer!r} is not one of {', '.join(ANSWERS)}")
    answers = dict(case.interview_state.get("answers", {}))
    answers[question_id] = answer
    check_answers(questions_for(case.profile), answers)
    case.interview_state = {"answers": answers}
    case.save(update_fields=["interview_state"])
    audit(staff, "interview_answer", case, question=question_id)


@transaction.atomic
def finish_in_case(staff: Staff, case: Case) -> dict[str, Any]:
    outcome = result(case.profile, case.interview_state.get("answers", {}))
    save_assessment(staff, case, outcome["indicators"], outcome)
    return outcome
