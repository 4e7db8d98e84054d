"""Rendering a PayResult as JSON in the reader's language, with every explanation, source and review status."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from .money import _cents
from .rules import SOURCE_LANGUAGE

if TYPE_CHECKING:  # compute.py imports this module to render; the types are only needed for checking
    from .compute import Check, Flag, Param, PayResult


class _Renderer:
    """Turns a PayResult into JSON in one language, remembering whether every text used was reviewed."""

    def __init__(self, result: PayResult, lang: str) -> None:
        self.r = result
        self.rules = result.rules
        self.lang = lang if lang in self.rules.languages else SOURCE_LANGUAGE
        self.fmt = self.rules.number_format(self.lang)
        self.reviewed = True

    def text(self, key: str, params: Mapping[str, Param] | None = None) -> str:
        template, reviewed = self.rules.text(key, self.lang)
        self.reviewed = self.reviewed and reviewed
        shown = {name: self.show(p) for name, p in (params or {}).items()}
        return template.format_map(shown)

    def show(self, param: Param) -> str:
        value = param.value
        if param.kind == "money" and isinstance(value, Decimal):
            return f"{self.local(str(_cents(value)))} {self.r.season.currency}"
        if param.kind == "percent" and isinstance(value, Decimal):
            return self.fmt.percent.format(value=self.local(_plain(value)))
        if param.kind == "number" and isinstance(value, Decimal):
            return self.local(_plain(value))
        return str(value)

    def local(self, number: str) -> str:
        return number.replace(".", self.fmt.decimal_separator)

    def sources(self, ids: Sequence[str]) -> list[dict[str, object]]:
        out: list[dict[str, object]] = []
        for source_id in ids:
            s = self.rules.source(source_id)
            out.append(
                {
                    "id": source_id,
                    "title": s.title,
                    "where": s.where,
                    "url": s.url,
                    "verification": s.verification.status,
                }
            )
        return out

    def flag(self, flag: Flag) -> dict[str, object]:
        start = self.reviewed
        self.reviewed = True
        title = self.text(f"flag.{flag.id}.title")
        explanation = " ".join(self.text(f"flag.{flag.id}.{part}", flag.params) for part in flag.parts)
        reviewed, self.reviewed = self.reviewed, start and self.reviewed
        return {
            "id": flag.id,
            "title": title,
            "explanation": explanation,
            "sources": self.sources(flag.sources),
            "indicators": list(flag.indicators),
            "reviewed": reviewed,
        }

    def check(self, prefix: str, check: Check) -> dict[str, object]:
        return {
            "status": check.status,
            "reason": check.reason,
            "explanation": self.text(f"{prefix}.{check.reason}", check.params),
            "exceeded": list(check.exceeded),
            "sources": self.sources(check.sources),
            **check.details,
        }

    def result(self) -> dict[str, object]:
        r = self.r

        def money(value: Decimal | None) -> str | None:  # hours too: two decimals, as strings
            return None if value is None else str(_cents(value))

        out: dict[str, object] = {
            "currency": r.season.currency,
            "gross": money(r.gross),
            "deductions": money(r.deductions),
            "net": money(r.net),
            "loans_total": money(r.loans_total),
            "net_after_loans": money(r.net_after_loans),
            "hours_total": money(r.hours_total),
            "hourly": money(r.hourly),
            "hourly_gross": money(r.hourly_gross),
            "deduction_share_percent": money(r.deduction_share_percent),
            "lines": {
                "earnings": [{**e.to_json(), "amount": money(e.amount)} for e in r.season.earnings],
                "deductions": [{**d.to_json(), "amount": money(d.amount)} for d in r.season.deductions],
                "loans": [{**x.to_json(), "owed": money(x.owed)} for x in r.season.loans],
            },
            "flags": [self.flag(f) for f in r.flags],
            "minimum_wage": self.check("minimum_wage", r.minimum_wage),
            "working_time": self.check("working_time", r.working_time),
            "season": r.season.to_json(),
            "rules_version": r.rules.version,
            "language": self.lang,
        }
        out["reviewed"] = self.reviewed
        return out


def _plain(value: Decimal) -> str:
    """A decimal without exponent or trailing zeros: 18.00 -> "18", 7.50 -> "7.5"."""
    return format(value.normalize(), "f")
