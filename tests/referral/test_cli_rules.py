"""The stable interfaces `jes referral indicators --json` and `jes referral assess --answers FILE --json`."""

from __future__ import annotations

import json

import pytest

from jes.cli import main

AL = "iloec.adult_labour."


def _answers(tmp_path, data, name="answers.json"):
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return str(path)


def test_indicators_json_is_an_array_with_the_stable_keys(capsys):
    assert main(["referral", "indicators", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert isinstance(rows, list) and len(rows) > 100
    for row in rows:
        assert set(row) == {"id", "name", "set", "dimension", "strength"}
        assert row["strength"] in {"strong", "medium", "weak", None}
    forced = [r for r in rows if r["set"] == "ilofl"]
    assert len(forced) == 11 and all(r["strength"] is None for r in forced)
    assert all(r["strength"] for r in rows if r["set"] == "iloec")


def test_indicators_without_json_prints_one_line_each(capsys):
    assert main(["referral", "indicators"]) == 0
    assert "Debt bondage" in capsys.readouterr().out


def test_assess_json_has_the_stable_shape(tmp_path, capsys):
    path = _answers(
        tmp_path,
        {
            "profile": {"age": 34, "sector": "agriculture"},
            "indicators": [
                AL + "deceptive_recruitment.deceived_about_job",
                AL + "deceptive_recruitment.deceived_about_wages",
                AL + "exploitation.excessive_hours",
                AL + "exploitation.wage_manipulation",
                AL + "coercion_destination.debt_bondage",
                AL + "coercion_destination.confiscation_of_documents",
            ],
        },
    )
    assert main(["referral", "assess", "--answers", path, "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["outcome"] == "indicators_present"
    assert isinstance(out["explanation"], str) and out["explanation"]
    assert len(out["dimensions"]) == 6
    for dim in out["dimensions"]:
        assert {"id", "indicators", "met"} <= set(dim)
        assert isinstance(dim["met"], bool) and isinstance(dim["indicators"], list)
    assert {d["id"] for d in out["dimensions"] if d["met"]} == {
        "deceptive_recruitment",
        "exploitation",
        "coercion_destination",
    }


def test_assess_insufficient_so_far(tmp_path, capsys):
    path = _answers(tmp_path, {"profile": {"age": 34}, "indicators": [AL + "exploitation.hazardous_work"]})
    assert main(["referral", "assess", "--answers", path, "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["outcome"] == "insufficient_so_far"
    assert "not a victim" not in out["explanation"].lower()


def test_assess_without_json_prints_a_readable_summary(tmp_path, capsys):
    path = _answers(tmp_path, {"profile": {"age": 34}, "indicators": []})
    assert main(["referral", "assess", "--answers", path]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Outcome: insufficient so far") and "Coercion at destination" in out


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("{not json", "not valid JSON"),
        ("[1, 2]", "expected an object"),
        (json.dumps({"indicators": "x"}), "field indicators"),
        (json.dumps({"profile": [], "indicators": []}), "field profile"),
        (json.dumps({"profile": {"age": -1}, "indicators": []}), "profile.age"),
        (json.dumps({"indicators": ["iloec.nope"]}), "'iloec.nope'"),
    ],
)
def test_a_bad_answers_file_exits_2_with_the_reason(tmp_path, capsys, content, expected):
    path = _answers(tmp_path, content, "bad.json")
    assert main(["referral", "assess", "--answers", path, "--json"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "bad.json" in captured.err and expected in captured.err


def test_a_missing_answers_file_exits_2(tmp_path, capsys):
    assert main(["referral", "assess", "--answers", str(tmp_path / "none.json")]) == 2
    assert "none.json: cannot be read" in capsys.readouterr().err
