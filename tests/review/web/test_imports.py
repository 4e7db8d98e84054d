"""Importing bibliographic files: the service (whole file or nothing) and the upload pages with their job."""

from __future__ import annotations

import csv
import time
from pathlib import Path

import pytest
from django.urls import reverse

from jes.review import imports
from jes.review.engine.formats import FormatError, write
from jes.review.models import AuditEvent, ImportBatch, ReviewRecord
from tests.review.engine.test_formats import sample_records


@pytest.fixture
def jobs(settings, tmp_path):
    """Imports run inline, uploads go to a temporary directory, job status to a private cache."""
    settings.JES_REVIEW_SYNC_JOBS = True
    settings.JES_UPLOAD_DIR = tmp_path / "uploads"
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "imports"}}
    return settings.JES_UPLOAD_DIR


def sample_file(tmp_path: Path, fmt: str, suffix: str) -> Path:
    path = tmp_path / f"sample{suffix}"
    write(sample_records(fmt), path, fmt)
    return path


def truncated_ris(tmp_path: Path, good: int) -> Path:
    path = tmp_path / "bad.ris"
    text = "".join(f"TY  - JOUR\nTI  - Record {i}\nPY  - 2020\nER  - \n\n" for i in range(good))
    path.write_text(text + "TY  - JOUR\nTI  - Cut off\n", encoding="utf-8")
    return path


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows(rows)
    return path


# --- the service -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("fmt", "suffix"), [("ris", ".ris"), ("bibtex", ".bib"), ("nbib", ".nbib")])
def test_service_imports_every_record_with_its_batch_and_audit(project, lead, tmp_path, fmt, suffix):
    source = project.sources.get(name="COBIB")
    seen = []
    batch = imports.import_file(project, source, sample_file(tmp_path, fmt, suffix), user=lead, progress=seen.append)
    rows = list(project.records.order_by("position"))
    assert [r.title for r in rows] == [r.title for r in sample_records(fmt)]
    assert rows[0].authors == ["Čebulj, Žiga", "Šorli, Mojca"] and rows[0].doi == "10.1000/abc.123"
    assert {r.batch_id for r in rows} == {batch.pk} and {r.source_id for r in rows} == {source.pk}
    assert (batch.records, batch.format, batch.file_name, len(batch.sha256)) == (2, fmt, f"sample{suffix}", 64)
    assert seen == [2]
    event = AuditEvent.objects.get(project=project, action="import")
    assert event.detail == {
        "file": f"sample{suffix}",
        "format": fmt,
        "records": 2,
        "source": "COBIB",
        "batch": batch.pk,
    }


def test_service_refuses_a_malformed_file_whole_naming_file_and_record(project, lead, tmp_path, monkeypatch):
    monkeypatch.setattr(imports, "CHUNK", 2)  # several chunks are written before the bad record is reached
    seen = []
    with pytest.raises(FormatError, match=r"^bad\.ris: record 6: .*ER") as error:
        imports.import_file(
            project, project.sources.first(), truncated_ris(tmp_path, 5), user=lead, progress=seen.append
        )
    assert error.value.record_number == 6
    assert seen == [2, 4]
    assert not ReviewRecord.objects.exists() and not ImportBatch.objects.exists()
    assert not AuditEvent.objects.filter(action="import").exists()


def test_service_names_the_uploaded_name_not_the_random_one(project, lead, tmp_path):
    random_name = truncated_ris(tmp_path, 1).rename(tmp_path / "review-import-abc")
    with pytest.raises(FormatError, match=r"^export\.ris: record 2"):
        imports.import_file(project, project.sources.first(), random_name, user=lead, file_name="export.ris")


def test_service_refuses_the_same_file_twice_unless_forced(project, lead, tmp_path):
    path, source = sample_file(tmp_path, "ris", ".ris"), project.sources.first()
    imports.import_file(project, source, path, user=lead)
    with pytest.raises(imports.ImportRefused, match=r"sample\.ris: this file was already imported"):
        imports.import_file(project, source, path, user=lead)
    assert project.records.count() == 2
    imports.import_file(project, source, path, user=lead, force=True)
    assert project.records.count() == 4


def test_service_maps_csv_columns_and_undoes_an_unwanted_guess(project, lead, tmp_path):
    path = write_csv(
        tmp_path / "cobib.csv",
        ["Naslov", "Avtorji", "Leto", "Abstract", "Opomba"],
        [["Prisilno beračenje", "Novak, Ana; Kos, Bor", "2019", "Not an abstract", "x"]],
    )
    mapping = {"title": "Naslov", "authors": "Avtorji", "year": "Leto", "abstract": ""}
    imports.import_file(project, project.sources.first(), path, mapping=mapping, user=lead)
    record = project.records.get()
    assert (record.title, record.authors, record.year) == ("Prisilno beračenje", ["Novak, Ana", "Kos, Bor"], 2019)
    assert record.abstract == ""
    assert record.extra == {"Abstract": "Not an abstract", "Opomba": "x"}
    assert ImportBatch.objects.get().mapping == {"title": "Naslov", "authors": "Avtorji", "year": "Leto"}


def test_service_refuses_a_value_too_long_for_the_database(project, lead, tmp_path):
    path = write_csv(tmp_path / "long.csv", ["title", "pages"], [["Fine", "1-2"], ["Too long", "9" * 60]])
    with pytest.raises(FormatError, match=r"long\.csv: record 2: pages is longer than 50"):
        imports.import_file(project, project.sources.first(), path, user=lead)
    assert not project.records.exists()


def test_a_job_that_stopped_reporting_is_shown_as_failed(jobs):
    from django.core.cache import cache

    imports._set_job("old", project=1, file="x.ris", state="running", read=10, error="", batch=None)
    assert imports.job_status("old")["state"] == "running"
    status = cache.get("review:import-job:old")
    status["updated"] = time.time() - imports.JOB_STALE_AFTER - 1
    cache.set("review:import-job:old", status)
    assert imports.job_status("old")["state"] == "failed"
    assert "x.ris" in imports.job_status("old")["error"]


# --- the pages ---------------------------------------------------------------------------------------------


def upload(client, project, path: Path, **fields):
    with path.open("rb") as f:
        data = {"source": project.sources.get(name="COBIB").pk, "format": "", "file": f, **fields}
        return client.post(reverse("review:import", args=[project.pk]), data)


def test_lead_uploads_ris_and_the_job_imports_it(client, project, lead, jobs, tmp_path):
    client.force_login(lead)
    response = upload(client, project, sample_file(tmp_path, "ris", ".ris"))
    assert response.status_code == 302 and "?job=" in response["Location"]
    assert project.records.count() == 2
    page = client.get(response["Location"])
    assert "Imported 2 records from sample.ris." in page.content.decode()
    assert 'aria-live="polite"' in page.content.decode() and "<progress" in page.content.decode()
    job = response["Location"].split("job=")[1]
    status = client.get(reverse("review:import_job", args=[project.pk, job])).json()
    assert status["state"] == "done" and status["read"] == 2
    assert status["batch"] == ImportBatch.objects.get().pk
    assert list(jobs.iterdir()) == []  # the upload is deleted after the job
    listing = client.get(reverse("review:import", args=[project.pk])).content.decode()
    assert "sample.ris" in listing and "lead" in listing


def test_csv_upload_asks_for_the_columns_then_imports_with_them(client, project, lead, jobs, tmp_path):
    client.force_login(lead)
    path = write_csv(tmp_path / "export.csv", ["Naslov", "Title", "Leto"], [["Trgovina z ljudmi", "Other", "2020"]])
    response = upload(client, project, path)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Naslov" in html and "Trgovina z ljudmi" in html  # columns with their first row
    assert '<option value="Title" selected>' in html  # the reader's guess for the title field
    [stored] = list(jobs.iterdir())
    assert stored.name.startswith("review-import-") and "export" not in stored.name
    token = response.context["token"]
    mapping = {name: "" for name in imports.MAPPABLE_FIELDS} | {"title": "Naslov", "year": "Leto"}
    response = client.post(reverse("review:import_map", args=[project.pk]), {"upload": token, **mapping})
    assert response.status_code == 302
    record = project.records.get()
    assert (record.title, record.year, record.extra) == ("Trgovina z ljudmi", 2020, {"Title": "Other"})
    assert list(jobs.iterdir()) == []


def test_mapping_refuses_one_column_for_two_fields(client, project, lead, jobs, tmp_path):
    client.force_login(lead)
    token = upload(client, project, write_csv(tmp_path / "a.csv", ["T", "Y"], [["x", "2020"]])).context["token"]
    response = client.post(
        reverse("review:import_map", args=[project.pk]), {"upload": token, "title": "T", "journal": "T"}
    )
    assert response.status_code == 400 and "already chosen" in response.content.decode()
    assert not project.records.exists()


def test_mapping_step_refuses_a_forged_upload_token(client, project, lead, jobs):
    client.force_login(lead)
    response = client.post(reverse("review:import_map", args=[project.pk]), {"upload": "review-import-../../etc"})
    assert response.status_code == 404


def test_malformed_upload_fails_whole_and_says_nothing_was_imported(client, project, lead, jobs, tmp_path):
    client.force_login(lead)
    response = upload(client, project, truncated_ris(tmp_path, 2))
    page = client.get(response["Location"]).content.decode()
    assert "bad.ris: record 3" in page and "Nothing was imported." in page
    job = response["Location"].split("job=")[1]
    status = client.get(reverse("review:import_job", args=[project.pk, job])).json()
    assert status["state"] == "failed" and "record 3" in status["error"]
    assert not ReviewRecord.objects.exists() and not ImportBatch.objects.exists()
    assert list(jobs.iterdir()) == []


def test_the_same_file_again_is_refused_unless_forced(client, project, lead, jobs, tmp_path):
    client.force_login(lead)
    path = sample_file(tmp_path, "bibtex", ".bib")
    assert upload(client, project, path).status_code == 302
    again = upload(client, project, path)
    assert again.status_code == 400 and "already imported" in again.content.decode()
    assert project.records.count() == 2 and list(jobs.iterdir()) == []
    assert upload(client, project, path, force="on").status_code == 302
    assert project.records.count() == 4


def test_too_large_and_unknown_files_are_refused(client, project, lead, jobs, tmp_path, settings):
    client.force_login(lead)
    unknown = tmp_path / "notes.doc"
    unknown.write_text("x")
    response = upload(client, project, unknown)
    assert response.status_code == 400 and "unknown format" in response.content.decode()
    settings.JES_REVIEW_MAX_UPLOAD = 10
    response = upload(client, project, sample_file(tmp_path, "ris", ".ris"))
    assert response.status_code == 400 and "larger than" in response.content.decode()
    assert not project.records.exists()


def test_reviewers_may_not_import_and_outsiders_see_nothing(client, project, rev1, stranger, jobs, tmp_path):
    job_url = reverse("review:import_job", args=[project.pk, "x"])
    client.force_login(rev1)
    assert client.get(reverse("review:import", args=[project.pk])).status_code == 403
    assert upload(client, project, sample_file(tmp_path, "ris", ".ris")).status_code == 403
    assert client.get(job_url).status_code == 403
    client.force_login(stranger)
    assert client.get(reverse("review:import", args=[project.pk])).status_code == 404
    assert client.get(job_url).status_code == 404
    assert not project.records.exists()


def test_a_job_of_another_project_is_not_shown(client, project, lead, jobs):
    imports._set_job("other", project=project.pk + 1, file="x.ris", state="done", read=1, error="", batch=None)
    client.force_login(lead)
    assert client.get(reverse("review:import_job", args=[project.pk, "other"])).status_code == 404
