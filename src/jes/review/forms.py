"""Forms of the project pages. Lists (criteria, languages) are typed one item per line."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .engine.prisma import SourceKind
from .engine.screening_checks import PARTNER_LANGUAGES
from .models import Role

PUBLICATION_TYPES = [
    ("thesis", _("Theses (diploma, master's, doctoral)")),
    ("conference_abstract", _("Conference abstracts")),
    ("fiction", _("Fiction")),
    ("translation", _("Translations")),
    ("study_material", _("Study material")),
]


class LinesField(forms.CharField):
    """A textarea whose lines become a list; blank lines are dropped."""

    widget = forms.Textarea(attrs={"rows": 4})

    def prepare_value(self, value: Any) -> Any:
        return "\n".join(value) if isinstance(value, list) else value

    def to_python(self, value: Any) -> list[str]:
        text = super().to_python(value) or ""
        return [line.strip() for line in str(text).splitlines() if line.strip()]


class ProtocolForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    question = forms.CharField(label=_("Review question"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    inclusion_criteria = LinesField(label=_("Inclusion criteria (one per line)"), required=False)
    exclusion_criteria = LinesField(
        label=_("Exclusion criteria (one per line; offered as the reasons for excluding a record)"), required=False
    )
    languages = forms.MultipleChoiceField(
        label=_("Accepted languages"),
        choices=[(code, code) for code in PARTNER_LANGUAGES],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    year_min = forms.IntegerField(label=_("From year"), required=False, min_value=1800, max_value=2100)
    year_max = forms.IntegerField(label=_("Up to year"), required=False, min_value=1800, max_value=2100)
    excluded_types = forms.MultipleChoiceField(
        label=_("Excluded publication types"),
        choices=PUBLICATION_TYPES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    reviewers_per_record = forms.IntegerField(
        label=_("Independent reviewers per record (blind screening)"), min_value=1, max_value=5, initial=2
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        low, high = data.get("year_min"), data.get("year_max")
        if low and high and low > high:
            self.add_error("year_max", _("The last year comes before the first year."))
        return data


class SourceForm(forms.Form):
    name = forms.CharField(label=_("Name (e.g. COBIB, PubMed, NGO websites)"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=[(k.value, k.value.capitalize()) for k in SourceKind])
    searched = forms.CharField(label=_("When searched"), max_length=100, required=False)
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class MemberForm(forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.REVIEWER)
