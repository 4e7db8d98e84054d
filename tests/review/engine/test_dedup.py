"""Deduplication: identifiers, fuzzy rules, look-alikes that must stay apart, clusters and the record kept."""

from __future__ import annotations

import random
import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz

from jes.review.engine.dedup import DedupInputError, dedup, dedup_json, journals_agree
from jes.review.engine.dedup_normalise import doi_key, first_page, isbn_keys, journal_key, title_key
from jes.review.engine.records import Record


def article(**changes: object) -> Record:
    fields: dict[str, object] = {
        "title": "Labour exploitation of seasonal workers in Slovenian agriculture",
        "authors": ["Novak, Ana", "Kranjc, Boris"],
        "year": 2019,
        "journal": "Journal of Human Trafficking",
        "volume": "5",
        "issue": "2",
        "pages": "123-129",
    }
    fields.update(changes)
    return Record(**fields)  # type: ignore[arg-type]


def clusters(records: list[Record]) -> list[list[int]]:
    return [c.members for c in dedup(records).clusters]


def test_it_links_records_with_the_same_doi_written_differently() -> None:
    a = article(doi="10.1080/23322705.2019.1234567")
    b = article(doi="https://doi.org/10.1080/23322705.2019.1234567", pages="", volume="")
    result = dedup([a, b])
    assert [c.members for c in result.clusters] == [[0, 1]]
    assert result.clusters[0].links[0].reason == "doi"


def test_it_links_records_with_the_same_pmid_even_when_the_title_is_missing() -> None:
    result = dedup([article(pmid="31234567"), Record(pmid="31234567")])
    assert [c.members for c in result.clusters] == [[0, 1]]
    assert result.clusters[0].links[0].reason == "pmid"


def test_it_links_isbn_10_and_isbn_13_of_one_book() -> None:
    book = {"title": "Trafficking in human beings in Slovenia", "journal": "", "pages": "", "volume": ""}
    assert clusters([article(isbn="0-306-40615-2", **book), article(isbn="978-0-306-40615-7", **book)]) == [[0, 1]]


def test_it_keeps_apart_two_chapters_of_one_book_that_share_its_isbn() -> None:
    chapter = {"isbn": "978-0-306-40615-7", "journal": "Trafficking in Europe", "volume": "", "pages": ""}
    records = [article(title="Trafficking in Slovenia", **chapter), article(title="Trafficking in Croatia", **chapter)]
    assert clusters(records) == []


def test_it_names_the_file_and_record_number_of_a_bad_record() -> None:
    bad = article(year="2019")
    bad.provenance.file = "search.ris"
    with pytest.raises(DedupInputError, match=r"search\.ris: record 2: year must be an integer"):
        dedup([article(), bad])


def test_it_links_fuzzy_duplicates_differing_in_case_diacritics_punctuation_journal_and_pages() -> None:
    a = article(title="Trgovina z ljudmi v Sloveniji: prisilno beračenje", journal="Journal of Human Trafficking")
    b = article(
        title="<i>TRGOVINA Z LJUDMI V SLOVENIJI - PRISILNO BERACENJE</i>.",
        authors=["Novak A.", "Kranjc B."],
        journal="J Hum Traffick",
        pages="123-9",
    )
    result = dedup([a, b])
    assert [c.members for c in result.clusters] == [[0, 1]]
    assert result.clusters[0].links[0].reason.startswith("fuzzy")


def test_it_keeps_an_erratum_apart_from_the_article_it_corrects() -> None:
    erratum = article(title="Erratum: Labour exploitation of seasonal workers in Slovenian agriculture", pages="")
    assert clusters([article(), erratum]) == []


def test_it_keeps_apart_two_papers_with_the_same_title_in_different_years_and_journals() -> None:
    later = article(year=2023, journal="Crime, Law and Social Change", volume="79", pages="1-20")
    assert clusters([article(), later]) == []


def test_it_keeps_apart_same_title_records_whose_start_pages_differ() -> None:
    assert clusters([article(), article(pages="45")]) == []


def test_it_lets_a_doi_conflict_veto_an_otherwise_perfect_match() -> None:
    assert clusters([article(doi="10.1000/one"), article(doi="10.1000/two")]) == []


def test_it_links_an_online_first_version_to_its_issue_version_through_the_doi() -> None:
    online = article(doi="10.1017/ice.2017.52", year=2016, pages="1-7", volume="")
    issue = article(doi="10.1017/ice.2017.52", year=2017, pages="765-771", volume="38")
    assert clusters([online, issue]) == [[0, 1]]


def test_it_keeps_apart_two_abstracts_under_one_supplement_doi() -> None:
    first = article(title="Effects of incretin on artery lesions in mice", pages="S51", doi="10.1002/dmrr.2604")
    second = article(title="Effects of incretin on artery lesions in rats", pages="S52", doi="10.1002/dmrr.2604")
    assert clusters([first, second]) == []


def test_it_keeps_the_most_complete_record_and_breaks_ties_by_file_order() -> None:
    sparse, full = article(pages=""), article(doi="10.1000/x", abstract="We interviewed 40 workers.")
    assert dedup([sparse, full]).clusters[0].keep == 1
    assert dedup([article(), article()]).clusters[0].keep == 0


def test_it_makes_clusters_transitive_through_a_shared_record() -> None:
    # 0 and 2 are years apart, so no rule links them directly, but each shares an identifier with 1.
    records = [
        article(doi="10.1000/x", year=2019),
        article(doi="10.1000/x", pmid="123", year=2019),
        article(pmid="123", year=2015),
    ]
    result = dedup(records)
    assert [c.members for c in result.clusters] == [[0, 1, 2]]
    assert {(link.first, link.second) for link in result.clusters[0].links} == {(0, 1), (1, 2)}


def test_it_prints_the_cli_shape_with_singletons_left_out() -> None:
    records = [article(), Record(title="Something else entirely"), article(pages="123-9")]
    assert dedup_json(records) == {"records": 3, "clusters": [[0, 2]]}


def test_it_normalises_identifiers_and_fields() -> None:
    assert doi_key("DOI: 10.1016/J.X.2019.01.002.") == "10.1016/j.x.2019.01.002"
    assert doi_key("NA") == ""
    assert isbn_keys("0957-9672 (Print)") == frozenset()  # an ISSN, not an ISBN
    assert first_page("21-Aug") == "21" and first_page("Nov-19") == "11" and first_page("e0137960") == "137960"
    assert first_page("(no pagination)") == ""
    assert title_key("[Protective effects of incretin]. [Japanese]") == "protective effects of incretin"
    assert journals_agree(journal_key("Diab Vasc Dis Res"), journal_key("Diabetes and Vascular Disease Research"))
    assert journals_agree(journal_key("Circulation. Conference: AHA 2017"), journal_key("Circulation"))
    assert not journals_agree(journal_key("Diabetes"), journal_key("Diabetologia"))


# --- properties -----------------------------------------------------------------------------------------------

words = st.lists(
    st.sampled_from(
        [
            "trafficking",
            "labour",
            "migrant",
            "workers",
            "forced",
            "begging",
            "children",
            "slovenia",
            "marriage",
            "exploitation",
            "victims",
            "police",
            "support",
        ]
    ),
    min_size=5,
    max_size=10,
)


def _perturb(record: Record, rng: random.Random) -> Record:
    title = record.title
    title = rng.choice([title.upper(), title.lower(), title.title(), title])
    title = rng.choice([title + ".", title + " ", "<b>" + title + "</b>", title.replace(" ", " - ", 1)])
    return Record(
        title=title,
        authors=[a.upper() for a in record.authors],
        year=record.year,
        journal=rng.choice([record.journal, record.journal.lower()]),
        volume=record.volume,
        pages=rng.choice([record.pages, record.pages.replace("123-129", "123-9")]),
    )


@settings(max_examples=60, deadline=None)
@given(words, st.integers(1990, 2025), st.randoms())
def test_it_always_links_a_record_to_its_lightly_perturbed_copy(
    title: list[str], year: int, rng: random.Random
) -> None:
    original = article(title=" ".join(title), year=year)
    assert clusters([original, _perturb(original, rng)]) == [[0, 1]]


@settings(max_examples=60, deadline=None)
@given(words, words)
def test_it_never_links_records_whose_titles_differ(first: list[str], second: list[str]) -> None:
    a, b = " ".join(first), " ".join(second)
    if title_key(a) == title_key(b):
        return
    if fuzz.ratio(title_key(a), title_key(b)) >= 90:
        return  # near-identical word lists are the same title with a typo, not a different title
    assert clusters([article(title=a), article(title=b)]) == []


@settings(max_examples=30, deadline=None)
@given(st.permutations(list(range(8))))
def test_it_finds_the_same_clusters_whatever_the_input_order(order: list[int]) -> None:
    base = [
        article(),
        article(pages="123-9", journal="J Hum Traffick"),
        article(title="Forced begging of Roma children", doi="10.1000/b"),
        Record(title="Forced begging of Roma children.", doi="https://doi.org/10.1000/B"),
        article(title="Erratum: Labour exploitation of seasonal workers in Slovenian agriculture", pages=""),
        article(year=2023, journal="Crime, Law and Social Change", volume="79", pages="1-20"),
        Record(title="".join(random.Random(1).choices(string.ascii_lowercase, k=30))),
        article(doi="10.1000/conflict"),
    ]
    shuffled = [base[i] for i in order]
    found = {frozenset(order[i] for i in members) for members in clusters(shuffled)}
    expected = {frozenset(members) for members in clusters(base)}
    assert found == expected
    assert frozenset({0, 1, 7}) in expected and frozenset({2, 3}) in expected
