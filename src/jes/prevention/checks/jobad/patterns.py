"""The cue pattern language: {gapN} and {nearN!...} shorthands, folded and compiled, and word-list patterns."""

from __future__ import annotations

import re
from collections.abc import Sequence

from .rules import RuleError
from .text import _plain

_GAP = re.compile(r"\{gap(\d{1,2})\}")
_NEAR = re.compile(r"\{near(\d{1,3})(?:!([^{}]*))?\}")


def _near(match: re.Match[str]) -> str:
    if not match.group(2):
        return rf"[^.!?\n]{{0,{match.group(1)}}}?"
    return rf"(?:(?!\b(?:{match.group(2)})\b)[^.!?\n]){{0,{match.group(1)}}}?"


def _expand(pattern: str) -> str:
    # {gapN}: up to N words between two terms, within one clause and one line (no . , ; ! ? or newline crossed).
    # {nearN!a|b}: up to N characters within one sentence and line, none of them starting the word a or b; for cues
    # whose two terms are often split by a comma ("flights arranged, costs deducted") but not by "paid" or "free".
    pattern = _GAP.sub(lambda m: rf"(?:[^\w.,;!?\n]+\w+){{0,{m.group(1)}}}?[^\w.,;!?\n]+", pattern)
    return _NEAR.sub(_near, pattern)


def _compile(pattern: str, where: str) -> re.Pattern[str]:
    try:
        compiled = re.compile(_expand(_plain(pattern)), re.IGNORECASE)
    except re.error as exc:
        raise RuleError(f"{where}: not a valid regular expression ({exc}): {pattern!r}") from exc
    if compiled.search("") is not None:
        raise RuleError(f"{where}: matches the empty text, so it would match everywhere: {pattern!r}")
    return compiled


def _words_pattern(words: Sequence[str], where: str) -> re.Pattern[str]:
    alternatives = "|".join(sorted((_plain(w) for w in words), key=len, reverse=True))
    return _compile(rf"(?<!\w)(?:{alternatives})(?!\w)", where)


def _optional_words(words: Sequence[str], where: str) -> re.Pattern[str] | None:
    return _words_pattern(words, where) if words else None
