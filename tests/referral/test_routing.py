"""Referral routing on vignettes per country: what fits ranks first, what is excluded says why."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jes.referral.rules.routing import ProfileError, parse_profile, reflection_period_applies, route
from jes.referral.rules.services import EXPLOITATION, NEEDS, load_directory
from tests.conftest import ROOT

DIRECTORY = load_directory(ROOT / "data" / "referral" / "services")


def ids(matches):
    return [m.id for m in matches]


def by_id(matches, service_id):
    return next(m for m in matches if m.id == service_id)


def test_si_adult_not_identified_needing_accommodation_gets_the_five_day_crisis_accommodation_first():
    profile = {"age": 30, "identified_by_police": False, "cooperates_with_police": False, "needs": ["accommodation"]}
    matches = route("SI", profile, DIRECTORY)
    order = ids(matches)
    assert order[0] == "si-kljuc-mol-crisis-accommodation"
    assert order.index("si-kljuc-mol-crisis-accommodation") < order.index("si-kljuc-safe-accommodation")
    shelter = by_id(matches, "si-kljuc-safe-accommodation")
    assert not shelter.eligible
    assert "requires cooperation with the police" in shelter.reason
    assert "not yet identified by the police" in matches[0].reason
    assert "1446" in matches[0].reason


def test_si_identified_victim_cooperating_with_police_fits_both_shelters():
    profile = {"identified_by_police": True, "cooperates_with_police": True, "needs": ["accommodation"]}
    matches = route("SI", profile, DIRECTORY)
    assert by_id(matches, "si-kljuc-safe-accommodation").eligible
    assert by_id(matches, "si-caritas-crisis-accommodation").eligible
    assert not by_id(matches, "si-kljuc-mol-crisis-accommodation").eligible


def test_si_pats_is_only_for_asylum_seekers():
    assert not by_id(route("SI", {"asylum_seeker": False}, DIRECTORY), "si-kljuc-pats").eligible
    assert by_id(route("SI", {"asylum_seeker": True}, DIRECTORY), "si-kljuc-pats").eligible


def test_it_information_need_puts_the_800_290_290_helpline_first():
    matches = route("IT", {"needs": ["information"]}, DIRECTORY)
    assert matches[0].id == "it-numero-verde-antitratta"
    assert matches[0].service.phone == "800 290 290"


def test_it_telefono_azzurro_does_not_fit_an_adult():
    azzurro = by_id(route("IT", {"age": 40}, DIRECTORY), "it-telefono-azzurro")
    assert not azzurro.eligible and "children" in azzurro.reason
    assert by_id(route("IT", {"age": 16}, DIRECTORY), "it-telefono-azzurro").eligible


def test_fi_immediate_danger_puts_the_assistance_system_helpline_first():
    matches = route("FI", {"immediate_danger": True, "needs": ["accommodation"]}, DIRECTORY)
    assert matches[0].id == "fi-assistance-system-helpline"


def test_fi_shelter_mona_is_only_for_women():
    assert not by_id(route("FI", {"gender": "man"}, DIRECTORY), "fi-monika-shelter-mona").eligible
    mona = by_id(route("FI", {}, DIRECTORY), "fi-monika-shelter-mona")
    assert mona.eligible and "for women only" in mona.reason


def test_be_legal_need_ranks_first_line_legal_assistance_first():
    assert route("BE", {"needs": ["legal"]}, DIRECTORY)[0].id == "be-first-line-legal-assistance"


def test_es_woman_needing_accommodation_gets_proyecto_esperanza():
    assert (
        route("ES", {"gender": "woman", "needs": ["accommodation", "legal"]}, DIRECTORY)[0].id
        == "es-proyecto-esperanza"
    )


def test_unknown_eligibility_is_said_not_guessed():
    riku = by_id(route("FI", {"needs": ["information"]}, DIRECTORY), "fi-riku-service-for-victims")
    assert riku.eligible and "eligibility not stated in the source" in riku.reason


def test_coordination_bodies_without_services_are_not_routed():
    assert "it-nrm" not in ids(route("IT", {}, DIRECTORY))
    assert "si-national-working-group" not in ids(route("SI", {}, DIRECTORY))


def test_reflection_period_applies_to_people_not_yet_identified_or_without_residence():
    assert reflection_period_applies(parse_profile({"identified_by_police": False}))
    assert reflection_period_applies(parse_profile({"legal_residence": False}))
    assert not reflection_period_applies(parse_profile({"identified_by_police": True}))


@pytest.mark.parametrize(
    ("profile", "field"), [({"age": "old"}, "age"), ({"needs": ["money"]}, "needs"), ({"colour": "red"}, "colour")]
)
def test_bad_profiles_name_the_field(profile, field):
    with pytest.raises(ProfileError, match=f"field {field}"):
        parse_profile(profile)


profiles = st.fixed_dictionaries(
    {},
    optional={
        "age": st.one_of(st.integers(0, 100), st.sampled_from(["child", "adult"])),
        "identified_by_police": st.booleans(),
        "cooperates_with_police": st.booleans(),
        "asylum_seeker": st.booleans(),
        "gender": st.sampled_from(["woman", "man"]),
        "immediate_danger": st.booleans(),
        "exploitation": st.lists(st.sampled_from(EXPLOITATION), unique=True),
        "needs": st.lists(st.sampled_from(list(NEEDS)), unique=True),
    },
)


@given(country=st.sampled_from(["SI", "BE", "FI", "IT", "ES"]), profile=profiles)
def test_every_service_that_does_not_fit_comes_after_all_that_do_and_says_why(country, profile):
    matches = route(country, profile, DIRECTORY)
    flags = [m.eligible for m in matches]
    assert flags == sorted(flags, reverse=True)
    for m in matches:
        assert m.reason and "seed line" in m.reason
        assert m.eligible or m.reason.startswith("does not fit")
        assert set(m.covered) <= set(profile.get("needs", []))


def test_support_for_people_in_prostitution_is_not_offered_as_a_fit_for_labour_exploitation():
    # Regression: the service had no stated form of exploitation, so a labour case ranked it among the fits.
    from jes.referral.rules.routing import route
    from jes.referral.rules.services import bundled_directory

    matches = {
        m.id: m for m in route("SI", {"exploitation": ["labour"], "needs": ["psychosocial"]}, bundled_directory())
    }
    assert not matches["si-kljuc-support-people-in-prostitution"].eligible
    sexual = {
        m.id: m for m in route("SI", {"exploitation": ["sexual"], "needs": ["psychosocial"]}, bundled_directory())
    }
    assert sexual["si-kljuc-support-people-in-prostitution"].eligible
