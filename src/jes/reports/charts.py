"""Charts as inline SVG (matplotlib), readable in print and on a phone."""

from __future__ import annotations

import base64
import io

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (backend must be chosen first)
from matplotlib.ticker import MaxNLocator  # noqa: E402

from .model import Graph  # noqa: E402


def bar_chart_svg(graph: Graph) -> str:
    """Bars for the stated values; a 'n/a' mark where the seed states none (never a guessed bar)."""
    labels = [p.label for p in graph.points]
    values = [p.value or 0.0 for p in graph.points]
    fig, ax = plt.subplots(figsize=(7.5, 3.2), dpi=100)
    bars = ax.bar(labels, values, color=["#1f5f8b" if p.value is not None else "none" for p in graph.points])
    top = max(values) if any(values) else 1.0
    for bar, point in zip(bars, graph.points, strict=True):
        text = f"{point.value:g}" if point.value is not None else "n/a"
        y = bar.get_height() + top * 0.02 if point.value is not None else top * 0.02
        ax.text(
            bar.get_x() + bar.get_width() / 2,
            y,
            text,
            ha="center",
            va="bottom",
            fontsize=8,
            color="#222" if point.value is not None else "#777",
        )
    ax.set_ylim(0, top * 1.18)
    ax.set_ylabel(graph.unit)
    ax.spines[["top", "right"]].set_visible(False)
    ax.tick_params(axis="x", labelsize=8)
    fig.tight_layout()
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg")
    plt.close(fig)
    return buffer.getvalue()


def svg_data_uri(svg: str) -> str:
    """An <img>-ready data URI: the SVG keeps its own styles away from the page's CSS."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


Line = tuple[str, list[tuple[int, float | None]]]


# Observatory charts are read on phones: a 6-inch figure scaled to a 360-pixel screen keeps 11-point text legible.
PHONE_FONT = 11


def _with_gaps(points: list[tuple[int, float | None]]) -> tuple[list[float], list[float]]:
    """Years in order, with NaN for a missing year or value, so the line breaks instead of bridging the gap."""
    xs: list[float] = []
    ys: list[float] = []
    for x, y in sorted(points):
        if xs and x > xs[-1] + 1:
            xs.append(xs[-1] + 1)
            ys.append(float("nan"))
        xs.append(x)
        ys.append(float("nan") if y is None else float(y))
    return xs, ys


def line_chart_svg(lines: list[Line], unit: str, *, note: str = "") -> str:
    """One line per series over years; a year without a value is a gap, never a zero (masked counts stay masked)."""
    fig, ax = plt.subplots(figsize=(6, 3.8), dpi=100)
    styles = ["-o", "--s", "-.^", ":D", "-v", "--P", "-.X", ":*"]
    for index, (label, points) in enumerate(lines):
        xs, ys = _with_gaps(points)
        ax.plot(xs, ys, styles[index % len(styles)], label=label, markersize=5, linewidth=1.8)
    ax.set_ylabel(unit, fontsize=PHONE_FONT)
    ax.tick_params(labelsize=PHONE_FONT - 1)
    ax.spines[["top", "right"]].set_visible(False)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True, nbins=6))  # years, never 2019.5
    ax.set_ylim(bottom=0)
    if len(lines) > 1:
        ax.legend(fontsize=PHONE_FONT - 1, frameon=False, ncols=min(len(lines), 3), loc="upper left",
                  bbox_to_anchor=(0, -0.15))  # fmt: skip
    if note:
        fig.text(0.01, 0.01, note, fontsize=PHONE_FONT - 2, color="#555")
    fig.tight_layout()
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg")
    plt.close(fig)
    return buffer.getvalue()


def counts_bar_svg(labels: list[str], values: list[int | None], unit: str) -> str:
    """Horizontal bars of a published table; a suppressed cell shows the word, never a bar (it is not zero)."""
    height = max(1.8, 0.42 * len(labels) + 0.9)
    fig, ax = plt.subplots(figsize=(6, height), dpi=100)
    shown = [0 if v is None else v for v in values]
    positions = list(range(len(labels)))
    ax.barh(positions, shown, color="#1f5f8b")
    ax.set_yticks(positions, labels, fontsize=PHONE_FONT - 1)
    ax.tick_params(axis="x", labelsize=PHONE_FONT - 1)
    ax.invert_yaxis()
    top = max(shown) if any(shown) else 1
    for y, value in zip(positions, values, strict=True):
        text = "suppressed" if value is None else f"{value:,}"
        color = "#555" if value is None else "#222"
        ax.text((value or 0) + top * 0.01, y, text, va="center", fontsize=PHONE_FONT - 1, color=color)
    ax.set_xlim(0, top * 1.3)
    ax.set_xlabel(unit, fontsize=PHONE_FONT)
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg")
    plt.close(fig)
    return buffer.getvalue()
