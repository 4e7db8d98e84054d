"""The interview engine: question banks, wildcard indicators, the order of questions and the answers."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jes.referral.rules.interview import (
    ANSWERS,
    BankError,
    indicators_from,
    load_bank,
    next_question,
    profile_groups,
)

ROOT = Path(__file__).resolve().parents[2]
BANK = ROOT / "data" / "referral" / "interview" / "questions.yaml"
KNOWN = {
    "iloec.adult_labour.exploitation.excessive_hours",
    "iloec.child_labour.exploitation.excessive_hours",
    "ilofl.excessive_overtime",
}


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "bank.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_wildcard_stands_for_the_indicator_in_every_group(tmp_path):
    path = write(
        tmp_path,
        'questions:\n- id: hours\n  indicators: ["iloec.*.exploitation.excessive_hours", ilofl.excessive_overtime]\n'
        '  text: {en: "Long days?", sl: {text: "Dolgi dnevi?"}}\n',
    )
    (q,) = load_bank(path, KNOWN).questions
    assert q.indicators == (
        "iloec.adult_labour.exploitation.excessive_hours",
        "iloec.child_labour.exploitation.excessive_hours",
        "ilofl.excessive_overtime",
    )
    assert q.text("sl").text == "Dolgi dnevi?" and not q.text("sl").reviewed
    assert q.text("th").text == "Long days?"  # no translation: the English source, never a blank
    assert q.text("en").reviewed


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('- id: a\n  indicators: ["iloec.*.nothing"]\n  text: {en: "x"}', "matches no indicator"),
        ("- id: a\n  indicators: []\n  text: {en: x}", "at least one indicator"),
        ("- id: a\n  indicators: [ilofl.excessive_overtime]\n  text: {sl: {text: x}}", "English source"),
        ("- id: a\n  indicators: [ilofl.excessive_overtime]\n  text: {en: x, sl: [x]}", "each language needs"),
        ("- indicators: [ilofl.excessive_overtime]", "needs an id"),
    ],
)
def test_bank_errors_name_the_question_and_field(tmp_path, body, message):
    with pytest.raises(BankError, match=message):
        load_bank(write(tmp_path, "questions:\n" + body + "\n"), KNOWN)


def test_repeated_question_ids_are_refused(tmp_path):
    body = "questions:\n" + "- id: a\n  indicators: [ilofl.excessive_overtime]\n  text: {en: x}\n" * 2
    with pytest.raises(BankError, match="repeat"):
        load_bank(write(tmp_path, body), KNOWN)


def test_profile_groups_follow_age_and_exploitation():
    assert profile_groups({"age": 16, "exploitation": ["sexual"]}) == {"child_sexual"}
    assert profile_groups({"age": 30, "exploitation": ["labour", "begging"]}) == {"adult_labour"}
    assert profile_groups({}) == {"adult_labour", "adult_sexual", "child_labour", "child_sexual"}


def test_the_bundled_bank_has_ten_languages_and_points_only_at_bundled_indicators():
    from jes.referral.rules.indicators import load_indicator_sets

    known = {i.id for i in load_indicator_sets(ROOT / "data" / "referral" / "indicators").indicators()}
    bank = load_bank(BANK, known)
    assert set(bank.languages) == {"en", "sl", "it", "es", "fi", "nl", "fr", "uk", "ro", "th"}
    assert len(bank.questions) >= 20
    for q in bank.questions:
        assert q.text("en").text.endswith("?"), q.id
        assert "victim" not in q.text("en").text.lower() and "trafficking" not in q.text("en").text.lower()


@given(st.dictionaries(st.sampled_from(["a", "b", "c"]), st.sampled_from(ANSWERS)))
def test_only_yes_marks_indicators_and_the_next_question_is_the_first_unanswered(tmp_path_factory, answers):
    path = tmp_path_factory.mktemp("bank") / "bank.yaml"
    path.write_text(
        "questions:\n"
        + "".join(
            f"- id: {q}\n  indicators: [ilofl.excessive_overtime, x.{q}]\n  text: {{en: '{q}?'}}\n" for q in "abc"
        ),
        encoding="utf-8",
    )
    questions = list(load_bank(path).questions)
    marked = indicators_from(questions, answers)
    yes = [q for q in "abc" if answers.get(q) == "yes"]
    assert marked == (["ilofl.excessive_overtime", *[f"x.{q}" for q in yes]] if yes else [])
    following = next_question(questions, answers)
    assert following is None if len(answers) == 3 else following.id == min(set("abc") - set(answers))
