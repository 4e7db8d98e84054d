"""Review fixtures: a project with a lead, two blind reviewers, a database and a website source."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User


@pytest.fixture
def lead(db):
    return User.objects.create_user("lead", password="pw-lead-123")


@pytest.fixture
def rev1(db):
    return User.objects.create_user("rev1", password="pw-rev1-123")


@pytest.fixture
def rev2(db):
    return User.objects.create_user("rev2", password="pw-rev2-123")


@pytest.fixture
def stranger(db):
    return User.objects.create_user("stranger", password="pw-stranger-123")


@pytest.fixture
def project(lead, rev1, rev2):
    from jes.review.projects import add_member, add_source, create_project

    p = create_project(
        "THB in Slovenia",
        lead,
        question="What is known about trafficking in human beings in Slovenia?",
        inclusion_criteria=["Empirical research", "Related to Slovenia", "Slovenian or English", "From 2014 on"],
        exclusion_criteria=["Not on the topic", "Not empirical research", "Findings not related to Slovenia"],
        languages=["sl", "en"],
        year_min=2014,
        excluded_types=["thesis", "conference_abstract"],
        reviewers_per_record=2,
    )
    add_member(p, lead, "rev1")
    add_member(p, lead, "rev2")
    add_source(p, lead, "COBIB", "database")
    add_source(p, lead, "NGO websites", "website")
    return p


@pytest.fixture
def make_records(project):
    """make_records(n, source="COBIB", **fields) -> list of ReviewRecord with titles 'Record i'."""
    from jes.review.models import ReviewRecord

    def make(n: int, source: str = "COBIB", **fields):
        src = project.sources.get(name=source)
        start = project.records.count()
        return ReviewRecord.objects.bulk_create(
            [
                ReviewRecord(project=project, source=src, position=start + i, title=f"Record {start + i}", **fields)
                for i in range(n)
            ]
        )

    return make
