"""One case record by hand: the staff form and `services.record_case`, the standard's variables only."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission, User

from jes.observatory.models import CaseRecord
from jes.observatory.services import CaseRecordError, record_case

pytestmark = [pytest.mark.django_db]


@pytest.fixture
def recorder(client):
    user = User.objects.create_user("recorder", password="pw")
    user.user_permissions.add(Permission.objects.get(codename="add_caserecord", content_type__app_label="observatory"))
    client.force_login(user)
    return client


def test_it_records_the_standard_variables_and_its_forms():
    case = record_case(
        {"year": 2023, "gender": "Female", "age_band": "Minor", "citizenship": "UKR",
         "country_of_exploitation": "SVN", "forms": ["forced_marriage", "sexual_exploitation"],
         "means_of_control": ["Threats"]},
        source="entry",
    )  # fmt: skip
    case.refresh_from_db()
    assert (case.year_label, case.year_start, case.citizenship) == ("2023", 2023, "UKR")
    assert case.is_forced_marriage and case.is_sexual_exploitation and not case.is_forced_labour
    assert case.means_of_control == ["Threats"] and case.moc_threats and not case.moc_debt_bondage


@pytest.mark.parametrize(
    ("variables", "field"),
    [
        ({"name": "Ana"}, "name"),
        ({"reference": "C-12"}, "reference"),
        ({"gender": "woman"}, "gender"),
        ({"citizenship": "Ukraine"}, "citizenship"),
        ({"country_of_exploitation": "XYZ"}, "country_of_exploitation"),
        ({"forms": ["slavery"]}, "forms"),
        ({"year": 1800}, "year"),
        ({"means_of_control": ["magic"]}, "means_of_control"),
    ],
)
def test_it_refuses_anything_else_naming_the_field(variables, field):
    with pytest.raises(CaseRecordError) as refused:
        record_case(variables, source="entry")
    assert refused.value.field == field
    assert not CaseRecord.objects.exists()


def test_the_form_needs_the_permission(client):
    assert client.get("/observatory/cases/new/").status_code == 302  # to the login page
    User.objects.create_user("someone", password="pw")
    client.login(username="someone", password="pw")
    assert client.get("/observatory/cases/new/").status_code == 403


def test_the_form_adds_a_record_that_counts_in_the_public_table(recorder):
    page = recorder.get("/observatory/cases/new/")
    assert page.status_code == 200 and 'name="forms_of_exploitation"' in page.content.decode()
    answer = recorder.post(
        "/observatory/cases/new/",
        {
            "year": "2024",
            "gender": "Male",
            "country_of_exploitation": "fin",
            "forms_of_exploitation": ["forced_labour"],
        },
    )
    assert answer.status_code == 302
    case = CaseRecord.objects.get()
    assert (case.country_of_exploitation, case.data_source, case.is_forced_labour) == ("FIN", "entry", True)


def test_the_form_names_a_bad_field_and_stores_nothing(recorder):
    answer = recorder.post("/observatory/cases/new/", {"year": "2024", "citizenship": "U1"})
    assert answer.status_code == 400
    assert "citizenship" in answer.content.decode() and not CaseRecord.objects.exists()


def test_a_data_editor_gets_exactly_the_two_permissions(client):
    from jes.observatory.services import make_data_editor

    user, created = make_data_editor("ana")
    assert created and not user.is_staff and not user.has_usable_password()
    user = User.objects.get(pk=user.pk)
    assert user.has_perm("observatory.add_caserecord") and user.has_perm("observatory.add_importbatch")
    assert not user.has_perm("observatory.change_caserecord") and not user.has_perm("observatory.view_caserecord")
    assert make_data_editor("ana")[1] is False


def test_means_of_control_is_a_dimension_of_the_public_table(client):
    from jes.observatory.publish import aggregate, publish

    for _ in range(12):
        record_case({"means_of_control": ["Threats", "DebtBondage"], "gender": "Female"}, source="entry")
    for _ in range(11):
        record_case({"means_of_control": ["Threats"], "gender": "Male"}, source="entry")
    record_case({"gender": "Male"}, source="entry")
    rows = {(r["means_of_control"], r["gender"]): r["n"] for r in aggregate(["means_of_control", "gender"])}
    assert rows == {
        ("Threats", "Female"): 12,
        ("DebtBondage", "Female"): 12,
        ("Threats", "Male"): 11,
        (None, "Male"): 1,
    }
    published = {r["means_of_control"]: r["n"] for r in publish("means_of_control", k=5).to_rows()}
    assert published["Unknown"] is None  # the single record without a means is withheld ...
    assert sum(v is None for v in published.values()) == 2  # ... with a complement, as the total is published
    page = client.get("/observatory/?by=means_of_control&k=5").content.decode()
    assert "Debt bondage" in page and "victim-means pairs" in page
