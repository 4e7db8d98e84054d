"""Numbers typed as each language writes them become the engine's decimal strings."""

from __future__ import annotations

from decimal import Decimal

import pytest
from babel.numbers import format_decimal
from django import forms
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from jes.prevention.forms import parse_number


@pytest.mark.parametrize(
    ("lang", "text", "value"),
    [("fi", "4 191,60", "4191.60"), ("fi", "4\u00a0191,60", "4191.60"), ("en", "4,191.60", "4191.60"),
     ("en", "4249,84", "4249.84"), ("uk", "58,24", "58.24"), ("sl", "4.191,60", "4191.60"), ("th", "18", "18")],
)  # fmt: skip
def test_it_reads_the_way_each_language_writes_numbers(lang, text, value):
    with translation.override(lang):
        assert parse_number(text) == Decimal(value)


@pytest.mark.parametrize("text", ["four", "4191.60 EUR", "--5", ""])
def test_it_refuses_what_is_not_a_number(text):
    with pytest.raises(forms.ValidationError, match="Write a number"):
        parse_number(text)


@given(
    st.decimals(min_value=0, max_value=10_000_000, places=2, allow_nan=False, allow_infinity=False),
    st.sampled_from(["en", "fi", "sv", "uk", "th", "sl", "it", "es", "fr", "nl"]),
)
def test_any_amount_written_in_a_language_reads_back_exactly(value, lang):
    with translation.override(lang):
        written = format_decimal(value, format="#,##0.00", locale=lang)
        assert parse_number(written) == value
