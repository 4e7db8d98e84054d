"""The season as the worker enters it, and ``parse_season``, which checks every value and names every bad field."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import Literal, TypeVar, get_args

from .money import CENT

DeductionKind = Literal["accommodation", "food", "car", "flights", "recruitment_fee", "equipment", "other"]
LoanPurpose = Literal["recruitment_fee", "travel", "living", "other"]
DEDUCTION_KINDS: tuple[str, ...] = get_args(DeductionKind)
LOAN_PURPOSES: tuple[str, ...] = get_args(LoanPurpose)
COMPOUNDING = ("simple", "compound")

# Guards against typing slips (an extra zero, a price in cents): values beyond these are refused, not computed.
MAX_AMOUNT = Decimal("10000000")
MAX_LINES = 200
MAX_TEXT = 200


# ---------------------------------------------------------------------------------------------------------
# The season as entered
# ---------------------------------------------------------------------------------------------------------


class SeasonError(ValueError):
    """The input does not describe a season; ``path`` names the field (``earnings[1].price_per_kg``)."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


@dataclass(frozen=True)
class Earning:
    """One line of pay, given as an amount, as kg x price_per_kg, or as hours x rate; ``amount`` is in cents."""

    what: str
    amount: Decimal
    basis: Literal["amount", "kg", "hours"] = "amount"
    kg: Decimal | None = None
    price_per_kg: Decimal | None = None
    hours: Decimal | None = None
    rate: Decimal | None = None

    def to_json(self) -> dict[str, object]:
        out: dict[str, object] = {"what": self.what} if self.what else {}
        if self.basis == "kg":
            out.update(kg=str(self.kg), price_per_kg=str(self.price_per_kg))
        elif self.basis == "hours":
            out.update(hours=str(self.hours), rate=str(self.rate))
        else:
            out["amount"] = str(self.amount)
        return out


@dataclass(frozen=True)
class Deduction:
    what: str
    amount: Decimal
    kind: str | None = None

    def to_json(self) -> dict[str, object]:
        out: dict[str, object] = {"what": self.what} if self.what else {}
        out["amount"] = str(self.amount)
        if self.kind:
            out["kind"] = self.kind
        return out


@dataclass(frozen=True)
class Loan:
    """A debt the worker still carries: either ``amount_owed`` as such, or a ``principal`` with interest.

    Interest is ``interest_percent`` per period for ``periods`` periods, simple (principal x (1 + r x n),
    the default) or compound (principal x (1 + r) ** n); ``repaid`` is subtracted; ``owed`` is the result
    in cents. All amounts are in the season's currency: the check converts nothing.
    """

    what: str
    owed: Decimal
    amount_owed: Decimal | None = None
    principal: Decimal | None = None
    interest_percent: Decimal | None = None
    periods: int | None = None
    compounding: str | None = None
    repaid: Decimal | None = None
    purpose: str | None = None

    @property
    def borrowed(self) -> Decimal:
        """What was taken on: the principal, or the amount owed when no principal is given."""
        return self.principal if self.principal is not None else self.owed

    def to_json(self) -> dict[str, object]:
        given: dict[str, object] = {
            "what": self.what or None,
            "amount_owed": self.amount_owed,
            "principal": self.principal,
            "interest_percent": self.interest_percent,
            "periods": self.periods,
            "compounding": self.compounding,
            "repaid": self.repaid,
            "purpose": self.purpose,
        }
        return {k: str(v) if isinstance(v, Decimal) else v for k, v in given.items() if v is not None}


@dataclass(frozen=True)
class Season:
    currency: str
    earnings: tuple[Earning, ...]
    deductions: tuple[Deduction, ...] = ()
    loans: tuple[Loan, ...] = ()
    days: int | None = None
    hours_per_day: Decimal | None = None
    weeks: Decimal | None = None
    country: str | None = None
    year: int | None = None
    note: str = ""

    @property
    def hours_total(self) -> Decimal | None:
        if self.days is None or self.hours_per_day is None:
            return None
        return self.days * self.hours_per_day

    def to_json(self) -> dict[str, object]:
        """The season in the input format: ``parse_season(season.to_json()) == season``."""
        out: dict[str, object] = {
            "currency": self.currency,
            "earnings": [e.to_json() for e in self.earnings],
            "deductions": [d.to_json() for d in self.deductions],
            "loans": [loan.to_json() for loan in self.loans],
        }
        optional: dict[str, object] = {
            "days": self.days,
            "hours_per_day": None if self.hours_per_day is None else str(self.hours_per_day),
            "weeks": None if self.weeks is None else str(self.weeks),
            "country": self.country,
            "year": self.year,
            "note": self.note or None,
        }
        out.update({k: v for k, v in optional.items() if v is not None})
        return out


# ---------------------------------------------------------------------------------------------------------
# Parsing: every value checked, every problem named by its field path
# ---------------------------------------------------------------------------------------------------------

_DECIMAL = re.compile(r"[0-9]+(\.[0-9]+)?", re.ASCII)
_T = TypeVar("_T")


def _decimal(value: object, path: str, *, places: int, maximum: Decimal, positive: bool = False) -> Decimal:
    """A non-negative decimal given as a string (or a whole JSON number); a point, never a comma."""
    if isinstance(value, bool) or value is None:
        raise SeasonError(path, f"{_show(value)} is not a number; give a decimal number like 4.50")
    if isinstance(value, float):
        raise SeasonError(path, f'give the number as a string like "{value}", so that no cent is lost')
    if isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, Decimal):
        if not value.is_finite():
            raise SeasonError(path, f"{value} is not a number")
        number = value
    elif isinstance(value, str):
        number = _decimal_text(value, path)
    else:
        raise SeasonError(path, f'expected a decimal number as a string like "4.50", got {type(value).__name__}')
    if number < 0:
        raise SeasonError(path, f"{_show(value)} is negative; enter money taken off under deductions")
    if positive and number == 0:
        raise SeasonError(path, "must be more than 0")
    exponent = number.as_tuple().exponent
    if isinstance(exponent, int) and -exponent > places:
        raise SeasonError(path, f"{_show(value)} has more than {places} decimal places")
    if number > maximum:
        raise SeasonError(path, f"{_show(value)} is more than {maximum:,}; check the number")
    return number


def _decimal_text(value: str, path: str) -> Decimal:
    text = value.strip()
    if text.lower().lstrip("+-") in {"nan", "snan", "inf", "infinity"}:
        raise SeasonError(path, f'"{value}" is not a number')
    if text.startswith("-"):
        raise SeasonError(path, f'"{value}" is negative; enter money taken off under deductions')
    if "," in text:
        raise SeasonError(path, f'"{value}" is not a decimal number like 4.50 (use a point, not a comma)')
    if not _DECIMAL.fullmatch(text):
        raise SeasonError(path, f'"{value}" is not a decimal number like 4.50')
    return Decimal(text)


def _integer(value: object, path: str, low: int, high: int) -> int:
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int):
        raise SeasonError(path, f"{_show(value)} is not a whole number")
    if not low <= value <= high:
        raise SeasonError(path, f"{value} is outside {low}-{high}")
    return value


def _text(value: object, path: str, limit: int = MAX_TEXT) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise SeasonError(path, f"expected text, got {type(value).__name__}")
    if len(value) > limit:
        raise SeasonError(path, f"longer than {limit} characters")
    return value.strip()


def _choice(value: object, path: str, allowed: Sequence[str]) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or value not in allowed:
        raise SeasonError(path, f"{_show(value)} is not one of {', '.join(allowed)}")
    return value


def _show(value: object) -> str:
    return f'"{value}"' if isinstance(value, str) else repr(value)


def _only_keys(item: Mapping[str, object], allowed: Sequence[str], path: str) -> None:
    for key in item:
        if key not in allowed:
            raise SeasonError(f"{path}{key}", f"unknown field; expected one of {', '.join(allowed)}")


def _object(value: object, path: str) -> Mapping[str, object]:
    if not isinstance(value, Mapping):
        raise SeasonError(path, f"expected an object with named fields, got {type(value).__name__}")
    return value


def _lines(data: Mapping[str, object], key: str, parse: Callable[[Mapping[str, object], str], _T]) -> tuple[_T, ...]:
    value = data.get(key)
    if value is None:
        return ()
    if not isinstance(value, list | tuple):
        raise SeasonError(key, f"expected a list, got {type(value).__name__}")
    if len(value) > MAX_LINES:
        raise SeasonError(key, f"more than {MAX_LINES} lines")
    return tuple(parse(_object(item, f"{key}[{i}]"), f"{key}[{i}]") for i, item in enumerate(value))


def _product(a: Decimal, b: Decimal, path: str, what: str) -> Decimal:
    amount = (a * b).quantize(CENT, rounding=ROUND_HALF_UP)
    if amount > MAX_AMOUNT:
        raise SeasonError(path, f"{what} comes to more than {MAX_AMOUNT:,}; check the numbers")
    return amount


def _earning(item: Mapping[str, object], path: str) -> Earning:
    _only_keys(item, ("what", "amount", "kg", "price_per_kg", "hours", "rate"), path + ".")
    what = _text(item.get("what"), path + ".what")
    forms = [form for form, keys in _EARNING_FORMS.items() if any(k in item for k in keys)]
    if len(forms) != 1:
        problem = "give amount, or kg and price_per_kg, or hours and rate"
        raise SeasonError(path, problem if not forms else "give only one of: " + problem.replace(", or", ";"))
    form = forms[0]
    for key in _EARNING_FORMS[form]:
        if key not in item:
            other = next(k for k in _EARNING_FORMS[form] if k != key)
            raise SeasonError(f"{path}.{key}", f"missing; {other} needs {key}")
    if form == "kg":
        kg = _decimal(item["kg"], path + ".kg", places=3, maximum=Decimal(1_000_000))
        price = _decimal(item["price_per_kg"], path + ".price_per_kg", places=4, maximum=Decimal(10_000))
        return Earning(what, _product(kg, price, path, "kg x price_per_kg"), "kg", kg=kg, price_per_kg=price)
    if form == "hours":
        hours = _decimal(item["hours"], path + ".hours", places=2, maximum=Decimal(10_000))
        rate = _decimal(item["rate"], path + ".rate", places=4, maximum=Decimal(10_000))
        return Earning(what, _product(hours, rate, path, "hours x rate"), "hours", hours=hours, rate=rate)
    return Earning(what, _decimal(item["amount"], path + ".amount", places=2, maximum=MAX_AMOUNT))


_EARNING_FORMS: dict[Literal["amount", "kg", "hours"], tuple[str, ...]] = {
    "amount": ("amount",),
    "kg": ("kg", "price_per_kg"),
    "hours": ("hours", "rate"),
}


def _deduction(item: Mapping[str, object], path: str) -> Deduction:
    _only_keys(item, ("what", "amount", "kind"), path + ".")
    if "amount" not in item:
        raise SeasonError(path + ".amount", "missing")
    return Deduction(
        what=_text(item.get("what"), path + ".what"),
        amount=_decimal(item["amount"], path + ".amount", places=2, maximum=MAX_AMOUNT),
        kind=_choice(item.get("kind"), path + ".kind", DEDUCTION_KINDS),
    )


_LOAN_KEYS = ("what", "amount_owed", "principal", "interest_percent", "periods", "compounding", "repaid", "purpose")


def _loan(item: Mapping[str, object], path: str) -> Loan:
    _only_keys(item, _LOAN_KEYS, path + ".")
    what = _text(item.get("what"), path + ".what")
    purpose = _choice(item.get("purpose"), path + ".purpose", LOAN_PURPOSES)
    if ("amount_owed" in item) == ("principal" in item):
        raise SeasonError(path, "give either amount_owed, or principal (with interest_percent and periods)")
    if "amount_owed" in item:
        for key in ("interest_percent", "periods", "compounding", "repaid"):
            if key in item:
                raise SeasonError(f"{path}.{key}", "goes with principal, not with amount_owed")
        owed = _decimal(item["amount_owed"], path + ".amount_owed", places=2, maximum=MAX_AMOUNT)
        return Loan(what, owed, amount_owed=owed, purpose=purpose)
    principal = _decimal(item["principal"], path + ".principal", places=2, maximum=MAX_AMOUNT)
    rate = _decimal(item.get("interest_percent", 0), path + ".interest_percent", places=4, maximum=Decimal(100))
    if rate and "periods" not in item:
        raise SeasonError(path + ".periods", "missing; say for how many periods the interest runs")
    periods = _integer(item.get("periods", 0), path + ".periods", 0, 600)
    compounding = _choice(item.get("compounding", "simple"), path + ".compounding", COMPOUNDING) or "simple"
    repaid = _decimal(item.get("repaid", 0), path + ".repaid", places=2, maximum=MAX_AMOUNT)
    total = _with_interest(principal, rate, periods, compounding)
    if total > MAX_AMOUNT:
        raise SeasonError(path, f"with interest the loan comes to more than {MAX_AMOUNT:,}; check the numbers")
    if repaid > total:
        raise SeasonError(path + ".repaid", f"{repaid} is more than the {total} owed with interest")
    return Loan(
        what,
        total - repaid,
        principal=principal,
        interest_percent=rate if "interest_percent" in item else None,
        periods=periods if "periods" in item else None,
        compounding=compounding if "compounding" in item else None,
        repaid=repaid if "repaid" in item else None,
        purpose=purpose,
    )


def _with_interest(principal: Decimal, percent: Decimal, periods: int, compounding: str) -> Decimal:
    rate = percent / 100
    with localcontext() as ctx:
        ctx.prec = 60  # keeps (1 + r) ** n for up to 600 periods precise far below the cent
        growth = (1 + rate) ** periods if compounding == "compound" else 1 + rate * periods
        total = principal * growth
    if total > MAX_AMOUNT:
        return total
    return total.quantize(CENT, rounding=ROUND_HALF_UP)


_TOP_KEYS = ("currency", "earnings", "deductions", "loans", "days", "hours_per_day", "weeks", "country", "year", "note")


def parse_season(data: Mapping[str, object]) -> Season:
    """The season described by ``data`` (parsed JSON), or SeasonError naming the first bad field.

    Decimal values are strings with a point ("4191.60"); a decimal comma is refused rather than guessed,
    because "4,191" could be four thousand or four. Whole JSON numbers are accepted, JSON fractions are not
    (they arrive as binary floats). List indices in error paths count from 0, as in JSON.
    """
    data = _object(data, "(top level)")
    _only_keys(data, _TOP_KEYS, "")
    if data.get("earnings") is None:
        raise SeasonError("earnings", "missing; give a list of what you earned (it may be empty)")
    days = None if data.get("days") is None else _integer(data["days"], "days", 1, 366)
    hours_per_day = _optional_decimal(data, "hours_per_day", places=2, maximum=Decimal(24))
    if (days is None) != (hours_per_day is None):
        missing, other = ("days", "hours_per_day") if days is None else ("hours_per_day", "days")
        raise SeasonError(missing, f"missing; give it together with {other}")
    weeks = _optional_decimal(data, "weeks", places=2, maximum=Decimal(53))
    if weeks is not None:
        if days is None:
            raise SeasonError("weeks", "give days and hours_per_day too")
        if days > weeks * 7:
            raise SeasonError("days", f"{days} days do not fit in {weeks} weeks")
    return Season(
        currency=_currency(data.get("currency")),
        earnings=_lines(data, "earnings", _earning),
        deductions=_lines(data, "deductions", _deduction),
        loans=_lines(data, "loans", _loan),
        days=days,
        hours_per_day=hours_per_day,
        weeks=weeks,
        country=_country(data.get("country")),
        year=None if data.get("year") is None else _integer(data["year"], "year", 1990, 2100),
        note=_text(data.get("note"), "note", limit=2000),
    )


def _optional_decimal(data: Mapping[str, object], key: str, *, places: int, maximum: Decimal) -> Decimal | None:
    value = data.get(key)
    return None if value is None else _decimal(value, key, places=places, maximum=maximum, positive=True)


def _currency(value: object) -> str:
    if value is None:
        raise SeasonError("currency", "missing; give a three-letter currency code like EUR")
    if not isinstance(value, str) or not re.fullmatch(r"[A-Za-z]{3}", value.strip()):
        raise SeasonError("currency", f"{_show(value)} is not a three-letter currency code like EUR")
    return value.strip().upper()


def _country(value: object) -> str | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str) or not re.fullmatch(r"[A-Za-z]{2}", value.strip()):
        raise SeasonError("country", f"{_show(value)} is not a two-letter country code like FI")
    return value.strip().upper()
