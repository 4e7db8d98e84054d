"""`jes up`'s observatory data: the report's figures always; CTDC and GLOTIP once, when they are beside."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from jes.catalogue.services import load_bundled
from jes.observatory.demo import ensure_demo_data
from jes.observatory.models import CaseRecord, FigureOrigin, PublishedFigure

FIXTURES = Path(__file__).resolve().parent / "fixtures"
pytestmark = [pytest.mark.django_db]


def test_it_imports_what_is_beside_once(tmp_path, monkeypatch):
    (tmp_path / "ctdc").mkdir()
    (tmp_path / "unodc_glotip").mkdir()
    shutil.copy(FIXTURES / "ctdc_small.csv", tmp_path / "ctdc" / "CTDC_VPsynthetic_condensed.csv")
    shutil.copy(FIXTURES / "glotip_small.csv", tmp_path / "unodc_glotip" / "glotip_europe.csv")
    monkeypatch.setenv("JES_SHARED_DATA", str(tmp_path))
    load_bundled()
    first = ensure_demo_data()
    assert len(first) == 3 and "CTDC" in first[1] and "GLOTIP" in first[2]
    cases, figures = CaseRecord.objects.count(), PublishedFigure.objects.count()
    assert cases > 0 and PublishedFigure.objects.filter(origin=FigureOrigin.GLOTIP).count() == 53
    assert len(ensure_demo_data()) == 1  # the seed figures reload; the files are not imported twice
    assert (CaseRecord.objects.count(), PublishedFigure.objects.count()) == (cases, figures)


def test_without_the_shared_data_only_the_report_figures_load(tmp_path, monkeypatch):
    monkeypatch.setenv("JES_SHARED_DATA", str(tmp_path / "nothing"))
    load_bundled()
    assert len(ensure_demo_data()) == 1
    assert not CaseRecord.objects.exists() and PublishedFigure.objects.filter(origin=FigureOrigin.SEED).exists()
