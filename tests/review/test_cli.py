"""The stable `jes review` command-line interfaces."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from jes.cli import main

SHARED = Path(__file__).resolve().parents[3] / "shared"


def test_prisma_example_seed_prints_table_1(capsys):
    assert main(["review", "prisma", "--example", "seed", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {
        "identified_databases": 826,
        "identified_other": 1,
        "duplicates": 8,
        "screened": 827,
        "excluded_screening": 801,
        "assessed": 18,
        "excluded_eligibility": 8,
        "included_reports": 10,
        "included_studies": 8,
    }


def test_dedup_prints_clusters_of_positions(tmp_path, capsys):
    ris = tmp_path / "two.ris"
    records = [
        ("Trgovina z ljudmi v Sloveniji", "Bučar Ručman, Aleš", "2014", "10.1/abc"),
        ("Something else entirely", "Novak, Ana", "2020", ""),
        ("Trgovina z ljudmi v Sloveniji.", "Bucar Rucman, A.", "2014", "https://doi.org/10.1/ABC"),
    ]
    text = ""
    for title, author, year, doi in records:
        text += f"TY  - JOUR\nTI  - {title}\nAU  - {author}\nPY  - {year}\n"
        text += (f"DO  - {doi}\n" if doi else "") + "ER  - \n\n"
    ris.write_text(text, encoding="utf-8")
    assert main(["review", "dedup", str(ris), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["records"] == 3
    assert [sorted(c) for c in out["clusters"] if len(c) > 1] == [[0, 2]]


def test_dedup_refuses_a_malformed_file_naming_it(tmp_path, capsys):
    bad = tmp_path / "bad.xml"
    bad.write_text("<xml><records><record><titles>", encoding="utf-8")
    assert main(["review", "dedup", str(bad), "--json"]) == 2
    assert "bad.xml" in capsys.readouterr().err


def test_simulate_prints_one_json_object_with_the_metrics(tmp_path, capsys):
    data = tmp_path / "labelled.csv"
    with data.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["title", "abstract", "label_included"])
        for i in range(60):
            relevant = i % 10 == 0
            topic = "forced labour trafficking of berry pickers" if relevant else f"unrelated topic number {i} on soil"
            writer.writerow([f"Study {i}: {topic}", f"Abstract about {topic}.", int(relevant)])
    assert main(["review", "simulate", str(data), "--json", "--seeds", "2"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert {"n_records", "n_included", "records_to_95", "wss_95", "wss_100", "recall_at_10pct", "seconds"} <= set(out)
    assert out["n_records"] == 60 and out["n_included"] == 6
    assert len(out["per_seed"]) == 2
    assert out["wss_95"] > 0.3  # separable data: inclusions come first


COPPER = SHARED / "bench" / "dedup" / "copper.xml"


@pytest.mark.skipif(not COPPER.exists(), reason="../shared not beside the checkout")
def test_dedup_reads_endnote_xml_from_the_benchmark(capsys):
    assert main(["review", "dedup", str(COPPER), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["records"] == 505 and out["clusters"]
