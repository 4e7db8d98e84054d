"""Staff import a file on the web: the same all-or-nothing service, problems named by row and column."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth.models import Permission, User
from django.core.files.uploadedfile import SimpleUploadedFile

from jes.observatory.models import CaseRecord, ImportBatch, PublishedFigure

FIXTURES = Path(__file__).resolve().parent / "fixtures"
pytestmark = [pytest.mark.django_db]


@pytest.fixture
def importer(client, settings, tmp_path):
    settings.JES_UPLOAD_DIR = tmp_path / "uploads"
    user = User.objects.create_user("importer", password="pw")
    user.user_permissions.add(Permission.objects.get(codename="add_importbatch", content_type__app_label="observatory"))
    client.force_login(user)
    return client


def _file(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, (FIXTURES / name).read_bytes())


def test_only_staff_with_the_permission_may_import(client):
    assert client.get("/observatory/import/").status_code == 302
    client.force_login(User.objects.create_user("someone"))
    assert client.get("/observatory/import/").status_code == 403


@pytest.mark.parametrize(("name", "fmt"), [("ctdc_small.csv", "ctdc"), ("htcds_small.xlsx", "htcds")])
def test_case_records_import_and_the_summary_is_shown(importer, name, fmt):
    answer = importer.post("/observatory/import/", {"file": _file(name), "format": fmt})
    assert answer.status_code == 200 and "Rows imported" in answer.content.decode()
    assert CaseRecord.objects.count() == ImportBatch.objects.get().rows_imported > 0


def test_glotip_goes_to_the_published_figures(importer):
    importer.post("/observatory/import/", {"file": _file("glotip_small.csv"), "format": "glotip"})
    assert PublishedFigure.objects.count() == 53


def test_a_bad_file_is_refused_whole_with_rows_and_columns_named(importer, tmp_path):
    answer = importer.post("/observatory/import/", {"file": _file("glotip_invalid.csv"), "format": "glotip"})
    page = answer.content.decode()
    assert answer.status_code == 400 and "nothing was imported" in page
    assert "<td>4</td><td>txtVALUE</td>" in page
    assert not PublishedFigure.objects.exists() and not ImportBatch.objects.exists()
    assert not any((tmp_path / "uploads").iterdir())  # the uploaded copy is gone


def test_a_file_of_another_kind_is_refused(importer):
    bad = SimpleUploadedFile("notes.txt", b"hello")
    answer = importer.post("/observatory/import/", {"file": bad, "format": "ctdc"})
    assert answer.status_code == 400 and "Give a .csv" in answer.content.decode()
