"""`jes review import | search | duplicates` against a project in the database."""

from __future__ import annotations

import argparse

import pytest

from jes.review import cli_import
from jes.review.engine.formats import write
from jes.review.models import AuditEvent, ImportBatch, Removal, ReviewRecord, SearchRun
from tests.review.engine.test_formats import sample_records


def jes_review(*argv: str) -> int:
    """The `jes review` parser with these commands registered, as jes.review.cli.register wires them."""
    top = argparse.ArgumentParser(prog="jes")
    review = top.add_subparsers(dest="command").add_parser("review").add_subparsers(dest="action", required=True)
    cli_import.register(review)
    args = top.parse_args(["review", *argv])
    return args.func(args)


@pytest.fixture
def ris(tmp_path):
    path = tmp_path / "cobib.ris"
    write(sample_records("ris"), path)
    return path


def test_import_reads_the_whole_file_and_reports_it(project, lead, ris, capsys):
    assert jes_review("import", str(project.pk), str(ris), "--source", "COBIB", "--user", "lead") == 0
    out = capsys.readouterr().out
    assert "2 records imported from cobib.ris (ris)" in out
    batch = ImportBatch.objects.get()
    assert (batch.imported_by, batch.records, batch.source.name) == (lead, 2, "COBIB")
    assert AuditEvent.objects.get(action="import").actor == lead


def test_import_refuses_a_bad_file_with_status_2_and_nothing_written(project, tmp_path, capsys):
    bad = tmp_path / "bad.ris"
    bad.write_text("TY  - JOUR\nTI  - One\nER  - \n\nTY  - JOUR\nTI  - Two\n", encoding="utf-8")
    assert jes_review("import", str(project.pk), str(bad), "--source", "COBIB") == 2
    err = capsys.readouterr().err
    assert "bad.ris: record 2:" in err and "nothing was imported" in err
    assert not ReviewRecord.objects.exists()


def test_import_names_what_is_wrong_with_the_arguments(project, ris, capsys):
    assert jes_review("import", str(project.pk), str(ris), "--source", "PubMed") == 2
    assert "no source named 'PubMed' (its sources: COBIB, NGO websites)" in capsys.readouterr().err
    assert jes_review("import", "999999", str(ris), "--source", "COBIB") == 2
    assert "no review project with id 999999" in capsys.readouterr().err
    assert jes_review("import", str(project.pk), str(ris), "--source", "COBIB", "--map", "title") == 2
    assert "expected FIELD=COLUMN" in capsys.readouterr().err


def test_import_maps_csv_columns_and_refuses_a_repeat_unless_forced(project, tmp_path, capsys):
    path = tmp_path / "export.csv"
    path.write_text("Naslov,Leto\nTrgovina z ljudmi,2019\n", encoding="utf-8")
    argv = ["import", str(project.pk), str(path), "--source", "COBIB", "--map", "title=Naslov", "--map", "year=Leto"]
    assert jes_review(*argv) == 0
    record = ReviewRecord.objects.get()
    assert (record.title, record.year) == ("Trgovina z ljudmi", 2019)
    assert jes_review(*argv) == 2
    assert "already imported" in capsys.readouterr().err
    assert jes_review(*argv, "--force") == 0
    assert ReviewRecord.objects.count() == 2


@pytest.fixture
def titled(project):
    cobib = project.sources.get(name="COBIB")
    titles = ["Trgovina z ljudmi v Sloveniji", "Prostitucija v Ljubljani", "Prisilno beračenje"]
    return ReviewRecord.objects.bulk_create(ReviewRecord(project=project, source=cobib, title=t) for t in titles)


def test_search_prints_the_hit_count_of_every_line(project, titled, capsys):
    argv = ["search", str(project.pk), "--line", "»trgov* z ljudmi«", "--line", "prostitu*", "--line", "#1 OR #2"]
    assert jes_review(*argv) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "Search history over 3 records"
    assert [line.split()[:2] for line in lines[2:]] == [["1", "1"], ["2", "1"], ["3", "2"]]
    assert not SearchRun.objects.exists()
    assert jes_review(*argv, "--save", "--source", "COBIB") == 0
    run = SearchRun.objects.get()
    assert [line["hits"] for line in run.lines] == [1, 1, 2] and run.source.name == "COBIB"


def test_search_runs_the_shipped_strategy(project, titled, capsys):
    assert jes_review("search", str(project.pk), "--strategy", "slovenia-cobib-2023") == 0
    out = capsys.readouterr().out
    assert "  1     1  »trgov* z ljudmi«" in out
    assert "(COBIB reported 826 records for this strategy)" in out


def test_search_shows_a_query_error_with_a_caret(project, titled, capsys):
    assert jes_review("search", str(project.pk), "--line", "trgov*", "--line", "#2 OR x") == 2
    err = capsys.readouterr().err
    assert "line #2:" in err and "does not refer to an earlier line" in err
    assert "    #2 OR x\n    ^" in err


def test_duplicates_proposes_and_confirms(project, capsys):
    cobib = project.sources.get(name="COBIB")
    doi = "10.1000/thb.2014.1"
    ReviewRecord.objects.bulk_create(
        ReviewRecord(project=project, source=cobib, title="Trgovina z ljudmi", doi=doi, year=2014) for _ in range(2)
    )
    assert jes_review("duplicates", str(project.pk)) == 0
    out = capsys.readouterr().out
    assert "2 records compared: 1 cluster proposed, 1 record would be removed" in out
    assert not ReviewRecord.objects.exclude(removed="").exists()
    assert jes_review("duplicates", str(project.pk), "--confirm-all") == 0
    assert "1 cluster confirmed" in capsys.readouterr().out
    assert ReviewRecord.objects.filter(removed=Removal.DUPLICATE).count() == 1
