"""HTCDS as data: the bundled fields and CTDC mapping load and agree; rows translate; identity never passes."""

from __future__ import annotations

import csv
import json
import shutil
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jes.observatory.stats.standards import (
    DEFAULT_DIR,
    FORM_COLUMNS,
    MAPPING_COLUMNS,
    StandardsError,
    default_standard,
    load_standard,
)

CASE_KEYS = {
    "year_label",
    "year_start",
    "year_end",
    "gender",
    "age_band",
    "citizenship_region",
    "exploitation_region",
    "citizenship",
    "country_of_exploitation",
    "forms",
    *FORM_COLUMNS.values(),
    "means_of_control",
    "recruiter_relation",
    "details",
}


@pytest.fixture(scope="module")
def standard():
    return default_standard()


def translate(standard, cells, identity=None):
    problems: list[tuple[str, str, str]] = []
    return standard.translate(cells, problems, identity), problems


def test_it_loads_the_bundled_fields_mapping_and_countries(standard):
    assert {"Gender", "Citizenship", "TypeOfExploitation", "MethodsOfControl", "RoleInProcess"} <= set(standard.fields)
    identity = {n.name for n in standard.identity}
    assert {"FirstName", "SecondName", "Birthdate", "MobilePhone", "MailingStreet", "Identity Number"} <= identity
    assert not identity & set(standard.fields)
    assert len(standard.countries) == 249
    assert standard.countries["NG"].iso3 == "NGA" and standard.countries["AU"].ctdc_region == "Americas/Oceania"
    gender = {(r.htcds_value, r.ctdc_value) for r in standard.mapping if r.htcds_field == "Gender"}
    assert ("Feminine", "Female") in gender and ("Masculine", "Male") in gender


def test_every_source_names_a_commit_and_identity_fields_never_enter(standard):
    import yaml

    data = yaml.safe_load((DEFAULT_DIR / "fields.yaml").read_text(encoding="utf-8"))
    assert all(len(s["commit"]) == 40 for s in data["sources"].values())
    assert data["standard"]["version"] == "2.0"
    assert {e["reason"] for e in data["excluded_identity_fields"]} == {"never enters the observatory"}


def broken(tmp_path: Path, edit) -> Path:
    """A copy of the bundled data with the mapping's rows changed by EDIT (a function of the list of rows)."""
    for name in ("fields.yaml", "countries.csv"):
        shutil.copy(DEFAULT_DIR / name, tmp_path / name)
    with (DEFAULT_DIR / "ctdc_mapping.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    edit(rows)
    with (tmp_path / "ctdc_mapping.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, MAPPING_COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return tmp_path


def change(field: str, value: str, **cells: str):
    def edit(rows: list[dict[str, str]]) -> None:
        row = next(r for r in rows if (r["htcds_field"], r["htcds_value"]) == (field, value))
        row.update(cells)

    return edit


def row_of(field: str, value: str) -> int:
    with (DEFAULT_DIR / "ctdc_mapping.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    return 2 + next(i for i, r in enumerate(rows) if (r["htcds_field"], r["htcds_value"]) == (field, value))


@pytest.mark.parametrize(
    ("edit", "where", "reason"),
    [
        (change("Gender", "Feminine", ctdc_value="Femme"), ("Gender", "Feminine"), "not a CTDC value of gender"),
        (change("Gender", "Feminine", htcds_value="Woman"), ("Gender", "Feminine"), "not a value of HTCDS Gender"),
        (change("Gender", "Masculine", ctdc_variable="sex"), ("Gender", "Masculine"), "not a CTDC variable"),
        (
            change("TypeOfExploitation", "ForcedLabour", case_value="sexual_exploitation"),
            ("TypeOfExploitation", "ForcedLabour"),
            "isForcedLabour is forms 'forced_labour'",
        ),
        (change("Gender", "Masculine", note=""), ("Gender", "Masculine"), "approximate mapping needs a note"),
        (change("RoleInProcess", "Exploiter", match="close"), ("RoleInProcess", "Exploiter"), "match 'close'"),
        (
            change("MethodsOfControl", "Threats", case_value="Violence"),
            ("MethodsOfControl", "Threats"),
            "case_value must be 'Threats'",
        ),
    ],
)
def test_a_broken_mapping_row_is_named(tmp_path, edit, where, reason):
    folder = broken(tmp_path, edit)
    with pytest.raises(StandardsError) as error:
        load_standard(folder / "fields.yaml", folder / "ctdc_mapping.csv", folder / "countries.csv")
    message = str(error.value)
    assert f"ctdc_mapping.csv, row {row_of(*where)}" in message and reason in message


def test_a_value_without_a_mapping_row_is_named(tmp_path):
    folder = broken(tmp_path, lambda rows: rows.remove(next(r for r in rows if r["htcds_value"] == "Surrogacy")))
    with pytest.raises(StandardsError, match="HTCDS TypeOfExploitation Surrogacy has no row"):
        load_standard(folder / "fields.yaml", folder / "ctdc_mapping.csv", folder / "countries.csv")


def test_it_translates_a_row_to_the_case_fields(standard):
    case, problems = translate(
        standard,
        {
            "prs_Gender": "Feminine",
            "prs_Citizenship": "NG",
            "vic_TypeOfExploitation": "SexualExploitation;ForcedLabour",
            "vic_MethodsOfControl": "Threats;DebtBondage",
            "vic_LocationOfExploitation": "IT",
            "per_RoleInProcess": "Smuggler;Exploiter",
            "vic_TraffickingStatus": "ActualVictimOfTrafficking",
        },
    )
    assert problems == []
    assert set(case) == CASE_KEYS
    assert case["gender"] == "Female" and case["age_band"] is None and case["year_label"] is None
    assert (case["citizenship"], case["citizenship_region"]) == ("NGA", "Africa")
    assert (case["country_of_exploitation"], case["exploitation_region"]) == ("ITA", "Europe")
    assert case["forms"] == ["forced_labour", "sexual_exploitation"]
    assert case["is_forced_labour"] and case["is_sexual_exploitation"]
    assert case["means_of_control"] == ["DebtBondage", "Threats"]  # in the standard's order
    assert case["details"]["perpetrator_roles"] == ["exploiter", "transaction"]
    assert case["details"]["htcds"]["TraffickingStatus"] == "ActualVictimOfTrafficking"


def test_identity_columns_are_dropped_and_counted(standard):
    identity: Counter[str] = Counter()
    cells = {
        "prs_FirstName": "Test-Name",
        "prs_Second_Name": "Test-Surname",  # the XForm's spelling
        "Birthdate": "1990-01-01",
        "prs_MobilePhone": "+10000000001",
        "hte_Street": "1 Test Street",
        "prs_Email": "",
        "prs_Gender": "Masculine",
    }
    case, problems = translate(standard, cells, identity)
    assert problems == [] and case["gender"] == "Male"
    assert identity == Counter(
        {"prs_FirstName": 1, "prs_Second_Name": 1, "Birthdate": 1, "prs_MobilePhone": 1, "hte_Street": 1}
    )
    stored = json.dumps(case)
    assert not any(text in stored for text in ("Test-", "1990", "+1000", "Street"))


def test_an_invalid_identity_cell_is_no_problem_it_is_never_read(standard):
    case, problems = translate(standard, {"prs_Birthdate": "not a date at all", "prs_Gender": "Feminine"})
    assert problems == [] and case is not None


def test_names_labels_and_older_spellings_are_read(standard):
    case, problems = translate(
        standard,
        {
            "Gender": "female",  # before 1.0
            "Nationality": "vn",  # Citizenship before 1.0
            "vic_Methods_of_Control": "PsychoactiveSubstance ThreatsLawEnforcement",  # the XForm's names
            "Type of Exploitation": "Forced labour",  # a label
            "Labour Industry": "F_Construction",
        },
    )
    assert problems == []
    assert case["gender"] == "Female" and case["citizenship"] == "VNM"
    assert case["means_of_control"] == ["PsychoactiveSubstances", "ThreatOfLawEnforcement"]
    assert case["forms"] == ["forced_labour"]
    assert case["details"]["htcds"]["ForcedLabourIndustry"] == ["F_Construction"]


def test_forms_beyond_ctdcs_two_set_their_own_columns(standard):
    case, problems = translate(standard, {"vic_TypeOfExploitation": "ForcedMarriage;OrganRemoval;Surrogacy"})
    assert problems == [] and case["forms"] == ["forced_marriage", "organ_removal", "other"]
    assert case["is_forced_marriage"] and case["is_organ_removal"] and case["is_other_exploitation"]
    assert not case["is_forced_labour"] and not case["is_domestic_servitude"]


def test_values_without_a_ctdc_counterpart_stay_in_details_only(standard):
    case, problems = translate(standard, {"prs_Gender": "TransgenderFeminine", "Citizenship": "AX"})
    assert problems == []
    assert case["gender"] is None and case["citizenship"] is None and case["citizenship_region"] is None
    assert case["details"]["htcds"] == {"Gender": "TransgenderFeminine", "Citizenship": "AX"}


def test_several_countries_keep_a_shared_region_and_no_country(standard):
    same, _ = translate(standard, {"LocationOfExploitation": "ES;PT"})
    assert same["exploitation_region"] == "Europe" and same["country_of_exploitation"] is None
    apart, _ = translate(standard, {"LocationOfExploitation": "ES;AE"})
    assert apart["exploitation_region"] is None and apart["details"]["htcds"]["LocationOfExploitation"] == ["ES", "AE"]


@pytest.mark.parametrize(
    ("column", "value", "reason"),
    [
        ("prs_Gender", "Femme", "'Femme' not one of Feminine"),
        ("prs_Gender", "Feminine;Masculine", "one value expected for Gender, got 2"),
        ("vic_TraffickingStatus", "NotAVictimOfTrafficking", "not a case for the observatory"),
        ("prs_Citizenship", "XX", "not an ISO 3166-1 alpha-2 country code listed by HTCDS"),
        ("vic_LocationOfExploitation", "Madrid", "'Madrid' not an ISO 3166-1 alpha-2"),
        ("vic_ForcedLabourIndustry", "Z_Nothing", "one of the 21 HTCDS values of ForcedLabourIndustry"),
    ],
)
def test_bad_cells_become_problems_named_by_column(standard, column, value, reason):
    case, problems = translate(standard, {column: value, "prs_FirstName": "Test-Name"})
    assert case is None
    assert len(problems) == 1 and problems[0][:2] == (column, value) and reason in problems[0][2]


def test_the_header_plan_lists_columns_and_refuses_a_field_twice(standard):
    plan = standard.plan(["prs_FirstName", "prs_Gender", "cas_Status", "Internal note", ""])
    assert plan.fields == {"prs_Gender": "Gender"}
    assert (plan.identity, plan.ignored, plan.unknown) == (["prs_FirstName"], ["cas_Status"], ["Internal note"])
    with pytest.raises(StandardsError, match="'prs_Gender' and 'Gender' are both HTCDS Gender"):
        standard.plan(["prs_Gender", "Gender"])
    with pytest.raises(StandardsError, match="not in the HTCDS layout"):
        standard.plan(["Name", "Age", "prs_FirstName"])
    with pytest.raises(StandardsError, match="this is the CTDC layout"):
        standard.plan(["yearRegister", "gender", "majorityStatus", "isForcedLabour"])


def test_a_row_of_field_labels_is_recognised(standard):
    assert standard.is_label_row({"prs_FirstName": "First Name", "prs_Gender": "Gender", "vic_TypeOfExploitation": ""})
    assert not standard.is_label_row({"prs_FirstName": "First Name", "prs_Gender": "Feminine"})
    assert not standard.is_label_row({"prs_Gender": ""})


COLUMNS = [
    *(f.prefix + f.name for f in default_standard().fields.values()),
    "prs_FirstName",
    "Birthdate",
    "cas_Status",
    "Something else",
]


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from(COLUMNS), st.text(max_size=40), max_size=len(COLUMNS)))
def test_arbitrary_text_never_crashes_the_translator(cells):
    standard = default_standard()
    identity: Counter[str] = Counter()
    case, problems = translate(standard, cells, identity)
    if case is None:
        assert problems and all(column in cells for column, _, _ in problems)
    else:
        assert problems == [] and set(case) == CASE_KEYS
        assert case["gender"] in (None, "Female", "Male")
        assert case["citizenship_region"] in (None, "Africa", "Americas/Oceania", "Asia", "Europe")
        for column in ("prs_FirstName", "Birthdate"):
            text = cells.get(column, "").strip()
            assert identity[column] == (1 if text else 0)
