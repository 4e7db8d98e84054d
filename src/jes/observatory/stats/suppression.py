"""Small-cell suppression for public count tables, with complementary suppression checked by linear programming.

Method (cell suppression as described in A. Hundepool, J. Domingo-Ferrer, L. Franconi, S. Giessing,
E. Schulte Nordholt, K. Spicer, P.-P. de Wolf, "Statistical Disclosure Control", Wiley, 2012, ch. 4
"Magnitude tabular data" (primary and secondary cell suppression, the hypercube method, auditing a
suppression pattern by linear programming) and ch. 5 "Frequency tables"; the same text is kept online as
the "Handbook on Statistical Disclosure Control", https://sdctools.github.io/HandbookSDC/):

1. Primary suppression. Every cell with 0 < n < k is sensitive and withheld (threshold rule, k = 10 by
   default, the threshold the observatory issue asks for).
2. Secondary (complementary) suppression. Row, column and grand totals are always published, so a lone
   withheld cell in a row would be that row's total minus the published cells. The classic rule comes
   first: every row and column holding a withheld cell must hold at least two, and the partner chosen is
   the smallest publishable cell (the least information lost).
3. Audit. The classic rule is necessary, not sufficient: a pattern can satisfy it and still pin a cell
   within a few units. So, as the attacker would, for every withheld cell we minimise and maximise its value
   by linear programming subject to the published totals, the published cells and non-negativity. The
   constraint matrix of a two-way table with its margins is totally unimodular, so the LP bounds are integer
   and equal the bounds an attacker would get by integer programming; nothing tighter can be derived.
   A cell is protected when its interval is at least `margin` wide (default k: the attacker cannot narrow it
   to fewer than k + 1 possible values). A cell that fails gets more complements, chosen like the hypercube
   method (for two-way tables the "hypercube" is a rectangle with the cell at one corner: the cheapest
   rectangle wide enough, counted by the values it withholds), and the audit repeats.

Some tables cannot be protected to `margin` while their totals are published: a row total of 4 bounds every
cell of that row by 4, and a zero column published beside the only non-zero column pins it. Then the required
width is capped at the widest interval reachable at all (every publishable cell withheld), and the cell is
marked `limited_by_totals` so the caller can decide to drop a margin or merge categories. The cell is still
never left exactly determinable when anything at all could hide it.

One-way tables (a single row or column with its total) are the same problem with one equation. In a table with
a single row the column totals would equal the cells, so they are not published (and not returned by
`to_rows`); likewise the row totals of a single-column table.

Zeros. By default a zero is published as 0: it describes no person, so it cannot identify anyone, and
hiding every zero would withhold much of a sparse table for no gain in identity protection. Zeros do carry
group (attribute) disclosure risk: a zero beside a non-zero cell says that everyone in that row shares the
other attribute. Practice such as CTDC's (as the observatory brief describes it; not verified here) publishes
only structural zeros. `zeros="suppress"` treats every zero as sensitive (primary suppression) for those
tables; the default never withholds a zero, even as a complement, because a published zero is read as a true
zero. This module cannot tell structural from sampling zeros; the caller chooses.

This module is pure Python (no Django) so it can be tested on its own and run on aggregates only: the public
pages never need case rows.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
from scipy.optimize import linprog
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import maximum_flow

Label = str | int
Cell = tuple[int, int]
Reason = Literal["primary", "secondary"]
ZeroPolicy = Literal["publish", "suppress"]

TOTAL = "Total"
DEFAULT_K = 10

# LP solutions are floats; the constraint matrix is totally unimodular, so the true bounds are integers and
# anything within this tolerance of one is that integer.
_EPS = 1e-6


class SuppressionError(ValueError):
    """The input table cannot be suppressed as given (negative counts, totals that do not add up, ...)."""


@dataclass(frozen=True)
class Suppression:
    """Why one cell is withheld. Internal to the publisher: the public output never says which cells are primary."""

    reason: Reason
    detail: str


@dataclass(frozen=True)
class AuditInterval:
    """What an attacker can learn about one withheld cell from everything published: lower <= n <= upper."""

    lower: int
    upper: int
    required: int
    limited_by_totals: bool

    @property
    def width(self) -> int:
        return self.upper - self.lower

    @property
    def protected(self) -> bool:
        return self.width >= self.required


@dataclass(frozen=True)
class SuppressionResult:
    """A table ready for publication, with the audit that shows it is safe.

    `published` and the totals are public; `suppressed` and `audit` are for the publisher's records only.
    """

    row_labels: tuple[Label, ...]
    col_labels: tuple[Label, ...]
    published: tuple[tuple[int | None, ...], ...]
    row_totals: tuple[int, ...] | None
    col_totals: tuple[int, ...] | None
    grand_total: int
    suppressed: Mapping[Cell, Suppression]
    audit: Mapping[Cell, AuditInterval]
    k: int
    margin: int
    zeros: ZeroPolicy
    row_dim: str = "row"
    col_dim: str | None = "col"
    value_key: str = "n"

    @property
    def primary(self) -> frozenset[Cell]:
        return frozenset(c for c, s in self.suppressed.items() if s.reason == "primary")

    @property
    def secondary(self) -> frozenset[Cell]:
        return frozenset(c for c, s in self.suppressed.items() if s.reason == "secondary")

    @property
    def protected(self) -> bool:
        return all(a.protected for a in self.audit.values())

    def to_rows(self) -> list[dict[str, Label | int | None]]:
        """Public rows: one per cell (`None` when withheld), then the published totals labelled "Total".

        Order: the cells row by row, each row followed by its total; then the column totals and the grand
        total. A one-way table (`col_dim` None) has rows {row_dim: label, value_key: n} and one total row.
        """
        rows: list[dict[str, Label | int | None]] = []
        if self.col_dim is None:
            for i, label in enumerate(self.row_labels):
                rows.append({self.row_dim: label, self.value_key: self.published[i][0]})
            rows.append({self.row_dim: TOTAL, self.value_key: self.grand_total})
            return rows
        col_dim = self.col_dim
        for i, rlabel in enumerate(self.row_labels):
            for j, clabel in enumerate(self.col_labels):
                rows.append({self.row_dim: rlabel, col_dim: clabel, self.value_key: self.published[i][j]})
            if self.row_totals is not None:
                rows.append({self.row_dim: rlabel, col_dim: TOTAL, self.value_key: self.row_totals[i]})
        if self.col_totals is not None:
            for j, clabel in enumerate(self.col_labels):
                rows.append({self.row_dim: TOTAL, col_dim: clabel, self.value_key: self.col_totals[j]})
        rows.append({self.row_dim: TOTAL, col_dim: TOTAL, self.value_key: self.grand_total})
        return rows


# ---------------------------------------------------------------------------------------------------------------
# The attacker's model: which equations the published table gives.


def _lines(n_rows: int, n_cols: int) -> list[tuple[str, list[Cell]]]:
    """The published equations, each as (name, cells whose sum is published).

    Row totals are published only when a row has more than one cell (otherwise the total is the cell), and
    the same for columns; with neither, the grand total is the one equation.
    """
    lines: list[tuple[str, list[Cell]]] = []
    if n_cols > 1:
        lines += [(f"row {i}", [(i, j) for j in range(n_cols)]) for i in range(n_rows)]
    if n_rows > 1:
        lines += [(f"column {j}", [(i, j) for i in range(n_rows)]) for j in range(n_cols)]
    if not lines:
        lines.append(("total", [(i, j) for i in range(n_rows) for j in range(n_cols)]))
    return lines


AuditMethod = Literal["lp", "flow"]


def audit_intervals(
    counts: Sequence[Sequence[int]],
    hidden: Iterable[Cell],
    cells: Iterable[Cell] | None = None,
    method: AuditMethod = "lp",
) -> dict[Cell, tuple[int, int]]:
    """Bounds an attacker derives for each hidden cell (or only `cells`) from the published cells and totals.

    "lp": each bound is one LP (scipy.optimize.linprog, HiGHS): minimise or maximise the cell subject to, for
    every published total, the sum of the hidden cells in it = the total minus its published cells, and every
    hidden cell >= 0. "flow": the same bounds by max-flow (see `_flow_intervals`), much faster; the tests check
    that both give identical bounds on random tables.
    """
    n_rows, n_cols = len(counts), len(counts[0])
    hidden_list = sorted(set(hidden))
    targets = hidden_list if cells is None else sorted(set(cells))
    if not targets:
        return {}
    if method == "flow":
        return _flow_intervals(counts, hidden_list, targets)
    index = {c: v for v, c in enumerate(hidden_list)}
    data: list[float] = []
    row_ind: list[int] = []
    col_ind: list[int] = []
    rhs: list[float] = []
    for _name, line in _lines(n_rows, n_cols):
        in_line = [index[c] for c in line if c in index]
        if not in_line:
            continue
        eq = len(rhs)
        for v in in_line:
            data.append(1.0)
            row_ind.append(eq)
            col_ind.append(v)
        # The right-hand side is public: the published total minus the published cells of the line.
        total = sum(counts[i][j] for i, j in line)
        rhs.append(float(total - sum(counts[i][j] for i, j in line if (i, j) not in index)))
    a_eq = csr_matrix((data, (row_ind, col_ind)), shape=(len(rhs), len(hidden_list)))
    b_eq = np.asarray(rhs)
    out: dict[Cell, tuple[int, int]] = {}
    n_vars = len(hidden_list)
    for cell in targets:
        objective = np.zeros(n_vars)
        objective[index[cell]] = 1.0
        low = linprog(objective, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
        high = linprog(-objective, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
        if low.status != 0 or high.status != 0:  # pragma: no cover - the true table is always feasible
            raise SuppressionError(f"audit LP failed for cell {cell}: {low.message} / {high.message}")
        out[cell] = (math.ceil(low.fun - _EPS), math.floor(-high.fun + _EPS))
    return out


def _flow_intervals(
    counts: Sequence[Sequence[int]], hidden: list[Cell], targets: list[Cell]
) -> dict[Cell, tuple[int, int]]:
    """The audit LP solved as max-flow problems, exact for the equations `_lines` publishes.

    With a single published equation (one-way tables) a hidden cell ranges over [0, sum of the hidden cells]
    (or is that sum exactly when it is the only hidden cell).
    In a two-way table every feasible change to the hidden cells is a circulation on the bipartite graph
    rows -> columns: raising cell (a, b) is flow a -> b (unbounded), lowering it is flow b -> a (at most its
    value, since counts stay >= 0). Cell (i, j) can rise by the max flow from column j back to row i through
    the other hidden cells, and fall by the max flow from row i to column j, capped by its own value. The LP
    and this flow problem are dual views of the same transportation polytope, so the bounds agree exactly.
    """
    n_rows, n_cols = len(counts), len(counts[0])
    if len(_lines(n_rows, n_cols)) == 1:
        # Other hidden cells can absorb any amount, so the lower bound is 0 unless the cell is alone.
        mass = sum(counts[i][j] for i, j in hidden)
        return {c: (0 if len(hidden) > 1 else mass, mass) for c in targets}
    big = sum(sum(row) for row in counts) + 1
    nodes = n_rows + n_cols
    src = np.array([a for a, _b in hidden] + [n_rows + b for _a, b in hidden], dtype=np.int32)
    dst = np.array([n_rows + b for _a, b in hidden] + [a for a, _b in hidden], dtype=np.int32)
    cap = np.array([big] * len(hidden) + [counts[a][b] for a, b in hidden], dtype=np.int32)
    position = {c: v for v, c in enumerate(hidden)}
    out: dict[Cell, tuple[int, int]] = {}
    for cell in targets:
        keep = np.ones(2 * len(hidden), dtype=bool)
        keep[[position[cell], len(hidden) + position[cell]]] = False
        graph = csr_matrix((cap[keep], (src[keep], dst[keep])), shape=(nodes, nodes), dtype=np.int32)
        i, j = cell
        rise = maximum_flow(graph, n_rows + j, i).flow_value
        fall = min(counts[i][j], maximum_flow(graph, i, n_rows + j).flow_value)
        out[cell] = (counts[i][j] - fall, counts[i][j] + rise)
    return out


# ---------------------------------------------------------------------------------------------------------------
# Choosing the complements.


class _Suppressor:
    def __init__(
        self, counts: list[list[int]], k: int, margin: int, zeros: ZeroPolicy, audit: AuditMethod = "lp"
    ) -> None:
        self.counts = counts
        self.audit = audit
        self.n_rows, self.n_cols = len(counts), len(counts[0])
        self.k, self.margin, self.zeros = k, margin, zeros
        self.lines = _lines(self.n_rows, self.n_cols)
        self.lines_of: dict[Cell, list[int]] = defaultdict(list)
        for li, (_name, line) in enumerate(self.lines):
            for c in line:
                self.lines_of[c].append(li)
        self.suppressed: dict[Cell, Suppression] = {}
        self._best: dict[Cell, int] = {}
        # LP solves of the final audit (the search itself runs on max-flow).
        self.lp_solves = 0

    def value(self, cell: Cell) -> int:
        return self.counts[cell[0]][cell[1]]

    def eligible(self, cell: Cell) -> bool:
        """May this cell be withheld as a complement? Published zeros must stay true zeros (module docstring)."""
        return cell not in self.suppressed and (self.value(cell) > 0 or self.zeros == "suppress")

    def all_cells(self) -> list[Cell]:
        return [(i, j) for i in range(self.n_rows) for j in range(self.n_cols)]

    def primary(self) -> None:
        for cell in self.all_cells():
            n = self.value(cell)
            if 0 < n < self.k:
                self.suppressed[cell] = Suppression("primary", f"count {n} is below the threshold k={self.k}")
            elif n == 0 and self.zeros == "suppress":
                self.suppressed[cell] = Suppression("primary", "zero treated as sensitive (zeros='suppress')")

    def add(self, cell: Cell, detail: str) -> None:
        self.suppressed[cell] = Suppression("secondary", detail)

    def classic(self) -> None:
        """Every published equation with a withheld cell must hold at least two (else it pins the one)."""
        changed = True
        while changed:
            changed = False
            for li, (name, line) in enumerate(self.lines):
                hidden = [c for c in line if c in self.suppressed]
                if len(hidden) != 1:
                    continue
                candidates = [c for c in line if self.eligible(c)]
                if not candidates:
                    continue  # nothing can hide it here; the audit reports it as limited by the totals
                # Smallest value first (least information lost); on ties prefer a cell whose other equation also
                # holds a lone withheld cell, because then one complement settles two equations.
                choice = min(candidates, key=lambda c: (self.value(c), -self._lone_elsewhere(c, li), c))
                self.add(choice, f"complements {hidden[0]}: second withheld cell in {name}")
                changed = True

    def _lone_elsewhere(self, cell: Cell, skip: int) -> int:
        return sum(
            1
            for li in self.lines_of[cell]
            if li != skip and sum(1 for c in self.lines[li][1] if c in self.suppressed) == 1
        )

    def best_width(self, cell: Cell) -> int:
        """Widest interval reachable for `cell` at all: every cell that may be withheld is withheld."""
        if cell not in self._best:
            hidden = [c for c in self.all_cells() if c in self.suppressed or self.eligible(c)]
            lo, hi = audit_intervals(self.counts, hidden, [cell], method="flow")[cell]
            self._best[cell] = hi - lo
        return self._best[cell]

    def rectangle(self, cell: Cell, required: int) -> list[Cell]:
        """Cheapest new cells completing a rectangle with `cell` at a corner that is `required` wide on its own.

        Moving t units around the rectangle (cell +t, same row -t, same column -t, opposite corner +t) keeps
        every total, so `cell` ranges over min(row partner, column partner) + min(cell, opposite) values.
        Falls back to the widest rectangle when none is wide enough.
        """
        i, j = cell
        best: tuple[tuple[int, int, int], list[Cell]] | None = None
        for jj in range(self.n_cols):
            if jj == j:
                continue
            if (i, jj) not in self.suppressed and not self.eligible((i, jj)):
                continue
            for ii in range(self.n_rows):
                if ii == i:
                    continue
                corners = [(i, jj), (ii, j), (ii, jj)]
                if any(c not in self.suppressed and not self.eligible(c) for c in corners):
                    continue
                new = [c for c in corners if c not in self.suppressed]
                if not new:
                    continue
                width = min(self.value((i, jj)), self.value((ii, j))) + min(self.value(cell), self.value((ii, jj)))
                cost = sum(self.value(c) for c in new)
                # Wide-enough rectangles first, then least withheld, then fewest new cells; else the widest.
                key = (0, cost, len(new)) if width >= required else (1, -width, cost)
                if best is None or key < best[0]:
                    best = (key, new)
        return [] if best is None else best[1]

    def widen(self, cell: Cell, required: int) -> bool:
        """Withhold more cells to widen `cell`'s interval. False when nothing is left to withhold."""
        new = self.rectangle(cell, required) if self.n_rows > 1 and self.n_cols > 1 else []
        why = f"widens the audit interval of {cell} to the protection margin"
        if not new:
            # One-way tables, or no rectangle possible: the smallest withholdable cell sharing an equation,
            # else the smallest anywhere (the cap in `best_width` guarantees the loop ends).
            near = [c for li in self.lines_of[cell] for c in self.lines[li][1] if self.eligible(c)]
            pool = near or [c for c in self.all_cells() if self.eligible(c)]
            if not pool:
                return False
            new = [min(pool, key=lambda c: (self.value(c), c))]
        for c in new:
            self.add(c, why)
        return True

    def run(self) -> dict[Cell, AuditInterval]:
        self.primary()
        self.classic()
        intervals: dict[Cell, tuple[int, int]] = {}
        audited_in: dict[Cell, int] = {}
        last_change = 0
        pending = set(self.suppressed)
        round_no = 0
        while pending:
            # Withholding a cell only frees a variable, so intervals never shrink: a cell that passed stays
            # passed, and only failed or newly withheld cells need auditing again.
            round_no += 1
            intervals.update(audit_intervals(self.counts, self.suppressed, pending, method="flow"))
            audited_in.update(dict.fromkeys(pending, round_no))
            failing = [c for c in sorted(pending) if intervals[c][1] - intervals[c][0] < self.margin]
            failing = [c for c in failing if intervals[c][1] - intervals[c][0] < self.required(c)]
            before = set(self.suppressed)
            touched: set[int] = set()
            for c in failing:
                # One fix per equation per round: a complement added for one cell often widens its neighbours.
                if touched & set(self.lines_of[c]):
                    continue
                if self.widen(c, self.required(c)):
                    touched |= set(self.lines_of[c])
            self.classic()
            added = set(self.suppressed) - before
            if added:
                last_change = round_no
            pending = set(failing) | added if added else set()
        if self.audit == "lp":
            # The verification the method calls for: the attacker's LP, solved independently of the flow search.
            intervals = audit_intervals(self.counts, self.suppressed, method="lp")
            self.lp_solves += 2 * len(intervals)
        else:
            # Intervals audited before the last withholding may have widened since; recompute those so the
            # reported audit is exactly what an attacker would find (the others are already current).
            stale = [c for c in self.suppressed if audited_in.get(c, 0) <= last_change]
            intervals.update(audit_intervals(self.counts, self.suppressed, stale, method="flow"))
        result = {
            c: AuditInterval(lo, hi, self.required(c), self.required(c) < self.margin)
            for c, (lo, hi) in sorted(intervals.items())
        }
        failed = [c for c, a in result.items() if not a.protected]
        if failed:  # pragma: no cover - would mean the flow search and the LP disagree
            raise SuppressionError(f"the LP audit finds cells {failed} narrower than required; refusing to publish")
        return result

    def required(self, cell: Cell) -> int:
        return min(self.margin, self.best_width(cell))


# ---------------------------------------------------------------------------------------------------------------
# Public entry points.


def _check_counts(counts: Sequence[Sequence[int]]) -> list[list[int]]:
    if not counts or not counts[0]:
        raise SuppressionError("the table is empty")
    width = len(counts[0])
    table: list[list[int]] = []
    for i, row in enumerate(counts):
        if len(row) != width:
            raise SuppressionError(f"row {i} has {len(row)} cells, expected {width}")
        for j, n in enumerate(row):
            if isinstance(n, bool) or not isinstance(n, int | np.integer) or n < 0:
                raise SuppressionError(f"cell ({i}, {j}) is {n!r}: counts must be non-negative integers")
        table.append([int(n) for n in row])
    return table


def _check_total(name: str, given: Sequence[int] | None, actual: list[int]) -> None:
    # The audit models the attacker with the published totals; totals that differ from the cells' sums would
    # make that model (and the protection it certifies) wrong, so they are refused rather than trusted.
    if given is not None and [int(x) for x in given] != actual:
        raise SuppressionError(f"published {name} {list(given)} do not equal the sums of the cells {actual}")


def suppress_table(
    counts: Sequence[Sequence[int]],
    row_labels: Sequence[Label] | None = None,
    col_labels: Sequence[Label] | None = None,
    *,
    row_totals: Sequence[int] | None = None,
    col_totals: Sequence[int] | None = None,
    grand_total: int | None = None,
    k: int = DEFAULT_K,
    margin: int | None = None,
    zeros: ZeroPolicy = "publish",
    audit: AuditMethod = "lp",
    row_dim: str = "row",
    col_dim: str = "col",
    value_key: str = "n",
) -> SuppressionResult:
    """Suppress a two-way table of counts so that no withheld cell can be narrowed below `margin` (default k).

    Totals, when given, must equal the sums of the cells (they are checked, not trusted); when omitted they are
    computed. All totals are published unsuppressed, except margins that would repeat a cell (module docstring).
    Complements are searched with the max-flow form of the audit; the final audit is the LP (`audit="lp"`,
    the default) or, faster for large tables, the same max-flow bounds (`audit="flow"`).
    """
    table = _check_counts(counts)
    if k < 1:
        raise SuppressionError(f"k must be at least 1, got {k}")
    margin = k if margin is None else margin
    if margin < 1:
        raise SuppressionError(f"margin must be at least 1, got {margin}")
    if zeros not in ("publish", "suppress"):
        raise SuppressionError(f"zeros must be 'publish' or 'suppress', got {zeros!r}")
    n_rows, n_cols = len(table), len(table[0])
    rlabels = tuple(row_labels) if row_labels is not None else tuple(range(n_rows))
    clabels = tuple(col_labels) if col_labels is not None else tuple(range(n_cols))
    if len(rlabels) != n_rows or len(clabels) != n_cols:
        raise SuppressionError(f"{len(rlabels)} row and {len(clabels)} column labels for a {n_rows}x{n_cols} table")
    if TOTAL in rlabels or TOTAL in clabels:
        raise SuppressionError(f"{TOTAL!r} is reserved for the total rows and cannot be a category label")
    sums_r = [sum(row) for row in table]
    sums_c = [sum(table[i][j] for i in range(n_rows)) for j in range(n_cols)]
    _check_total("row totals", row_totals, sums_r)
    _check_total("column totals", col_totals, sums_c)
    _check_total("grand total", None if grand_total is None else [grand_total], [sum(sums_r)])

    engine = _Suppressor(table, k, margin, zeros, audit)
    audit_result = engine.run()
    published = tuple(
        tuple(None if (i, j) in engine.suppressed else table[i][j] for j in range(n_cols)) for i in range(n_rows)
    )
    return SuppressionResult(
        row_labels=rlabels,
        col_labels=clabels,
        published=published,
        row_totals=tuple(sums_r) if n_cols > 1 else None,
        col_totals=tuple(sums_c) if n_rows > 1 else None,
        grand_total=sum(sums_r),
        suppressed=dict(sorted(engine.suppressed.items())),
        audit=audit_result,
        k=k,
        margin=margin,
        zeros=zeros,
        row_dim=row_dim,
        col_dim=col_dim,
        value_key=value_key,
    )


def suppress_series(
    counts: Sequence[int],
    labels: Sequence[Label] | None = None,
    *,
    total: int | None = None,
    k: int = DEFAULT_K,
    margin: int | None = None,
    zeros: ZeroPolicy = "publish",
    audit: AuditMethod = "lp",
    dim: str = "category",
    value_key: str = "n",
) -> SuppressionResult:
    """A one-way table (counts by one variable plus the total), held as a single-column table."""
    result = suppress_table(
        [[n] for n in counts],
        labels,
        ["n"],
        grand_total=total,
        k=k,
        margin=margin,
        zeros=zeros,
        audit=audit,
        row_dim=dim,
        value_key=value_key,
    )
    return SuppressionResult(
        row_labels=result.row_labels,
        col_labels=result.col_labels,
        published=result.published,
        row_totals=None,
        col_totals=None,
        grand_total=result.grand_total,
        suppressed=result.suppressed,
        audit=result.audit,
        k=k,
        margin=result.margin,
        zeros=zeros,
        row_dim=dim,
        col_dim=None,
        value_key=value_key,
    )


def _label_key(label: Label) -> tuple[int, int, str]:
    # Years sort numerically, names alphabetically, numbers before names.
    return (0, label, "") if isinstance(label, int) else (1, 0, label)


def publish_counts(
    records_or_counts: Iterable[Mapping[str, object]],
    by: Sequence[str],
    k: int = DEFAULT_K,
    *,
    value_key: str = "n",
    margin: int | None = None,
    zeros: ZeroPolicy = "publish",
    audit: AuditMethod = "lp",
    unknown_label: str = "Unknown",
) -> SuppressionResult:
    """Build the table for one or two dimensions from aggregated counts and suppress it.

    `records_or_counts` are dicts such as {"year": 2020, "gender": "F", "n": 12}; rows with the same labels are
    added up, and a dict without `value_key` counts as one record. Combinations that never occur are zeros (the
    caller's aggregates cannot say whether a zero is structural). A missing label (None) becomes `unknown_label`,
    as a national report would show "not known" rather than drop the cases. Three or more dimensions would need
    linked-table suppression and are refused.
    """
    dims = list(by)
    if not 1 <= len(dims) <= 2:
        raise SuppressionError(f"publish_counts handles one or two dimensions, got {dims}")
    if len(set(dims)) != len(dims) or value_key in dims:
        raise SuppressionError(f"dimensions must be distinct and differ from the count key {value_key!r}: {dims}")
    totals: dict[tuple[Label, ...], int] = defaultdict(int)
    for number, record in enumerate(records_or_counts):
        key: list[Label] = []
        for dim in dims:
            label = record.get(dim)
            if label is None:
                label = unknown_label
            if isinstance(label, bool) or not isinstance(label, str | int):
                raise SuppressionError(f"record {number}: {dim}={label!r} is not a text or integer label")
            key.append(label)
        n = record.get(value_key, 1)
        if isinstance(n, bool) or not isinstance(n, int) or n < 0:
            raise SuppressionError(f"record {number}: {value_key}={n!r} is not a non-negative integer")
        totals[tuple(key)] += n
    if not totals:
        raise SuppressionError("no records to publish")
    if len(dims) == 1:
        labels = sorted({key[0] for key in totals}, key=_label_key)
        return suppress_series(
            [totals[(label,)] for label in labels],
            labels,
            k=k,
            margin=margin,
            zeros=zeros,
            audit=audit,
            dim=dims[0],
            value_key=value_key,
        )
    rows = sorted({key[0] for key in totals}, key=_label_key)
    cols = sorted({key[1] for key in totals}, key=_label_key)
    return suppress_table(
        [[totals.get((r, c), 0) for c in cols] for r in rows],
        rows,
        cols,
        k=k,
        margin=margin,
        zeros=zeros,
        audit=audit,
        row_dim=dims[0],
        col_dim=dims[1],
        value_key=value_key,
    )
