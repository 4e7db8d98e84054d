"""Charts as inline SVG (matplotlib), readable in print and on a phone."""

from __future__ import annotations

import base64
import io

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (backend must be chosen first)

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
