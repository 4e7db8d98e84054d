"""Plain helpers shared by the review page tests."""

from __future__ import annotations

from jes.review.decisions import decide


def both(record, rev1, rev2, stage, label, reason=""):
    """Both blind reviewers make the same decision, so it becomes the record's final one."""
    decide(record, rev1, stage, label, reason)
    decide(record, rev2, stage, label, reason)
