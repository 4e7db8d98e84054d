"""The joint report as DOCX (python-docx), for partners who edit in a word processor."""

from __future__ import annotations

import re
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.shared import Pt

from .citations import bibliography_html
from .model import ReportData

_TAGS = re.compile(r"<[^>]+>")


def _plain(html: str) -> str:
    # citeproc's HTML holds only <i> and entities; the DOCX gets plain text.
    import html as html_lib

    return html_lib.unescape(_TAGS.sub("", html))


def write_docx(data: ReportData, path: Path) -> None:
    doc = Document()
    doc.styles["Normal"].font.size = Pt(10)
    doc.add_heading(data.title, level=0)
    doc.add_paragraph(data.subtitle)
    for label, value in data.cover:
        doc.add_paragraph(f"{label}: {value}")
    for country in data.countries:
        doc.add_page_break()  # type: ignore[no-untyped-call]
        doc.add_heading(country.name.upper(), level=1)
        for prose in country.prose:
            doc.add_heading(prose.heading, level=2)
            for para in prose.text.split("\n\n"):
                if para.strip():
                    doc.add_paragraph(para.strip())
        if country.prisma:
            doc.add_heading(country.prisma.title, level=3)
            table = doc.add_table(rows=1, cols=3)
            table.style = "Table Grid"
            for cell, text in zip(table.rows[0].cells, ("Stage", "Step", "No."), strict=True):
                cell.text = text
            for stage, step, count, note in country.prisma.rows:
                cells = table.add_row().cells
                cells[0].text, cells[1].text, cells[2].text = stage.capitalize(), step, f"{count}{note}"
        for t in country.tables:
            section = doc.add_section()
            section.orientation = WD_ORIENT.LANDSCAPE
            section.page_width, section.page_height = section.page_height, section.page_width
            doc.add_heading(t.heading, level=2)
            if t.intro:
                doc.add_paragraph(t.intro)
            table = doc.add_table(rows=1, cols=len(t.columns) + 1)
            table.style = "Table Grid"
            for cell, col in zip(table.rows[0].cells, t.columns, strict=False):
                cell.text = col.label
            table.rows[0].cells[-1].text = "Link"
            for row in t.rows:
                cells = table.add_row().cells
                for cell, col in zip(cells, t.columns, strict=False):
                    cell.text = "not available" if col.key in row.missing else row.values.get(col.key, "")
                cells[-1].text = "\n".join(row.links)
        if country.cases:
            doc.add_heading(country.cases_heading, level=2)
            for i, case in enumerate(country.cases, start=1):
                doc.add_heading(f"Case study {i}: {case.title}", level=3)
                for para in case.text.split("\n\n"):
                    if para.strip():
                        doc.add_paragraph(para.strip())
    doc.add_page_break()  # type: ignore[no-untyped-call]
    doc.add_heading("REFERENCES", level=1)
    if data.references_note:
        doc.add_paragraph(data.references_note)
    for entry in bibliography_html(data.references):
        doc.add_paragraph(_plain(entry))
    doc.save(str(path))
