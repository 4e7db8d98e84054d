"""Render a ReportData to HTML, PDF and DOCX files."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from .charts import bar_chart_svg, svg_data_uri
from .citations import bibliography_html
from .model import ReportData

Progress = Callable[[str], None]


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]


def _environment() -> Environment:
    env = Environment(loader=PackageLoader("jes.reports", "templates"), autoescape=select_autoescape(["html", "j2"]))
    env.filters["paragraphs"] = _paragraphs
    return env


def render_html(data: ReportData) -> str:
    env = _environment()
    charts = {g.anchor: svg_data_uri(bar_chart_svg(g)) for c in data.countries for g in c.graphs}
    references = [Markup(r) for r in bibliography_html(data.references)]  # noqa: S704 - citeproc escapes
    css = (Path(__file__).parent / "templates" / "report.css").read_text(encoding="utf-8")
    return env.get_template("joint-report.html.j2").render(
        data=data,
        charts=charts,
        references=references,
        css=Markup(css),  # noqa: S704 - our stylesheet
    )


def write_pdf(html: str, path: Path, base_url: str) -> None:
    from weasyprint import HTML

    HTML(string=html, base_url=base_url).write_pdf(path)


def build(data: ReportData, out_dir: Path, progress: Progress | None = None, docx: bool = True) -> dict[str, Path]:
    """Write joint-report.html, joint-report.pdf and (optionally) joint-report.docx into out_dir."""
    say = progress or (lambda _msg: None)
    out_dir.mkdir(parents=True, exist_ok=True)
    say("rendering HTML")
    html = render_html(data)
    paths = {"html": out_dir / "joint-report.html", "pdf": out_dir / "joint-report.pdf"}
    paths["html"].write_text(html, encoding="utf-8")
    say("typesetting PDF")
    write_pdf(html, paths["pdf"], base_url=str(out_dir))
    if docx:
        from .docx import write_docx

        say("writing DOCX")
        paths["docx"] = out_dir / "joint-report.docx"
        write_docx(data, paths["docx"])
    say("done")
    return paths
