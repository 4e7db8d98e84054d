"""Partner workflow: template out, workbook back in; a bad workbook changes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from jes.catalogue.content.workbook import SHEET_TITLES, WorkbookError, section_columns
from jes.catalogue.importer import import_workbook, write_country_template
from jes.catalogue.models import Entry, Project
from jes.catalogue.services import export_records

pytestmark = pytest.mark.django_db


@pytest.fixture
def template(tmp_path: Path, catalogue) -> Path:
    path = tmp_path / "national-report.xlsx"
    write_country_template("SI", path)
    return path


def _set(path: Path, sheet: str, row: int, column: str, value: object) -> None:
    wb = load_workbook(path)
    ws = wb[SHEET_TITLES[sheet]]
    header = [c.value for c in ws[1]]
    ws.cell(row=row, column=header.index(column) + 1, value=value)
    wb.save(path)


def test_the_template_has_one_sheet_per_section_with_the_partners_rows(template):
    wb = load_workbook(template)
    assert set(SHEET_TITLES.values()) <= set(wb.sheetnames)
    research = wb[SHEET_TITLES["research"]]
    assert [c.value for c in research[1]] == section_columns("research")
    assert research.max_row - 1 == Entry.objects.filter(country="SI", section="research").count()
    assert research.data_validations.dataValidation, "tag columns offer the controlled vocabularies"


def test_an_unchanged_template_imports_as_unchanged(template):
    before = export_records()
    summary = import_workbook(template)
    assert summary["created"] == 0 and summary["updated"] == 0
    assert summary["unchanged"] == Entry.objects.filter(country="SI").count()
    assert export_records() == before


def test_a_new_row_and_an_edit_are_imported(template):
    wb = load_workbook(template)
    ws = wb[SHEET_TITLES["project"]]
    header = [c.value for c in ws[1]]
    new = {"title": "Read twice! 2025", "period": "2025", "forms": "forced_labour; sexual_exploitation"}
    ws.append([new.get(h) for h in header])
    ws.cell(row=2, column=header.index("period") + 1, value="2014-2016")
    wb.save(template)
    summary = import_workbook(template)
    assert summary["created"] == 1 and summary["updated"] == 1
    created = Project.objects.get(title="Read twice! 2025")
    assert created.country == "SI" and sorted(t.code for t in created.tags.all()) == [
        "forced_labour",
        "sexual_exploitation",
    ]


def test_a_bad_tag_refuses_the_whole_file_naming_sheet_row_and_column(template):
    _set(template, "project", 3, "period", "changed")  # a valid change that must not land either
    _set(template, "research", 4, "forms", "smuggling")
    before = export_records()
    with pytest.raises(WorkbookError) as info:
        import_workbook(template)
    message = str(info.value)
    assert "The latest research" in message and "row 4" in message and "(forms)" in message
    assert export_records() == before


def test_a_bad_year_names_its_cell(template):
    _set(template, "research", 2, "year", "two thousand")
    with pytest.raises(WorkbookError, match=r"row 2, column \w+ \(year\)"):
        import_workbook(template)


def test_an_id_of_another_country_is_refused(template):
    be = Entry.objects.filter(country="BE", section="research").first()
    _set(template, "research", 2, "id", be.pk)
    before = export_records()
    with pytest.raises(WorkbookError, match="no research entry"):
        import_workbook(template)
    assert export_records() == before


def test_a_file_that_is_not_a_workbook_is_refused(tmp_path):
    path = tmp_path / "report.xlsx"
    path.write_text("not a workbook")
    with pytest.raises(WorkbookError, match="report.xlsx: refused"):
        import_workbook(path)


def test_an_unknown_country_is_refused(template):
    wb = load_workbook(template)
    wb["About"]["B2"] = "XX"
    wb.save(template)
    with pytest.raises(WorkbookError, match=r"'About', row 2, column B"):
        import_workbook(template)
