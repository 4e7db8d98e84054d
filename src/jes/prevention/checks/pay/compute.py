"""``compute``: the season's sums, the warning flags and the side checks (minimum wage, working time)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal, localcontext
from fractions import Fraction
from typing import Literal

from .money import _cents
from .render import _Renderer
from .rules import SOURCE_LANGUAGE, MinimumWageRate, MinimumWageRules, PayRules, WorkingTimeRules, load_rules
from .season import Season


@dataclass(frozen=True)
class Param:
    """A value shown inside an explanation, formatted for the reader's language when rendered."""

    kind: Literal["money", "percent", "number", "text"]
    value: Decimal | int | str


@dataclass(frozen=True)
class Flag:
    id: str
    parts: tuple[str, ...]  # text keys under flag.<id>., joined in this order after the title
    params: Mapping[str, Param]
    sources: tuple[str, ...]
    indicators: tuple[str, ...]


@dataclass(frozen=True)
class Check:
    """What a side check (minimum wage, working time) could say: its status and the text key of the reason."""

    status: Literal["below", "not_below", "checked", "unknown"]
    reason: str
    params: Mapping[str, Param] = field(default_factory=dict)
    sources: tuple[str, ...] = ()
    exceeded: tuple[str, ...] = ()  # working time: the limits broken (daily, weekly_average, weekly_rest)
    details: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class PayResult:
    season: Season
    gross: Decimal
    deductions: Decimal
    net: Decimal
    loans_total: Decimal
    net_after_loans: Decimal
    hours_total: Decimal | None
    hourly: Decimal | None
    hourly_gross: Decimal | None
    deduction_share_percent: Decimal | None
    flags: tuple[Flag, ...]
    minimum_wage: Check
    working_time: Check
    rules: PayRules = field(repr=False, compare=False)

    @property
    def flag_ids(self) -> tuple[str, ...]:
        return tuple(f.id for f in self.flags)

    def to_json(self, lang: str = SOURCE_LANGUAGE) -> dict[str, object]:
        """Amounts as strings with two decimals (ROUND_HALF_UP), texts in ``lang`` (English where missing)."""
        return _Renderer(self, lang).result()


def compute(season: Season, rules: PayRules | None = None) -> PayResult:
    rules = rules or load_rules()
    gross = sum((e.amount for e in season.earnings), Decimal("0.00"))
    deductions = sum((d.amount for d in season.deductions), Decimal("0.00"))
    loans_total = sum((loan.owed for loan in season.loans), Decimal("0.00"))
    net = gross - deductions
    hours = season.hours_total
    working_time = _working_time(season, rules)
    minimum_wage = _minimum_wage(season, net, rules)
    result = PayResult(
        season=season,
        gross=gross,
        deductions=deductions,
        net=net,
        loans_total=loans_total,
        net_after_loans=net - loans_total,
        hours_total=hours,
        hourly=_cents(net / hours) if hours else None,
        hourly_gross=_cents(gross / hours) if hours else None,
        deduction_share_percent=_cents(deductions * 100 / gross) if gross else None,
        flags=(),
        minimum_wage=minimum_wage,
        working_time=working_time,
        rules=rules,
    )
    found = (rule(result) for rule in _FLAG_RULES)
    return replace(result, flags=tuple(f for f in found if f is not None))


def _money(value: Decimal) -> Param:
    return Param("money", value)


def _number(value: Decimal | int) -> Param:
    return Param("number", value)


def _flag(result: PayResult, flag_id: str, parts: Sequence[str], params: Mapping[str, Param]) -> Flag:
    rule = result.rules.rules.flags[flag_id]
    return Flag(flag_id, tuple(parts), dict(params), tuple(rule.sources), tuple(rule.indicators))


def _net_negative(result: PayResult) -> Flag | None:
    params = {
        "net": _money(result.net),
        "loans": _money(result.loans_total),
        "net_after_loans": _money(result.net_after_loans),
    }
    if result.net < 0:
        parts = ["explanation", "loans_also"] if result.loans_total > 0 else ["explanation"]
        return _flag(result, "net_negative", parts, params)
    if result.net_after_loans < 0:
        return _flag(result, "net_negative", ["explanation_loans"], params)
    return None


def _recruitment_fees(result: PayResult) -> Flag | None:
    rule = result.rules.rules.flags["recruitment_fees"]
    fees = sum((d.amount for d in result.season.deductions if d.kind in rule.deduction_kinds), Decimal("0.00"))
    loan_fees = sum((x.borrowed for x in result.season.loans if x.purpose in rule.loan_purposes), Decimal("0.00"))
    parts = [p for p, amount in (("explanation", fees), ("explanation_loan", loan_fees)) if amount > 0]
    if not parts:
        return None
    return _flag(result, "recruitment_fees", [*parts, "why"], {"fees": _money(fees), "loan_fees": _money(loan_fees)})


def _hours_above_max(result: PayResult) -> Flag | None:
    check = result.working_time
    if not check.exceeded:
        return None
    flag = _flag(result, "hours_above_max", [*check.exceeded, "note"], check.params)
    # The legal limit applied is part of the evidence: cite the national law when it replaced the EU minimum.
    national = tuple(s for s in check.sources if s not in flag.sources)
    return Flag(flag.id, flag.parts, flag.params, national + flag.sources, flag.indicators)


def _deductions_share(result: PayResult) -> Flag | None:
    share = result.rules.rules.flags["deductions_share"].warning_share
    if share is None or result.gross <= 0 or result.deductions <= result.gross * share:
        return None
    percent = result.deduction_share_percent or Decimal(0)
    params = {"share": Param("percent", percent), "threshold": Param("percent", share * 100)}
    return _flag(result, "deductions_share", ["explanation"], params)


def _low_hourly(result: PayResult) -> Flag | None:
    check = result.minimum_wage
    if check.status != "below":
        return None
    flag = _flag(result, "low_hourly", ["explanation"], check.params)
    return Flag(flag.id, flag.parts, flag.params, check.sources + flag.sources, flag.indicators)


# In the order the flags are shown: the debt first, because it is what the worker has to act on.
_FLAG_RULES: tuple[Callable[[PayResult], Flag | None], ...] = (
    _net_negative,
    _recruitment_fees,
    _hours_above_max,
    _deductions_share,
    _low_hourly,
)


@dataclass(frozen=True)
class _Limits:
    daily_rest: Decimal
    max_weekly: Decimal
    rest_days: int
    sources: tuple[str, ...]
    national: bool

    def as_json(self) -> dict[str, object]:
        return {
            "daily_rest_hours": str(self.daily_rest),
            "max_daily_hours": str(24 - self.daily_rest),
            "max_weekly_average_hours": str(self.max_weekly),
            "weekly_rest_days": self.rest_days,
        }


def _limits_for(country: str, wt: WorkingTimeRules) -> _Limits | None:
    """The EU minimum, with the fields a cited national law makes stricter; None outside the EU."""
    if country not in wt.eu_member_states:
        return None
    eu, national = wt.eu, wt.national.get(country)
    if national is None:
        return _Limits(eu.daily_rest_hours, eu.max_weekly_average_hours, eu.weekly_rest_days, tuple(eu.sources), False)
    return _Limits(
        daily_rest=national.daily_rest_hours if national.daily_rest_hours is not None else eu.daily_rest_hours,
        max_weekly=(
            national.max_weekly_average_hours
            if national.max_weekly_average_hours is not None
            else eu.max_weekly_average_hours
        ),
        rest_days=national.weekly_rest_days if national.weekly_rest_days is not None else eu.weekly_rest_days,
        sources=tuple(national.sources) + tuple(eu.sources),
        national=True,
    )


def _working_time(season: Season, rules: PayRules) -> Check:
    if season.country is None:
        return Check("unknown", "no_country")
    limits = _limits_for(season.country, rules.rules.working_time)
    if limits is None:
        return Check("unknown", "no_data")
    details = {"limits": limits.as_json()}
    if season.hours_per_day is None or season.days is None:
        return Check("unknown", "no_hours", sources=limits.sources, details=details)
    max_daily = 24 - limits.daily_rest
    exceeded = ["daily"] if season.hours_per_day > max_daily else []
    params = {
        "hours_per_day": _number(season.hours_per_day),
        "daily_rest": _number(limits.daily_rest),
        "max_daily": _number(max_daily),
        "max_weekly": _number(limits.max_weekly),
        "days": _number(season.days),
    }
    if season.weeks is not None:
        # Averages over the season as entered. The Directive averages over reference periods (art. 16) that a
        # short season may not fill, so a weekly result is a warning sign, not a finding of a breach.
        hours = season.days * season.hours_per_day
        params |= {"weeks": _number(season.weeks), "weekly_hours": _number(_cents(hours / season.weeks))}
        if hours > limits.max_weekly * season.weeks:
            exceeded.append("weekly_average")
        if season.days > season.weeks * (7 - limits.rest_days):
            exceeded.append("weekly_rest")
    reason = "checked_national" if limits.national else "checked_eu"
    return Check("checked", reason, params, limits.sources, tuple(exceeded), details)


def _rate_for(season: Season, mw: MinimumWageRules) -> MinimumWageRate | Check:
    """The legal minimum rate for the season's country and year, or why there is none to compare with."""
    if season.country is None:
        return Check("unknown", "no_country")
    if season.country in mw.no_statutory_minimum:
        return Check("unknown", "no_statutory_minimum", sources=tuple(mw.no_statutory_minimum[season.country]))
    rates = [r for r in mw.rates if r.country == season.country]
    if not rates:
        return Check("unknown", "no_data")
    if season.year is None:
        return Check("unknown", "no_year")
    return next((r for r in rates if r.year == season.year), Check("unknown", "no_data"))


def _minimum_wage(season: Season, net: Decimal, rules: PayRules) -> Check:
    rate = _rate_for(season, rules.rules.minimum_wage)
    if isinstance(rate, Check):
        return rate
    sources = tuple(rate.sources)
    hourly_minimum = rate.hourly_minimum()
    shown_minimum = _cents(_to_decimal(hourly_minimum))
    details = {"rate": _rate_json(rate), "hourly_minimum": str(shown_minimum)}
    params = {
        "minimum": _money(shown_minimum),
        "year": _number(rate.year),
        "minimum_currency": Param("text", rate.currency),
        "max_days": _number(rate.max_days or 0),
    }
    hours = season.hours_total
    if rate.currency != season.currency:
        reason = "other_currency"
    elif hours is None or season.days is None:
        reason = "no_hours"
    elif rate.max_days is not None and season.days > rate.max_days:
        reason = "not_applicable"
    else:
        # Compared exactly (Fraction), not through the rounded hourly figures shown to the reader.
        below = Fraction(net) < hourly_minimum * Fraction(hours)
        status: Literal["below", "not_below"] = "below" if below else "not_below"
        params["hourly"] = _money(_cents(net / hours))
        return Check(status, status, params, sources, details=details)
    return Check("unknown", reason, params, sources, details=details)


def _to_decimal(value: Fraction) -> Decimal:
    with localcontext() as ctx:
        ctx.prec = 40
        return Decimal(value.numerator) / Decimal(value.denominator)


def _rate_json(rate: MinimumWageRate) -> dict[str, object]:
    return {
        "country": rate.country,
        "year": rate.year,
        "amount": str(rate.amount),
        "currency": rate.currency,
        "per": rate.per,
        "applies_to": rate.applies_to,
        "hours_basis": rate.hours_basis,
        "max_days": rate.max_days,
    }
