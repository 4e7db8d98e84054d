"""Automatic screening checks: they suggest, with a reason, and never decide."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jes.review.engine.records import Record
from jes.review.engine.screening_checks import CheckSettings, Suggestion, detect_language, suggest

SEED_PROTOCOL = CheckSettings(languages=frozenset({"sl", "en"}), year_min=2014)


def criteria(suggestions: list[Suggestion]) -> list[str]:
    return [s.criterion for s in suggestions]


def test_it_suggests_excluding_a_slovenian_masters_thesis_and_says_why() -> None:
    record = Record(title="Trgovina z ljudmi za namen prisilnega dela v Sloveniji : magistrsko delo", year=2019)
    suggestions = suggest(record, SEED_PROTOCOL)
    assert criteria(suggestions) == ["thesis"]
    assert suggestions[0].action == "exclude"
    assert "magistrsko delo" in suggestions[0].reason and "master's thesis" in suggestions[0].reason


def test_it_suggests_excluding_a_year_before_the_protocols_range() -> None:
    suggestions = suggest(Record(title="Human trafficking in Slovenia", year=2012), SEED_PROTOCOL)
    assert criteria(suggestions) == ["year_range"]
    assert suggestions[0].reason == "Published in 2012, outside the protocol's years (from 2014 on)."


def test_it_suggests_nothing_for_a_record_that_meets_the_protocol() -> None:
    record = Record(
        title="Prisilno beračenje otrok v Ljubljani: empirična raziskava", year=2016, publication_type="JOUR"
    )
    assert suggest(record, SEED_PROTOCOL) == []


def test_it_suggests_excluding_a_year_after_the_range_when_there_is_an_upper_bound() -> None:
    protocol = CheckSettings(year_min=2014, year_max=2023)
    assert "2014–2023" in suggest(Record(title="Trafficking report", year=2024), protocol)[0].reason


@pytest.mark.parametrize(
    ("title", "publication_type", "criterion"),
    [
        ("Izkoriščanje delavcev migrantov : diplomsko delo", "", "thesis"),
        ("Trgovina z ljudmi : doktorska disertacija", "", "thesis"),
        ("Sex work in Slovenia", "2.09 Magistrsko delo", "thesis"),
        ("Labour exploitation", "phdthesis", "thesis"),
        ("Labour exploitation", "THES", "thesis"),
        ("Trgovina z ljudmi: zbornik povzetkov", "", "conference_abstract"),
        (
            "Victims of trafficking",
            "1.12 Objavljeni povzetek znanstvenega prispevka na konferenci",
            "conference_abstract",
        ),
        ("Prodana : roman", "", "fiction"),
        ("Trafficking in persons report 2020 (prevod)", "", "translation"),
        ("Kriminologija : učno gradivo", "", "study_material"),
    ],
)
def test_it_recognises_excluded_publication_types_in_english_and_slovenian(
    title: str, publication_type: str, criterion: str
) -> None:
    record = Record(title=title, publication_type=publication_type, year=2020)
    assert criterion in criteria(suggest(record, SEED_PROTOCOL))


def test_it_does_not_mistake_words_that_merely_contain_a_rule_phrase() -> None:
    # "romanje" (pilgrimage) and "Romani" contain "roman" but are not novels.
    record = Record(title="Romanje in Romani v Sloveniji", year=2020)
    assert "fiction" not in criteria(suggest(record, SEED_PROTOCOL))


def test_it_only_checks_the_publication_types_the_protocol_excludes() -> None:
    protocol = CheckSettings(excluded_types=frozenset({"fiction"}))
    assert suggest(Record(title="Trgovina z ljudmi : magistrsko delo", year=2020), protocol) == []


def test_it_suggests_excluding_a_language_the_protocol_does_not_accept() -> None:
    record = Record(
        title="La tratta di esseri umani e lo sfruttamento lavorativo in Italia",
        abstract="Lo studio analizza le politiche pubbliche contro la tratta.",
        year=2020,
    )
    suggestions = suggest(record, SEED_PROTOCOL)
    assert criteria(suggestions) == ["language"]
    assert "Italian" in suggestions[0].reason


def test_it_detects_slovenian_and_english_titles() -> None:
    slovenian = detect_language("Prisilne poroke otrok v romskih skupnostih")
    english = detect_language("Forced marriages of children in Roma communities")
    assert slovenian is not None and slovenian[0] == "sl"
    assert english is not None and english[0] == "en"


def test_it_gives_no_language_for_an_empty_title() -> None:
    assert detect_language("  ") is None


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=1900, max_value=2100))
def test_it_suggests_a_year_exclusion_exactly_when_the_year_is_out_of_range(year: int) -> None:
    protocol = CheckSettings(year_min=2014, year_max=2024, excluded_types=frozenset())
    suggestions = suggest(Record(title="", year=year), protocol)
    assert (criteria(suggestions) == ["year_range"]) == (not 2014 <= year <= 2024)
