"""Text normalisation: compare without case or diacritics, keep a map back to the original characters."""

from __future__ import annotations

import unicodedata

_TYPOGRAPHY = str.maketrans({"’": "'", "‘": "'", "´": "'", "`": "'", "“": '"', "”": '"', "„": '"', "–": "-", "—": "-"})


def _plain(text: str) -> str:
    """Text without diacritics and with straight quotes (case is left to re.IGNORECASE)."""
    return normalise(text)[0]


def normalise(text: str) -> tuple[str, list[int]]:
    """The text folded for matching, and for each of its characters the index of the original character."""
    chars: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text.translate(_TYPOGRAPHY)):
        for part in unicodedata.normalize("NFKD", char):
            if unicodedata.combining(part):
                continue
            chars.append(part)
            origin.append(index)
    return "".join(chars), origin
