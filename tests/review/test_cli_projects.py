"""`jes review project ...` sets up a review from the command line."""

from __future__ import annotations

import pytest

from jes.cli import main
from jes.review.models import AuditEvent, ReviewProject


def test_create_project_with_sources_and_members(lead, rev1, capsys):
    assert (
        main(
            [
                "review",
                "project",
                "create",
                "THB in Finland",
                "--lead",
                "lead",
                "--language",
                "fi",
                "--language",
                "en",
                "--year-min",
                "2014",
                "--reason",
                "Not empirical",
            ]
        )
        == 0
    )
    pk = int(capsys.readouterr().out.strip())
    project = ReviewProject.objects.get(pk=pk)
    assert project.languages == ["fi", "en"] and project.reasons() == ["Not empirical", "Duplicate"]
    assert main(["review", "project", "source", str(pk), "Finna", "--kind", "database", "--user", "lead"]) == 0
    assert main(["review", "project", "member", str(pk), "rev1", "--user", "lead"]) == 0
    assert project.sources.get().name == "Finna"
    assert project.members.filter(user=rev1, role="reviewer").exists()
    assert AuditEvent.objects.filter(project=project, action="source_added", actor=lead).exists()
    main(["review", "project", "list"])
    assert f"{pk}\t0 records\tTHB in Finland" in capsys.readouterr().out


def test_errors_name_the_problem(lead, capsys):
    main(["review", "project", "create", "X", "--lead", "lead"])
    pk = capsys.readouterr().out.strip()
    assert main(["review", "project", "member", pk, "ghost", "--user", "lead"]) == 2
    assert "no account named 'ghost'" in capsys.readouterr().err
    with pytest.raises(SystemExit, match="no review with id 999999"):
        main(["review", "project", "source", "999999", "S", "--kind", "database", "--user", "lead"])
