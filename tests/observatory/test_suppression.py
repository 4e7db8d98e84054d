"""Small-cell and complementary suppression: the attacker's LP must never pin a withheld cell.

The attacker here is written independently of the module (its own LP on the public output only), so a bug
in the module's audit cannot hide a bug in its suppression.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from jes.observatory.stats.suppression import (
    TOTAL,
    SuppressionError,
    SuppressionResult,
    audit_intervals,
    publish_counts,
    suppress_series,
    suppress_table,
)


def attack(result: SuppressionResult) -> dict[tuple[int, int], tuple[int, int]]:
    """Bounds on each withheld cell from what is published: cells, row/column totals, grand total, n >= 0."""
    pub = result.published
    unknown = [(i, j) for i, row in enumerate(pub) for j, v in enumerate(row) if v is None]
    if not unknown:
        return {}
    index = {c: v for v, c in enumerate(unknown)}
    eqs: list[tuple[list[tuple[int, int]], int]] = []
    n_rows, n_cols = len(pub), len(pub[0])
    if result.row_totals is not None:
        eqs += [([(i, j) for j in range(n_cols)], result.row_totals[i]) for i in range(n_rows)]
    if result.col_totals is not None:
        eqs += [([(i, j) for i in range(n_rows)], result.col_totals[j]) for j in range(n_cols)]
    eqs.append(([(i, j) for i in range(n_rows) for j in range(n_cols)], result.grand_total))
    a_rows, b = [], []
    for cells, total in eqs:
        row = np.zeros(len(unknown))
        known = 0
        for c in cells:
            if c in index:
                row[index[c]] = 1
            else:
                value = pub[c[0]][c[1]]
                assert value is not None
                known += value
        a_rows.append(row)
        b.append(total - known)
    out = {}
    for c in unknown:
        obj = np.zeros(len(unknown))
        obj[index[c]] = 1
        lo = linprog(obj, A_eq=np.array(a_rows), b_eq=b, bounds=(0, None), method="highs")
        hi = linprog(-obj, A_eq=np.array(a_rows), b_eq=b, bounds=(0, None), method="highs")
        assert lo.status == 0 and hi.status == 0
        out[c] = (math.ceil(lo.fun - 1e-6), math.floor(-hi.fun + 1e-6))
    return out


def best_possible_widths(counts: list[list[int]]) -> dict[tuple[int, int], int]:
    """The widest interval any pattern could give each cell with zeros published: every non-zero cell withheld."""
    masked = tuple(tuple(None if n > 0 else n for n in row) for row in counts)
    n_rows, n_cols = len(counts), len(counts[0])
    fake = SuppressionResult(
        row_labels=tuple(range(n_rows)),
        col_labels=tuple(range(n_cols)),
        published=masked,
        row_totals=None if n_cols == 1 else tuple(sum(r) for r in counts),
        col_totals=None if n_rows == 1 else tuple(sum(r[j] for r in counts) for j in range(n_cols)),
        grand_total=sum(map(sum, counts)),
        suppressed={},
        audit={},
        k=10,
        margin=10,
        zeros="publish",
    )
    return {cell: hi - lo for cell, (lo, hi) in attack(fake).items()}


def check_safe(counts: list[list[int]], result: SuppressionResult, k: int, margin: int) -> None:
    # No cell below k (other than a published zero) is ever published.
    for i, row in enumerate(counts):
        for j, n in enumerate(row):
            if 0 < n < k:
                assert result.published[i][j] is None, (i, j, n)
            if result.published[i][j] is not None:
                assert result.published[i][j] == n
    # Cells >= k are withheld only as secondary suppressions.
    for cell, why in result.suppressed.items():
        n = counts[cell[0]][cell[1]]
        assert why.reason == ("primary" if 0 < n < k else "secondary")
    # The attacker, from the public output only, never pins a withheld cell.
    bounds = attack(result)
    assert set(bounds) == set(result.suppressed)
    best_widths = best_possible_widths(counts) if bounds else {}
    for cell, (lo, hi) in bounds.items():
        n = counts[cell[0]][cell[1]]
        assert lo <= n <= hi
        best = best_widths[cell]
        assert hi - lo >= min(margin, best), (cell, lo, hi, best)
        if best > 0:
            assert hi - lo > 0
        # The module's own audit agrees with the attacker.
        assert (result.audit[cell].lower, result.audit[cell].upper) == (lo, hi)


# Counts drawn so that small cells, zeros and large cells all appear often.
count = st.one_of(st.just(0), st.integers(1, 9), st.integers(10, 80))


@st.composite
def tables(draw: st.DrawFn) -> list[list[int]]:
    n_rows = draw(st.integers(1, 6))
    n_cols = draw(st.integers(1, 6))
    return [[draw(count) for _ in range(n_cols)] for _ in range(n_rows)]


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables(), st.sampled_from([3, 5, 10]))
def test_attacker_cannot_recover_any_suppressed_cell(counts: list[list[int]], k: int) -> None:
    result = suppress_table(counts, k=k)
    check_safe(counts, result, k, margin=k)


@settings(max_examples=25, deadline=None)
@given(tables(), st.integers(1, 4))
def test_attacker_fails_with_a_smaller_margin(counts: list[list[int]], margin: int) -> None:
    result = suppress_table(counts, k=10, margin=margin)
    check_safe(counts, result, 10, margin=margin)


@settings(max_examples=40, deadline=None)
@given(st.lists(count, min_size=1, max_size=12))
def test_attacker_cannot_recover_one_way_tables(counts: list[int]) -> None:
    result = suppress_series(counts)
    check_safe([[n] for n in counts], result, 10, margin=10)


def test_no_small_cells_means_nothing_suppressed() -> None:
    counts = [[10, 20, 30], [40, 50, 60]]
    result = suppress_table(counts)
    assert result.suppressed == {}
    assert result.published == ((10, 20, 30), (40, 50, 60))
    assert result.audit == {}


def test_zeros_are_published_by_default_and_never_used_as_complements() -> None:
    result = suppress_table([[0, 25, 30], [12, 0, 40]])
    assert result.suppressed == {}
    assert result.published[0][0] == 0


def test_zeros_can_be_treated_as_sensitive() -> None:
    result = suppress_table([[0, 25, 30], [12, 40, 50]], zeros="suppress")
    assert result.published[0][0] is None
    assert result.suppressed[(0, 0)].reason == "primary"
    check_safe_bounds = attack(result)
    assert all(hi - lo >= 10 for lo, hi in check_safe_bounds.values())


def test_single_small_cell_in_a_row_gets_a_second_suppression() -> None:
    counts = [[4, 30, 20], [50, 60, 70], [80, 90, 100]]
    result = suppress_table(counts)
    assert result.primary == {(0, 0)}
    row0 = [c for c in result.suppressed if c[0] == 0]
    col0 = [c for c in result.suppressed if c[1] == 0]
    assert len(row0) >= 2 and len(col0) >= 2
    # The cheapest complement in the row is the 20, not the 30.
    assert (0, 2) in result.secondary
    check_safe(counts, result, 10, 10)


def test_all_small_rows() -> None:
    counts = [[2, 3, 4], [50, 60, 70], [1, 1, 1]]
    result = suppress_table(counts)
    assert {(0, 0), (0, 1), (0, 2), (2, 0), (2, 1), (2, 2)} <= set(result.suppressed)
    check_safe(counts, result, 10, 10)
    # Row 2 totals 3: no pattern can give its cells a wider interval than 3; the audit says so.
    assert result.audit[(2, 0)].limited_by_totals
    assert result.audit[(2, 0)].width == 3


def test_one_way_table_needs_two_suppressions_and_enough_mass() -> None:
    result = suppress_series([50, 3, 40, 12], ["a", "b", "c", "d"], dim="form")
    assert result.published == ((50,), (None,), (40,), (None,))
    assert result.audit[(1, 0)].width >= 10
    rows = result.to_rows()
    assert rows[-1] == {"form": TOTAL, "n": 105}
    assert {"form": "b", "n": None} in rows


def test_totals_pin_a_cell_reported_as_limited() -> None:
    # Column 1 is all zeros and published; the total of row 0 then equals its only non-zero cell.
    result = suppress_table([[3, 0], [40, 0]])
    assert result.published[0][0] is None
    assert result.audit[(0, 0)].limited_by_totals


def test_publish_counts_rows_and_totals() -> None:
    records = [
        {"year": 2021, "gender": "M", "n": 25},
        {"year": 2020, "gender": "F", "n": 12},
        {"year": 2020, "gender": "M", "n": 4},
        {"year": 2021, "gender": "F", "n": 30},
        {"year": 2022, "gender": "F", "n": 18},
        {"year": 2022, "gender": "M", "n": 11},
    ]
    result = publish_counts(records, by=["year", "gender"], k=10)
    rows = result.to_rows()
    assert rows[0] == {"year": 2020, "gender": "F", "n": None}
    assert {"year": 2020, "gender": "M", "n": None} in rows
    assert {"year": 2020, "gender": TOTAL, "n": 16} in rows
    assert {"year": TOTAL, "gender": "F", "n": 60} in rows
    assert rows[-1] == {"year": TOTAL, "gender": TOTAL, "n": 100}
    # Cells >= k stay published unless needed as complements.
    assert {"year": 2021, "gender": "F", "n": 30} in rows


def test_publish_counts_one_dimension_sums_records_and_unknowns() -> None:
    records = [{"gender": "F"}] * 15 + [{"gender": None, "n": 2}, {"gender": "M", "n": 20}]
    result = publish_counts(records, by=["gender"])
    assert result.row_labels == ("F", "M", "Unknown")
    rows = result.to_rows()
    assert {"gender": "Unknown", "n": None} in rows
    assert rows[-1] == {"gender": TOTAL, "n": 37}


def test_single_row_table_does_not_publish_column_totals() -> None:
    result = publish_counts(
        [{"year": 2020, "gender": "F", "n": 3}, {"year": 2020, "gender": "M", "n": 40}], ["year", "gender"]
    )
    assert result.col_totals is None
    assert all(r["year"] != TOTAL or r["gender"] == TOTAL for r in result.to_rows())
    assert all(v is None for v in result.published[0])


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"counts": [[1, -2]]}, "non-negative"),
        ({"counts": [[1, 2], [3]]}, "expected 2"),
        ({"counts": [[1, 2]], "row_totals": [4]}, "do not equal"),
        ({"counts": [[1, 2]], "col_labels": ["Total", "x"]}, "reserved"),
        ({"counts": []}, "empty"),
    ],
)
def test_bad_input_is_refused(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(SuppressionError, match=message):
        suppress_table(**kwargs)  # type: ignore[arg-type]


def test_three_dimensions_are_refused() -> None:
    with pytest.raises(SuppressionError, match="one or two"):
        publish_counts([{"a": 1, "b": 2, "c": 3, "n": 1}], by=["a", "b", "c"])


@settings(max_examples=60, deadline=None)
@given(tables(), st.data())
def test_flow_audit_equals_lp_audit(counts: list[list[int]], data: st.DataObject) -> None:
    cells = [(i, j) for i in range(len(counts)) for j in range(len(counts[0]))]
    hidden = data.draw(st.lists(st.sampled_from(cells), min_size=1, unique=True))
    assert audit_intervals(counts, hidden, method="flow") == audit_intervals(counts, hidden, method="lp")
