"""Decision exports (CSV, RIS), the audit log page and its CSV, and the matching CLI commands."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.urls import reverse

from jes.cli import main
from jes.review.decisions import decide, resolve
from jes.review.engine.formats import read_all
from jes.review.models import AuditEvent, ReviewRecord
from tests.review.web.helpers import both


def rows(response):
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8"))))


@pytest.fixture
def decided(project, make_records, lead, rev1, rev2):
    """Record 0 resolved after a conflict, 1 a standing conflict, 2 awaiting, 3 included at both stages."""
    records = make_records(4, authors=["Novak, Ana", "Kranjc, Janez"], year=2019, doi="10.1/x", journal="Teorija")
    decide(records[0], rev1, "ta", "include")
    decide(records[0], rev2, "ta", "exclude", "Not on the topic")
    resolve(records[0], lead, "ta", "exclude", "Not empirical research")
    decide(records[1], rev1, "ta", "include")
    decide(records[1], rev2, "ta", "exclude", "Not on the topic")
    decide(records[2], rev1, "ta", "include")
    both(records[3], rev1, rev2, "ta", "include")
    both(records[3], rev1, rev2, "ft", "include")
    return records


def test_decisions_csv_has_final_labels_after_a_resolution(client, lead, project, decided):
    client.force_login(lead)
    response = client.get(reverse("review:export_decisions", args=[project.pk, "csv"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="decisions-')
    assert response.content.startswith(b"record_id,source,file,position,key,title,authors")  # no BOM
    by_id = {int(r["record_id"]): r for r in rows(response)}
    resolved = by_id[decided[0].pk]
    assert (resolved["ta_decision"], resolved["ta_reason"], resolved["ta_resolved"]) == (
        "exclude",
        "Not empirical research",
        "yes",
    )
    assert by_id[decided[1].pk]["ta_decision"] == "conflict"
    assert by_id[decided[2].pk]["ta_decision"] == "awaiting"
    included = by_id[decided[3].pk]
    assert (included["ta_decision"], included["ta_resolved"], included["ft_decision"]) == ("include", "no", "include")
    assert included["source"] == "COBIB" and included["authors"] == "Novak, Ana; Kranjc, Janez"
    assert included["year"] == "2019" and included["doi"] == "10.1/x"
    event = AuditEvent.objects.filter(project=project, action="export").latest("id")
    assert event.detail == {"what": "decisions.csv", "records": 4} and event.actor == lead


def test_decisions_csv_neutralises_spreadsheet_formulas(client, lead, project, make_records):
    titles = ['=HYPERLINK("http://evil.example","click")', "+1+1", "-2", "@SUM(A1)", "\t=1", "Plain title"]
    for record, title in zip(make_records(len(titles)), titles, strict=True):
        ReviewRecord.objects.filter(pk=record.pk).update(title=title)
    client.force_login(lead)
    got = [r["title"] for r in rows(client.get(reverse("review:export_decisions", args=[project.pk, "csv"])))]
    assert got == ["'" + t for t in titles[:-1]] + ["Plain title"]


def test_decisions_ris_carries_decisions_and_reimports_with_the_fields(client, lead, project, decided, tmp_path):
    ReviewRecord.objects.filter(pk=decided[3].pk).update(extra={"N1": "Imported note"}, abstract="An abstract.")
    client.force_login(lead)
    response = client.get(reverse("review:export_decisions", args=[project.pk, "ris"]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/x-research-info-systems")
    path = tmp_path / "decisions.ris"
    path.write_bytes(response.content)
    records = read_all(path)
    assert len(records) == 4
    again = records[3]
    assert (again.title, again.authors, again.year, again.doi, again.journal, again.abstract) == (
        decided[3].title,
        ["Novak, Ana", "Kranjc, Janez"],
        2019,
        "10.1/x",
        "Teorija",
        "An abstract.",
    )
    notes = again.extra["N1"]
    assert notes[0] == "Imported note"
    assert f"JeS record: {decided[3].pk}" in notes
    assert "JeS title/abstract: include" in notes and "JeS full text: include" in notes
    assert "JeS title/abstract: exclude — Not empirical research (resolved)" in records[0].extra["N1"]


@pytest.mark.parametrize(
    "name,args",
    [("export_decisions", ["csv"]), ("export_decisions", ["ris"]), ("export_audit", []), ("audit", [])],
)
def test_exports_and_audit_are_403_for_reviewers_and_404_for_strangers(client, rev1, stranger, project, name, args):
    url = reverse(f"review:{name}", args=[project.pk, *args])
    client.force_login(rev1)
    assert client.get(url).status_code == 403
    client.force_login(stranger)
    assert client.get(url).status_code == 404
    assert not AuditEvent.objects.filter(project=project, action="export").exists()


def test_audit_page_lists_and_filters_events(client, lead, rev1, project, decided):
    client.force_login(lead)
    url = reverse("review:audit", args=[project.pk])
    html = client.get(url).content.decode()
    assert "resolution" in html and "rev2" in html and "member_set" in html
    filtered = client.get(url, {"action": "decision", "stage": "ft", "user": "rev1"})
    page = filtered.context["page"]
    assert [(e.action, e.stage, e.actor_name) for e in page] == [("decision", "ft", "rev1")]
    assert '<option value="rev1" selected>' in filtered.content.decode()


def test_audit_page_is_paginated(client, lead, project):
    from jes.review.audit import record_event

    for i in range(60):
        record_event(project, lead, "note", number=i)
    client.force_login(lead)
    url = reverse("review:audit", args=[project.pk])
    first = client.get(url, {"action": "note"})
    assert len(first.context["page"]) == 50 and first.context["page"].paginator.num_pages == 2
    assert "action=note&amp;page=2" in first.content.decode()
    second = client.get(url, {"action": "note", "page": 2})
    assert [e.detail["number"] for e in second.context["page"]] == list(range(9, -1, -1))


def test_audit_csv_lists_decisions_with_actor_and_stage(client, lead, project, decided):
    client.force_login(lead)
    response = client.get(reverse("review:export_audit", args=[project.pk]), {"action": "decision"})
    assert response.status_code == 200
    got = rows(response)
    assert {(r["actor"], r["stage"]) for r in got} == {("rev1", "ta"), ("rev2", "ta"), ("rev1", "ft"), ("rev2", "ft")}
    first = got[0]
    assert first["action"] == "decision" and int(first["record_id"]) == decided[0].pk
    assert json.loads(first["detail"]) == {"label": "include", "previous": None, "reason": ""}
    event = AuditEvent.objects.filter(project=project, action="export").latest("id")
    assert event.detail == {"what": "audit.csv", "events": len(got), "filters": {"action": "decision"}}


def test_cli_exports_decisions_and_audit(project, decided, tmp_path, capsys):
    out = tmp_path / "d.csv"
    assert main(["review", "export", str(project.pk), "--decisions", str(out)]) == 0
    assert len(list(csv.DictReader(out.open(encoding="utf-8")))) == 4
    ris = tmp_path / "d.ris"
    assert main(["review", "export", str(project.pk), "--decisions", str(ris)]) == 0
    assert len(read_all(ris)) == 4
    audit = tmp_path / "a.csv"
    assert main(["review", "export", str(project.pk), "--audit", str(audit)]) == 0
    assert "resolution" in audit.read_text(encoding="utf-8")
    actors = set(AuditEvent.objects.filter(project=project, action="export").values_list("actor_name", flat=True))
    assert actors == {"command line"}
    assert main(["review", "export", str(project.pk), "--decisions", str(tmp_path / "d.xlsx")]) == 2
    assert "d.xlsx" in capsys.readouterr().err


def test_cli_prisma_for_a_project_prints_counts_and_writes_the_diagram(project, decided, tmp_path, capsys):
    assert main(["review", "prisma", "--project", str(project.pk), "--json", "--out", str(tmp_path)]) == 0
    counts = json.loads(capsys.readouterr().out)
    assert counts["screened"] == 2 and counts["included_reports"] == 1 and counts["identified_databases"] == 4
    assert {p.name for p in tmp_path.iterdir()} == {f"prisma-{project.pk}.{ext}" for ext in ("svg", "png", "pdf")}
    assert (tmp_path / f"prisma-{project.pk}.pdf").read_bytes().startswith(b"%PDF-")


def test_cli_prisma_for_a_missing_project_says_so(db):
    with pytest.raises(SystemExit, match="no review project with id 999999"):
        main(["review", "prisma", "--project", "999999"])
