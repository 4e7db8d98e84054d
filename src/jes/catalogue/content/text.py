"""Text folding for diacritic- and case-insensitive search ("rucman" finds "Ručman")."""

from __future__ import annotations

import re

from unidecode import unidecode

_TOKEN = re.compile(r"[a-z0-9]+")


def fold(text: str) -> str:
    """Lower-case ASCII transliteration: č -> c, ä -> a, ß -> ss, Ω -> o."""
    return unidecode(text or "").lower()


def tokens(text: str) -> list[str]:
    """Folded search tokens of a query; punctuation and operators are dropped."""
    return _TOKEN.findall(fold(text))
