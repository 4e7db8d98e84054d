"""Search strategies over a review's records: hit counts per line, errors, history, shipped strategy, highlighting."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from jes.review import search_runs
from jes.review.engine.query import highlight_terms
from jes.review.models import AuditEvent, Removal, ReviewRecord, SearchRun

LINES = ["»trgov* z ljudmi«", "prostitu*", "#1 OR #2", "#1 NOT #2"]


@pytest.fixture
def records(project):
    cobib, ngo = project.sources.get(name="COBIB"), project.sources.get(name="NGO websites")
    rows = [
        (cobib, "Trgovina z ljudmi v Sloveniji", "", ""),
        (cobib, "Prisilno beračenje otrok", "Študija o trgovanju z ljudmi.", ""),
        (ngo, "Prostitucija in trgovanje z ljudmi", "", ""),
        (cobib, "Nekaj drugega", "", ""),
        (cobib, "Trgovina z ljudmi v Sloveniji.", "", Removal.DUPLICATE),  # removed: never searched
    ]
    return ReviewRecord.objects.bulk_create(
        ReviewRecord(project=project, source=s, title=t, abstract=a, removed=r) for s, t, a, r in rows
    )


def url(project):
    return reverse("review:strategy", args=[project.pk])


def test_hit_counts_per_line_over_records_not_removed(project, records, lead):
    results, searched = search_runs.run_lines(project, LINES)
    assert searched == 4
    assert [r.hits for r in results] == [3, 1, 3, 2]
    cobib = project.sources.get(name="COBIB")
    results, searched = search_runs.run_lines(project, LINES, cobib)
    assert (searched, [r.hits for r in results]) == (3, [2, 0, 2, 2])


def test_a_member_runs_a_strategy_and_it_is_saved_and_audited(client, project, records, rev1):
    client.force_login(rev1)
    response = client.post(url(project), {"queries": "\n".join(LINES) + "\n\n", "name": "first try", "run": "1"})
    run = SearchRun.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"?run={run.pk}#results")
    assert run.lines == [{"query": q, "hits": h} for q, h in zip(LINES, [3, 1, 3, 2], strict=True)]
    assert (run.records_searched, run.run_by, run.name, run.source) == (4, rev1, "first try", None)
    event = AuditEvent.objects.get(project=project, action="search_run")
    assert event.detail == {"search_run": run.pk, "lines": 4, "records": 4}
    html = client.get(response["Location"]).content.decode()
    rows = re.findall(r'<tr><th scope="row">(\d+)</th><td class="query">(.*?)</td><td class="num">(\d+)</td>', html)
    assert [(n, h) for n, _, h in rows] == [("1", "3"), ("2", "1"), ("3", "3"), ("4", "2")]


def test_source_filter_limits_the_records_searched(client, project, records, rev1):
    client.force_login(rev1)
    ngo = project.sources.get(name="NGO websites")
    client.post(url(project), {"queries": "prostitu*", "source": ngo.pk, "run": "1"})
    run = SearchRun.objects.get()
    assert (run.source, run.records_searched, run.lines[0]["hits"]) == (ngo, 1, 1)


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [("trgov*\n(prostitu* OR", 2, None), ("trgov*\n#3 OR prostitu*", 2, 1)],
)
def test_a_query_error_names_the_line_and_column_and_saves_nothing(client, project, records, rev1, text, line, column):
    client.force_login(rev1)
    response = client.post(url(project), {"queries": text, "run": "1"})
    assert response.status_code == 400
    html = response.content.decode()
    assert f"Line #{line}" in html and "Nothing was saved." in html
    assert 'class="caret"' in html
    if column is not None:
        assert f"at column {column}" in html
        assert "#3 OR prostitu*\n^</pre>" in html
    assert not SearchRun.objects.exists()
    assert not AuditEvent.objects.filter(action="search_run").exists()


def test_query_error_position_comes_from_the_engine(project, records):
    with pytest.raises(search_runs.LineError) as error:
        search_runs.check_lines(["trgov*", "prostitu* AND AND x"])
    assert error.value.number == 2 and error.value.position is not None
    assert error.value.query == "prostitu* AND AND x"


def test_history_lists_runs_newest_first_and_reopens_one(client, project, records, rev1):
    client.force_login(rev1)
    client.post(url(project), {"queries": "trgov*", "name": "older", "run": "1"})
    client.post(url(project), {"queries": "prostitu*\n#1 OR berač*", "name": "newer", "run": "1"})
    older, newer = SearchRun.objects.order_by("id")
    html = client.get(url(project)).content.decode()
    assert html.index(f"?run={newer.pk}#results") < html.index(f"?run={older.pk}#results")
    reopened = client.get(url(project), {"run": older.pk})
    assert reopened.context["form"].initial["queries"] == "trgov*"
    assert "\ntrgov*</textarea>" in reopened.content.decode()


def test_the_shipped_cobib_strategy_loads_with_its_notes(client, project, rev1):
    client.force_login(rev1)
    response = client.get(url(project), {"strategy": "slovenia-cobib-2023"})
    html = response.content.decode()
    assert "»trgov* z ljudmi«\n»trgov* z belim blagom«" in html  # the lines in the textarea
    assert "white slavery" in html and "826" in html  # the lines' notes and the reported total
    cobib = project.sources.get(name="COBIB")
    assert f'<option value="{cobib.pk}" selected>' in html
    assert "No such saved strategy" in client.get(url(project), {"strategy": "../../etc/passwd"}).content.decode()


def test_the_shipped_strategy_runs_from_the_service(project, records):
    strategy = search_runs.find_strategy("slovenia-cobib-2023")
    results, _ = search_runs.run_lines(project, strategy.queries)
    assert results[0].hits == 3  # »trgov* z ljudmi« in titles and the abstract
    assert len(results) == len(strategy.lines)


def test_lead_sets_the_highlighted_terms(client, project, records, lead):
    client.force_login(lead)
    response = client.post(url(project), {"queries": "»prisil* berač*«\nNOT prostitu*\n#1 OR #2", "highlight": "1"})
    assert response.status_code == 200 and "Screening now highlights 1 term of" in response.content.decode()
    project.refresh_from_db()
    assert project.highlight_terms == ["»prisil* berač*«"]
    assert re.search(highlight_terms(project.highlight_terms[0])[0], "Prisilno beracenje otrok")
    event = AuditEvent.objects.get(project=project, action="highlight_terms_set")
    assert event.detail == {"terms": 1, "lines": 1}
    assert not SearchRun.objects.exists()


def test_reviewers_may_run_but_not_set_highlighting_and_outsiders_see_nothing(client, project, rev1, stranger):
    client.force_login(rev1)
    page = client.get(url(project)).content.decode()
    assert "Run and save" in page and "Highlight these terms" not in page
    assert client.post(url(project), {"queries": "trgov*", "highlight": "1"}).status_code == 403
    project.refresh_from_db()
    assert project.highlight_terms == []
    client.force_login(stranger)
    assert client.get(url(project)).status_code == 404
    assert client.post(url(project), {"queries": "trgov*", "run": "1"}).status_code == 404
