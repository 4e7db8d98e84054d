"""The job-advert check: rules load and fail loudly, each flag fires where it should and not on a near miss, in
every supported language, and the labelled adverts stay above a measured floor."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
import unicodedata
from functools import cache
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jes.prevention.checks.jobad import (
    MAX_CHARS,
    RISKS,
    RuleError,
    bundled_rules,
    check_advert,
    default_root,
    flag_catalogue,
    load_rules,
    risk_for,
    supported_languages,
)

ADVERTS = Path(__file__).resolve().parent / "adverts"
SEED = Path(__file__).resolve().parents[2].parent / "shared" / "seeds" / "joint-research-report-thb.txt"
LANGS = ("en", "sl", "it", "es", "fi", "nl", "fr")
FLAG_IDS = (
    "pay_too_good_unskilled",
    "no_requirements_high_pay",
    "no_company_identity",
    "messenger_only",
    "travel_costs_repaid",
    "fees_charged_to_worker",
    "documents_or_photos",
    "vague_duties",
    "urgency",
    "abroad_vulnerable_role",
    "accommodation_deductions",
)

# (flag, minimal positive, near miss) per language: the positive raises the flag, the near miss does not.
EXAMPLES: dict[str, list[tuple[str, str, str]]] = {
    "en": [
        (
            "pay_too_good_unskilled",
            "Cleaning job, earn up to 3000 a month.",
            "Cleaning job, pay by collective agreement.",
        ),
        ("no_requirements_high_pay", "High salary, no experience needed.", "Fair salary, no experience needed."),
        (
            "no_company_identity",
            "We are looking for friendly people to help in our shop during the busy summer season.",
            "We are looking for friendly people to help in our shop during the busy summer season. "
            "Apply to jobs@sunnyshop.co.uk.",
        ),
        (
            "messenger_only",
            "Interested? Write to us on WhatsApp.",
            "Interested? Write to us on WhatsApp or apply online at www.sunnyshop.co.uk.",
        ),
        (
            "travel_costs_repaid",
            "The flight ticket is deducted from your first salary.",
            "The flight ticket is paid by us and not deducted from your salary.",
        ),
        ("fees_charged_to_worker", "A registration fee of 50 EUR is required.", "We never charge a registration fee."),
        (
            "documents_or_photos",
            "Send a copy of your passport with your application.",
            "Bring your passport on your first day.",
        ),
        ("vague_duties", "Easy work, details in private.", "Work: stocking shelves and serving customers."),
        ("urgency", "Start tomorrow, limited places!", "Start date: 1 June."),
        ("abroad_vulnerable_role", "Babysitter wanted abroad.", "Babysitter wanted in our town."),
        ("accommodation_deductions", "Accommodation is deducted from wages.", "Accommodation is free of charge."),
    ],
    "sl": [
        ("pay_too_good_unskilled", "Čiščenje, zaslužek do 3000 EUR.", "Čiščenje, plačilo po kolektivni pogodbi."),
        ("no_requirements_high_pay", "Visok zaslužek, brez izkušenj.", "Redno plačilo, brez izkušenj."),
        (
            "no_company_identity",
            "Iščemo prijazne ljudi za pomoč v trgovini v poletni sezoni, delo je zanimivo.",
            "Iščemo prijazne ljudi za pomoč v trgovini v poletni sezoni, delo je zanimivo. "
            "Prijave na zaposlitev@trgovina-sonce.si.",
        ),
        ("messenger_only", "Pišite nam na WhatsApp.", "Pišite nam na WhatsApp ali na www.trgovina-sonce.si."),
        (
            "travel_costs_repaid",
            "Letalsko vozovnico vam odtegnemo od prve plače.",
            "Letalsko vozovnico plačamo mi in je ne odtegnemo od plače.",
        ),
        ("fees_charged_to_worker", "Prijavnina znaša 50 EUR.", "Nikoli ne zaračunavamo prijavnine."),
        ("documents_or_photos", "Pošljite kopijo potnega lista.", "Potni list prinesite ob podpisu pogodbe."),
        ("vague_duties", "Lahko delo, podrobnosti v zasebnem sporočilu.", "Delo: zlaganje polic in strežba kupcem."),
        ("urgency", "Začetek dela takoj, omejeno število mest!", "Začetek dela 1. junija."),
        ("abroad_vulnerable_role", "Iščemo varuško v tujini.", "Iščemo varuško v Ljubljani."),
        ("accommodation_deductions", "Nastanitev se odšteje od plače.", "Nastanitev je brezplačna."),
    ],
    "it": [
        (
            "pay_too_good_unskilled",
            "Lavoro di pulizie, guadagni fino a 3000 euro.",
            "Lavoro di pulizie, retribuzione da CCNL.",
        ),
        ("no_requirements_high_pay", "Guadagni alti, senza esperienza.", "Retribuzione da CCNL, senza esperienza."),
        (
            "no_company_identity",
            "Cerchiamo persone gentili per aiutare nel negozio durante la stagione estiva, lavoro interessante.",
            "Cerchiamo persone gentili per aiutare nel negozio durante la stagione estiva, lavoro interessante. "
            "Candidature a lavoro@negoziosole.it.",
        ),
        ("messenger_only", "Scrivici su WhatsApp.", "Scrivici su WhatsApp o candidati sul sito www.negoziosole.it."),
        (
            "travel_costs_repaid",
            "Il biglietto aereo viene trattenuto dal primo stipendio.",
            "Il biglietto aereo è pagato da noi e non viene trattenuto.",
        ),
        ("fees_charged_to_worker", "Quota di iscrizione 50 euro.", "Nessuna quota di iscrizione."),
        ("documents_or_photos", "Inviare copia del passaporto.", "Inviare CV con foto."),
        ("vague_duties", "Lavoro semplice, dettagli in privato.", "Mansioni: rifornimento scaffali e cassa."),
        ("urgency", "Inizio subito, posti limitati!", "Inizio il 1 giugno."),
        ("abroad_vulnerable_role", "Cercasi baby sitter all'estero.", "Cercasi baby sitter a Milano."),
        ("accommodation_deductions", "Alloggio trattenuto dallo stipendio.", "Alloggio gratuito."),
    ],
    "es": [
        (
            "pay_too_good_unskilled",
            "Trabajo de limpieza, gana hasta 3000 euros.",
            "Trabajo de limpieza, salario según convenio.",
        ),
        ("no_requirements_high_pay", "Sueldo muy alto, sin experiencia.", "Salario según convenio, sin experiencia."),
        (
            "no_company_identity",
            "Buscamos personas amables para ayudar en la tienda durante la temporada de verano, trabajo interesante.",
            "Buscamos personas amables para ayudar en la tienda durante la temporada de verano, trabajo interesante. "
            "Candidaturas a empleo@tiendasol.es.",
        ),
        ("messenger_only", "Escríbenos por WhatsApp.", "Escríbenos por WhatsApp o inscríbete en www.tiendasol.es."),
        (
            "travel_costs_repaid",
            "El billete de avión se descuenta del primer sueldo.",
            "El billete de avión lo pagamos nosotros y no se descuenta del sueldo.",
        ),
        ("fees_charged_to_worker", "Cuota de inscripción de 50 euros.", "No cobramos cuota de inscripción."),
        ("documents_or_photos", "Envía copia del pasaporte.", "Envía tu CV con foto."),
        ("vague_duties", "Trabajo fácil, detalles por privado.", "Funciones: reponer y atender clientes."),
        ("urgency", "Incorporación inmediata, plazas limitadas.", "Incorporación el 1 de junio."),
        ("abroad_vulnerable_role", "Se busca niñera en el extranjero.", "Se busca niñera en Madrid."),
        ("accommodation_deductions", "El alojamiento se descuenta del sueldo.", "El alojamiento es gratuito."),
    ],
    "fi": [
        (
            "pay_too_good_unskilled",
            "Siivoustyötä, ansaitse jopa 3000 euroa.",
            "Siivoustyötä, palkka työehtosopimuksen mukaan.",
        ),
        (
            "no_requirements_high_pay",
            "Korkea palkka, ei vaadita kokemusta.",
            "Palkka TES:n mukaan, ei vaadita kokemusta.",
        ),
        (
            "no_company_identity",
            "Etsimme ystävällisiä ihmisiä auttamaan kaupassa kiireisen kesäkauden aikana, työ on mukavaa.",
            "Etsimme ystävällisiä ihmisiä auttamaan kaupassa kiireisen kesäkauden aikana, työ on mukavaa. "
            "Hakemukset: rekry@kauppa-aurinko.fi.",
        ),
        (
            "messenger_only",
            "Laita viestiä WhatsAppiin.",
            "Laita viestiä WhatsAppiin tai hae osoitteessa www.kauppa-aurinko.fi.",
        ),
        (
            "travel_costs_repaid",
            "Lentoliput vähennetään ensimmäisestä palkasta.",
            "Lentoliput maksamme me, eikä niitä vähennetä palkasta.",
        ),
        ("fees_charged_to_worker", "Välitysmaksu 200 euroa.", "Emme peri välitysmaksua."),
        ("documents_or_photos", "Lähetä kopio passista.", "Ota passi mukaan ensimmäisenä työpäivänä."),
        ("vague_duties", "Helppoa työtä, lisätiedot yksityisviestillä.", "Tehtävät: hyllytys ja asiakaspalvelu."),
        ("urgency", "Aloitus heti, paikkoja rajoitetusti!", "Aloitus 1.6."),
        ("abroad_vulnerable_role", "Haemme lastenhoitajaa ulkomaille.", "Haemme lastenhoitajaa Tampereelle."),
        ("accommodation_deductions", "Asunto vähennetään palkasta.", "Asunto on ilmainen."),
    ],
    "nl": [
        ("pay_too_good_unskilled", "Schoonmaakwerk, verdien tot 3000 euro.", "Schoonmaakwerk, loon volgens cao."),
        ("no_requirements_high_pay", "Hoog salaris, geen ervaring nodig.", "Salaris volgens cao, geen ervaring nodig."),
        (
            "no_company_identity",
            "Wij zoeken vriendelijke mensen om te helpen in de winkel tijdens het drukke zomerseizoen.",
            "Wij zoeken vriendelijke mensen om te helpen in de winkel tijdens het drukke zomerseizoen. "
            "Solliciteer via werk@winkelzon.nl.",
        ),
        (
            "messenger_only",
            "Stuur ons een bericht via WhatsApp.",
            "Stuur ons een bericht via WhatsApp of solliciteer online via www.winkelzon.nl.",
        ),
        (
            "travel_costs_repaid",
            "Het vliegticket wordt ingehouden op je eerste loon.",
            "Het vliegticket betalen wij en wordt niet ingehouden.",
        ),
        ("fees_charged_to_worker", "Inschrijfgeld 50 euro.", "Wij vragen geen inschrijfgeld."),
        ("documents_or_photos", "Stuur een kopie van je paspoort.", "Neem je paspoort mee op je eerste werkdag."),
        ("vague_duties", "Makkelijk werk, meer info via privé.", "Taken: vakken vullen en klanten helpen."),
        ("urgency", "Morgen beginnen, beperkt aantal plaatsen!", "Startdatum: 1 juni."),
        ("abroad_vulnerable_role", "Oppas gezocht in het buitenland.", "Oppas gezocht in Utrecht."),
        ("accommodation_deductions", "Huisvesting wordt ingehouden op het loon.", "Huisvesting is gratis."),
    ],
    "fr": [
        (
            "pay_too_good_unskilled",
            "Travail de nettoyage, gagnez jusqu'à 3000 euros.",
            "Travail de nettoyage, salaire selon la convention.",
        ),
        (
            "no_requirements_high_pay",
            "Salaire très élevé, sans expérience.",
            "Salaire selon la convention, sans expérience.",
        ),
        (
            "no_company_identity",
            "Nous cherchons des personnes aimables pour aider au magasin pendant la saison d'été.",
            "Nous cherchons des personnes aimables pour aider au magasin pendant la saison d'été. "
            "Candidature à emploi@magasinsoleil.fr.",
        ),
        (
            "messenger_only",
            "Écrivez-nous sur WhatsApp.",
            "Écrivez-nous sur WhatsApp ou postulez en ligne sur www.magasinsoleil.fr.",
        ),
        (
            "travel_costs_repaid",
            "Le billet d'avion est déduit du premier salaire.",
            "Le billet d'avion est payé par nous et n'est pas déduit du salaire.",
        ),
        ("fees_charged_to_worker", "Frais d'inscription de 50 euros.", "Pas de frais d'inscription."),
        ("documents_or_photos", "Envoyez une copie de votre passeport.", "Envoyez votre CV avec photo."),
        ("vague_duties", "Travail facile, détails en privé.", "Missions : mise en rayon et accueil des clients."),
        ("urgency", "Début immédiat, places limitées !", "Début le 1er juin."),
        ("abroad_vulnerable_role", "Cherche baby-sitter à l'étranger.", "Cherche baby-sitter à Lyon."),
        ("accommodation_deductions", "Le logement est déduit du salaire.", "Le logement est gratuit."),
    ],
}

CASES = [(lang, flag, pos, neg) for lang, rows in EXAMPLES.items() for flag, pos, neg in rows]


@cache
def _adverts() -> list[dict]:
    out = []
    for path in sorted(ADVERTS.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        out.extend({**item, "lang": data["lang"]} for item in data["adverts"])
    return out


def _copy_rules(tmp_path: Path, *langs: str) -> Path:
    """flags.yaml, common.yaml and the given languages' files (fewer files, faster loads) in a scratch folder."""
    root = tmp_path / "jobad"
    root.mkdir()
    for name in ("flags.yaml", "common.yaml", *(f"{lang}.yaml" for lang in langs)):
        shutil.copy(default_root() / name, root / name)
    return root


# --- loading --------------------------------------------------------------------------------------------------


def test_it_loads_every_partner_language_and_every_flag():
    rules = bundled_rules()
    assert supported_languages() == LANGS
    assert tuple(rule.id for rule in rules.flags) == FLAG_IDS
    for code in LANGS[1:]:
        language = rules.languages[code]
        assert set(language.texts) == set(FLAG_IDS), code
        assert language.reviewed is False, f"{code}: machine-assisted texts must stay reviewed: false"


def test_it_cites_a_source_for_every_flag():
    rules = bundled_rules()
    for rule in rules.flags:
        assert rule.sources, rule.id
        assert "(" in rule.explanation and ")" in rule.explanation, f"{rule.id}: the explanation names its source"
        for source in rule.sources:
            assert source.url or source.seed_lines
            assert source.url is None or source.url.startswith(("http://", "https://"))


@pytest.mark.skipif(not SEED.exists(), reason="seed report not beside the checkout")
def test_it_cites_seed_lines_that_exist():
    last_line = len(SEED.read_text(encoding="utf-8").splitlines())
    for rule in bundled_rules().flags:
        for source in rule.sources:
            for span in (source.seed_lines or "").split(", "):
                if span:
                    first, last = (int(n) for n in span.split("-"))
                    assert 1 <= first <= last <= last_line, (rule.id, span)


def test_it_links_flags_only_to_known_indicators():
    from jes.referral.rules.indicators import load_indicator_sets

    catalogue = load_indicator_sets()
    for rule in bundled_rules().flags:
        catalogue.resolve(rule.indicators)


def test_it_refuses_an_invalid_regular_expression_naming_file_and_cue(tmp_path):
    root = _copy_rules(tmp_path, "sl")
    path = root / "sl.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["cues"]["fee_request"]["patterns"].append("(unclosed")
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(RuleError, match=r"sl\.yaml: cue fee_request: pattern \d+: not a valid regular expression"):
        load_rules(root)


def test_it_refuses_a_pattern_that_matches_empty_text(tmp_path):
    root = _copy_rules(tmp_path, "en")
    path = root / "en.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["cues"]["urgent"]["patterns"].append("a*")
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(RuleError, match=r"en\.yaml: cue urgent: pattern \d+: matches the empty text"):
        load_rules(root)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda flag: flag.update(weight=5), r"flags\.yaml: flag 1 \(pay_too_good_unskilled\): field weight"),
        (lambda flag: flag.update(sources=["nowhere"]), r"flag 1 \(pay_too_good_unskilled\): field sources: unknown"),
        (
            lambda flag: flag.update(when=[{"all_of": ["no_such_cue"]}]),
            r"flag pay_too_good_unskilled: cue 'no_such_cue'",
        ),
        (lambda flag: flag.update(colour="red"), r"flag 1 \(pay_too_good_unskilled\): field colour"),
    ],
)
def test_it_refuses_a_bad_flag_naming_file_and_flag(tmp_path, change, message):
    root = _copy_rules(tmp_path, "en")
    path = root / "flags.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data["flags"][0])
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(RuleError, match=message):
        load_rules(root)


def test_it_refuses_a_language_file_whose_name_differs_from_its_lang(tmp_path):
    root = _copy_rules(tmp_path, "sl")
    (root / "sl.yaml").rename(root / "hr.yaml")
    with pytest.raises(RuleError, match=r"hr\.yaml: field lang: 'sl' differs from the file name 'hr'"):
        load_rules(root)


def test_it_loads_a_folder_with_fewer_languages(tmp_path):
    assert load_rules(_copy_rules(tmp_path, "fi")).langs == ("fi",)


def test_it_refuses_a_folder_without_flags(tmp_path):
    with pytest.raises(RuleError, match="flags.yaml not found"):
        load_rules(tmp_path)


def test_it_refuses_a_translation_of_an_unknown_flag(tmp_path):
    root = _copy_rules(tmp_path, "it")
    path = root / "it.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["flags"]["made_up"] = {"name": "x", "explanation": "y"}
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(RuleError, match=r"it\.yaml: flag made_up: not defined in flags\.yaml"):
        load_rules(root)


# --- each flag, each language ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("lang", "flag", "positive", "near_miss"), CASES, ids=[f"{c[0]}-{c[1]}" for c in CASES])
def test_it_raises_each_flag_on_a_positive_and_not_on_a_near_miss(lang, flag, positive, near_miss):
    assert flag in check_advert(positive, lang).flag_ids
    assert flag not in check_advert(near_miss, lang).flag_ids


def test_every_flag_has_an_example_in_every_language():
    for lang in LANGS:
        assert {row[0] for row in EXAMPLES[lang]} == set(FLAG_IDS), lang


@pytest.mark.parametrize(
    ("lang", "variants", "flag"),
    [
        (
            "sl",
            ["Visok zaslužek, brez izkušenj.", "VISOK ZASLUŽEK, BREZ IZKUŠENJ.", "visok zasluzek, brez izkusenj."],
            "no_requirements_high_pay",
        ),
        (
            "fr",
            ["Salaire très élevé, sans expérience.", "SALAIRE TRES ELEVE, SANS EXPERIENCE."],
            "no_requirements_high_pay",
        ),
        ("fi", ["Lähetä kopio passista.", "LAHETA KOPIO PASSISTA."], "documents_or_photos"),
        ("en", ["Contact ONLY via WHATSAPP.", "contact only via whatsapp."], "messenger_only"),
        ("es", ["Se busca NIÑERA en el EXTRANJERO.", "se busca ninera en el extranjero."], "abroad_vulnerable_role"),
    ],
)
def test_it_ignores_case_and_diacritics(lang, variants, flag):
    for text in variants:
        assert flag in check_advert(text, lang).flag_ids, text


def test_evidence_spans_point_at_the_matched_text():
    text = "Urgent!!! Registration fee of 50 EUR, then send a copy of your passport to our WhatsApp."
    result = check_advert(text, "en")
    fee = next(f for f in result.flags if f.id == "fees_charged_to_worker")
    assert [e.text for e in fee.evidence] == ["Registration fee of 50 EUR"]
    for flag in result.flags:
        for ev in flag.evidence:
            assert text[ev.start : ev.end] == ev.text and ev.text


def test_evidence_spans_map_back_through_decomposed_diacritics():
    # NFD input: "š" as s + combining caron, so the folded text is shorter than the original.
    text = unicodedata.normalize("NFD", "Čudovita priložnost! Visok zaslužek, brez izkušenj.")
    flag = next(f for f in check_advert(text, "sl").flags if f.id == "no_requirements_high_pay")
    assert [unicodedata.normalize("NFC", e.text) for e in flag.evidence] == ["Visok zaslužek", "brez izkušenj"]
    for ev in flag.evidence:
        assert text[ev.start : ev.end] == ev.text


def test_it_drops_a_cue_negated_just_before_it_or_excused_in_its_sentence():
    never = check_advert("We never ask candidates to pay a registration fee.", "en")
    assert "fees_charged_to_worker" not in never.flag_ids
    assert "fees_charged_to_worker" not in check_advert("The visa fee is paid by the employer.", "en").flag_ids
    assert "fees_charged_to_worker" in check_advert("The visa fee is paid by you.", "en").flag_ids


# --- risk and the result --------------------------------------------------------------------------------------


def test_it_combines_weights_into_three_bands():
    bands = {score: risk_for(score, 3, 6) for score in (0, 2, 3, 5, 6, 11)}
    assert bands == {0: "low", 2: "low", 3: "medium", 5: "medium", 6: "high", 11: "high"}
    assert check_advert("", "en").risk == "low" and check_advert("", "en").flags == []
    assert check_advert("Registration fee 50 EUR.", "en").risk == "medium"  # a weight-3 flag alone


def test_to_json_keeps_the_stable_interface():
    result = check_advert("Babysitter abroad, earn up to 3000, no experience. WhatsApp only. Start tomorrow!", "en")
    data = json.loads(json.dumps(result.to_json()))
    assert {"flags", "risk"} <= set(data) and data["risk"] in RISKS and data["lang"] == "en"
    assert data["flags"], "the example raises flags"
    for flag in data["flags"]:
        assert {"id", "explanation"} <= set(flag)
        assert {"name", "explanation_en", "weight", "sources", "evidence"} <= set(flag)
        for ev in flag["evidence"]:
            assert set(ev) == {"start", "end", "text", "cue"}


def test_it_gives_texts_in_the_adverts_language_and_always_in_english():
    flag = check_advert("Iščemo varuško v tujini.", "sl").flags[0]
    assert flag.name.startswith("Delo v tujini") and flag.name_en.startswith("Work abroad")
    assert flag_catalogue("fr")[0]["name"].startswith("Salaire")


def test_it_reads_a_region_tag_and_refuses_an_unknown_language():
    assert check_advert("Iščemo varuško v tujini.", "sl-SI").lang == "sl"
    with pytest.raises(ValueError, match="unsupported language 'de'"):
        check_advert("Babysitter gesucht", "de")


def test_it_checks_only_the_first_characters_of_a_very_long_text():
    result = check_advert("x " * MAX_CHARS + "Registration fee 50 EUR.", "en")
    assert result.truncated and "fees_charged_to_worker" not in result.flag_ids


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(max_size=400), lang=st.sampled_from((None, *LANGS)))
def test_arbitrary_text_never_crashes_and_risk_is_one_of_three(text, lang):
    result = check_advert(text, lang)
    assert result.risk in RISKS and result.lang in LANGS
    for flag in result.flags:
        for ev in flag.evidence:
            assert 0 <= ev.start < ev.end <= len(text) and text[ev.start : ev.end] == ev.text


PHRASES = [row[i] for rows in EXAMPLES.values() for row in rows for i in (1, 2)]


@settings(max_examples=30, deadline=None)
@given(parts=st.lists(st.sampled_from(PHRASES), max_size=6), glue=st.sampled_from([" ", "\n", ", ", " - ", "!! "]))
def test_mixed_phrases_keep_spans_exact(parts, glue):
    text = glue.join(parts)
    result = check_advert(text)
    assert result.risk in RISKS
    assert result.score == sum(f.weight for f in result.flags)
    for flag in result.flags:
        for ev in flag.evidence:
            assert text[ev.start : ev.end] == ev.text


# --- the labelled adverts -------------------------------------------------------------------------------------


def test_the_labelled_set_is_balanced_and_uses_known_flags():
    adverts = _adverts()
    assert (ADVERTS / "README.md").exists()
    assert len(adverts) >= 60 and len({a["id"] for a in adverts}) == len(adverts)
    assert {a["lang"] for a in adverts} == set(LANGS)
    suspicious = sum(a["label"] == "suspicious" for a in adverts)
    assert abs(suspicious - len(adverts) / 2) <= len(adverts) / 10
    for advert in adverts:
        assert advert["label"] in ("suspicious", "ordinary")
        assert set(advert["flags"]) <= set(FLAG_IDS), advert["id"]
        assert advert.get("split", "tuning") in ("tuning", "heldout")


def test_the_rules_stay_above_the_measured_floor_on_the_labelled_set():
    # Measured on all 84 adverts (70 tuning + 14 held out): advert level precision 0.98, recall 1.00; flag level
    # (micro) precision 0.98, recall 0.88. Floors sit below with margin; the set is constructed and the rules were
    # tuned on most of it, so these are regression guards, not estimates for real adverts.
    tp = fp = fn = ftp = ffp = ffn = 0
    for advert in _adverts():
        result = check_advert(advert["text"], advert["lang"])
        predicted, actual = result.risk != "low", advert["label"] == "suspicious"
        tp += predicted and actual
        fp += predicted and not actual
        fn += actual and not predicted
        raised, wanted = set(result.flag_ids), set(advert["flags"])
        ftp, ffp, ffn = ftp + len(raised & wanted), ffp + len(raised - wanted), ffn + len(wanted - raised)
    assert tp / (tp + fp) >= 0.90 and tp / (tp + fn) >= 0.90
    assert ftp / (ftp + ffp) >= 0.90 and ftp / (ftp + ffn) >= 0.75


def test_it_recognises_the_language_of_the_labelled_adverts():
    # Measured: 84 of 84.
    adverts = _adverts()
    right = sum(check_advert(a["text"]).lang == a["lang"] for a in adverts)
    assert right / len(adverts) >= 0.95


def test_a_long_run_of_digits_is_checked_in_linear_time():
    # A pattern without a left anchor once made this take 21 s at 20,000 characters (quadratic backtracking).
    started = time.perf_counter()
    check_advert("0" * 10_000)
    assert time.perf_counter() - started < 2.0


# --- the engine stays pure ------------------------------------------------------------------------------------


def test_the_engine_imports_no_django():
    code = "import sys, jes.prevention.checks.jobad; sys.exit(any(m.split('.')[0] == 'django' for m in sys.modules))"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
