"""Full-text search and facets, on whichever database the suite runs against."""

from __future__ import annotations

import pytest
from django.http import QueryDict
from hypothesis import given
from hypothesis import strategies as st

from jes.catalogue.content.text import fold, tokens
from jes.catalogue.models import Entry
from jes.catalogue.queries import Filters, facets, filtered
from jes.catalogue.search import fts5_query, tsquery


def search(q: str, **params: str) -> list[Entry]:
    query = QueryDict(mutable=True)
    query["q"] = q
    for key, value in params.items():
        query.setlist(key, value.split(","))
    return list(filtered(Filters.from_params(query)))


def test_it_folds_diacritics_and_case():
    assert fold("Bučar Ručman, Frangež, Mikkilä") == "bucar rucman, frangez, mikkila"


@given(st.text())
def test_tokens_are_always_plain_ascii_words(text):
    for token in tokens(text):
        assert token.isascii() and token.isalnum() and token == token.lower()


@given(st.lists(st.text(alphabet=st.characters(), min_size=1), min_size=1, max_size=5))
def test_user_text_can_never_inject_fts_syntax(words):
    words = tokens(" ".join(words))
    if words:
        assert fts5_query(words).count('"') == 2 * len(words)
        assert all(ch.isalnum() or ch in ' ":*&' for ch in tsquery(words) + fts5_query(words).replace("AND", ""))


@pytest.mark.django_db
def test_rucman_finds_rucman(catalogue):
    results = search("rucman")
    assert results
    assert all("rucman" in e.search_text for e in results)


@pytest.mark.django_db
def test_accented_query_finds_the_same_as_plain(catalogue):
    assert {e.pk for e in search("Ručman")} == {e.pk for e in search("rucman")}


@pytest.mark.django_db
def test_berry_finds_the_finnish_case_study(catalogue):
    results = search("berry")
    assert any(e.country == "FI" and e.section == "case_study" for e in results)


@pytest.mark.django_db
def test_every_word_must_match(catalogue):
    both = search("berry thai")
    assert both
    assert {e.pk for e in both} <= {e.pk for e in search("berry")}
    assert search("berry zzzunlikelyword") == []


@pytest.mark.django_db
def test_prefix_matching_finds_longer_words(catalogue):
    assert search("traffick")


@pytest.mark.django_db
def test_operators_typed_by_a_user_are_plain_words(catalogue):
    assert search('berry OR "NEAR(') == search("berry or near")


@pytest.mark.django_db
def test_country_and_section_facets_narrow_results(catalogue):
    results = search("", country="FI", section="student_contribution")
    assert len(results) == 18
    assert all(e.country == "FI" for e in results)


@pytest.mark.django_db
def test_tag_facets_combine_with_and_across_and_or_within(catalogue):
    sexual = {e.pk for e in search("", form="sexual_exploitation")}
    labour = {e.pk for e in search("", form="forced_labour")}
    either = {e.pk for e in search("", form="sexual_exploitation,forced_labour")}
    assert either == sexual | labour
    spain_sexual = {e.pk for e in search("", form="sexual_exploitation", country="ES")}
    assert spain_sexual and spain_sexual < sexual


@pytest.mark.django_db
def test_facet_counts_add_up(catalogue):
    qs = filtered(Filters())
    counts = facets(qs)
    assert sum(item["count"] for item in counts["country"]) == Entry.objects.count()
    assert [item["code"] for item in counts["country"]] == ["SI", "BE", "FI", "IT", "ES"]
    assert counts["form"] and counts["action"] and counts["year"]


@pytest.mark.django_db
def test_editing_an_entry_updates_the_index(catalogue):
    entry = search("berry")[0].detail
    entry.title = "Xylophonic unique heading"
    entry.save()
    assert [e.pk for e in search("xylophonic")] == [entry.pk]
    entry.delete()
    assert search("xylophonic") == []


@pytest.mark.django_db
def test_unknown_filter_values_are_ignored(catalogue):
    assert len(search("", country="XX")) == Entry.objects.count()


@pytest.mark.django_db
def test_the_index_only_path_agrees_with_the_general_one(catalogue):
    from django.db import connection

    from jes.catalogue.queries import ordered
    from jes.catalogue.search import TextOnlyResults, ranked

    params = QueryDict("q=trafficking")
    f = Filters.from_params(params)
    fast = ordered(filtered(f), f)
    general = ranked(filtered(f), f.q)
    if connection.vendor != "sqlite":
        assert not isinstance(fast, TextOnlyResults)
        return
    assert isinstance(fast, TextOnlyResults)
    assert fast.count() == general.count() > 25
    assert [e.pk for e in fast[0:10]] == [e.pk for e in general[0:10]]
    assert [e.pk for e in fast[10:20]] == [e.pk for e in general[10:20]]
    with_filter = Filters.from_params(QueryDict("q=trafficking&country=SI"))
    assert not isinstance(ordered(filtered(with_filter), with_filter), TextOnlyResults)


@pytest.mark.django_db
def test_a_ranked_page_fetches_the_same_entries_as_a_ranked_query(catalogue):
    from jes.catalogue.queries import ordered
    from jes.catalogue.search import RankedPage, ranked

    f = Filters.from_params(QueryDict("q=trafficking&country=SI&country=FI"))
    page = ordered(filtered(f), f)
    general = ranked(filtered(f), f.q)
    assert isinstance(page, RankedPage)
    assert page.count() == general.count() > 10
    assert [e.pk for e in page[0:10]] == [e.pk for e in general[0:10]]
    assert all(e.country in {"SI", "FI"} for e in page[0:50])
    browse = ordered(filtered(Filters()), Filters())
    assert [e.pk for e in browse[0:5]] == [e.pk for e in Entry.objects.in_report_order()[:5]]
