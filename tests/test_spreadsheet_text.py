"""CSV cells never start a spreadsheet formula (one rule for every pillar's downloads)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from jes.files import FORMULA_START, spreadsheet_text


@given(st.text())
def test_text_never_reaches_a_spreadsheet_as_a_formula(text):
    shown = spreadsheet_text(text)
    assert not str(shown).startswith(FORMULA_START)
    assert str(shown).removeprefix("'") == text or shown == text


def test_numbers_and_plain_text_pass_unchanged():
    assert spreadsheet_text(42) == 42 and spreadsheet_text("Slovenia") == "Slovenia"
    assert spreadsheet_text("=HYPERLINK(1)") == "'=HYPERLINK(1)"
