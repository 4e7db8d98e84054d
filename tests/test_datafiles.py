"""The shared YAML reader and schema-error wording of the engines' data files."""

from __future__ import annotations

import pytest
from pydantic import BaseModel, ValidationError

from jes.datafiles import describe, read_yaml


class _Wrong(ValueError):
    pass


class _Entry(BaseModel):
    id: str
    weight: int


def test_it_reads_yaml_and_names_the_file_when_it_cannot(tmp_path):
    good = tmp_path / "good.yaml"
    good.write_text("a: [1, 2]\n", encoding="utf-8")
    assert read_yaml(good, _Wrong) == {"a": [1, 2]}
    bad = tmp_path / "bad.yaml"
    bad.write_text("a: [1, 2\n", encoding="utf-8")
    with pytest.raises(_Wrong, match=r"bad.yaml: not valid YAML"):
        read_yaml(bad, _Wrong)
    with pytest.raises(_Wrong, match=r"missing.yaml: cannot be read"):
        read_yaml(tmp_path / "missing.yaml", _Wrong)


def test_it_names_every_field_that_is_wrong():
    with pytest.raises(ValidationError) as caught:
        _Entry.model_validate({"weight": "heavy"})
    text = describe(caught.value)
    assert "field id: Field required" in text and "field weight:" in text
