"""The bundled indicator sets and their loader."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from jes.referral.rules.indicators import DIMENSIONS, IndicatorError, load_indicator_sets, load_set

BUNDLED = Path(__file__).resolve().parents[2] / "data" / "referral" / "indicators"


def _write(path: Path, **overrides):
    doc = {
        "set": "iloec",
        "title": "Operational indicators",
        "publisher": "ILO",
        "year": 2009,
        "url": "https://example.org/x.pdf",
        "group": "adult_labour",
        "verification": {"status": "secondary"},
        "indicators": [
            {
                "id": "iloec.adult_labour.exploitation.excessive_hours",
                "name": "Excessive working days or hours",
                "set": "iloec",
                "group": "adult_labour",
                "dimension": "exploitation",
                "strength": "strong",
            }
        ],
    }
    doc.update(overrides)
    path.write_text(yaml.safe_dump(doc), encoding="utf-8")
    return path


def test_it_loads_the_bundled_sets_with_unique_ids():
    catalogue = load_indicator_sets(BUNDLED)
    assert {s.meta.set for s in catalogue.sets} == {"iloec", "ilofl"}
    assert len(catalogue.by_id) == len(catalogue.indicators())


def test_the_labour_lists_cover_the_six_dimensions_with_grades():
    catalogue = load_indicator_sets(BUNDLED)
    for group in ("adult_labour", "child_labour"):
        inds = [i for s in catalogue.group_sets(group) for i in s.indicators]
        assert {i.dimension for i in inds} == set(DIMENSIONS)
        assert all(i.strength in {"strong", "medium", "weak"} for i in inds)
    # The children's lists have no weak grade (see the README).
    assert not any(i.strength == "weak" for s in catalogue.group_sets("child_labour") for i in s.indicators)


def test_the_forced_labour_set_has_the_eleven_ilo_indicators_without_grades():
    catalogue = load_indicator_sets(BUNDLED)
    forced = [i for s in catalogue.group_sets("none") for i in s.indicators]
    assert len(forced) == 11
    assert {i.strength for i in forced} == {None}
    assert "Retention of identity documents" in {i.name for i in forced}


def test_missing_lists_say_what_is_missing_and_hold_no_invented_indicators():
    catalogue = load_indicator_sets(BUNDLED)
    for group in ("adult_sexual", "child_sexual"):
        (sexual,) = catalogue.group_sets(group)
        assert sexual.indicators == ()
        assert sexual.meta.missing and sexual.meta.verification.status == "missing"


def test_every_set_names_its_source():
    for s in load_indicator_sets(BUNDLED).sets:
        assert s.meta.url.startswith("https://") and s.meta.publisher and s.meta.year


def test_ids_are_short_ascii():
    for ind in load_indicator_sets(BUNDLED).indicators():
        assert ind.id.isascii() and len(ind.id) <= 90


def test_a_bad_strength_names_file_entry_and_field(tmp_path):
    path = _write(tmp_path / "bad.yaml")
    doc = yaml.safe_load(path.read_text())
    doc["indicators"][0]["strength"] = "very strong"
    path.write_text(yaml.safe_dump(doc))
    with pytest.raises(IndicatorError) as exc:
        load_set(path)
    message = str(exc.value)
    assert "bad.yaml" in message and "entry 1" in message and "field strength" in message


def test_a_missing_top_level_field_is_named(tmp_path):
    path = _write(tmp_path / "nourl.yaml")
    doc = yaml.safe_load(path.read_text())
    del doc["url"]
    path.write_text(yaml.safe_dump(doc))
    with pytest.raises(IndicatorError, match=r"nourl\.yaml: field url"):
        load_set(path)


def test_an_id_that_does_not_match_its_dimension_is_refused(tmp_path):
    path = _write(tmp_path / "x.yaml")
    doc = yaml.safe_load(path.read_text())
    doc["indicators"][0]["dimension"] = "coercion_destination"
    path.write_text(yaml.safe_dump(doc))
    with pytest.raises(IndicatorError, match=r"x\.yaml: entry 1 .*field id"):
        load_set(path)


def test_a_graded_set_needs_a_strength(tmp_path):
    path = _write(tmp_path / "x.yaml")
    doc = yaml.safe_load(path.read_text())
    doc["indicators"][0]["strength"] = None
    path.write_text(yaml.safe_dump(doc))
    with pytest.raises(IndicatorError, match="field dimension/strength"):
        load_set(path)


def test_an_empty_set_must_say_what_is_missing(tmp_path):
    path = _write(tmp_path / "empty.yaml", indicators=[])
    with pytest.raises(IndicatorError, match=r"empty\.yaml.*missing"):
        load_set(path)


def test_duplicate_ids_across_files_are_refused(tmp_path):
    _write(tmp_path / "a.yaml")
    _write(tmp_path / "b.yaml")
    with pytest.raises(IndicatorError, match=r"b\.yaml: entry iloec\.adult_labour.*already defined in .*a\.yaml"):
        load_indicator_sets(tmp_path)


def test_invalid_yaml_is_named(tmp_path):
    (tmp_path / "broken.yaml").write_text("set: [unclosed\n")
    with pytest.raises(IndicatorError, match=r"broken\.yaml: not valid YAML"):
        load_indicator_sets(tmp_path)


def test_an_empty_folder_is_an_error(tmp_path):
    with pytest.raises(IndicatorError, match="no indicator files"):
        load_indicator_sets(tmp_path)


def test_unknown_ids_are_named():
    with pytest.raises(IndicatorError, match="'iloec.adult_labour.nope'"):
        load_indicator_sets(BUNDLED).resolve(["iloec.adult_labour.nope"])
