"""The bundled service directory: it loads, refuses bad entries clearly, and every entry quotes the seed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from jes.referral.rules.services import COUNTRY_ORDER, ServiceError, load_directory, load_file
from tests.conftest import ROOT, SEED

DATA = ROOT / "data" / "referral" / "services"


@pytest.fixture(scope="module")
def directory():
    return load_directory(DATA)


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


def test_it_loads_every_country(directory):
    assert {s.country for s in directory} == set(COUNTRY_ORDER)
    assert len({s.id for s in directory}) == len(directory)


def test_it_holds_the_services_the_issue_names(directory):
    ids = {s.id for s in directory}
    for wanted in (
        "si-caritas-crisis-accommodation",
        "si-kljuc-safe-accommodation",
        "si-kljuc-mol-crisis-accommodation",
        "si-kljuc-pats",
        "si-kljuc-support-people-in-prostitution",
        "it-numero-verde-antitratta",
        "it-programma-unico",
        "it-telefono-azzurro",
        "be-helpline",
        "be-surya",
        "be-payoke",
        "fi-assistance-system-helpline",
        "fi-riku-service-for-victims",
        "fi-pro-tukipiste",
        "fi-monika-shelter-mona",
        "es-proyecto-esperanza",
        "es-rectp",
    ):
        assert wanted in ids


def test_only_the_seed_phone_number_is_present(directory):
    # The seed states one phone number for the five countries; anything else would be invented.
    assert {s.id: s.phone for s in directory if s.phone} == {"it-numero-verde-antitratta": "800 290 290"}


def test_round_the_clock_only_where_the_seed_says_24_hours(directory):
    assert {s.id for s in directory if s.around_the_clock} == {
        "si-caritas",
        "fi-assistance-system-helpline",
        "it-numero-verde-antitratta",
    }
    assert all("24" in s.hours for s in directory if s.around_the_clock)


def _clusters(lines: list[int]) -> list[tuple[int, int]]:
    runs: list[list[int]] = []
    for n in sorted(lines):
        if runs and n - runs[-1][-1] <= 20:
            runs[-1].append(n)
        else:
            runs.append([n])
    return [(r[0], r[-1]) for r in runs]


def test_every_quote_occurs_in_the_seed_at_its_lines(directory):
    if not SEED.exists():
        pytest.skip("the seed report is not beside the checkout (../shared)")
    seed = SEED.read_text(encoding="utf-8").splitlines()
    for s in directory:
        windows = [_norm(" ".join(seed[max(0, a - 4) : b + 3])) for a, b in _clusters(s.seed_lines)]
        for quote in s.all_quotes():
            assert any(_norm(quote) in w for w in windows), (s.id, quote)


def _write(tmp_path: Path, entries: list[dict], country: str = "SI") -> Path:
    path = tmp_path / f"{country.lower()}.yaml"
    path.write_text(yaml.safe_dump({"country": country, "source": "test", "services": entries}), encoding="utf-8")
    return path


GOOD = {"id": "si-x", "country": "SI", "name": "X", "kind": "helpline", "seed_lines": [1], "quote": "q"}


def test_it_names_file_entry_and_field_of_a_bad_kind(tmp_path):
    path = _write(tmp_path, [GOOD, {**GOOD, "id": "si-y", "kind": "hotel"}])
    with pytest.raises(ServiceError, match=r"si\.yaml: entry 2 \(si-y\): field kind"):
        load_file(path)


def test_it_refuses_an_entry_without_seed_lines(tmp_path):
    bad = {k: v for k, v in GOOD.items() if k != "seed_lines"}
    with pytest.raises(ServiceError, match="entry 1 .*field seed_lines"):
        load_file(_write(tmp_path, [bad]))


def test_it_refuses_round_the_clock_without_the_seed_words(tmp_path):
    with pytest.raises(ServiceError, match="around_the_clock"):
        load_file(_write(tmp_path, [{**GOOD, "around_the_clock": True}]))


def test_it_refuses_a_phone_that_is_not_a_number(tmp_path):
    with pytest.raises(ServiceError, match="field phone"):
        load_file(_write(tmp_path, [{**GOOD, "phone": "call us"}]))


def test_it_refuses_an_entry_of_another_country(tmp_path):
    with pytest.raises(ServiceError, match="field country"):
        load_file(_write(tmp_path, [{**GOOD, "country": "IT"}]))


def test_it_refuses_duplicate_ids(tmp_path):
    _write(tmp_path, [GOOD])
    _write(tmp_path, [{**GOOD, "country": "IT"}], country="IT")
    with pytest.raises(ServiceError, match="si-x: field id: used twice"):
        load_directory(tmp_path)


def test_it_refuses_broken_yaml(tmp_path):
    path = tmp_path / "si.yaml"
    path.write_text("country: [", encoding="utf-8")
    with pytest.raises(ServiceError, match="si.yaml"):
        load_file(path)
