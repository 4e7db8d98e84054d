"""The PRISMA 2020 flow diagram (SVG, PNG, PDF) and the seed report's simplified table, drawn from a flow.

The layout is the PRISMA 2020 template for new reviews with databases, registers and other sources:
two identification columns, main boxes on the left of each column, exclusion boxes on their right, phase
bars (Identification, Screening, Included) down the left edge. Matplotlib draws it; text is kept as text in
the SVG (svg.fonttype "none") so the numbers can be searched, read by screen readers and tested.
"""

from __future__ import annotations

import io
import textwrap
from dataclasses import dataclass
from pathlib import Path

import matplotlib
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from jes.review.engine.prisma import PrismaFlow, Retrieval

FORMATS = ("svg", "png", "pdf")
_LINE = 0.19  # inches per text line at 9 pt
_PAD = 0.22
_GAP = 0.5  # vertical gap between rows, room for arrows
_HEADER = "#F6D27A"
_PHASE = "#A9CCE3"
_OTHER = "#E6E6E6"
# x ranges (inches) of the four box columns: left main, left side, right main, right side
_LM, _LS, _RM, _RS = (0.75, 4.35), (4.95, 8.75), (9.25, 12.2), (12.7, 15.6)
_WIDTH = 15.8


@dataclass(frozen=True)
class TableRow:
    stage: str  # Identification, Screening, Eligibility, Included
    label: str
    n: int


def seed_table(flow: PrismaFlow) -> list[TableRow]:
    """The seed report's Table 1 layout, as plain rows for HTML; rows the seed lacks appear only when non-zero."""
    assessed = flow.main.assessed + flow.other.assessed
    rows = [
        TableRow(
            "Identification",
            "No. of results identified through database searching",
            flow.identified_databases + flow.identified_registers,
        ),
        TableRow(
            "Identification",
            "No. of results identified through additional search (i.e., grey field)",
            flow.identified_other,
        ),
        TableRow("Screening", "No. of results reviewed by titles, keywords, and other information", flow.screened),
        TableRow("Screening", "No. of results excluded after reviewing", flow.excluded_screening),
        TableRow("Screening", "No. of excluded duplicates", flow.removed_duplicates + flow.duplicates_at_screening),
        TableRow("Screening", "No. of results removed by automation tools", flow.removed_automation),
        TableRow("Screening", "No. of results removed for other reasons", flow.removed_other),
        TableRow("Eligibility", "No. of results not retrieved", flow.main.not_retrieved + flow.other.not_retrieved),
        TableRow("Eligibility", "No. of results reviewed by texts or abstracts", assessed),
        TableRow(
            "Eligibility",
            "No. of results excluded after reviewing the contents",
            flow.main.excluded + flow.other.excluded,
        ),
        TableRow("Included", "No. of all publications included in the analysis", flow.included_reports),
        TableRow("Included", "No. of all research included in the analysis", flow.included_studies),
    ]
    optional = {
        "No. of results removed by automation tools",
        "No. of results removed for other reasons",
        "No. of results not retrieved",
    }
    return [row for row in rows if row.n or row.label not in optional]


def render(flow: PrismaFlow, fmt: str) -> bytes:
    """The diagram as bytes in one of FORMATS; the caller decides where they go."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown diagram format {fmt!r}; use one of {', '.join(FORMATS)}")
    buffer = io.BytesIO()
    # Text stays text in SVG; a fixed hash salt and no date keep the SVG byte-identical between runs.
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "jes-prisma", "pdf.fonttype": 42}):
        metadata = {"Date": None} if fmt in ("svg", "pdf") else None
        draw(flow).savefig(buffer, format=fmt, dpi=150, metadata=metadata)
    return buffer.getvalue()


def export(flow: PrismaFlow, stem: Path, formats: tuple[str, ...] = FORMATS) -> list[Path]:
    """Write STEM.svg, STEM.png and STEM.pdf (or the formats asked for); return the paths written."""
    paths = []
    for fmt in formats:
        path = stem.with_suffix(f".{fmt}")
        path.write_bytes(render(flow, fmt))
        paths.append(path)
    return paths


def _lines(items: list[tuple[str, int]], width: int, indent: str = "") -> list[str]:
    out: list[str] = []
    for label, n in items:
        # No-break spaces keep "(n = 12)" whole: textwrap only breaks on ASCII whitespace.
        wrapped = textwrap.wrap(
            f"{label} (n\xa0=\xa0{n})", width, initial_indent=indent, subsequent_indent=indent + "  "
        )
        out += [line.replace("\xa0", " ") for line in wrapped]
    return out


def _retrieval_texts(column: Retrieval, width: int) -> tuple[list[str], list[str], list[str], list[str]]:
    sought = _lines([("Reports sought for retrieval", column.sought)], width)
    not_retrieved = _lines([("Reports not retrieved", column.not_retrieved)], width)
    if column.awaiting_retrieval:
        not_retrieved += _lines([("Reports awaiting retrieval", column.awaiting_retrieval)], width)
    assessed = _lines([("Reports assessed for eligibility", column.assessed)], width)
    if column.awaiting_eligibility:
        assessed += _lines([("Awaiting eligibility decision", column.awaiting_eligibility)], width)
    reasons = sorted(column.excluded_reasons.items(), key=lambda kv: (-kv[1], kv[0]))
    excluded = _lines([("Reports excluded", column.excluded)], width) + _lines(reasons, width, indent="  ")
    return sought, not_retrieved, assessed, excluded


def _identification_texts(flow: PrismaFlow) -> tuple[list[str], list[str], list[str]]:
    left = ["Records identified from:"]
    left += _lines([("Databases", flow.identified_databases)], 50)
    left += _lines(list(flow.databases.items()), 50, indent="  ")
    left += _lines([("Registers", flow.identified_registers)], 50)
    left += _lines(list(flow.registers.items()), 50, indent="  ")
    removed = ["Records removed before screening:"]
    removed += _lines(
        [
            ("Duplicate records removed", flow.removed_duplicates),
            ("Records marked as ineligible by automation tools", flow.removed_automation),
            ("Records removed for other reasons", flow.removed_other),
        ],
        44,
    )
    right = _lines([("Records identified", flow.identified_other)], 40)
    right[-1] += " from:"
    for kind, label in (("website", "Websites"), ("organisation", "Organisations"), ("citation", "Citation searching")):
        names = {name: n for name, n in flow.other_sources.items() if flow.other_kinds.get(name) == kind}
        right += _lines([(label, sum(names.values()))], 40)
        right += _lines(list(names.items()), 40, indent="  ")
    rest = {name: n for name, n in flow.other_sources.items() if flow.other_kinds.get(name, "other") == "other"}
    if rest:
        right += _lines([(f"Other ({', '.join(rest)})", sum(rest.values()))], 40)
    return left, removed, right


def _screening_texts(flow: PrismaFlow) -> tuple[list[str], list[str]]:
    screened = _lines([("Records screened", flow.screened)], 50)
    if flow.other_to_screening:
        screened += _lines([("including records from other methods", flow.other_to_screening)], 50)
    if flow.awaiting_screening:
        screened += _lines([("Records awaiting screening", flow.awaiting_screening)], 50)
    reasons = sorted(flow.excluded_screening_reasons.items(), key=lambda kv: (-kv[1], kv[0]))
    excluded = _lines([("Records excluded", flow.excluded_screening)], 50) + _lines(reasons, 50, indent="  ")
    if flow.duplicates_at_screening:
        excluded += _lines([("Duplicates excluded at screening", flow.duplicates_at_screening)], 50)
    return screened, excluded


def _height(*texts: list[str]) -> float:
    return max(len(t) for t in texts) * _LINE + 2 * _PAD


def draw(flow: PrismaFlow) -> Figure:
    """The PRISMA 2020 diagram of FLOW as a matplotlib Figure (not attached to pyplot's global state)."""
    ident_l, removed, ident_r = _identification_texts(flow)
    screened, excluded = _screening_texts(flow)
    l_sought, l_not, l_assessed, l_excl = _retrieval_texts(flow.main, 50)
    r_sought, r_not, r_assessed, r_excl = _retrieval_texts(flow.other, 40)
    included = _lines([("Studies included in review", flow.included_studies)], 50)
    included += _lines([("Reports of included studies", flow.included_reports)], 50)
    rows = [
        [(_LM, ident_l, "white"), (_LS, removed, "white"), (_RM, ident_r, _OTHER)],
        [(_LM, screened, "white"), (_LS, excluded, "white")],
        [(_LM, l_sought, "white"), (_LS, l_not, "white"), (_RM, r_sought, _OTHER), (_RS, r_not, _OTHER)],
        [(_LM, l_assessed, "white"), (_LS, l_excl, "white"), (_RM, r_assessed, _OTHER), (_RS, r_excl, _OTHER)],
        [(_LM, included, "white")],
    ]
    heights = [_height(*(text for _, text, _ in row)) for row in rows]
    header = 0.5
    total = header + _GAP + sum(heights) + _GAP * (len(rows) - 1) + 0.2
    fig = Figure(figsize=(_WIDTH, total))
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, _WIDTH)
    ax.set_ylim(total, 0)  # y grows downwards, like the page
    ax.axis("off")
    _box(ax, (_LM[0], _LS[1]), 0.1, header, ["Identification of studies via databases and registers"], _HEADER)
    _box(ax, (_RM[0], _RS[1]), 0.1, header, ["Identification of studies via other methods"], _HEADER)
    tops = []
    y = 0.1 + header + _GAP
    for row, height in zip(rows, heights, strict=True):
        tops.append(y)
        for xs, text, colour in row:
            _box(ax, xs, y, height, text, colour)
        y += height + _GAP
    _phases(ax, tops, heights)
    _arrows(ax, tops, heights, flow)
    return fig


def _box(ax: Axes, xs: tuple[float, float], top: float, height: float, text: list[str], colour: str) -> None:
    ax.add_patch(Rectangle((xs[0], top), xs[1] - xs[0], height, facecolor=colour, edgecolor="black", linewidth=0.8))
    centred = len(text) == 1
    x = (xs[0] + xs[1]) / 2 if centred else xs[0] + 0.12
    ax.text(
        x,
        top + height / 2,
        "\n".join(text),
        ha="center" if centred else "left",
        va="center",
        fontsize=9,
        family="DejaVu Sans",
        linespacing=1.35,
        parse_math=False,  # a "$" in a reason must print as a dollar sign
    )


def _phases(ax: Axes, tops: list[float], heights: list[float]) -> None:
    spans = [("Identification", 0, 0), ("Screening", 1, 3), ("Included", 4, 4)]
    for label, first, last in spans:
        top, bottom = tops[first], tops[last] + heights[last]
        ax.add_patch(Rectangle((0.15, top), 0.38, bottom - top, facecolor=_PHASE, edgecolor="black", linewidth=0.8))
        ax.text(0.34, (top + bottom) / 2, label, rotation=90, ha="center", va="center", fontsize=10, weight="bold")


def _arrow(ax: Axes, start: tuple[float, float], end: tuple[float, float], dashed: bool = False) -> None:
    style = {"arrowstyle": "-|>", "color": "black", "linewidth": 0.9, "linestyle": "--" if dashed else "-"}
    ax.annotate("", xy=end, xytext=start, arrowprops=style)


def _arrows(ax: Axes, tops: list[float], heights: list[float], flow: PrismaFlow) -> None:
    bottoms = [t + h for t, h in zip(tops, heights, strict=True)]
    mids = [t + h / 2 for t, h in zip(tops, heights, strict=True)]
    lx, rx = (_LM[0] + _LM[1]) / 2, (_RM[0] + _RM[1]) / 2
    for row in range(4):
        _arrow(ax, (lx, bottoms[row]), (lx, tops[row + 1]))
    for row in (0, 1, 2, 3):
        _arrow(ax, (_LM[1], mids[row]), (_LS[0], mids[row]))
    _arrow(ax, (rx, bottoms[0]), (rx, tops[2]))
    _arrow(ax, (rx, bottoms[2]), (rx, tops[3]))
    for row in (2, 3):
        _arrow(ax, (_RM[1], mids[row]), (_RS[0], mids[row]))
    # Reports of included studies from other methods join the included box from the right.
    ax.plot([rx, rx], [bottoms[3], mids[4]], color="black", linewidth=0.9)
    _arrow(ax, (rx, mids[4]), (_LM[1], mids[4]))
    if flow.other_to_screening:
        # Other-method records screened with database records (the seed's grey literature): a dashed detour
        # through the gap above "Records screened", clear of the boxes in between.
        gap = tops[1] - _GAP / 2
        entry = _LM[1] - 0.4
        ax.plot([_RM[0], _RM[0] - 0.25, _RM[0] - 0.25, entry], [mids[0], mids[0], gap, gap], "k--", linewidth=0.9)
        _arrow(ax, (entry, gap), (entry, tops[1]), dashed=True)
