"""Data extraction: a report included at full text becomes a research entry of the evidence catalogue.

The form carries the joint report's research-table template (country, authors, year, purpose, study type,
data collection, participants and sampling, main findings, link), prefilled from the record. The catalogue
validates and stores the entry (``catalogue.services.add_study_from_review``); the record keeps a link to
it, so extracting the same record twice is refused rather than creating a second entry.
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jes.catalogue.content.schema import COUNTRIES
from jes.catalogue.models import Entry
from jes.catalogue.services import add_study_from_review

from .audit import record_event
from .decisions import stage_state
from .models import Label, ReviewProject, ReviewRecord, Stage


class ExtractionRefused(Exception):
    """The record cannot be extracted; ``entry`` is the existing catalogue entry when that is the reason."""

    def __init__(self, message: str, entry: Entry | None = None) -> None:
        super().__init__(message)
        self.entry = entry


def included_records(project: ReviewProject) -> list[ReviewRecord]:
    """Records whose final full-text decision is include, in record order."""
    finals = stage_state(project, Stage.FULL_TEXT).finals
    ids = [pk for pk, final in finals.items() if final.label == Label.INCLUDE]
    return list(project.records.filter(pk__in=ids, removed="").select_related("catalogue_entry").order_by("id"))


def check_extractable(project: ReviewProject, record: ReviewRecord) -> None:
    if project.synthetic:
        raise ExtractionRefused(_("This is an example with synthetic records: they never go into the catalogue."))
    if record.catalogue_entry_id is not None:
        raise ExtractionRefused(
            _("This record was already extracted into the catalogue; edit that entry instead."),
            entry=record.catalogue_entry,
        )
    final = stage_state(project, Stage.FULL_TEXT).finals.get(record.pk)
    if record.removed or final is None or final.label != Label.INCLUDE:
        raise ExtractionRefused(_("Only records included at the full-text stage can be extracted."))


_NAME_PART = re.compile(r"[^\s.\-]+|-")


def _initials(given: str) -> str:
    """'Ana Marija' -> 'A. M.'; 'Jean-Paul' -> 'J.-P.'; initials already given stay as they are."""
    out = ""
    for part in _NAME_PART.findall(given):
        out += "-" if part == "-" else (" " if out and not out.endswith("-") else "") + part[0] + "."
    return out


def cite_author(name: str) -> str:
    """'Surname, Given' as a catalogue cites it, 'Surname, G.'; a name without a comma (an organisation,
    or a name whose surname cannot be told apart) is kept as written."""
    surname, comma, given = name.partition(",")
    if not comma or not given.strip():
        return name.strip()
    return f"{surname.strip()}, {_initials(given.strip())}"


def record_link(record: ReviewRecord) -> str:
    if record.url.startswith(("http://", "https://")):
        return record.url
    return f"https://doi.org/{record.doi}" if record.doi else ""


def initial_fields(record: ReviewRecord) -> dict[str, Any]:
    return {
        "title": record.title,
        "authors": "; ".join(cite_author(a) for a in record.authors if a.strip()),
        "year": record.year,
        "link": record_link(record),
    }


def _textarea() -> forms.Textarea:
    return forms.Textarea(attrs={"rows": 4})


class ExtractionForm(forms.Form):
    country = forms.ChoiceField(
        label=gettext_lazy("Country"), choices=[("", "---------"), *COUNTRIES.items()], required=True
    )
    title = forms.CharField(label=gettext_lazy("Title"), max_length=1000, required=False)
    authors = forms.CharField(
        label=gettext_lazy("Authors"),
        required=False,
        help_text=gettext_lazy("Surname, I.; separate authors with semicolons"),
    )
    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=1000, max_value=2999, required=False)
    purpose = forms.CharField(label=gettext_lazy("Study purpose"), widget=_textarea(), required=False)
    study_type = forms.CharField(label=gettext_lazy("Study type"), max_length=200, required=False)
    data_collection = forms.CharField(label=gettext_lazy("Data collection"), widget=_textarea(), required=False)
    participants_sampling = forms.CharField(
        label=gettext_lazy("Participants and sampling"), widget=_textarea(), required=False
    )
    main_findings = forms.CharField(label=gettext_lazy("Main findings"), widget=_textarea(), required=False)
    link = forms.URLField(label=gettext_lazy("Link"), max_length=1000, required=False, assume_scheme="https")


def _fields(data: dict[str, Any], project: ReviewProject) -> dict[str, Any]:
    year = data.get("year")
    authors = [a.strip() for a in (data.get("authors") or "").split(";") if a.strip()]
    fields = {
        name: data.get(name) or ""
        for name in ("purpose", "study_type", "data_collection", "participants_sampling", "main_findings")
    }
    note = _("Extracted from the systematic review “%(title)s”.") % {"title": project.title}
    return {**fields, "authors": authors, "year": year, "year_label": str(year) if year else "", "notes": note}


@transaction.atomic
def extract(project: ReviewProject, record: ReviewRecord, actor: Any, data: dict[str, Any]) -> Entry:
    """Create the catalogue entry from the form's cleaned DATA and link the record to it (audited)."""
    # Locking the record makes two leads submitting at once create one entry, not two.
    record = ReviewRecord.objects.select_for_update().get(pk=record.pk)
    check_extractable(project, record)
    links = [data["link"]] if data.get("link") else []
    entry = add_study_from_review(data["country"], _fields(data, project), title=data.get("title") or "", links=links)
    record.catalogue_entry = entry
    record.save(update_fields=["catalogue_entry"])
    record_event(
        project, actor, "extracted", record=record, stage=Stage.FULL_TEXT, entry=entry.pk, country=entry.country
    )
    return entry
