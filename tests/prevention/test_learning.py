"""Learning paths: the bundled modules against the seed and the data they point into, and the quiz grader."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from jes.prevention.checks.learning import (
    AnswerError,
    LearningError,
    Module,
    default_root,
    get_module,
    grade,
    load_module,
    load_modules,
)
from tests.conftest import ROOT, SEED

LEARNING = ROOT / "data" / "prevention" / "learning"
SERVICES = ROOT / "data" / "referral" / "services"
CATALOGUE = ROOT / "data" / "catalogue"
INDICATORS = ROOT / "data" / "referral" / "indicators"
EXPECTED = {
    "ljubljana-police-operation",
    "my-dreams-forced-marriage",
    "berry-pickers-finland",
    "read-twice-job-adverts",
    "teenage-pimps-loverboys",
    "telesnica-forms-of-trafficking",
}


@pytest.fixture(scope="module")
def bundled() -> list[Module]:
    if not SEED.exists():
        pytest.skip("the seed report is not beside the checkout (../shared)")
    return load_modules(LEARNING, seed=SEED, services_dir=SERVICES, catalogue_dir=CATALOGUE, indicators_dir=INDICATORS)


# A small module, written out by the tests that need a bad file. Seed lines 1-6 of the seed are its cover.
TINY: dict[str, Any] = {
    "id": "tiny",
    "audience": ["students_14_plus"],
    "minutes": 5,
    "languages": ["en"],
    "title": {"en": "Tiny", "sl": {"text": "Drobno", "reviewed": False}},
    "summary": {"en": "A test module."},
    "sections": [
        {
            "id": "one",
            "heading": {"en": "One"},
            "paragraphs": [{"text": {"en": "Text."}, "seed_lines": [1, 2], "quote": "VICTIMIZATION AND"}],
        }
    ],
    "quiz": {
        "questions": [
            {
                "id": "pick-one",
                "kind": "single",
                "prompt": {"en": "Which?", "sl": {"text": "Kateri?", "reviewed": True}},
                "options": [{"id": "a", "text": {"en": "A"}}, {"id": "b", "text": {"en": "B"}}],
                "correct": ["a"],
                "explanation": {"en": "Because.", "sl": {"text": "Zato.", "reviewed": False}},
                "seed_lines": [1, 2],
                "quote": "TRAFFICKING IN",
            },
            {
                "id": "pick-many",
                "kind": "multiple",
                "prompt": {"en": "Which ones?"},
                "options": [{"id": x, "text": {"en": x.upper()}} for x in ("a", "b", "c")],
                "correct": ["a", "b"],
                "explanation": {"en": "A and B."},
                "seed_lines": [[1, 1], [2, 2]],
                "quote": ["VICTIMIZATION AND", "TRAFFICKING IN"],
            },
            {
                "id": "yes-no",
                "kind": "true_false",
                "prompt": {"en": "True?"},
                "correct": ["false"],
                "explanation": {"en": "No."},
                "seed_lines": [1, 2],
                "quote": "TRAFFICKING IN",
            },
        ]
    },
    "help": {
        "heading": {"en": "Help"},
        "paragraphs": [{"text": {"en": "Ask."}, "seed_lines": [1, 2], "quote": "VICTIMIZATION AND"}],
        "services": ["si-caritas"],
    },
}


def _write(tmp_path: Path, data: dict[str, Any], name: str | None = None) -> Path:
    path = tmp_path / f"{name or data['id']}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _tiny(**changes: Any) -> dict[str, Any]:
    data = copy.deepcopy(TINY)
    data.update(changes)
    return data


@pytest.fixture(scope="module")
def tiny() -> Module:
    return Module.model_validate(copy.deepcopy(TINY))


def test_it_loads_a_module_file(tmp_path):
    module = load_module(_write(tmp_path, TINY))
    assert module.id == "tiny" and [q.id for q in module.questions] == ["pick-one", "pick-many", "yes-no"]


# --- the bundled modules ----------------------------------------------------------------------------------------


def test_it_loads_every_bundled_module_against_the_seed_services_catalogue_and_indicators(bundled):
    assert {m.id for m in bundled} >= EXPECTED


def test_it_finds_the_bundled_folder_by_default_or_under_jes_content_dir(monkeypatch, tmp_path):
    monkeypatch.setenv("JES_CONTENT_DIR", str(tmp_path))
    assert default_root() == tmp_path / "prevention" / "learning"
    monkeypatch.delenv("JES_CONTENT_DIR")
    assert default_root() == LEARNING
    assert {m.id for m in load_modules()} >= EXPECTED


def test_it_gives_every_module_five_questions_or_more_each_explained_with_seed_lines(bundled):
    for module in bundled:
        assert len(module.questions) >= 5, module.id
        for q in module.questions:
            assert q.explanation.get("en").text, (module.id, q.id)
            assert q.seed_lines and all(1 <= a <= b for a, b in q.seed_lines), (module.id, q.id)


def test_it_cites_the_seed_for_every_paragraph_and_names_catalogue_sources_and_help(bundled):
    for module in bundled:
        assert all(ranges and quotes for _, ranges, quotes in module.seed_ranges()), module.id
        assert any(link.role == "source" for link in module.catalogue), module.id
        assert module.further_reading, module.id
        assert module.help is not None and module.help.services, module.id


def test_it_lists_the_student_articles_and_blogs_and_the_student_proceedings_as_further_reading(bundled):
    readings = [r for m in bundled for r in m.further_reading]
    assert any(r.catalogue is not None and r.catalogue.section == "student_contribution" for r in readings)
    assert any("jointstories.eu" in r.url for r in readings)
    assert any(r.reference == "puppis-sluga-2016" and r.url.endswith("studentski-zbornik.pdf") for r in readings)


def test_it_has_every_bundled_text_in_each_language_the_module_lists(bundled):
    for module in bundled:
        assert {"en", "sl", "it", "es", "fi", "nl", "fr"} <= set(module.languages), module.id
        for lang in module.languages:
            view = module.text(lang)
            assert not view.fallback, (module.id, lang)
            assert view.language == lang and view.title


def test_it_grades_the_bundled_answer_keys_as_full_marks(bundled):
    for module in bundled:
        answers = {q.id: list(q.correct) for q in module.questions}
        result = grade(module, answers)
        assert (result.score, result.total, result.unanswered) == (len(module.questions), len(module.questions), ())


def test_it_keeps_the_berry_pickers_pay_slip_arithmetic_exact(bundled):
    module = get_module(bundled, "berry-pickers-finland")
    heading = next(s.heading.get("en").text for s in module.sections if s.id == "pay-slip")
    assert "4,191.60 − 4,249.84 = −58.24" in heading
    assert round(4191.60 - 4249.84, 2) == -58.24


# --- validation -------------------------------------------------------------------------------------------------


def test_it_refuses_a_correct_answer_that_is_not_among_the_options_naming_file_and_question(tmp_path):
    data = _tiny()
    data["quiz"]["questions"][0]["correct"] = ["z"]
    with pytest.raises(LearningError, match=r"tiny\.yaml: .*question 'pick-one': correct option\(s\) \['z'\]"):
        load_modules(_write(tmp_path, data))


def test_it_refuses_two_correct_options_for_a_single_choice_question(tmp_path):
    data = _tiny()
    data["quiz"]["questions"][0]["correct"] = ["a", "b"]
    with pytest.raises(LearningError, match="question 'pick-one': a single question has exactly one correct option"):
        load_modules(_write(tmp_path, data))


def test_it_refuses_repeated_question_ids(tmp_path):
    data = _tiny()
    data["quiz"]["questions"][1]["id"] = "pick-one"
    with pytest.raises(LearningError, match=r"question ids repeat: \['pick-one'\]"):
        load_modules(_write(tmp_path, data))


def test_it_refuses_a_module_whose_id_is_not_its_file_name(tmp_path):
    with pytest.raises(LearningError, match="id 'tiny' does not match the file name other.yaml"):
        load_modules(_write(tmp_path, TINY, name="other"))


def test_it_names_the_question_by_id_in_a_field_error(tmp_path):
    data = _tiny()
    data["quiz"]["questions"][2]["kind"] = "essay"
    with pytest.raises(LearningError, match=r"field quiz\.questions\[yes-no\]\.kind"):
        load_modules(_write(tmp_path, data))


def test_it_refuses_seed_lines_beyond_the_seed(tmp_path):
    data = _tiny()
    data["quiz"]["questions"][1]["seed_lines"] = [3, 999999]
    with pytest.raises(
        LearningError, match=r"question 'pick-many': seed_lines \[3, 999999\] beyond the seed's \d+ lines"
    ):
        load_modules(_write(tmp_path, data), seed=SEED)


def test_it_refuses_a_quote_that_is_not_at_its_seed_lines(tmp_path):
    data = _tiny()
    data["quiz"]["questions"][0]["seed_lines"] = [3000, 3010]
    with pytest.raises(
        LearningError, match=r"question 'pick-one': quote 'TRAFFICKING IN' is not in the seed at lines 3000-3010"
    ):
        load_modules(_write(tmp_path, data), seed=SEED)


def test_it_refuses_a_service_id_the_directory_does_not_have(tmp_path):
    data = _tiny()
    data["help"]["services"] = ["si-caritas", "si-nowhere"]
    with pytest.raises(LearningError, match="help services: no service 'si-nowhere' in the directory"):
        load_modules(_write(tmp_path, data), services_dir=SERVICES)


def test_it_refuses_a_catalogue_link_to_no_entry(tmp_path):
    data = _tiny(catalogue=[{"country": "SI", "section": "case_study", "seed_line": 1688}])
    with pytest.raises(LearningError, match="catalogue: no case_study entry of SI starting at seed line 1688"):
        load_modules(_write(tmp_path, data), catalogue_dir=CATALOGUE)


def test_it_refuses_further_reading_whose_url_is_not_the_references(tmp_path):
    reading = {"reference": "perger-2015", "title": "", "url": "https://example.org/read-twice"}
    data = _tiny(further_reading=[reading])
    with pytest.raises(LearningError, match="further_reading 'perger-2015': url 'https://example.org/read-twice'"):
        load_modules(_write(tmp_path, data), catalogue_dir=CATALOGUE)


def test_it_refuses_an_unknown_indicator(tmp_path):
    data = _tiny(indicators=["ilofl.debt_bondage", "ilofl.no_such_thing"])
    with pytest.raises(LearningError, match="indicators: no indicator 'ilofl.no_such_thing'"):
        load_modules(_write(tmp_path, data), indicators_dir=INDICATORS)


def test_it_refuses_a_language_listed_as_complete_that_a_text_lacks(tmp_path):
    with pytest.raises(LearningError, match=r"summary: no text in \['sl'\]"):
        load_modules(_write(tmp_path, _tiny(languages=["en", "sl"])))


def test_it_refuses_a_text_without_the_english_source(tmp_path):
    with pytest.raises(LearningError, match="English source text is missing"):
        load_modules(_write(tmp_path, _tiny(summary={"sl": {"text": "Samo slovensko"}})))


# --- languages --------------------------------------------------------------------------------------------------


def test_it_falls_back_to_english_and_flags_machine_translation(tiny):
    sl = tiny.text("sl")
    assert sl.title == "Drobno"
    assert sl.questions[0].prompt == "Kateri?"
    assert sl.summary == "A test module."  # no Slovenian text: the English source, never a blank
    assert sl.machine_translated and sl.fallback
    en = tiny.text("en")
    assert en.title == "Tiny" and not en.machine_translated and not en.fallback


def test_it_supplies_true_and_false_options_in_each_language(tiny):
    options = {o.id: o.text for o in tiny.text("fr").questions[2].options}
    assert options == {"true": "Vrai", "false": "Faux"}


def test_it_leaves_the_answers_out_of_the_reading_view(tiny):
    question = tiny.text().questions[0]
    assert not hasattr(question, "correct") and not hasattr(question, "explanation")


def test_it_finds_a_module_by_id_and_names_the_missing_one(tiny):
    assert get_module([tiny], "tiny") is tiny
    with pytest.raises(KeyError, match="no learning module 'nope'"):
        get_module([tiny], "nope")


# --- grading ----------------------------------------------------------------------------------------------------


def test_it_grades_right_answers(tiny):
    result = grade(tiny, {"pick-one": ["a"], "pick-many": ["b", "a"], "yes-no": ["false"]})
    assert (result.score, result.total, result.unanswered) == (3, 3, ())
    assert all(r.correct and not r.partial for r in result.results)


def test_it_grades_wrong_answers_with_the_right_options_and_the_explanation(tiny):
    result = grade(tiny, {"pick-one": ["b"], "yes-no": ["true"], "pick-many": ["c"]})
    first = result.results[0]
    assert (first.correct, first.chosen, first.correct_options, first.wrong) == (False, ("b",), ("a",), ("b",))
    assert first.explanation == "Because." and first.seed_lines == ((1, 2),)
    assert result.score == 0


def test_it_marks_a_partly_right_multiple_answer_as_not_correct_but_partial(tiny):
    missing_one = grade(tiny, {"pick-many": ["a"]}).results[1]
    one_too_many = grade(tiny, {"pick-many": ["a", "b", "c"]}).results[1]
    assert not missing_one.correct and missing_one.partial and missing_one.missed == ("b",)
    assert not one_too_many.correct and one_too_many.partial and one_too_many.wrong == ("c",)
    assert not grade(tiny, {"pick-many": ["c"]}).results[1].partial


def test_it_counts_unanswered_questions_as_not_correct_and_lists_them(tiny):
    result = grade(tiny, {"pick-one": ["a"], "pick-many": []})
    assert result.score == 1 and result.total == 3
    assert result.unanswered == ("pick-many", "yes-no") and not result.complete
    assert not result.results[1].answered and not result.results[1].correct


def test_it_accepts_a_bare_option_id_and_a_repeated_choice(tiny):
    result = grade(tiny, {"pick-one": "a", "pick-many": ["a", "a", "b"]})
    assert result.score == 2 and result.results[1].chosen == ("a", "b")


def test_it_explains_in_the_requested_language(tiny):
    result = grade(tiny, {"pick-one": ["a"]}, lang="sl")
    assert result.results[0].prompt == "Kateri?" and result.results[0].explanation == "Zato."
    assert result.machine_translated and result.language == "sl"


def test_it_refuses_unknown_option_ids_clearly(tiny):
    with pytest.raises(AnswerError, match=r"module 'tiny', question 'pick-one': no option 'z' \(options: a, b\)"):
        grade(tiny, {"pick-one": ["z"]})


def test_it_refuses_unknown_question_ids(tiny):
    with pytest.raises(AnswerError, match="module 'tiny': no question 'q9'"):
        grade(tiny, {"q9": ["a"]})


def test_it_refuses_two_answers_to_a_one_answer_question(tiny):
    with pytest.raises(AnswerError, match="a true_false question takes one answer"):
        grade(tiny, {"yes-no": ["true", "false"]})


def test_it_refuses_answers_that_are_not_option_ids(tiny):
    with pytest.raises(AnswerError, match="answers must be option ids"):
        grade(tiny, {"pick-one": [1]})  # type: ignore[list-item]


_ids = st.sampled_from(["pick-one", "pick-many", "yes-no", "q9", "", "a"])
_options = st.sampled_from(["a", "b", "c", "true", "false", "z", ""])
_anything = st.one_of(st.text(max_size=4), st.lists(st.one_of(_options, st.integers(), st.none()), max_size=4))


@settings(max_examples=150, deadline=None)
@given(answers=st.dictionaries(st.one_of(_ids, st.text(max_size=5)), _anything, max_size=5))
def test_it_never_crashes_on_arbitrary_answers(tiny, answers):
    try:
        result = grade(tiny, answers)
    except AnswerError:
        return
    assert 0 <= result.score <= result.total == 3
    assert set(result.unanswered) <= {"pick-one", "pick-many", "yes-no"}


@settings(max_examples=150, deadline=None)
@given(
    one=st.lists(st.sampled_from(["a", "b"]), max_size=1),
    many=st.lists(st.sampled_from(["a", "b", "c"]), max_size=5),
    yes_no=st.lists(st.sampled_from(["true", "false"]), max_size=1),
    keep=st.sets(st.sampled_from(["pick-one", "pick-many", "yes-no"])),
)
def test_it_always_grades_answers_made_of_real_ids(tiny, one, many, yes_no, keep):
    answers = {k: v for k, v in {"pick-one": one, "pick-many": many, "yes-no": yes_no}.items() if k in keep}
    result = grade(tiny, answers)
    assert 0 <= result.score <= result.total == 3
    assert result.score + len(result.unanswered) <= result.total
    assert result.score == sum(r.correct for r in result.results)
