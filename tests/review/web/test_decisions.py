"""Final decisions from blind per-reviewer decisions, conflicts, resolutions and the PRISMA flow from the DB."""

from __future__ import annotations

import math

import pytest

from jes.review.decisions import DecisionError, decide, eligible_records, resolve, stage_agreement, stage_state
from jes.review.flow import project_flow
from jes.review.models import AuditEvent, ScreeningDecision


def test_two_agreeing_reviewers_make_a_final_decision_one_does_not(project, make_records, rev1, rev2):
    a, b = make_records(2)
    decide(a, rev1, "ta", "include")
    state = stage_state(project, "ta")
    assert a.pk in state.awaiting and a.pk not in state.finals
    decide(a, rev2, "ta", "include")
    decide(b, rev1, "ta", "exclude", "Not on the topic")
    decide(b, rev2, "ta", "include")
    state = stage_state(project, "ta")
    assert state.finals[a.pk].label == "include"
    assert state.conflicts == [b.pk]
    resolve(b, project.created_by, "ta", "exclude", "Not on the topic")
    state = stage_state(project, "ta")
    assert state.finals[b.pk].label == "exclude" and state.finals[b.pk].resolved
    assert list(eligible_records(project, "ft")) == [a]


def test_maybe_is_a_conflict_once_enough_reviewers_decided(project, make_records, rev1, rev2):
    (a,) = make_records(1)
    decide(a, rev1, "ta", "maybe")
    assert stage_state(project, "ta").awaiting == [a.pk]
    decide(a, rev2, "ta", "maybe")
    assert stage_state(project, "ta").conflicts == [a.pk]
    with pytest.raises(DecisionError, match="label"):
        resolve(a, project.created_by, "ta", "maybe")


def test_exclusion_needs_a_reason_from_the_protocol(project, make_records, rev1):
    (a,) = make_records(1)
    with pytest.raises(DecisionError, match="reason: an exclusion needs"):
        decide(a, rev1, "ta", "exclude")
    with pytest.raises(DecisionError, match="not one of the protocol"):
        decide(a, rev1, "ta", "exclude", "Because I said so")
    assert not ScreeningDecision.objects.exists()


def test_changed_decision_is_audited_with_the_previous_label(project, make_records, rev1):
    (a,) = make_records(1)
    decide(a, rev1, "ta", "include")
    decide(a, rev1, "ta", "exclude", "Not empirical research")
    events = list(AuditEvent.objects.filter(action="decision", record=a).values_list("detail", flat=True))
    assert [e["previous"] for e in events] == [None, "include"]
    assert ScreeningDecision.objects.get(record=a).label == "exclude"


def test_cohen_kappa_of_two_reviewers(project, make_records, rev1, rev2):
    # 4 records: agree include, agree exclude, disagree twice -> po = 0.5, pe = 0.5 -> kappa 0
    records = make_records(4)
    votes = [("include", "include"), ("exclude", "exclude"), ("include", "exclude"), ("exclude", "include")]
    for record, (x, y) in zip(records, votes, strict=True):
        decide(record, rev1, "ta", x, "Not on the topic" if x == "exclude" else "")
        decide(record, rev2, "ta", y, "Not on the topic" if y == "exclude" else "")
    result = stage_agreement(project, "ta")
    assert result.method == "cohen" and result.records == 4
    assert math.isclose(result.kappa, 0.0, abs_tol=1e-9)
    assert stage_agreement(project, "ft") is None


def test_flow_from_the_database_adds_up(project, make_records, rev1, rev2, lead):
    project.reviewers_per_record = 1
    project.save()
    records = make_records(6)
    (web,) = make_records(1, source="NGO websites")
    records[5].removed = "duplicate"
    records[5].save()
    decide(records[0], rev1, "ta", "include")
    decide(records[1], rev1, "ta", "include")
    decide(records[2], rev1, "ta", "exclude", "Not on the topic")
    decide(records[3], rev1, "ta", "exclude", "Duplicate")
    decide(web, rev1, "ta", "include")
    decide(records[0], rev1, "ft", "include")
    decide(records[1], rev1, "ft", "exclude", "Not empirical research")
    records[4].retrieved = None
    flow = project_flow(project)
    summary = flow.summary()
    assert summary["identified_databases"] == 6 and summary["identified_other"] == 1
    assert summary["duplicates"] == 2  # one removed before screening, one found while screening
    assert summary["screened"] == 5 and summary["excluded_screening"] == 1
    assert summary["assessed"] == 2 and summary["excluded_eligibility"] == 1
    assert summary["included_reports"] == 1 and summary["included_studies"] == 1
    assert flow.awaiting_screening == 1  # records[4]
    assert flow.main.excluded_reasons == {"Not empirical research": 1}
