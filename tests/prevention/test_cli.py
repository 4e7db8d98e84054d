"""`jes prevention jobad | pay | learn`: the stable JSON interfaces of issue 6."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from jes.cli import main

BERRY = Path(__file__).resolve().parent / "fixtures" / "berry-season.json"


def _run(capsys, *argv):
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_jobad_prints_flags_and_risk(capsys, tmp_path):
    advert = tmp_path / "ad.txt"
    advert.write_text(
        "Babysitter wanted abroad, start immediately! Send a copy of your passport on WhatsApp only.", encoding="utf-8"
    )
    code, out, _ = _run(capsys, "prevention", "jobad", "--file", str(advert), "--lang", "en", "--json")
    data = json.loads(out)
    assert code == 0 and data["risk"] in {"low", "medium", "high"}
    assert data["flags"] and all({"id", "explanation"} <= set(f) for f in data["flags"])


def test_jobad_names_a_missing_file(capsys, tmp_path):
    code, _, err = _run(capsys, "prevention", "jobad", "--file", str(tmp_path / "nope.txt"), "--json")
    assert code == 2 and "nope.txt" in err


@pytest.mark.django_db
def test_pay_reproduces_the_berry_picker_exactly(capsys):
    code, out, _ = _run(capsys, "prevention", "pay", "--file", str(BERRY), "--json")
    data = json.loads(out)
    assert code == 0
    assert (data["gross"], data["deductions"], data["net"]) == ("4191.60", "4249.84", "-58.24")
    assert isinstance(data["hourly"], str) and "net_negative" in {f["id"] for f in data["flags"]}
    assert data["help"] and data["help"][0]["id"].startswith("fi-")


def test_pay_refuses_a_float_and_names_the_field(capsys, tmp_path):
    season = json.loads(BERRY.read_text(encoding="utf-8"))
    season["earnings"][0]["amount"] = "4,191.60x"
    bad = tmp_path / "season.json"
    bad.write_text(json.dumps(season), encoding="utf-8")
    code, _, err = _run(capsys, "prevention", "pay", "--file", str(bad), "--json")
    assert code == 2 and "earnings[0].amount" in err


def test_learn_lists_and_grades(capsys, tmp_path):
    code, out, _ = _run(capsys, "prevention", "learn", "list", "--json")
    modules = json.loads(out)
    assert code == 0 and "berry-pickers-finland" in {m["id"] for m in modules}
    answers = tmp_path / "answers.json"
    answers.write_text("{}", encoding="utf-8")
    code, out, _ = _run(capsys, "prevention", "learn", "grade", "berry-pickers-finland", "--answers", str(answers))
    result = json.loads(out)
    assert code == 0 and result["score"] == 0 and len(result["unanswered"]) == result["total"] == 7
