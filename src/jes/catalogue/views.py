"""Catalogue pages: thin views over queries.py and services.py."""

from __future__ import annotations

import csv
from pathlib import Path

from django.conf import settings
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render

from .models import TEMPLATE_FIELDS
from .queries import VOCABULARIES, Filters, facets, filtered, ordered, results_page
from .services import entry_record

PAGE_SIZE = 25
CSV_COLUMNS = ["id", "country", "section", "row", "title", "authors", "year", "links", "seed_line"]


def entry_list(request: HttpRequest) -> HttpResponse:
    filters = Filters.from_params(request.GET)
    if request.GET.get("format") == "csv":
        return _csv(ordered(filtered(filters), filters, paged=False))
    number = request.GET.get("page", "1")
    qs, results = results_page(filters, int(number) if number.isdigit() else 1, PAGE_SIZE)
    page = Paginator(results, PAGE_SIZE).get_page(number)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "catalogue/list.html",
        {
            "filters": filters,
            "page": page,
            "facets": facets(qs),
            "facet_labels": {
                "country": "Country",
                "section": "Section",
                "form": "Form of exploitation",
                "action": "Type of action",
                "target": "Target group",
                "year": "Year",
            },
            "selected": {name: getattr(filters, name) for name in VOCABULARIES}
            | {"year": [str(y) for y in filters.year]},
            "querystring": query.urlencode(),
        },
    )


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv(qs: object) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())

    def rows():  # type: ignore[no-untyped-def]
        yield writer.writerow([*CSV_COLUMNS, "fields", "forms", "target_groups", "actions"])
        for entry in qs.prefetch_related("tags").iterator(chunk_size=500):  # type: ignore[attr-defined]
            record = entry_record(entry)
            fields = " | ".join(
                f"{k}: {record.get(k)}" for k in TEMPLATE_FIELDS[entry.section] if k in record and record.get(k)
            )
            yield writer.writerow(
                [_flat(record.get(c)) for c in CSV_COLUMNS]
                + [fields]
                + ["; ".join(record["tags"][k]) for k in ("forms", "target_groups", "actions")]
            )

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="jes-catalogue.csv"'
    return response


def _flat(value: object) -> str:
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return "" if value is None else str(value)


def entry_detail(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_object_or_404(filtered(Filters()), pk=pk)
    record = entry_record(entry)
    fields = [
        (name.replace("_", " ").capitalize(), _flat(getattr(entry.detail, name)), name == "narrative")
        for name in TEMPLATE_FIELDS[entry.section]
    ]
    return render(request, "catalogue/entry.html", {"entry": entry, "record": record, "fields": fields})


def report_file(request: HttpRequest, name: str) -> FileResponse:
    allowed = {"pdf": "joint-report.pdf", "html": "joint-report.html", "docx": "joint-report.docx"}
    if name not in allowed:
        raise Http404
    path = Path(settings.REPORT_DIR) / allowed[name]
    if not path.exists():
        raise Http404("The joint report has not been built yet: run `jes report build`.")
    return FileResponse(path.open("rb"), filename=allowed[name], as_attachment=name == "docx")
