"""The staff form for one case record: the standard's variables only (no name, no identity number, no text)."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .importer import AGE_BANDS, GENDERS, RELATIONS
from .models import Form
from .services import MEANS_OF_CONTROL

UNKNOWN = [("", _("Not known"))]


def _choices(values: frozenset[str]) -> list[tuple[str, str]]:
    return UNKNOWN + [(v, v) for v in sorted(values)]


class CaseRecordForm(forms.Form):
    year = forms.IntegerField(
        label=_("Year of registration"), min_value=1990, max_value=datetime.date.today().year, required=False
    )
    gender = forms.ChoiceField(label=_("Gender"), choices=_choices(GENDERS), required=False)
    age_band = forms.ChoiceField(label=_("Adult or minor when identified"), choices=_choices(AGE_BANDS), required=False)
    citizenship = forms.CharField(
        label=_("Citizenship (ISO 3166-1 alpha-3 code, e.g. UKR)"), max_length=3, min_length=3, required=False
    )
    country_of_exploitation = forms.CharField(
        label=_("Country of exploitation (alpha-3 code, e.g. SVN)"), max_length=3, min_length=3, required=False
    )
    forms_of_exploitation = forms.MultipleChoiceField(
        label=_("Forms of exploitation"), choices=Form.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    means_of_control = forms.MultipleChoiceField(
        label=_("Means of control"),
        choices=list(MEANS_OF_CONTROL.items()),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    recruiter_relation = forms.ChoiceField(
        label=_("Relation to the recruiter"), choices=_choices(RELATIONS), required=False
    )

    def clean_citizenship(self) -> str:
        return str(self.cleaned_data.get("citizenship") or "").strip().upper()

    def clean_country_of_exploitation(self) -> str:
        return str(self.cleaned_data.get("country_of_exploitation") or "").strip().upper()

    def variables(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["forms"] = data.pop("forms_of_exploitation", [])
        return {k: v for k, v in data.items() if v not in (None, "", [])}
