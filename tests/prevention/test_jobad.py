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
LANGS = ("en", "sl", "it", "es", "fi", "nl", "fr", "uk", "ro")
# Ukrainian and Romanian came later, with a tuning and a held-out part of labelled adverts but no tuning2 part.
TUNING2_LANGS = ("en", "sl", "it", "es", "fi", "nl", "fr")
LATER_LANGS = ("uk", "ro")
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
    "uk": [
        (
            "pay_too_good_unskilled",
            "Прибирання, заробіток до 3000 євро.",
            "Прибирання, оплата згідно з договором.",
        ),
        ("no_requirements_high_pay", "Висока зарплата, без досвіду.", "Зарплата згідно з договором, без досвіду."),
        (
            "no_company_identity",
            "Шукаємо привітних людей на допомогу в магазині під час літнього сезону, робота цікава.",
            "Шукаємо привітних людей на допомогу в магазині під час літнього сезону, робота цікава. "
            "Резюме на hr@magazyn-sonce.com.ua.",
        ),
        (
            "messenger_only",
            "Пишіть нам у Вайбер.",
            "Пишіть нам у Вайбер або заповніть анкету на сайті www.magazyn-sonce.com.ua.",
        ),
        (
            "travel_costs_repaid",
            "Вартість квитка вираховується з першої зарплати.",
            "Квиток оплачує роботодавець, він не вираховується із зарплати.",
        ),
        ("fees_charged_to_worker", "Реєстраційний внесок 50 євро.", "Ми ніколи не беремо реєстраційний внесок."),
        (
            "documents_or_photos",
            "Надішліть копію паспорта.",
            "Паспорт візьміть із собою в перший робочий день.",
        ),
        (
            "vague_duties",
            "Легка робота, деталі в особисті.",
            "Обов'язки: викладка товару та обслуговування покупців.",
        ),
        ("urgency", "Початок роботи завтра, кількість місць обмежена!", "Початок роботи 1 червня."),
        ("abroad_vulnerable_role", "Шукаємо няню за кордоном.", "Шукаємо няню у Львові."),
        ("accommodation_deductions", "Житло вираховується із зарплати.", "Житло безкоштовне."),
    ],
    "ro": [
        (
            "pay_too_good_unskilled",
            "Curățenie, câștig până la 3000 euro.",
            "Curățenie, salariu conform contractului colectiv.",
        ),
        (
            "no_requirements_high_pay",
            "Salariu mare, fără experiență.",
            "Salariu conform contractului, fără experiență.",
        ),
        (
            "no_company_identity",
            "Căutăm oameni prietenoși care să ajute în magazin pe durata sezonului de vară, munca este plăcută.",
            "Căutăm oameni prietenoși care să ajute în magazin pe durata sezonului de vară, munca este plăcută. "
            "CV la hr@magazinsoare.ro.",
        ),
        (
            "messenger_only",
            "Scrieți-ne pe WhatsApp.",
            "Scrieți-ne pe WhatsApp sau aplicați online pe www.magazinsoare.ro.",
        ),
        (
            "travel_costs_repaid",
            "Biletul de avion se reține din primul salariu.",
            "Biletul de avion este plătit de noi și nu se reține din salariu.",
        ),
        ("fees_charged_to_worker", "Taxa de înscriere este de 50 euro.", "Nu percepem taxă de înscriere."),
        ("documents_or_photos", "Trimiteți copia pașaportului.", "Pașaportul îl prezentați în prima zi de lucru."),
        (
            "vague_duties",
            "Muncă ușoară, detalii în privat.",
            "Sarcini: aprovizionarea rafturilor și servirea clienților.",
        ),
        ("urgency", "Începere imediată, locuri limitate!", "Începere pe 1 iunie."),
        ("abroad_vulnerable_role", "Căutăm bonă în străinătate.", "Căutăm bonă în Cluj."),
        ("accommodation_deductions", "Cazarea se reține din salariu.", "Cazarea este gratuită."),
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


@cache
def _detected() -> dict[str, str]:
    """The language the check chooses (lang=None) for each labelled advert, by advert id."""
    return {a["id"]: check_advert(a["text"]).lang for a in _adverts()}


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


# Wording families (split tuning2 of the labelled adverts): the rules once matched the tuning adverts' exact phrases
# and missed new wording. Per language and family: a positive worded unlike the labelled adverts, and a near miss
# that must stay silent (a cost of another kind, a refund to the worker, a negation, an ordinary photo or deposit).
T, F, D = "travel_costs_repaid", "fees_charged_to_worker", "documents_or_photos"
FAMILIES: dict[str, list[tuple[str, str, str, str]]] = {
    "en": [
        (
            T,
            "paid then deducted",
            "Flight paid by us, deducted from your first salary.",
            "Flights paid by us, accommodation deducted from wages.",
        ),
        (
            T,
            "we pay, you pay us back",
            "We pay your ticket, you pay us back.",
            "We pay your ticket; your visa costs are refunded to you.",
        ),
        (
            T,
            "recovered from wages",
            "Transport costs will be recovered from your wages.",
            "Transport costs are covered and will not be recovered from your wages.",
        ),
        (
            T,
            "advance on travel",
            "We give you an advance on travel.",
            "A salary advance is available in the first month.",
        ),
        (
            T,
            "travel and housing, costs deducted",
            "Travel and accommodation are arranged, the costs are deducted from pay.",
            "Travel and accommodation are free, meals are deducted from wages.",
        ),
        (F, "pay to secure the job", "Pay 200 EUR to secure the job.", "To secure your place, send your CV today."),
        (
            F,
            "deposit reserves a bed",
            "A deposit reserves your bed in the staff house.",
            "A deposit of one month's rent is required for the flat.",
        ),
        (
            F,
            "cost of the contract",
            "The cost of the contract is 300 EUR.",
            "The cost of the training is covered by the company.",
        ),
        (F, "named fee", "Medical fee of 60 EUR before departure.", "There is no processing fee for candidates."),
        (
            F,
            "borne by the candidate",
            "Document fees are paid by the candidate.",
            "Document fees are paid by the employer.",
        ),
        (
            F,
            "security fee",
            "Candidates deposit a refundable security fee.",
            "A refundable security deposit of one month's rent is payable for the staff flat.",
        ),
        (D, "passport for the visa", "We need your passport for the visa.", "You need a valid passport."),
        (
            D,
            "ID photographed",
            "Passport and ID card photographed and sent by e-mail.",
            "Send your CV with a passport photo.",
        ),
        (
            D,
            "documents in advance",
            "Send your documents in advance for the contract.",
            "Send your application documents to hr@example.com.",
        ),
        (D, "head-to-toe photos", "Head-to-toe photos required.", "Send a recent photo with your CV."),
        (D, "without make-up", "Photos without make-up.", "We do not ask for photos without make-up."),
        (
            "messenger_only",
            "Messenger app",
            "Reply on Facebook Messenger.",
            "Bike messenger wanted, apply online at www.example.co.uk/jobs.",
        ),
        ("urgency", "reply at once", "Reply today!", "Reply by 30 June."),
        (
            "no_requirements_high_pay",
            "any language named",
            "High salary, no German needed.",
            "Fair salary, no German needed.",
        ),
        (
            "pay_too_good_unskilled",
            "well-paid overtime",
            "Cleaning job, very well paid.",
            "Cleaning job, well-paid overtime.",
        ),
    ],
    "sl": [
        (
            T,
            "paid then deducted",
            "Letalsko karto plačamo mi, odštejemo jo od prve plače.",
            "Letalska karta je plačana, nastanitev odtegnemo od plače.",
        ),
        (
            T,
            "you return it to us",
            "Prevoz uredimo mi, stroške pa nam poplačate v obrokih.",
            "Stroške prevoza vam povrnemo s prvo plačo.",
        ),
        (T, "advance on travel", "Za pot vam damo predujem.", "Na željo izplačamo predujem plače."),
        (
            F,
            "pay to reserve",
            "Za rezervacijo mesta nakažite 100 EUR.",
            "Plača po kolektivni pogodbi znaša 1.300 EUR bruto.",
        ),
        (F, "contract costs", "Pogodba stane 200 EUR.", "Stroške usposabljanja krije delodajalec."),
        (
            F,
            "borne by the candidate",
            "Stroške zdravniškega pregleda krije kandidat.",
            "Kandidati ne plačajo nobenih stroškov prijave.",
        ),
        (D, "passport for the visa", "Potrebujemo vaš potni list za vizum.", "Potrebujete veljaven potni list."),
        (D, "body photos", "Fotke v kopalkah.", "Pošljite življenjepis s fotografijo."),
        (D, "without make-up", "Ena fotografija brez ličil.", "Potni list prinesite ob podpisu pogodbe."),
    ],
    "it": [
        (
            T,
            "paid then deducted",
            "Volo pagato da noi, trattenuto dal primo stipendio.",
            "Volo pagato, alloggio trattenuto dallo stipendio.",
        ),
        (
            T,
            "we pay, you give it back",
            "Paghiamo noi il biglietto, tu ce lo restituisci.",
            "Ti rimborsiamo il viaggio con il primo stipendio.",
        ),
        (T, "advance on travel", "Il visto lo anticipiamo noi.", "È possibile un anticipo sullo stipendio."),
        (
            F,
            "pay to hold the place",
            "Per riservare il posto letto si versano 100 euro.",
            "Per riservare il posto invia il CV.",
        ),
        (
            F,
            "cost of the contract",
            "Costo del contratto 300 euro.",
            "Le spese di formazione sono a carico dell'azienda.",
        ),
        (F, "borne by the candidate", "Visita medica a carico del candidato.", "Nessun costo a carico del candidato."),
        (D, "ID front and back", "Mandaci la carta d'identità fronte e retro.", "Invia il CV con foto."),
        (D, "head-to-toe photos", "Foto dalla testa ai piedi.", "Documento d'identità al momento dell'assunzione."),
        (D, "without make-up", "Un primo piano senza trucco.", "È necessario un passaporto valido."),
    ],
    "es": [
        (
            T,
            "paid then deducted",
            "Vuelo pagado por nosotros, descontado de tu primera nómina.",
            "Vuelo pagado, alojamiento descontado de la nómina.",
        ),
        (
            T,
            "we pay, you give it back",
            "Te pagamos el billete y tú nos lo devuelves.",
            "Te reembolsamos el viaje al presentar el justificante.",
        ),
        (T, "advance on travel", "Te damos un anticipo para el viaje.", "Te adelantamos parte del primer salario."),
        (
            F,
            "pay to reserve",
            "Para reservar tu plaza hay que pagar 100 €.",
            "Para reservar tu entrevista envía el CV.",
        ),
        (
            F,
            "paperwork charge",
            "120 € en concepto de documentación.",
            "El proceso no tiene ningún coste para el candidato.",
        ),
        (F, "contract costs", "El contrato cuesta 250 €.", "La formación corre a cargo de la empresa."),
        (D, "passport for the visa", "Necesitamos tu pasaporte para el visado.", "Es necesario pasaporte en vigor."),
        (D, "head-to-toe photos", "Fotos de pies a cabeza.", "Envía tu CV con foto."),
        (D, "without make-up", "Una foto sin maquillaje.", "El DNI se presenta el primer día."),
    ],
    "fi": [
        (
            T,
            "paid then deducted",
            "Lento maksetaan meidän toimesta, ja se vähennetään ensimmäisestä palkasta.",
            "Lennot maksetaan, majoitus vähennetään palkasta.",
        ),
        (
            T,
            "we pay, you pay back",
            "Maksamme lentosi, ja sinä maksat sen takaisin palkastasi.",
            "Korvaamme matkakulusi ensimmäisen palkan yhteydessä.",
        ),
        (T, "advance on travel", "Saat matkaennakon, joka kuitataan palkasta.", "Halutessasi saat palkkaennakon."),
        (F, "pay to reserve", "Paikan varaamiseksi maksat 100 euroa.", "Emme peri välitysmaksua."),
        (F, "named fee", "Palvelumaksu 80 euroa.", "Hakeminen on maksutonta, emmekä peri rekisteröintimaksuja."),
        (F, "left to the applicant", "Lääkärintarkastus jää hakijan maksettavaksi.", "Yritys maksaa viisumimaksun."),
        (D, "passport for the contract", "Tarvitsemme passisi sopimusta varten.", "Voimassa oleva passi tarvitaan."),
        (D, "body photos", "Vartalokuvia uimapuvussa.", "Liitä hakemukseen CV ja kuva."),
        (D, "without make-up", "Kuva ilman meikkiä.", "Ota passi mukaan ensimmäisenä työpäivänä."),
    ],
    "nl": [
        (
            T,
            "paid then withheld",
            "Vlucht door ons betaald, ingehouden op je eerste loon.",
            "Vlucht betaald, huisvesting ingehouden op het loon.",
        ),
        (
            T,
            "we pay, you pay us back",
            "Wij betalen je ticket, jij betaalt ons terug.",
            "De reiskosten worden vergoed en met je eerste loon uitbetaald.",
        ),
        (T, "advance on travel", "We schieten je ticket voor.", "Desgewenst een voorschot op je salaris."),
        (
            F,
            "pay to reserve",
            "Om je plek te reserveren betaal je 100 euro.",
            "Om je plek te reserveren stuur je je cv.",
        ),
        (F, "contract costs", "Het contract kost 200 euro.", "Huur 450 euro per maand inclusief servicekosten."),
        (F, "own account", "Keuringskosten voor eigen rekening.", "Opleidingskosten worden vergoed."),
        (
            D,
            "passport details for the ticket",
            "We hebben je paspoortgegevens nodig voor het ticket.",
            "Een geldig paspoort is vereist.",
        ),
        (D, "head-to-toe photos", "Foto's van top tot teen.", "Stuur je cv met foto."),
        (D, "without make-up", "Een foto zonder make-up.", "Neem je paspoort mee op je eerste werkdag."),
    ],
    "fr": [
        (
            T,
            "paid then deducted",
            "Vol payé par nous, déduit de votre premier salaire.",
            "Vol payé, logement retenu sur le salaire.",
        ),
        (
            T,
            "we pay, you pay us back",
            "On vous paie le billet, vous nous le remboursez ensuite.",
            "Nous vous remboursons vos frais de voyage avec la première paie.",
        ),
        (
            T,
            "advance on travel",
            "Une avance sur le voyage est accordée.",
            "Une avance sur le premier salaire est possible.",
        ),
        (
            F,
            "pay to hold the place",
            "Pour réserver votre place, versez 100 €.",
            "Pour réserver votre place à la réunion d'information, inscrivez-vous en ligne.",
        ),
        (F, "guarantee deposit", "Dépôt de garantie de 200 €.", "Aucuns frais ne sont demandés aux candidats."),
        (
            F,
            "contribution to costs",
            "Participation de 90 € aux frais de dossier.",
            "Les frais de formation sont pris en charge par l'employeur.",
        ),
        (
            D,
            "scanned identity papers",
            "Envoyez dès maintenant vos papiers d'identité scannés.",
            "Envoyez CV avec photo.",
        ),
        (D, "head-to-toe photos", "Photos de la tête aux pieds.", "La pièce d'identité sera demandée à l'embauche."),
        (D, "without make-up", "Un portrait sans maquillage.", "Passeport valide exigé."),
        ("messenger_only", "Messenger app", "Réponse sur Messenger uniquement.", "Réponse par e-mail à rh@exemple.fr."),
    ],
    "uk": [
        (
            T,
            "paid then deducted",
            "Квиток оплачуємо ми, вираховуємо з першої зарплати.",
            "Квиток оплачуємо ми, житло вираховуємо з зарплати.",
        ),
        (
            T,
            "you pay us back",
            "Дорогу оплачуємо, а ви нам потім повертаєте.",
            "Вартість квитка повертаємо вам після трьох місяців роботи.",
        ),
        (
            T,
            "worked off",
            "Ми оплатимо квиток, а ви відпрацюєте його вартість за перший місяць.",
            "Проїзд компенсуємо після першого місяця.",
        ),
        (
            T,
            "advance on travel",
            "Аванс на квиток даємо, потім утримуємо з зарплати.",
            "Є аванс на зарплату в перший тиждень.",
        ),
        (
            F,
            "pay to reserve",
            "Для бронювання місця потрібно перевести 100 євро.",
            "Для бронювання місця надішліть резюме.",
        ),
        (F, "invitation priced", "Робоче запрошення коштує 200 євро.", "Запрошення безкоштовне."),
        (F, "own expense", "Медогляд за власний рахунок.", "Медогляд за рахунок роботодавця."),
        (
            D,
            "passport for the visa",
            "Нам потрібен ваш паспорт для оформлення візи.",
            "Потрібен дійсний біометричний паспорт.",
        ),
        (D, "passport to a messenger", "Скиньте фото паспорта у вайбер.", "Надішліть резюме з фото."),
        (D, "without make-up", "Фото без макіяжу.", "Ми не просимо фото без макіяжу."),
        (
            D,
            "passports kept",
            "Паспорти зберігаються у координатора.",
            "Паспорт потрібен при підписанні договору.",
        ),
        ("messenger_only", "app named in Cyrillic", "Пишіть у Телеграм.", "Пишіть у Телеграм або на hr@firma.com.ua."),
    ],
    "ro": [
        (
            T,
            "paid then deducted",
            "Biletul îl plătim noi, se reține din primul salariu.",
            "Biletul plătit de noi, cazarea se reține din salariu.",
        ),
        (
            T,
            "you give it back",
            "Vă cumpărăm biletul, apoi ni-l dați înapoi din primele salarii.",
            "Transportul vi se decontează după prima lună.",
        ),
        (T, "advance on travel", "Vă dăm avans pentru bilet.", "La cerere oferim avans din salariu."),
        (
            F,
            "pay to reserve",
            "Pentru rezervarea locului trimiteți 100 euro.",
            "Pentru rezervarea locului trimiteți CV-ul.",
        ),
        (F, "contract costs", "Contractul costă 300 euro.", "Costul instruirii este suportat de firmă."),
        (
            F,
            "own expense",
            "Analizele medicale pe cheltuiala dumneavoastră.",
            "Taxele de dosar sunt plătite de angajator.",
        ),
        (
            D,
            "passport for the visa",
            "Avem nevoie de pașaportul dumneavoastră pentru viză.",
            "Aveți nevoie de un pașaport valabil.",
        ),
        (D, "ID to a messenger", "Trimite poză cu buletinul pe WhatsApp.", "Trimiteți CV cu poză."),
        (D, "without make-up", "O poză fără machiaj.", "Nu cerem poze fără machiaj."),
        (D, "head-to-toe photos", "Poze din cap până în picioare.", "Poză tip pașaport pentru legitimație."),
        ("urgency", "urgent, not emergency", "Angajăm urgent.", "Echipa de intervenții de urgență caută șofer."),
    ],
}
FAMILY_CASES = [(lang, flag, family, pos, neg) for lang, rows in FAMILIES.items() for flag, family, pos, neg in rows]


@pytest.mark.parametrize(
    ("lang", "flag", "family", "positive", "near_miss"),
    FAMILY_CASES,
    ids=[f"{c[0]}-{c[1]}-{c[2].replace(' ', '_')}" for c in FAMILY_CASES],
)
def test_it_reads_each_wording_family_and_not_its_near_miss(lang, flag, family, positive, near_miss):
    assert flag in check_advert(positive, lang).flag_ids, family
    assert flag not in check_advert(near_miss, lang).flag_ids, family


def test_every_language_covers_the_three_target_families():
    for lang in LANGS:
        assert {T, F, D} <= {row[0] for row in FAMILIES[lang]}, lang


# A negation before a cue reaches it only up to a closer ("needed", "samo") or a conjunction ("and", "e", "ja"):
# scam adverts are often written without commas. (lang, flag, the cue still raised, the cue still negated)
NEGATION_REACH = [
    (
        "en",
        T,
        "No experience needed and travel costs are deducted from your first wages.",
        "The flight ticket is paid by us and not deducted from your salary.",
    ),
    (
        "en",
        F,
        "Free accommodation and a small placement fee of 100 EUR.",
        "You are not required to pay a placement fee.",
    ),
    ("en", F, "No experience needed just a registration fee of 50 EUR.", "No registration and placement fees."),
    ("en", D, "No CV needed just send a copy of your passport.", "We do not need a copy of your passport."),
    ("sl", T, "Nastanitev je brezplačna in vozovnico odtegnemo od plače.", "Vozovnice ne odtegnemo od plače."),
    ("sl", F, "Izkušnje niso potrebne samo prijavnina 50 EUR.", "Ni potrebno plačati prijavnine."),
    ("it", T, "Alloggio gratuito e biglietto trattenuto dal primo stipendio.", "Il biglietto non viene trattenuto."),
    (
        "it",
        F,
        "Nessuna esperienza richiesta quota di iscrizione 50 euro.",
        "Non è necessario pagare la quota di iscrizione.",
    ),
    (
        "es",
        T,
        "Alojamiento gratis y billete descontado de la primera nómina.",
        "El billete no se descuenta del sueldo.",
    ),
    (
        "es",
        F,
        "Sin experiencia necesaria cuota de inscripción 50 euros.",
        "No es necesario pagar cuota de inscripción.",
    ),
    ("fi", T, "Majoitus on ilmainen ja lentolippu vähennetään palkasta.", "Lentolippua ei vähennetä palkasta."),
    ("fi", F, "Ei kokemusta tarvita ilmoittautumismaksu 50 euroa.", "Ei ole tarpeen maksaa ilmoittautumismaksua."),
    ("nl", F, "Geen ervaring nodig inschrijfgeld 50 euro.", "Het is niet nodig om inschrijfgeld te betalen."),
    ("nl", D, "Geen ervaring nodig stuur een kopie van je paspoort.", "We vragen geen kopie van je paspoort."),
    (
        "fr",
        T,
        "Logement gratuit et billet d'avion déduit du premier salaire.",
        "Le billet n'est pas déduit du salaire.",
    ),
    (
        "fr",
        F,
        "Sans expérience requise frais de dossier 50 €.",
        "Vous n'avez pas besoin de payer des frais d'inscription.",
    ),
    (
        "uk",
        T,
        "Без досвіду і вартість проїзду утримується з першої зарплати.",
        "Квиток не вираховується з зарплати.",
    ),
    (
        "uk",
        F,
        "Досвід не потрібен лише реєстраційний внесок 50 євро.",
        "Не потрібно платити реєстраційний внесок.",
    ),
    (
        "ro",
        T,
        "Cazare gratuită și biletul reținut din primul salariu.",
        "Biletul nu se reține din salariu.",
    ),
    (
        "ro",
        F,
        "Nu e nevoie de experiență doar taxa de înscriere 50 euro.",
        "Nu este necesar să plătiți taxa de înscriere.",
    ),
]


@pytest.mark.parametrize(
    ("lang", "flag", "raised", "negated"),
    NEGATION_REACH,
    ids=[f"{c[0]}-{c[1]}-{i}" for i, c in enumerate(NEGATION_REACH)],
)
def test_a_negation_reaches_a_cue_only_up_to_a_closer_or_conjunction(lang, flag, raised, negated):
    assert flag in check_advert(raised, lang).flag_ids
    assert flag not in check_advert(negated, lang).flag_ids


def test_without_closers_and_conjunctions_a_negation_reaches_across_the_whole_window(tmp_path):
    root = _copy_rules(tmp_path, "en")
    path = root / "en.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for key in ("negation_closers", "negation_conjunctions", "negation_copulas"):
        del data[key]
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    text = "No experience needed and travel costs are deducted from your first wages."
    assert "travel_costs_repaid" in check_advert(text, "en").flag_ids
    assert "travel_costs_repaid" not in check_advert(text, "en", load_rules(root)).flag_ids


# Ordinary wording close to the fee, document and travel families: employer benefits, payroll terms, dates, job
# titles. None of these may raise the flag (the widened families once did).
ORDINARY_WORDING = [
    ("en", F, "We contribute to the costs of your training."),
    ("en", F, "Competitive pay for the position."),
    ("en", F, "Send your CV to secure your place on the course."),
    ("en", F, "Registration: 1 June."),
    ("en", F, "Salary 2,500 EUR to start, rising to 3,000 EUR."),
    ("en", F, "Workers pay for the cost of their lunch in the canteen."),
    ("en", D, "VAT ID number GB123456789."),
    ("en", T, "Working day 8 hours minus travel time."),
    ("sl", F, "Delodajalec prispeva k stroškom prevoza."),
    ("sl", F, "Prijava: 15. 6. 2025."),
    ("it", F, "Contributi previdenziali a carico del lavoratore come da CCNL."),
    ("it", F, "La commissione di selezione valuterà i candidati."),
    ("it", F, "L'azienda offre un contributo spese per l'alloggio."),
    ("es", F, "Se busca persona para cargo de gestión en la oficina."),
    ("es", F, "Cotizaciones a cargo del trabajador según ley."),
    ("es", F, "Sueldo de 1.500 € para empezar."),
    ("fi", F, "Työntekijän maksettavaksi jää lakisääteinen työeläkemaksu."),
    ("nl", F, "De werkgever geeft een bijdrage in de reiskosten."),
    ("nl", F, "Premie voor rekening van de werknemer."),
    ("fr", F, "Participation aux frais de transport à 50 %."),
    ("fr", F, "Cotisations à la charge du salarié selon la convention."),
    ("fr", F, "Inscription : 1er juin."),
    ("uk", F, "Оплата праці 25 злотих за годину."),
    ("uk", F, "Оплата за годину 30 злотих."),
    ("uk", T, "Виплата зарплати двічі на місяць, аванс щотижня, дорогу до роботи компенсуємо."),
    ("uk", D, "Фото на документи зробимо безкоштовно."),
    ("uk", "urgency", "Термін дії договору 6 місяців."),
    ("ro", F, "Avans la salariu în fiecare lună."),
    ("ro", F, "Contribuțiile sociale sunt reținute conform legii."),
    ("ro", F, "Salariu 3.000 lei pentru început."),
    ("ro", T, "Transportul la și de la locul de muncă este decontat."),
    ("ro", D, "CV cu poză recentă."),
]


@pytest.mark.parametrize(
    ("lang", "flag", "text"), ORDINARY_WORDING, ids=[f"{c[0]}-{i}" for i, c in enumerate(ORDINARY_WORDING)]
)
def test_ordinary_wording_near_the_families_raises_nothing(lang, flag, text):
    assert flag not in check_advert(text, lang).flag_ids


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
        (
            "ro",
            [
                "Biletul de avion se reține din primul salariu.",  # comma below: ș ț
                "Biletul de avion se reţine din primul salariu.",  # cedilla: ş ţ
                "BILETUL DE AVION SE RETINE DIN PRIMUL SALARIU.",
            ],
            "travel_costs_repaid",
        ),
        (
            "ro",
            [
                "Câștiguri mari, fără experiență.",
                "Câştiguri mari, fără experienţă.",
                "castiguri mari, fara experienta.",
            ],
            "no_requirements_high_pay",
        ),
        (
            "uk",
            [
                "Досвід не обов'язковий, висока зарплата.",
                "Досвід не обов’язковий, висока зарплата.",  # typographic apostrophe
                "Досвід не обовʼязковий, висока зарплата.",  # U+02BC, the letter apostrophe
                "ДОСВІД НЕ ОБОВʼЯЗКОВИЙ, ВИСОКА ЗАРПЛАТА.",
            ],
            "no_requirements_high_pay",
        ),
        ("uk", ["Реєстраційний внесок 50 євро.", "РЕЄСТРАЦІЙНИЙ ВНЕСОК 50 ЄВРО."], "fees_charged_to_worker"),
        ("uk", ["Шукаємо няню в Італії.", "ШУКАЄМО НЯНЮ В ІТАЛІЇ."], "abroad_vulnerable_role"),
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


def test_evidence_spans_map_back_through_decomposed_cyrillic():
    # NFD input: "й" as и + combining breve and "ї" as і + combining diaeresis, both folded for matching.
    text = unicodedata.normalize("NFD", "Увага! Реєстраційний внесок 50 євро, виїзд у Польщу.")
    flag = next(f for f in check_advert(text, "uk").flags if f.id == "fees_charged_to_worker")
    assert [unicodedata.normalize("NFC", e.text) for e in flag.evidence] == ["Реєстраційний внесок"]
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
        assert advert.get("split", "tuning") in ("tuning", "tuning2", "heldout")


def test_every_language_has_a_tuning2_part_with_both_labels():
    for lang in TUNING2_LANGS:
        labels = {a["label"] for a in _adverts() if a["lang"] == lang and a.get("split") == "tuning2"}
        assert labels == {"suspicious", "ordinary"}, lang


def test_the_later_languages_have_tuning_and_held_out_adverts_with_both_labels():
    for lang in LATER_LANGS:
        for split in ("tuning", "heldout"):
            labels = {a["label"] for a in _adverts() if a["lang"] == lang and a.get("split", "tuning") == split}
            assert labels == {"suspicious", "ordinary"}, (lang, split)


def test_the_rules_stay_above_the_measured_floor_on_the_labelled_set():
    # Measured on all 150 adverts (90 tuning + 42 tuning2 + 18 held out, uk and ro included): advert level precision
    # 1.00, recall 1.00; flag level (micro) precision 0.99, recall 0.92 (on the 18 held out alone: 0.95 and 0.60; on
    # the 4 uk and ro held out: 0.92 and 0.71). Without uk and ro the 126 adverts gave the same 1.00 / 1.00 and
    # 0.99 / 0.91 as before they were added. Before tuning2 the 84 adverts gave 0.98 / 1.00 and 0.98 / 0.88.
    # The set is constructed and the rules were tuned on most of it: regression guards, not real-world estimates.
    tp = fp = fn = ftp = ffp = ffn = 0
    for advert in _adverts():
        result = check_advert(advert["text"], advert["lang"])
        predicted, actual = result.risk != "low", advert["label"] == "suspicious"
        tp += predicted and actual
        fp += predicted and not actual
        fn += actual and not predicted
        raised, wanted = set(result.flag_ids), set(advert["flags"])
        ftp, ffp, ffn = ftp + len(raised & wanted), ffp + len(raised - wanted), ffn + len(wanted - raised)
    assert tp / (tp + fp) >= 0.95 and tp / (tp + fn) >= 0.90
    assert ftp / (ftp + ffp) >= 0.95 and ftp / (ftp + ffn) >= 0.80


def test_it_recognises_the_language_of_the_labelled_adverts():
    # Measured: 150 of 150.
    adverts = _adverts()
    right = sum(_detected()[a["id"]] == a["lang"] for a in adverts)
    assert right / len(adverts) >= 0.95


def test_it_detects_ukrainian_and_romanian_and_takes_no_other_languages_advert():
    # Romanian shares "de", "la" and folded "și" = "si" with the Romance markers; the Ukrainian markers are Cyrillic.
    for advert in _adverts():
        detected = _detected()[advert["id"]]
        if advert["lang"] in LATER_LANGS:
            assert detected == advert["lang"], advert["id"]
        else:
            assert detected not in LATER_LANGS, advert["id"]


def test_a_long_run_of_digits_is_checked_in_linear_time():
    # A pattern without a left anchor once made this take 21 s at 20,000 characters (quadratic backtracking).
    started = time.perf_counter()
    check_advert("0" * 10_000)
    assert time.perf_counter() - started < 2.0


def test_the_page_offers_every_supported_language():
    from jes.prevention.views.jobad import LANGUAGES

    assert [code for code, _ in LANGUAGES if code] == list(supported_languages())


# --- the engine stays pure ------------------------------------------------------------------------------------


def test_the_engine_imports_no_django():
    code = "import sys, jes.prevention.checks.jobad; sys.exit(any(m.split('.')[0] == 'django' for m in sys.modules))"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
