"""The search-strategy language: parsing, matching, errors, search history, highlighting."""

from __future__ import annotations

import contextlib
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from unidecode import unidecode

from jes.review.engine.query import (
    And,
    Not,
    Or,
    QueryError,
    Term,
    compile_query,
    fold,
    highlight_terms,
    matches,
    parse,
    run_strategy,
)
from jes.review.engine.records import Record
from jes.review.engine.strategy import StrategyFileError, load_strategy

REPO = Path(__file__).resolve().parents[3]
SLOVENIAN = REPO / "data" / "review" / "strategies" / "slovenia-cobib-2023.yaml"
SEED = REPO.parent / "shared" / "seeds" / "joint-research-report-thb.txt"


def title(text: str) -> dict[str, str]:
    return {"title": text}


# --- terms and truncation --------------------------------------------------------------------------------


def test_it_matches_a_plain_word_as_a_whole_word_only() -> None:
    assert matches("trafficking", title("Human trafficking in Europe"))
    assert not matches("traffic", title("Human trafficking in Europe"))


def test_it_treats_a_trailing_star_as_truncation() -> None:
    assert matches("prostitu*", title("Prostitucija v Sloveniji"))
    assert matches("prostitu*", title("prostitution"))
    assert not matches("prostitu*", title("substitution"))


def test_it_accepts_a_star_or_question_mark_inside_a_word() -> None:
    assert matches("wom*n", title("Women and girls"))
    assert matches("labo?r", title("forced labor")) and matches("labo?r", title("forced labour"))
    assert not matches("labo?r", title("forced laboour"))


def test_it_never_lets_truncation_run_into_the_next_word() -> None:
    assert not matches('"trgov* ljudmi"', title("trgovina z ljudmi"))


# --- phrases ---------------------------------------------------------------------------------------------


def test_it_matches_a_phrase_only_with_its_words_in_sequence() -> None:
    assert matches('"human trafficking"', title("Human trafficking"))
    assert not matches('"human trafficking"', title("trafficking of human organs"))


def test_it_reads_slovenian_guillemets_as_a_phrase_with_truncated_words() -> None:
    query = "»trgov* z ljudmi«"
    assert matches(query, title("Boj proti trgovini z ljudmi."))
    assert matches(query, title("TRGOVANJE Z LJUDMI"))
    assert not matches(query, title("trgovina s človeškimi organi in z ljudmi"))


def test_it_lets_phrase_words_be_separated_by_punctuation_but_not_by_a_field_boundary() -> None:
    assert matches('"forced labour"', title("forced-labour cases"))
    assert not matches('"forced labour"', {"title": "Cases of forced", "abstract": "labour in farms"})
    assert not matches('"forced labour"', {"keywords": ["forced", "labour"]})


def test_it_keeps_fields_apart_even_when_the_text_holds_control_characters() -> None:
    record = {"title": "forced\x01labour", "abstract": "a\x00b", "keywords": ["x\x01y"]}
    assert matches('ti:"forced labour"', record) and matches('ab:"a b"', record) and matches("kw:y", record)
    assert not matches("ti:b", record)


def test_it_refuses_an_empty_phrase() -> None:
    with pytest.raises(QueryError, match="empty phrase at column 3"):
        parse('a ""')


# --- operators -------------------------------------------------------------------------------------------


def test_it_reads_operators_in_any_case() -> None:
    assert parse("a and b") == parse("a AND b") == parse("a And b")
    assert parse("a or b") == parse("a OR b")
    assert parse("a not b") == parse("a NOT b")


def test_it_keeps_words_that_start_with_an_operator_as_search_words() -> None:
    tree = parse("android organ notary and*")
    assert isinstance(tree, And)
    assert [t.words for t in tree.children if isinstance(t, Term)] == [("android",), ("organ",), ("notary",), ("and*",)]


def test_it_joins_adjacent_terms_with_and() -> None:
    assert parse("human trafficking") == parse("human AND trafficking")
    assert matches("human trafficking", title("trafficking of a human"))
    assert not matches("human trafficking", title("human rights"))


def test_it_binds_and_tighter_than_or() -> None:
    assert parse("a OR b AND c") == parse("a OR (b AND c)")
    assert matches("a OR b AND c", title("a"))
    assert not matches("a OR b AND c", title("b"))


def test_it_lets_parentheses_override_precedence() -> None:
    assert matches("(a OR b) AND c", title("b c"))
    assert not matches("(a OR b) AND c", title("a"))


def test_it_reads_binary_not_as_and_not() -> None:
    assert parse("a NOT b") == And((parse("a"), Not(parse("b"))))
    assert matches("trafficking NOT organ*", title("trafficking for labour"))
    assert not matches("trafficking NOT organ*", title("trafficking in organs"))


def test_it_reads_a_leading_not_as_the_complement() -> None:
    assert matches("NOT organ*", title("labour"))
    assert not matches("NOT organ*", title("organs"))


def test_it_flattens_chains_of_the_same_operator() -> None:
    tree = parse("a OR b OR c OR d")
    assert isinstance(tree, Or) and len(tree.children) == 4


# --- fields ----------------------------------------------------------------------------------------------

RECORD = Record(title="Forced begging in Ljubljana", abstract="A study of exploitation.", keywords=["Roma", "child"])


def test_it_searches_title_abstract_and_keywords_by_default() -> None:
    assert matches("begging", RECORD) and matches("exploitation", RECORD) and matches("roma", RECORD)
    assert not matches("ljubljana", Record(journal="Ljubljana"))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("title:begging", True),
        ("ti:exploitation", False),
        ("ab:exploitation", True),
        ("abstract:begging", False),
        ("kw:roma", True),
        ("keywords:begging", False),
        ("ti:(forced AND begging)", True),
        ("ti:(forced AND exploitation)", False),
        ("begging[ti]", True),
        ("exploitation[ti]", False),
        ("exploitation[tiab]", True),
        ("roma[tiab]", False),
        ("child[kw]", True),
        ('"forced begging"[Title/Abstract]', True),
        ("(begging OR study)[ab]", True),
        ("TI:BEGGING", True),
    ],
)
def test_it_restricts_terms_to_tagged_fields(query: str, expected: bool) -> None:
    assert matches(query, RECORD) is expected


def test_it_lets_an_inner_field_tag_override_an_outer_one() -> None:
    assert matches("ti:(forced exploitation[ab])", RECORD)


def test_it_accepts_a_plain_dict_with_keywords_as_text_or_list() -> None:
    assert matches("kw:roma", {"keywords": "Roma"})
    assert matches("kw:roma", {"keywords": ["Sinti", "Roma"]})
    assert not matches("kw:roma", {"title": "Roma"})


def test_it_refuses_something_that_is_neither_record_nor_mapping() -> None:
    with pytest.raises(TypeError, match="expected a Record or a mapping"):
        compile_query("a").matches("a title")  # type: ignore[arg-type]


# --- folding ---------------------------------------------------------------------------------------------


def test_it_folds_diacritics_on_both_sides() -> None:
    assert matches("berač*", title("prisilno beracenje"))
    assert matches("berac*", title("Prisilno BERAČENJE"))
    assert matches("»služabni*«", title("Sluzabnik"))
    assert matches("Ručman", title("RUCMAN"))


def test_it_folds_like_unidecode() -> None:
    assert fold("Čšž ĆĐ ß Ω") == unidecode("Čšž ĆĐ ß Ω").lower()
    assert fold("plain ascii") == "plain ascii"


# --- errors ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("", "the query is empty"),
        ("(a OR b", "'(' is never closed at column 1"),
        ("a AND (b OR (c)", "'(' is never closed at column 7"),
        ("a OR b)", "')' has no matching '(' at column 7"),
        ("()", "')' follows an operator or '(' with no search term in between at column 2"),
        ("a AND", "AND at the end has no search term on its right at column 3"),
        ("AND a", "AND has no search term on its left at column 1"),
        ("a OR OR b", "OR has no search term on its left at column 6"),
        ("a (NOT)", "')' follows an operator"),
        ('"unclosed', "unclosed quotation mark at column 1"),
        ("»trgov* z ljudmi", "unclosed quotation mark at column 1"),
        ("foo:bar", "unknown field tag 'foo:'"),
        ("bar[zz]", "unknown field tag '[zz]'"),
        ("ti:", "field tag 'ti:' has no search term after it"),
        ("#1", "#1 refers to a search-history line"),
        ("#0 OR a", "search-history lines are numbered from #1 at column 1"),
        ("ti:ab:x", "field tag 'ab:' follows another field tag at column 4"),
        ("a[ti", "malformed field tag"),
        ("*", "truncation '*' needs at least one letter or digit"),
    ],
)
def test_it_explains_a_bad_query_with_its_column(query: str, message: str) -> None:
    with pytest.raises(QueryError, match=re.escape(message)):
        compile_query(query)


def test_it_keeps_the_position_of_the_error() -> None:
    with pytest.raises(QueryError) as caught:
        parse("a OR b)")
    assert caught.value.position == 6
    assert caught.value.query == "a OR b)"


# --- search history --------------------------------------------------------------------------------------

HISTORY_RECORDS = [
    title("Trafficking for forced labour"),  # 0
    title("Trafficking for sexual exploitation"),  # 1
    title("Forced marriage"),  # 2
    title("Climate change"),  # 3
]


def test_it_counts_hits_per_line_and_combines_earlier_lines() -> None:
    results = run_strategy(["trafficking", "forced", "#1 AND #2", "#1 OR #2", "#4 NOT #3"], HISTORY_RECORDS)
    assert [r.hits for r in results] == [2, 2, 1, 3, 2]
    assert [r.matches for r in results] == [[0, 1], [0, 2], [0], [0, 1, 2], [1, 2]]
    assert [r.number for r in results] == [1, 2, 3, 4, 5]
    assert results[2].query == "#1 AND #2"


def test_it_mixes_history_references_with_terms() -> None:
    results = run_strategy(["trafficking", "#1 NOT labour", "(#1 OR marriage) AND forced"], HISTORY_RECORDS)
    assert [r.matches for r in results] == [[0, 1], [1], [0, 2]]


def test_it_refuses_a_reference_to_a_later_line() -> None:
    with pytest.raises(QueryError, match="line #2: #3 does not refer to an earlier line at column 1"):
        run_strategy(["a", "#3 OR a", "b"], HISTORY_RECORDS)


def test_it_names_the_line_of_a_history_syntax_error() -> None:
    with pytest.raises(QueryError, match="line #2: OR at the end"):
        run_strategy(["a", "b OR"], HISTORY_RECORDS)


def test_it_reads_the_records_in_one_pass() -> None:
    results = run_strategy(["forced", "#1"], iter(HISTORY_RECORDS))
    assert results[1].matches == [0, 2]


# --- the saved Slovenian strategy ------------------------------------------------------------------------


def test_it_loads_the_seed_slovenian_strategy_with_its_twelve_terms_and_combination() -> None:
    strategy = load_strategy(SLOVENIAN)
    assert strategy.database == "COBIB"
    assert (strategy.period_start, strategy.period_end) == ("2023-04", "2024-01")
    assert strategy.limits.year_min == 2014 and strategy.limits.languages == ("sl", "en")
    assert strategy.reported_total == 826
    assert strategy.queries[:12] == [
        "»trgov* z ljudmi«",
        "»trgov* z belim blagom«",
        "»prostitu*«",
        "»prisil* del* izkorišč*«",
        "»prisil* kazniv* dejanj*«",
        "»prisil* berač*«",
        "»trgov* otro*«",
        "»porok* otro*«",
        "»prisil* poro*«",
        "»nezakon* posv*«",
        "»služabni*«",
        "»trgov* člov* organ*«",
    ]
    assert strategy.queries[12] == " OR ".join(f"#{n}" for n in range(1, 13))


@pytest.mark.skipif(not SEED.exists(), reason="the seed report is not beside the checkout (../shared)")
def test_it_cites_a_seed_line_that_holds_each_term() -> None:
    seed = SEED.read_text(encoding="utf-8").splitlines()
    for line in load_strategy(SLOVENIAN).lines[:12]:
        assert line.seed_line is not None
        nearby = " ".join(seed[line.seed_line - 1 : line.seed_line + 1])
        assert line.seed_text in nearby, line


def test_it_finds_slovenian_titles_with_the_seed_strategy_and_not_unrelated_ones() -> None:
    records = [
        title("Trgovina z ljudmi in prisilno beračenje"),
        title("Podnebne spremembe v alpskem prostoru"),
        {"abstract": "Trgovanje s človeškimi organi v Evropi"},
        {"keywords": ["prostitucija", "Slovenija"]},
        title("Otroci in šola"),
    ]
    results = load_strategy(SLOVENIAN).run(records)
    assert results[0].matches == [0]
    assert results[5].matches == [0]
    assert results[2].matches == [3]
    assert results[-1].matches == [0, 3]
    assert all(1 not in r.matches and 4 not in r.matches for r in results)


def test_it_refuses_a_strategy_file_with_a_bad_line_naming_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("name: x\ndatabase: COBIB\nlines:\n  - query: a\n  - query: '(b OR'\n", encoding="utf-8")
    with pytest.raises(StrategyFileError, match=r"bad\.yaml: line #2: OR at the end"):
        load_strategy(path)


def test_it_refuses_a_strategy_file_without_lines(tmp_path: Path) -> None:
    path = tmp_path / "empty.yaml"
    path.write_text("name: x\ndatabase: COBIB\n", encoding="utf-8")
    with pytest.raises(StrategyFileError, match=r"empty\.yaml: 'lines' must be a non-empty list"):
        load_strategy(path)


# --- highlighting ----------------------------------------------------------------------------------------


def spans(patterns: list[str], text: str) -> list[str]:
    return sorted(m.group() for p in patterns for m in re.finditer(p, text))


def test_it_highlights_terms_in_the_unfolded_text() -> None:
    patterns = highlight_terms("»prisil* berač*« OR trgov*")
    text = "Trgovina z ljudmi in prisilno beračenje; prisilno beracenje"
    assert spans(patterns, text) == ["Trgovina", "prisilno beracenje", "prisilno beračenje"]


def test_it_does_not_highlight_negated_terms_or_terms_of_other_fields() -> None:
    assert spans(highlight_terms("labour NOT organ*"), "labour and organs") == ["labour"]
    patterns = highlight_terms("ti:labour OR ab:organ*", field="title")
    assert spans(patterns, "labour and organs") == ["labour"]


def test_it_highlights_whole_words_only() -> None:
    assert spans(highlight_terms("traffic"), "trafficking traffic") == ["traffic"]


# --- properties ------------------------------------------------------------------------------------------

VOCABULARY = ["trgovina", "ljudmi", "beračenje", "prisilno", "človek", "organ", "labour", "z", "a1"]


def words(draw: st.DrawFn) -> str:
    word = draw(st.sampled_from(VOCABULARY))
    cut = draw(st.integers(min_value=1, max_value=len(word)))
    return word[:cut] + "*" if draw(st.booleans()) else word


@st.composite
def term_text(draw: st.DrawFn) -> str:
    if draw(st.booleans()):
        return words(draw)
    inner = " ".join(words(draw) for _ in range(draw(st.integers(1, 3))))
    return draw(st.sampled_from([f'"{inner}"', f"»{inner}«"]))


def combine(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    operator = st.sampled_from([" AND ", " OR ", " NOT ", " and ", " or ", " "])
    field = st.sampled_from(["", "ti:", "ab:", "kw:", "title:"])
    return st.one_of(
        st.tuples(children, operator, children).map("".join),
        st.tuples(field, children).map(lambda t: f"{t[0]}({t[1]})"),
        children.map(lambda q: f"NOT ({q})"),
    )


queries = st.recursive(term_text(), combine, max_leaves=6)
records = st.fixed_dictionaries(
    {
        "title": st.lists(st.sampled_from(VOCABULARY + ["in", "SLOVENIJA"]), max_size=6).map(" ".join),
        "abstract": st.lists(st.sampled_from(VOCABULARY + ["."]), max_size=6).map(" ".join),
        "keywords": st.lists(st.sampled_from(VOCABULARY), max_size=3),
    }
)


@given(queries)
@settings(max_examples=100, deadline=None)
def test_it_parses_every_well_formed_query(query: str) -> None:
    compile_query(query)


@given(st.text(alphabet=st.sampled_from('ab č*?()"»«[]#1: ANDORNOT ti'), max_size=30))
@settings(max_examples=300, deadline=None)
def test_it_raises_only_query_errors_on_arbitrary_input(query: str) -> None:
    with contextlib.suppress(QueryError):
        compile_query(query)


@given(queries, st.lists(records, min_size=1, max_size=5))
@settings(max_examples=100, deadline=None)
def test_it_makes_not_the_complement(query: str, docs: list[dict[str, object]]) -> None:
    positive, negative = compile_query(query), compile_query(f"NOT ({query})")
    for doc in docs:
        assert negative.matches(doc) is not positive.matches(doc)


@given(queries, records)
@settings(max_examples=100, deadline=None)
def test_it_gives_the_same_answer_with_or_without_diacritics(query: str, doc: dict[str, object]) -> None:
    folded = {
        key: [unidecode(v) for v in value] if isinstance(value, list) else unidecode(str(value))
        for key, value in doc.items()
    }
    compiled = compile_query(query)
    assert compiled.matches(doc) is compiled.matches(folded)


@given(st.sampled_from(VOCABULARY), st.integers(1, 8), st.lists(st.sampled_from(VOCABULARY), max_size=8))
@settings(max_examples=100, deadline=None)
def test_it_finds_a_truncated_stem_exactly_when_some_word_starts_with_it(word: str, cut: int, text: list[str]) -> None:
    stem = unidecode(word[:cut])
    expected = any(unidecode(w).startswith(stem) for w in text)
    assert matches(f"{stem}*", title(" ".join(text))) is expected
