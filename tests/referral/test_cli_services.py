"""`jes referral services` and `jes referral route`: JSON shapes and clear errors."""

from __future__ import annotations

import json

import pytest

from jes.cli import main


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_services_json_is_the_country_directory(capsys):
    code, out, _ = run(capsys, "referral", "services", "--country", "SI", "--json")
    data = json.loads(out)
    assert code == 0 and data and {d["country"] for d in data} == {"SI"}
    assert {"id", "name", "kind", "seed_lines", "quote", "phone", "hours"} <= set(data[0])


def test_services_text_marks_unknowns(capsys):
    code, out, _ = run(capsys, "referral", "services", "--country", "BE")
    assert code == 0 and "not stated in the source" in out


def test_route_json_is_a_ranked_list_with_reasons(capsys, tmp_path):
    profile = tmp_path / "p.json"
    profile.write_text(json.dumps({"age": 16, "needs": ["information"]}), encoding="utf-8")
    code, out, _ = run(capsys, "referral", "route", "--country", "FI", "--profile", str(profile), "--json")
    data = json.loads(out)
    assert code == 0 and data
    assert all({"id", "name", "reason"} <= set(d) for d in data)
    assert data[0]["id"].startswith("fi-")


def test_route_hides_what_does_not_fit_unless_all(capsys, tmp_path):
    profile = tmp_path / "p.json"
    profile.write_text(json.dumps({"cooperates_with_police": False}), encoding="utf-8")
    _, out, _ = run(capsys, "referral", "route", "--country", "SI", "--profile", str(profile), "--json")
    assert "si-kljuc-safe-accommodation" not in {d["id"] for d in json.loads(out)}
    _, out, _ = run(capsys, "referral", "route", "--country", "SI", "--profile", str(profile), "--json", "--all")
    last = json.loads(out)[-1]
    assert last["id"] == "si-kljuc-safe-accommodation" and last["eligible"] is False


@pytest.mark.parametrize(("content", "message"), [('{"age": "old"}', "field age"), ("{not json", "not valid JSON")])
def test_route_bad_profile_exits_2_naming_file_and_field(capsys, tmp_path, content, message):
    profile = tmp_path / "bad.json"
    profile.write_text(content, encoding="utf-8")
    code, out, err = run(capsys, "referral", "route", "--country", "IT", "--profile", str(profile))
    assert code == 2 and out == ""
    assert "bad.json" in err and message in err


def test_route_missing_profile_exits_2(capsys, tmp_path):
    code, _, err = run(capsys, "referral", "route", "--country", "IT", "--profile", str(tmp_path / "none.json"))
    assert code == 2 and "none.json" in err
