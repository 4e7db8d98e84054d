"""The stable command-line interfaces."""

from __future__ import annotations

import json

import pytest
import yaml

from jes.cli import main

pytestmark = pytest.mark.django_db


def test_export_json_is_an_array_with_the_stable_keys(capsys, catalogue):
    assert main(["catalogue", "export", "--format", "json"]) == 0
    records = json.loads(capsys.readouterr().out)
    assert isinstance(records, list) and len(records) > 100
    for record in records:
        assert {"country", "section", "title", "authors", "year", "links", "seed_line"} <= set(record)
        assert record["country"] in {"SI", "BE", "FI", "IT", "ES"}
        assert record["section"] in {"research", "project", "practice", "other", "case_study", "student_contribution"}
        assert isinstance(record["links"], list) and isinstance(record["authors"], list)
        assert record["title"]


def test_export_yaml_and_csv(capsys, catalogue):
    main(["catalogue", "export", "--format", "yaml"])
    assert len(yaml.safe_load(capsys.readouterr().out)) > 100
    main(["catalogue", "export", "--format", "csv"])
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("id,country,section")


def test_template_and_import_round_trip(tmp_path, capsys, catalogue):
    path = tmp_path / "national-report.xlsx"
    assert main(["catalogue", "template", "--country", "SI", "-o", str(path)]) == 0
    assert main(["catalogue", "import", str(path)]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["country"] == "SI" and summary["created"] == 0


def test_a_bad_import_exits_non_zero_with_the_reason(tmp_path, capsys, catalogue):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(b"PK\x03\x04 broken")
    assert main(["catalogue", "import", str(path)]) == 2
    assert "bad.xlsx: refused" in capsys.readouterr().err


def test_load_keeps_an_existing_catalogue(capsys, catalogue):
    from jes.catalogue.models import Entry

    n = Entry.objects.count()
    main(["catalogue", "load"])
    assert Entry.objects.count() == n
