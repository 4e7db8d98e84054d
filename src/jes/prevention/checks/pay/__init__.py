"""Pay-and-debt check for seasonal and migrant workers: what is left of a season's pay, and its warning signs.

The worked example is the seed report's Finnish berry-picking case (seed lines 3139-3142): berries worth
4,191.60 EUR, 4,249.84 EUR charged for housing, food, car and flights, 58.24 EUR owed to the company.

Pure Python (pydantic and PyYAML, no Django). ``parse_season`` validates the JSON a page or the CLI sends and
names the field of every problem; ``compute`` adds the lines up and raises the flags; ``PayResult.to_json``
renders the result with plain-language explanations in the worker's language. Thresholds, legal limits,
sources and every sentence live in data/prevention/pay/ (rules.yaml, texts.yaml, described in README.md).

Money is Decimal, never float. Each line is rounded to cents (ROUND_HALF_UP) once, where it is made (kg x
price, hours x rate, a loan's interest), and totals are sums of those cents: gross - deductions == net holds
exactly and the printed lines add up to the printed totals.

Modules: ``season`` (the input and its parser), ``rules`` (the data files and their loader), ``compute``
(sums, flags, side checks), ``render`` (the JSON in one language), ``money`` (rounding to cents). This
package re-exports the public names of the single module it replaced, so ``pay.X`` keeps working.
"""

from __future__ import annotations

from .compute import Check, Flag, Param, PayResult, compute
from .money import CENT
from .rules import (
    DEFAULT_DIR,
    FLAG_IDS,
    FLAG_PARTS,
    LABEL_KEYS,
    MINIMUM_WAGE_REASONS,
    REQUIRED_LANGUAGES,
    SOURCE_LANGUAGE,
    TEXT_KEYS,
    WORKING_TIME_REASONS,
    CountryCode,
    Dec,
    FlagRule,
    MinimumWageRate,
    MinimumWageRules,
    NationalWorkingTime,
    NumberFormat,
    PayRules,
    PayRulesError,
    RulesFile,
    Source,
    TextsFile,
    Translation,
    Verification,
    WorkingTimeLimits,
    WorkingTimeRules,
    load_rules,
    texts,
)
from .season import (
    COMPOUNDING,
    DEDUCTION_KINDS,
    LOAN_PURPOSES,
    MAX_AMOUNT,
    MAX_LINES,
    MAX_TEXT,
    Deduction,
    DeductionKind,
    Earning,
    Loan,
    LoanPurpose,
    Season,
    SeasonError,
    parse_season,
)

__all__ = [
    "CENT",
    "COMPOUNDING",
    "DEDUCTION_KINDS",
    "DEFAULT_DIR",
    "FLAG_IDS",
    "FLAG_PARTS",
    "LABEL_KEYS",
    "LOAN_PURPOSES",
    "MAX_AMOUNT",
    "MAX_LINES",
    "MAX_TEXT",
    "MINIMUM_WAGE_REASONS",
    "REQUIRED_LANGUAGES",
    "SOURCE_LANGUAGE",
    "TEXT_KEYS",
    "WORKING_TIME_REASONS",
    "Check",
    "CountryCode",
    "Dec",
    "Deduction",
    "DeductionKind",
    "Earning",
    "Flag",
    "FlagRule",
    "Loan",
    "LoanPurpose",
    "MinimumWageRate",
    "MinimumWageRules",
    "NationalWorkingTime",
    "NumberFormat",
    "Param",
    "PayResult",
    "PayRules",
    "PayRulesError",
    "RulesFile",
    "Season",
    "SeasonError",
    "Source",
    "TextsFile",
    "Translation",
    "Verification",
    "WorkingTimeLimits",
    "WorkingTimeRules",
    "compute",
    "load_rules",
    "parse_season",
    "texts",
]
