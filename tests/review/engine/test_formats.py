"""Import and export of bibliographic formats: round trips, malformed files, encodings, the shared sample."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jes.review.engine import formats
from jes.review.engine.formats import FormatError, read, read_all, write
from jes.review.engine.records import Provenance, Record

COPPER = Path(__file__).resolve().parents[4] / "shared" / "bench" / "dedup" / "copper.xml"
CORE = [f.name for f in dataclasses.fields(Record) if f.name not in {"extra", "provenance"}]
TYPES = {"ris": "JOUR", "bibtex": "article", "nbib": "Journal Article", "endnote-xml": "Journal Article"}
SUFFIX = {"ris": ".ris", "bibtex": ".bib", "nbib": ".nbib", "endnote-xml": ".xml", "csl-json": ".json"}
SUFFIX |= {"csv": ".csv", "tsv": ".tsv", "xlsx": ".xlsx"}


def sample_records(fmt: str) -> list[Record]:
    kind = TYPES.get(fmt, "article-journal" if fmt == "csl-json" else "journal article")
    first = Record(
        title="Trgovina z ljudmi v Sloveniji: prisilno beračenje",
        abstract="Študija o žrtvah in čezmejnem izkoriščanju.",
        authors=["Čebulj, Žiga", "Šorli, Mojca"],
        year=2019,
        journal="Revija za kriminalistiko in kriminologijo",
        volume="70",
        issue="2",
        pages="101-117",
        doi="10.1000/abc.123",
        pmid="31234567",
        isbn="9789612345678",
        keywords=["trgovina z ljudmi", "prisilno delo"],
        language="slv",
        publication_type=kind,
        url="" if fmt == "nbib" else "https://example.org/clanek",  # MEDLINE has no URL tag
    )
    second = Record(title="Forced begging and child marriage", authors=["Novak, Ana"], year=2021, publication_type=kind)
    if fmt in {"csv", "tsv", "xlsx"}:
        first.cobiss_id = "123456789"
    return [first, second]


def core(rec: Record) -> dict[str, object]:
    return {name: getattr(rec, name) for name in CORE}


@pytest.mark.parametrize("fmt", sorted(formats.FORMATS))
def test_it_reads_back_what_it_wrote_in_every_format(tmp_path: Path, fmt: str) -> None:
    records = sample_records(fmt)
    path = tmp_path / f"out{SUFFIX[fmt]}"
    write(records, path, fmt)
    back = read_all(path, source="Test DB")
    assert [core(r) for r in back] == [core(r) for r in records]
    assert [r.provenance for r in back] == [Provenance("Test DB", path.name, 0), Provenance("Test DB", path.name, 1)]


UNMAPPED: dict[str, tuple[str, object]] = {
    "ris": ("M3", "Original research"),
    "bibtex": ("note", "Also in Slovenian"),
    "nbib": ("MH", ["Humans", "Human Trafficking"]),
    "endnote-xml": ("caption", "Duplicate"),
    "csl-json": ("publisher", "Inštitut za kriminologijo"),
    "csv": ("label", "included"),
    "tsv": ("label", "included"),
    "xlsx": ("label", "included"),
}


@pytest.mark.parametrize("fmt", sorted(formats.FORMATS))
def test_it_keeps_unmapped_fields_in_extra_and_writes_them_back(tmp_path: Path, fmt: str) -> None:
    key, value = UNMAPPED[fmt]
    rec = sample_records(fmt)[0]
    rec.extra = {key: value}
    path = tmp_path / f"out{SUFFIX[fmt]}"
    write([rec], path)
    assert read_all(path)[0].extra[key] == value


# Generated text avoids what a line-based format cannot carry verbatim: line breaks and edge whitespace.
WORD = st.text(st.characters(categories=("L", "N")) | st.sampled_from("čšžČŠŽ"), min_size=1, max_size=12)
PHRASE = st.lists(WORD, min_size=1, max_size=6).map(" ".join)
PUNCT_PHRASE = st.lists(WORD | st.sampled_from(["(a)", "x:", '"q"', "1,2", "it's", "e.g."]), min_size=1, max_size=8)
RECORDS = st.builds(
    Record,
    title=PUNCT_PHRASE.map(" ".join),
    abstract=st.just("") | PUNCT_PHRASE.map(" ".join),
    authors=st.lists(st.tuples(WORD, WORD).map(", ".join), max_size=4),
    year=st.none() | st.integers(1000, 2100),
    journal=st.just("") | PHRASE,
    volume=st.just("") | st.integers(1, 999).map(str),
    issue=st.just("") | st.integers(1, 99).map(str),
    pages=st.just("") | st.from_regex(r"[1-9][0-9]{0,3}(-[1-9][0-9]{0,3})?", fullmatch=True),
    doi=st.just("") | st.from_regex(r"10\.[0-9]{4,5}/[a-z0-9.]{1,12}", fullmatch=True),
    keywords=st.lists(PHRASE, max_size=4),
    language=st.just("") | st.sampled_from(["eng", "slv", "hrv"]),
    publication_type=st.sampled_from(["JOUR", "BOOK", "CHAP", "RPRT", "THES"]),
    url=st.just("") | st.from_regex(r"https://example\.org/[a-z0-9]{1,10}", fullmatch=True),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(records=st.lists(RECORDS, min_size=1, max_size=5))
def test_it_round_trips_generated_records_through_ris(tmp_path: Path, records: list[Record]) -> None:
    path = tmp_path / "gen.ris"
    write(records, path)
    assert [core(r) for r in read_all(path)] == [core(r) for r in records]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(records=st.lists(RECORDS, min_size=1, max_size=5), pmid=st.from_regex(r"[1-9][0-9]{0,8}", fullmatch=True))
def test_it_round_trips_generated_records_through_csv(tmp_path: Path, records: list[Record], pmid: str) -> None:
    records[0].pmid = pmid
    records[-1].abstract = 'First paragraph, "quoted".\nSecond paragraph.'
    path = tmp_path / "gen.csv"
    write(records, path)
    assert [core(r) for r in read_all(path)] == [core(r) for r in records]


def refusal(path: Path, fmt: str | None = None, mapping: dict[str, str] | None = None) -> FormatError:
    with pytest.raises(FormatError) as caught:
        read_all(path, fmt, mapping=mapping)
    return caught.value


GOOD_RIS = "TY  - JOUR\nTI  - First\nER  - \n\n"


def test_it_refuses_a_truncated_ris_file_naming_file_and_record(tmp_path: Path) -> None:
    path = tmp_path / "cut.ris"
    path.write_text(GOOD_RIS + "TY  - JOUR\nTI  - Second, cut off\nAU  - Nov", encoding="utf-8")
    error = refusal(path)
    assert (error.file, error.record_number) == ("cut.ris", 2)
    assert "ER" in error.reason and "cut.ris: record 2" in str(error)


def test_it_refuses_ris_records_that_run_into_each_other(tmp_path: Path) -> None:
    path = tmp_path / "joined.ris"
    path.write_text(GOOD_RIS + "TY  - JOUR\nTI  - No end\nTY  - JOUR\nTI  - Third\nER  - \n", encoding="utf-8")
    assert refusal(path).record_number == 2


def test_it_refuses_a_file_that_is_not_ris_at_all(tmp_path: Path) -> None:
    path = tmp_path / "notes.ris"
    path.write_text("just some notes\nno tags here\n", encoding="utf-8")
    assert "no RIS record" in refusal(path).reason


def test_it_streams_the_good_records_before_the_bad_one_but_read_all_returns_nothing(tmp_path: Path) -> None:
    path = tmp_path / "cut.ris"
    path.write_text(GOOD_RIS + "TY  - JOUR\nTI  - Cut", encoding="utf-8")
    stream = read(path)
    assert next(stream).title == "First"
    with pytest.raises(FormatError):
        next(stream)


def test_it_refuses_bad_bibtex_naming_the_broken_entry(tmp_path: Path) -> None:
    path = tmp_path / "bad.bib"
    path.write_text(
        "@article{a, title={Good}, year={2020}}\n@article{b, title={Never closed\n@book{c, title={Third}}\n",
        encoding="utf-8",
    )
    error = refusal(path)
    assert (error.file, error.record_number) == ("bad.bib", 2)


def test_it_decodes_latex_accents_and_splits_bibtex_authors(tmp_path: Path) -> None:
    path = tmp_path / "latex.bib"
    path.write_text(
        "@article{k, title={Trgovina z ljudmi: {\\v{c}}lovekove pravice},"
        " author={Mojca {\\v{S}}orli and Novak, Ana}, pages={5--9}, doi={https://doi.org/10.1/ABC}}\n",
        encoding="utf-8",
    )
    (rec,) = read_all(path)
    assert rec.title == "Trgovina z ljudmi: človekove pravice"
    assert rec.authors == ["Šorli, Mojca", "Novak, Ana"]
    assert (rec.pages, rec.doi, rec.extra["ID"]) == ("5-9", "10.1/abc", "k")


def test_it_refuses_broken_xml_naming_the_record_where_it_broke(tmp_path: Path) -> None:
    path = tmp_path / "broken.xml"
    write(sample_records("endnote-xml"), path)
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.rindex("<record>") + 40], encoding="utf-8")
    error = refusal(path)
    assert (error.file, error.record_number) == ("broken.xml", 2)


def test_it_refuses_xml_entity_expansion(tmp_path: Path) -> None:
    path = tmp_path / "bomb.xml"
    path.write_text(
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
        "<xml><records><record><titles><title>&b;</title></titles></record></records></xml>",
        encoding="utf-8",
    )
    assert refusal(path).record_number == 1


def test_it_refuses_a_csv_missing_the_mapped_column(tmp_path: Path) -> None:
    path = tmp_path / "hits.csv"
    path.write_text("Name,Summary\nA study,Text\n", encoding="utf-8")
    error = refusal(path, mapping={"title": "Article Title"})
    assert (error.file, error.record_number) == ("hits.csv", 1)
    assert "Article Title" in error.reason


def test_it_refuses_a_csv_row_with_more_cells_than_the_header(tmp_path: Path) -> None:
    path = tmp_path / "rows.csv"
    path.write_text("title,year\nOne,2020\nTwo,2021\nThree,2022,extra\n", encoding="utf-8")
    assert refusal(path).record_number == 3


def test_it_refuses_broken_csl_json_naming_the_item(tmp_path: Path) -> None:
    path = tmp_path / "items.json"
    path.write_text('[{"title": "One"}, {"title": "Two", ]', encoding="utf-8")
    error = refusal(path)
    assert (error.file, error.record_number) == ("items.json", 2)


def test_it_refuses_a_medline_record_with_a_stray_line(tmp_path: Path) -> None:
    path = tmp_path / "pubmed.nbib"
    path.write_text("PMID- 1\nTI  - One\n\nPMID- 2\nTI  - Two\nthis is no tag line\n", encoding="utf-8")
    assert refusal(path).record_number == 2


def test_it_refuses_ris_saved_as_txt_instead_of_misreading_it_as_medline(tmp_path: Path) -> None:
    path = tmp_path / "export.txt"
    path.write_text(GOOD_RIS, encoding="utf-8")
    assert "RIS" in refusal(path).reason
    assert read_all(path, "ris")[0].title == "First"


def test_it_reads_pubmed_medline_with_continuations_and_identifiers(tmp_path: Path) -> None:
    path = tmp_path / "pubmed.txt"
    path.write_text(
        "PMID- 31234567\nTI  - Human trafficking in Central\n      Europe: a review.\nFAU - Čebulj, Žiga\n"
        "AU  - Čebulj Ž\nDP  - 2019 May 3\nLID - 10.1000/XYZ [doi]\nLID - S0001 [pii]\nMH  - Humans\n"
        "MH  - Human Trafficking\nJT  - Journal of Things\nPT  - Journal Article\nPT  - Review\n",
        encoding="utf-8",
    )
    (rec,) = read_all(path)
    assert rec.title == "Human trafficking in Central Europe: a review."
    assert (rec.pmid, rec.year, rec.doi, rec.authors) == ("31234567", 2019, "10.1000/xyz", ["Čebulj, Žiga"])
    assert rec.extra["MH"] == ["Humans", "Human Trafficking"]
    assert (rec.extra["LID"], rec.extra["PT"], rec.extra["DP"]) == ("S0001 [pii]", "Review", "2019 May 3")


SLOVENIAN_RIS = (
    "TY  - JOUR\nAU  - Čebulj, Žiga\nAU  - Šorli, Mojca\nTI  - Trgovina z ljudmi in prisilno beračenje\nER  - \n"
)


@pytest.mark.parametrize("encoding", ["cp1250", "iso-8859-2", "utf-8-sig", "utf-16"])
def test_it_detects_the_encoding_of_a_slovenian_ris_file(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "cobib.ris"
    path.write_bytes(SLOVENIAN_RIS.encode(encoding))
    (rec,) = read_all(path)
    assert rec.authors == ["Čebulj, Žiga", "Šorli, Mojca"]
    assert rec.title == "Trgovina z ljudmi in prisilno beračenje"


def test_it_reads_a_latin1_csv_with_a_bom_free_header(tmp_path: Path) -> None:
    path = tmp_path / "latin.csv"
    path.write_bytes('title,authors\nÜber Menschenhandel in Österreich,"Müller, Zoë"\n'.encode("latin-1"))
    (rec,) = read_all(path)
    assert (rec.title, rec.authors) == ("Über Menschenhandel in Österreich", ["Müller, Zoë"])


def test_it_strips_a_utf8_bom_before_matching_csv_headers(tmp_path: Path) -> None:
    path = tmp_path / "bom.csv"
    path.write_bytes("title,year\nŽrtve trgovine,2018\n".encode("utf-8-sig"))
    (rec,) = read_all(path)
    assert (rec.title, rec.year, rec.extra) == ("Žrtve trgovine", 2018, {})


def test_it_maps_columns_by_header_name_and_by_the_callers_mapping(tmp_path: Path) -> None:
    path = tmp_path / "asysd.tsv"
    path.write_text(
        "Author\tTitle\tYear\tJournal\tnumber\tDOI\tNaslov\trecord_id\nNovak, A; Kos, B\tEn\t2020\tJ\t3\t"
        "https://doi.org/10.5/Q\tSlovenski naslov\t7\n",
        encoding="utf-8",
    )
    (rec,) = read_all(path)
    assert (rec.authors, rec.title, rec.year, rec.issue, rec.doi) == (["Novak, A", "Kos, B"], "En", 2020, "3", "10.5/q")
    assert rec.extra == {"Naslov": "Slovenski naslov", "record_id": "7"}
    (mapped,) = read_all(path, mapping={"title": "Naslov"})
    assert mapped.title == "Slovenski naslov" and mapped.extra["Title"] == "En"


def test_it_reads_excel_numbers_as_text_and_years(tmp_path: Path) -> None:
    path = tmp_path / "sheet.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Title", "Publication Year", "Volume", "PMID"])
    sheet.append(["Delo na črno", 2017.0, 12, 31234567])
    workbook.save(path)
    (rec,) = read_all(path)
    assert (rec.title, rec.year, rec.volume, rec.pmid) == ("Delo na črno", 2017, "12", "31234567")


def test_it_refuses_an_xlsx_that_is_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "fake.xlsx"
    path.write_text("title\nnot a zip\n", encoding="utf-8")
    assert refusal(path).file == "fake.xlsx"


def test_it_normalises_dois_and_takes_pmids_only_where_marked(tmp_path: Path) -> None:
    path = tmp_path / "ids.ris"
    path.write_text(
        "TY  - JOUR\nDO  - https://doi.org/10.1016/J.X.2019\nAN  - 620761946\nDB  - Embase\nER  - \n\n"
        "TY  - JOUR\nDO  - doi:10.2/Y\nAN  - 31234567\nDB  - MEDLINE\nER  - \n",
        encoding="utf-8",
    )
    embase, medline = read_all(path)
    assert (embase.doi, embase.pmid, embase.extra["AN"]) == ("10.1016/j.x.2019", "", "620761946")
    assert (medline.doi, medline.pmid) == ("10.2/y", "31234567")


@pytest.mark.parametrize(
    ("name", "expected"),
    [("a.ris", "ris"), ("a.BIB", "bibtex"), ("a.nbib", "nbib"), ("a.txt", "nbib"), ("a.xml", "endnote-xml")]
    + [("a.json", "csl-json"), ("a.csv", "csv"), ("a.tsv", "tsv"), ("a.xlsx", "xlsx")],
)
def test_it_picks_the_format_from_the_extension(name: str, expected: str) -> None:
    assert formats.format_for(Path(name)).name == expected


def test_it_refuses_an_unknown_format_by_name() -> None:
    with pytest.raises(ValueError, match="unknown format"):
        formats.format_for(Path("a.doc"))
    assert formats.format_for(Path("a.doc"), "endnote_xml").name == "endnote-xml"


needs_copper: Callable[[Callable[..., None]], Callable[..., None]] = pytest.mark.skipif(
    not COPPER.exists(), reason="shared benchmark data (../shared) is absent"
)


@needs_copper
def test_it_reads_all_505_records_of_the_copper_endnote_export() -> None:
    records = read_all(COPPER, source="Embase+Medline")
    assert len(records) == 505
    assert sum(r.extra.get("caption") == "Duplicate" for r in records) == 281
    assert [r.provenance.position for r in records] == list(range(505))
    assert records[0].authors[0] == "Asemota, E. A." and records[0].doi == "10.1016/j.imr.2018.01.008"
    assert sum(bool(r.title) for r in records) > 500
