"""The pay-and-debt engine: the seed's berry-picking slip, exact sums, each flag at its edges, input errors."""

from __future__ import annotations

import json
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from jes.prevention.checks.pay import (
    FLAG_IDS,
    FLAG_PARTS,
    REQUIRED_LANGUAGES,
    TEXT_KEYS,
    PayRulesError,
    SeasonError,
    compute,
    load_rules,
    parse_season,
    texts,
)

FIXTURE = Path(__file__).parent / "fixtures" / "berry-season.json"
BERRY = {
    "currency": "EUR",
    "earnings": [{"what": "blueberries", "amount": "4191.60"}],
    "deductions": [{"what": "housing, food, car, flights", "amount": "4249.84"}],
    "loans": [],
    "days": 60,
    "hours_per_day": 18,
    "country": "FI",
}


def season(**fields: object) -> dict[str, object]:
    """A small season in EUR with no hours and no country, overridden by ``fields``."""
    return {"currency": "EUR", "earnings": [{"amount": "100.00"}], "deductions": [], **fields}


def run(data: dict[str, object]):
    return compute(parse_season(data))


# --- the seed example -------------------------------------------------------------------------------------


def test_it_computes_the_seed_berry_slip_exactly():
    result = run(BERRY)

    assert (result.gross, result.deductions, result.net) == (Decimal("4191.60"), Decimal("4249.84"), Decimal("-58.24"))
    out = result.to_json()
    assert (out["gross"], out["deductions"], out["net"], out["currency"]) == ("4191.60", "4249.84", "-58.24", "EUR")
    assert out["hours_total"] == "1080.00"
    assert out["hourly"] == "-0.05"
    assert out["deduction_share_percent"] == "101.39"


def test_it_flags_the_berry_slip_as_debt_long_days_and_heavy_deductions():
    result = run(BERRY)

    assert result.flag_ids == ("net_negative", "hours_above_max", "deductions_share")
    assert result.minimum_wage.reason == "no_statutory_minimum"
    assert result.working_time.reason == "checked_eu"
    hours = next(f for f in result.to_json()["flags"] if f["id"] == "hours_above_max")
    assert "18 hours a day" in hours["explanation"]
    assert "employee" in hours["explanation"]
    assert "ilofl.excessive_overtime" in hours["indicators"]


def test_it_round_trips_the_fixture_through_json():
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    parsed = parse_season(data)

    assert parse_season(json.loads(json.dumps(parsed.to_json()))) == parsed
    out = json.loads(json.dumps(compute(parsed).to_json(), ensure_ascii=False))
    assert (out["gross"], out["deductions"], out["net"]) == ("4191.60", "4249.84", "-58.24")
    assert Decimal(out["gross"]) - Decimal(out["deductions"]) == Decimal(out["net"])
    assert [f["id"] for f in out["flags"]] == ["net_negative", "hours_above_max", "deductions_share"]


def test_it_accepts_the_decimals_a_json_reader_makes_with_parse_float():
    data = json.loads(FIXTURE.read_text(encoding="utf-8"), parse_float=Decimal)
    data["earnings"] = [{"amount": Decimal("4191.60")}]

    assert run(data).net == Decimal("-58.24")


# --- arithmetic -------------------------------------------------------------------------------------------


def test_it_multiplies_kg_by_price_and_rounds_each_line_half_up():
    result = run(season(earnings=[{"kg": "123.456", "price_per_kg": "1.2345"}, {"kg": "0.5", "price_per_kg": "0.01"}]))

    assert [e.amount for e in result.season.earnings] == [Decimal("152.41"), Decimal("0.01")]
    assert result.gross == Decimal("152.42")


def test_it_multiplies_hours_by_rate():
    result = run(season(earnings=[{"what": "picking", "hours": "7.5", "rate": "9.26"}]))

    assert result.gross == Decimal("69.45")
    assert result.to_json()["lines"]["earnings"] == [
        {"what": "picking", "hours": "7.5", "rate": "9.26", "amount": "69.45"}
    ]


def test_it_adds_cents_exactly_where_floats_would_not():
    result = run(season(earnings=[{"amount": "0.10"}, {"amount": "0.20"}], deductions=[{"amount": "0.30"}]))

    assert result.gross == Decimal("0.30")
    assert result.net == 0
    assert result.to_json()["net"] == "0.00"
    assert "net_negative" not in result.flag_ids


def test_it_never_prints_minus_zero():
    result = run(season(earnings=[{"amount": "0.00"}], deductions=[{"amount": "0.01"}], days=60, hours_per_day=18))

    assert result.to_json()["hourly"] == "0.00"


def test_it_adds_interest_to_a_loan():
    simple = {"principal": "1000", "interest_percent": "10", "periods": 3}
    compound = {**simple, "compounding": "compound", "repaid": "31.00"}
    result = run(season(loans=[simple, compound, {"amount_owed": "5.55"}]))

    assert [x.owed for x in result.season.loans] == [Decimal("1300.00"), Decimal("1300.00"), Decimal("5.55")]
    assert result.to_json()["loans_total"] == "2605.55"


# --- flags at their edges ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("deducted", "fires"), [("100.00", False), ("100.01", True)])
def test_it_flags_a_season_ending_in_debt_only_below_zero(deducted, fires):
    result = run(season(deductions=[{"amount": deducted}]))

    assert ("net_negative" in result.flag_ids) is fires


@pytest.mark.parametrize(("owed", "fires"), [("100.00", False), ("100.01", True)])
def test_it_flags_a_positive_net_that_does_not_cover_the_loans(owed, fires):
    result = run(season(loans=[{"what": "loan at home", "amount_owed": owed}]))

    assert ("net_negative" in result.flag_ids) is fires
    if fires:
        assert result.flags[0].parts == ("explanation_loans",)
        assert "-0.01 EUR" in result.to_json()["flags"][0]["explanation"]


def test_it_mentions_the_loans_when_the_net_is_already_negative():
    result = run(season(deductions=[{"amount": "150"}], loans=[{"amount_owed": "4000"}]))

    assert result.flags[0].parts == ("explanation", "loans_also")


@pytest.mark.parametrize(
    ("deductions", "loans", "fires"),
    [
        ([{"amount": "0.00", "kind": "recruitment_fee"}], [], False),
        ([{"amount": "300", "kind": "other"}, {"amount": "50", "kind": "flights"}], [], False),
        ([{"amount": "0.01", "kind": "recruitment_fee"}], [], True),
        ([], [{"principal": "4000", "purpose": "recruitment_fee"}], True),
        ([], [{"principal": "4000", "purpose": "living"}], False),
    ],
)
def test_it_flags_fees_charged_for_recruitment(deductions, loans, fires):
    result = run(season(deductions=deductions, loans=loans))

    assert ("recruitment_fees" in result.flag_ids) is fires


@pytest.mark.parametrize(
    ("country", "hours", "fires"),
    [("FI", "13", False), ("FI", "13.01", True), ("SI", "13.01", True), ("ES", "12", False), ("ES", "12.01", True)],
)
def test_it_flags_days_longer_than_the_daily_rest_allows(country, hours, fires):
    result = run(season(country=country, days=10, hours_per_day=hours))

    assert ("hours_above_max" in result.flag_ids) is fires
    assert result.working_time.exceeded == (("daily",) if fires else ())


def test_it_cites_spanish_law_for_the_spanish_limit():
    flag = run(season(country="ES", days=10, hours_per_day="12.5")).flags[0]

    assert flag.sources[0] == "es_et_art34"
    assert flag.params["max_daily"].value == Decimal(12)


@pytest.mark.parametrize(("hours", "exceeded"), [("8", ()), ("8.01", ("weekly_average",))])
def test_it_flags_more_than_48_hours_a_week_on_average(hours, exceeded):
    result = run(season(country="IT", days=6, hours_per_day=hours, weeks=1))

    assert result.working_time.exceeded == exceeded


@pytest.mark.parametrize(("days", "exceeded"), [(12, ()), (13, ("weekly_rest",))])
def test_it_flags_weeks_without_a_day_off(days, exceeded):
    result = run(season(country="BE", days=days, hours_per_day=4, weeks=2))

    assert result.working_time.exceeded == exceeded


@pytest.mark.parametrize(("country", "reason"), [(None, "no_country"), ("TH", "no_data")])
def test_it_does_not_check_hours_it_has_no_limits_for(country, reason):
    result = run(season(country=country, days=10, hours_per_day=20))

    assert result.working_time.reason == reason
    assert "hours_above_max" not in result.flag_ids


@pytest.mark.parametrize(("deducted", "fires"), [("50.00", False), ("50.01", True)])
def test_it_flags_deductions_above_the_platform_warning_share(deducted, fires):
    result = run(season(deductions=[{"amount": deducted}]))

    assert ("deductions_share" in result.flag_ids) is fires


def test_it_does_not_divide_by_zero_pay():
    result = run(season(earnings=[], deductions=[{"amount": "10"}]))

    assert result.to_json()["deduction_share_percent"] is None
    assert result.flag_ids == ("net_negative",)


def test_it_reads_the_warning_share_from_the_data(tmp_path):
    rules = copy_rules(tmp_path, lambda r: r["flags"]["deductions_share"].update(warning_share="0.80"))

    result = compute(parse_season(season(deductions=[{"amount": "60"}])), rules)

    assert "deductions_share" not in result.flag_ids


@pytest.mark.parametrize(("net", "status"), [("56.08", "not_below"), ("56.07", "below")])
def test_it_compares_with_the_spanish_seasonal_minimum_at_its_edge(net, status):
    result = run(season(earnings=[{"amount": net}], country="ES", year=2025, days=1, hours_per_day=9))

    assert result.minimum_wage.status == status
    assert ("low_hourly" in result.flag_ids) is (status == "below")


@pytest.mark.parametrize(("net", "status"), [("58.98", "not_below"), ("58.97", "below")])
def test_it_converts_the_slovenian_monthly_minimum_to_hours(net, status):
    # 1,277.72 EUR a month for 40 h a week: 8 hours are worth 1277.72 * 12 / (40 * 52) * 8 = 58.9717 EUR.
    result = run(season(earnings=[{"amount": net}], country="SI", year=2025, days=1, hours_per_day=8))

    assert result.minimum_wage.status == status
    assert result.to_json()["minimum_wage"]["hourly_minimum"] == "7.37"


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"country": "FI", "year": 2025}, "no_statutory_minimum"),
        ({"country": "IT", "year": 2025}, "no_statutory_minimum"),
        ({"country": "BE", "year": 2025}, "no_data"),
        ({"country": "ES"}, "no_year"),
        ({"country": "ES", "year": 2019}, "no_data"),
        ({"country": "ES", "year": 2025, "currency": "SEK"}, "other_currency"),
        ({"country": "ES", "year": 2025, "days": None, "hours_per_day": None}, "no_hours"),
        ({"country": "ES", "year": 2025, "days": 121}, "not_applicable"),
        ({"year": 2025}, "no_country"),
    ],
)
def test_it_leaves_the_minimum_wage_unknown_when_it_cannot_cite_one(fields, reason):
    data = season(earnings=[{"amount": "1.00"}], **{"days": 30, "hours_per_day": 10, **fields})

    result = run(data)

    assert (result.minimum_wage.status, result.minimum_wage.reason) == ("unknown", reason)
    assert "low_hourly" not in result.flag_ids
    assert result.to_json()["minimum_wage"]["explanation"]


# --- input errors name the field --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "path", "words"),
    [
        (
            {"earnings": [{"amount": "1"}, {"kg": "3", "price_per_kg": "4,5"}]},
            "earnings[1].price_per_kg",
            "not a comma",
        ),
        ({"earnings": [{"amount": "-5"}]}, "earnings[0].amount", "negative"),
        ({"earnings": [{"amount": "NaN"}]}, "earnings[0].amount", "not a number"),
        ({"earnings": [{"amount": "Infinity"}]}, "earnings[0].amount", "not a number"),
        ({"earnings": [{"amount": Decimal("NaN")}]}, "earnings[0].amount", "not a number"),
        ({"earnings": [{"amount": 4.5}]}, "earnings[0].amount", "as a string"),
        ({"earnings": [{"amount": True}]}, "earnings[0].amount", "not a number"),
        ({"earnings": [{"amount": "1e3"}]}, "earnings[0].amount", "not a decimal number"),
        ({"earnings": [{"amount": "1.234"}]}, "earnings[0].amount", "2 decimal places"),
        ({"earnings": [{"amount": "10000000.01"}]}, "earnings[0].amount", "more than"),
        ({"earnings": [{"kg": "1000000", "price_per_kg": "10000"}]}, "earnings[0]", "more than"),
        ({"earnings": [{"ammount": "1"}]}, "earnings[0].ammount", "unknown field"),
        ({"earnings": [{"amount": "1", "kg": "2", "price_per_kg": "1"}]}, "earnings[0]", "only one"),
        ({"earnings": [{"what": "berries"}]}, "earnings[0]", "give amount"),
        ({"earnings": [{"kg": "2"}]}, "earnings[0].price_per_kg", "missing"),
        ({"earnings": ["4191.60"]}, "earnings[0]", "expected an object"),
        ({"earnings": "4191.60"}, "earnings", "expected a list"),
        ({"deductions": [{"amount": "1", "kind": "rent"}]}, "deductions[0].kind", "not one of"),
        ({"deductions": [{"what": "food"}]}, "deductions[0].amount", "missing"),
        ({"loans": [{"amount_owed": "1", "principal": "1"}]}, "loans[0]", "either"),
        ({"loans": [{"amount_owed": "1", "periods": 2}]}, "loans[0].periods", "principal"),
        ({"loans": [{"principal": "100", "interest_percent": "5"}]}, "loans[0].periods", "missing"),
        ({"loans": [{"principal": "100", "repaid": "100.01"}]}, "loans[0].repaid", "more than"),
        (
            {"loans": [{"principal": "100", "interest_percent": "100", "periods": 600, "compounding": "compound"}]},
            "loans[0]",
            "more than",
        ),
        ({"hours_per_day": "25", "days": 3}, "hours_per_day", "more than 24"),
        ({"hours_per_day": "0", "days": 3}, "hours_per_day", "more than 0"),
        ({"days": 0, "hours_per_day": 8}, "days", "outside"),
        ({"days": 367, "hours_per_day": 8}, "days", "outside"),
        ({"days": 60.0, "hours_per_day": 8}, "days", "whole number"),
        ({"days": 60}, "hours_per_day", "missing"),
        ({"weeks": "2"}, "weeks", "days"),
        ({"days": 15, "hours_per_day": 8, "weeks": "2"}, "days", "do not fit"),
        ({"currency": "euro"}, "currency", "three-letter"),
        ({"currency": None}, "currency", "missing"),
        ({"country": "FIN"}, "country", "two-letter"),
        ({"year": 1800}, "year", "outside"),
        ({"colour": "red"}, "colour", "unknown field"),
    ],
)
def test_it_names_the_field_of_every_bad_value(fields, path, words):
    with pytest.raises(SeasonError) as caught:
        parse_season(season(**fields))

    assert caught.value.path == path
    assert str(caught.value).startswith(f"{path}: ")
    assert words in caught.value.problem


def test_it_requires_the_earnings_list():
    with pytest.raises(SeasonError, match=r"^earnings: missing"):
        parse_season({"currency": "EUR"})


def test_it_refuses_input_that_is_not_an_object():
    with pytest.raises(SeasonError, match="expected an object"):
        parse_season(["EUR"])  # type: ignore[arg-type]


# --- any valid season -------------------------------------------------------------------------------------

cents = st.decimals(min_value=0, max_value=100_000, places=2, allow_nan=False, allow_infinity=False)
amount_line = cents.map(lambda d: {"amount": str(d)})
kg_line = st.tuples(
    st.decimals(min_value=0, max_value=10_000, places=3), st.decimals(min_value=0, max_value=50, places=4)
).map(lambda t: {"kg": str(t[0]), "price_per_kg": str(t[1])})
hours_line = st.tuples(
    st.decimals(min_value=0, max_value=2_000, places=2), st.decimals(min_value=0, max_value=100, places=4)
).map(lambda t: {"hours": str(t[0]), "rate": str(t[1])})
deduction_line = st.tuples(cents, st.sampled_from([None, "food", "recruitment_fee", "other"])).map(
    lambda t: {"amount": str(t[0]), **({"kind": t[1]} if t[1] else {})}
)
loan = st.one_of(
    cents.map(lambda d: {"amount_owed": str(d)}),
    st.tuples(cents, st.decimals(min_value=0, max_value=20, places=2), st.integers(0, 24)).map(
        lambda t: {"principal": str(t[0]), "interest_percent": str(t[1]), "periods": t[2]}
    ),
)
valid_season = st.fixed_dictionaries(
    {
        "currency": st.just("EUR"),
        "earnings": st.lists(st.one_of(amount_line, kg_line, hours_line), max_size=8),
        "deductions": st.lists(deduction_line, max_size=8),
        "loans": st.lists(loan, max_size=3),
    },
    optional={
        "days": st.integers(1, 366),
        "country": st.sampled_from(["FI", "SI", "BE", "IT", "ES", "TH"]),
        "year": st.sampled_from([2024, 2025]),
    },
).map(lambda d: {**d, "hours_per_day": "10.5"} if "days" in d else d)


@settings(max_examples=60, deadline=None)
@given(valid_season)
def test_it_keeps_gross_minus_deductions_equal_to_net_for_any_season(data):
    result = compute(parse_season(data))
    out = result.to_json()

    assert result.gross - result.deductions == result.net
    assert result.gross == sum((e.amount for e in result.season.earnings), Decimal(0))
    assert Decimal(out["gross"]) - Decimal(out["deductions"]) == Decimal(out["net"])
    assert Decimal(out["net"]) - Decimal(out["loans_total"]) == Decimal(out["net_after_loans"])
    for key in ("gross", "deductions", "net", "loans_total", "net_after_loans", "hourly", "hours_total"):
        if out[key] is not None:
            assert Decimal(out[key]).as_tuple().exponent == -2
    assert parse_season(result.season.to_json()) == result.season
    assert set(result.flag_ids) <= set(FLAG_IDS)


# --- texts and data ---------------------------------------------------------------------------------------


def test_it_has_every_text_in_every_required_language():
    rules = load_rules()

    for key in TEXT_KEYS:
        for lang in REQUIRED_LANGUAGES:
            assert lang in rules.text_file.texts[key], f"{key} has no {lang}"
            reviewed = rules.text(key, lang)[1]
            assert reviewed is (lang == "en"), f"{key}.{lang}: machine-assisted text must say reviewed: false"


def test_it_has_a_title_and_explanation_for_every_flag_id():
    assert set(FLAG_PARTS) == set(FLAG_IDS)
    for lang in REQUIRED_LANGUAGES:
        table = texts(lang)
        for flag_id in FLAG_IDS:
            assert table[f"flag.{flag_id}.title"]


def test_it_renders_every_flag_in_every_language():
    # Every flag at once: a debt, a fee, 13+ hour days, heavy deductions and pay below the Spanish minimum.
    data = season(
        deductions=[{"amount": "120", "kind": "recruitment_fee"}],
        loans=[{"amount_owed": "50", "purpose": "recruitment_fee"}],
        country="ES",
        year=2025,
        days=20,
        hours_per_day=14,
        weeks=3,
    )
    result = run(data)
    assert set(result.flag_ids) == set(FLAG_IDS)

    for lang in REQUIRED_LANGUAGES:
        out = result.to_json(lang)
        assert out["language"] == lang
        assert out["reviewed"] is (lang == "en")
        for flag in out["flags"]:
            assert flag["title"] and flag["explanation"]
            assert "{" not in flag["explanation"]
            assert flag["sources"]


def test_it_writes_numbers_the_way_the_language_does():
    flags = {f["id"]: f for f in run(BERRY).to_json("fi")["flags"]}

    assert "-58,24 EUR" in flags["net_negative"]["explanation"]
    assert "101,39 %" in flags["deductions_share"]["explanation"]


def test_it_falls_back_to_english_per_key(tmp_path):
    rules = copy_texts(tmp_path, lambda t: t["texts"]["label.privacy"].pop("th"))

    thai = texts("th", rules)

    assert thai["label.privacy"] == "Nothing you enter is stored."
    assert thai["label.title"] == "ตรวจสอบค่าจ้างและหนี้"
    assert texts("xx") == texts("en")
    assert run(BERRY).to_json("xx")["language"] == "en"


def test_it_has_the_labels_of_the_printable_summary():
    english = texts("en")

    for key in ("title", "gross", "deductions", "net", "hourly", "hours_worked", "flags", "where_to_get_help"):
        assert english[f"label.{key}"]
    assert english["label.privacy"] == "Nothing you enter is stored."
    assert english["label.not_legal_advice"] == "This is not legal advice."


def test_it_points_only_at_bundled_indicators():
    from jes.referral.rules.indicators import load_indicator_sets

    catalogue = load_indicator_sets()
    rules = load_rules()

    for flag_id, rule in rules.rules.flags.items():
        for indicator in rule.indicators:
            assert indicator in catalogue.by_id, f"{flag_id}: {indicator}"


def test_it_names_a_source_for_every_flag_and_rate():
    rules = load_rules().rules

    for flag_id, rule in rules.flags.items():
        assert rule.sources, flag_id
    for rate in rules.minimum_wage.rates:
        assert rate.sources and rate.hours_basis
    assert rules.flags["deductions_share"].warning_share_is == "platform_setting"


def test_it_refuses_a_float_threshold_and_names_the_field(tmp_path):
    with pytest.raises(PayRulesError, match=r"rules\.yaml: field flags\.deductions_share\.warning_share"):
        copy_rules(tmp_path, lambda r: r["flags"]["deductions_share"].update(warning_share=0.5))


def test_it_refuses_an_undefined_source(tmp_path):
    with pytest.raises(PayRulesError, match="nowhere cited but not defined"):
        copy_rules(tmp_path, lambda r: r["flags"]["low_hourly"].update(sources=["nowhere"]))


def test_it_refuses_a_translation_with_a_placeholder_english_lacks(tmp_path):
    def break_it(t):
        t["texts"]["label.title"]["fi"] = {"text": "Otsikko {net}", "reviewed": False}

    with pytest.raises(PayRulesError, match=r"texts\.label\.title\.fi: placeholders \['net'\]"):
        copy_texts(tmp_path, break_it)


def copy_rules(tmp_path, change):
    return _copy(tmp_path, "rules.yaml", change)


def copy_texts(tmp_path, change):
    return _copy(tmp_path, "texts.yaml", change)


def _copy(tmp_path, name, change):
    bundled = load_rules().directory
    for other in ("rules.yaml", "texts.yaml"):
        shutil.copy(bundled / other, tmp_path / other)
    data = yaml.safe_load((tmp_path / name).read_text(encoding="utf-8"))
    change(data)
    (tmp_path / name).write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return load_rules(tmp_path)
