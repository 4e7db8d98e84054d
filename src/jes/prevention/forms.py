"""The pay check's web form: a season as rows a worker fills in on a phone, turned into the engine's JSON input.

Numbers are typed the way the worker's language writes them ("4 191,60" in Finnish, "4,191.60" in English):
Babel reads them with the page's locale, then with English as a fallback, and refuses what neither reads
(the engine itself takes only decimal strings with a point).
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from babel.numbers import NumberFormatError, parse_decimal
from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

COUNTRIES = [("", _("Other or not sure")), ("SI", _("Slovenia")), ("BE", _("Belgium")), ("FI", _("Finland")),
             ("IT", _("Italy")), ("ES", _("Spain"))]  # fmt: skip
DEDUCTION_KINDS = [
    ("", _("Choose…")),
    ("accommodation", _("Accommodation")),
    ("food", _("Food")),
    ("car", _("Car or transport")),
    ("flights", _("Flights or travel")),
    ("recruitment_fee", _("Recruitment or agency fee")),
    ("equipment", _("Equipment or tools")),
    ("other", _("Other")),
]
LOAN_PURPOSES = [
    ("", _("Choose…")),
    ("recruitment_fee", _("To pay a recruitment or agency fee")),
    ("travel", _("For travel")),
    ("living", _("For living costs")),
    ("other", _("Other")),
]
UNITS = [("kg", _("kilograms")), ("hours", _("hours"))]
_SPACES = re.compile(r"\s+")


def parse_number(text: str) -> Decimal:
    """A number as the page's language writes it; ValidationError if it is not one."""
    cleaned = _SPACES.sub("", text)
    # The page's language first, then English, then a decimal-comma language: "4249,84" typed on an English
    # page is not English grouping, so it is read as a decimal comma rather than refused.
    for locale in dict.fromkeys([(get_language() or "en").replace("-", "_"), "en", "fi"]):
        try:
            return parse_decimal(cleaned, locale=locale, strict=True)
        except (NumberFormatError, ValueError):
            continue
    raise forms.ValidationError(_("Write a number, like 4191.60 or 4191,60."), code="number")


class NumberField(forms.CharField):
    """Text in, decimal string with a point out (what the engine reads)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 30)
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "decimal", "autocomplete": "off"})

    def clean(self, value: Any) -> str:
        text = super().clean(value)
        return str(parse_number(text)) if text else ""


class SeasonForm(forms.Form):
    country = forms.ChoiceField(label=_("Country where you worked"), choices=COUNTRIES, required=False)
    currency = forms.CharField(label=_("Currency"), initial="EUR", max_length=3, min_length=3)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, required=False)
    days = forms.IntegerField(label=_("Days worked"), min_value=1, max_value=366, required=False)
    hours_per_day = NumberField(label=_("Hours a day (usual)"))
    weeks = forms.IntegerField(label=_("Weeks the season lasted (optional)"), min_value=1, max_value=53, required=False)


class EarningForm(forms.Form):
    what = forms.CharField(label=_("What (e.g. blueberries)"), max_length=100, required=False)
    amount = NumberField(label=_("Amount earned"))
    quantity = NumberField(label=_("or quantity"))
    unit = forms.ChoiceField(label=_("unit"), choices=UNITS, required=False)
    price = NumberField(label=_("price per unit"))


class DeductionForm(forms.Form):
    what = forms.CharField(label=_("What was taken off"), max_length=100, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=DEDUCTION_KINDS, required=False)
    amount = NumberField(label=_("Amount"))


class LoanForm(forms.Form):
    what = forms.CharField(label=_("Loan (who lent it)"), max_length=100, required=False)
    purpose = forms.ChoiceField(label=_("What it was for"), choices=LOAN_PURPOSES, required=False)
    amount_owed = NumberField(label=_("Amount you still owe"))
    principal = NumberField(label=_("or amount borrowed"))
    interest_percent = NumberField(label=_("interest % per month"))
    periods = forms.IntegerField(label=_("months"), min_value=0, max_value=600, required=False)


EarningFormSet = forms.formset_factory(EarningForm, extra=2, max_num=30, absolute_max=30)
DeductionFormSet = forms.formset_factory(DeductionForm, extra=3, max_num=30, absolute_max=30)
LoanFormSet = forms.formset_factory(LoanForm, extra=1, max_num=10, absolute_max=10)
