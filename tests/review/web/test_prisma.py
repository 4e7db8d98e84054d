"""The PRISMA page: counts, inline diagram, downloads, the report's table, reasons and errors."""

from __future__ import annotations

import pytest
from django.urls import reverse

from jes.review.models import AuditEvent, Resolution
from jes.review.projects import add_source
from tests.review.web.helpers import both


@pytest.fixture
def screened(project, make_records, rev1, rev2):
    """Four database records: two excluded on title/abstract, two included, of which one excluded at full text."""
    records = make_records(4)
    both(records[0], rev1, rev2, "ta", "exclude", "Not on the topic")
    both(records[1], rev1, rev2, "ta", "exclude", "Not empirical research")
    both(records[2], rev1, rev2, "ta", "include")
    both(records[3], rev1, rev2, "ta", "include")
    both(records[2], rev1, rev2, "ft", "include")
    both(records[3], rev1, rev2, "ft", "exclude", "Findings not related to Slovenia")
    return records


def test_members_see_counts_diagram_table_reasons_and_text_alternative(client, rev1, project, screened):
    client.force_login(rev1)
    response = client.get(reverse("review:prisma", args=[project.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<svg" in html and "<?xml" not in html  # inline, without the XML prologue
    assert "Records screened (n = 4)" in html
    assert "No. of results reviewed by titles, keywords, and other information" in html  # seed table
    # reasons at both stages, with counts
    assert '<td>Not on the topic</td><td class="num">1</td>' in html
    assert '<td>Findings not related to Slovenia</td><td class="num">1</td>' in html
    # the text alternative lists the boxes
    assert "Records screened: <strong>4</strong>" in html
    assert "Studies included in review: <strong>1</strong>" in html
    # reviewers get no exports
    assert reverse("review:export_decisions", args=[project.pk, "csv"]) not in html
    for fmt in ("svg", "png", "pdf"):
        assert reverse("review:prisma_diagram", args=[project.pk, fmt]) in html


def test_leads_see_the_export_links(client, lead, project, screened):
    client.force_login(lead)
    html = client.get(reverse("review:prisma", args=[project.pk])).content.decode()
    assert reverse("review:export_decisions", args=[project.pk, "csv"]) in html
    assert reverse("review:audit", args=[project.pk]) in html


def test_strangers_get_404_and_anonymous_users_the_login(client, stranger, project):
    url = reverse("review:prisma", args=[project.pk])
    assert client.get(url).status_code == 302
    client.force_login(stranger)
    assert client.get(url).status_code == 404
    assert client.get(reverse("review:prisma_diagram", args=[project.pk, "svg"])).status_code == 404


SIGNATURES = {"svg": b"<?xml", "png": b"\x89PNG\r\n\x1a\n", "pdf": b"%PDF-"}
TYPES = {"svg": "image/svg+xml", "png": "image/png", "pdf": "application/pdf"}


@pytest.mark.parametrize("fmt", ["svg", "png", "pdf"])
def test_downloads_are_valid_files_with_safe_names_and_are_audited(client, rev1, project, screened, fmt):
    project.title = 'THB "in" Slovenia/../évidence; x'
    project.save()
    client.force_login(rev1)
    response = client.get(reverse("review:prisma_diagram", args=[project.pk, fmt]))
    assert response.status_code == 200
    assert response["Content-Type"] == TYPES[fmt]
    assert response.content.startswith(SIGNATURES[fmt])
    disposition = response["Content-Disposition"]
    assert disposition == f'attachment; filename="prisma-{project.pk}-thb-in-sloveniaevidence-x.{fmt}"'
    event = AuditEvent.objects.filter(project=project, action="export").latest("id")
    assert event.detail == {"what": f"prisma.{fmt}"} and event.actor == rev1


def test_unknown_diagram_format_is_404(client, rev1, project):
    client.force_login(rev1)
    assert client.get(reverse("review:prisma_diagram", args=[project.pk, "gif"])).status_code == 404


def test_source_names_typed_by_users_are_escaped_in_the_inline_svg(client, lead, project, make_records):
    add_source(project, lead, '<script>alert("x")</script>', "database")
    make_records(1, source='<script>alert("x")</script>')
    client.force_login(lead)
    html = client.get(reverse("review:prisma", args=[project.pk])).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert" in html


def test_an_inconsistent_flow_shows_the_error_naming_the_record(client, lead, rev1, rev2, project, make_records):
    (record,) = make_records(1)
    both(record, rev1, rev2, "ta", "include")
    # A resolution without a reason at full text cannot be drawn: PRISMA asks for the reasons.
    Resolution.objects.create(project=project, record=record, stage="ft", label="exclude", resolved_by=lead)
    client.force_login(lead)
    response = client.get(reverse("review:prisma", args=[project.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<svg" not in html
    assert f"record 1 (&#x27;{record.pk}&#x27;): excluded at eligibility without a reason" in html
    download = client.get(reverse("review:prisma_diagram", args=[project.pk, "png"]))
    assert download.status_code == 409 and b"without a reason" in download.content


def test_synthetic_banner_shows_on_a_synthetic_project(client, lead, project):
    project.synthetic = True
    project.save()
    client.force_login(lead)
    assert "Example with synthetic records" in client.get(reverse("review:prisma", args=[project.pk])).content.decode()


def test_cli_example_prisma_writes_the_diagram_files_too(tmp_path, capsys):
    from jes.cli import main

    assert main(["review", "prisma", "--example", "seed", "--out", str(tmp_path)]) == 0
    assert "screened               827" in capsys.readouterr().out
    written = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    assert set(written) == {"prisma-seed.svg", "prisma-seed.png", "prisma-seed.pdf"}
    assert written["prisma-seed.png"].startswith(SIGNATURES["png"])
