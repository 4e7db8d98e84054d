"""Job-advert check ("Read twice!"): which warning signs a job advert shows, why they matter, and how risky it reads.

In the spirit of the Slovenian students' project *Preberi dvakrat!* (Read twice!, seed lines 931-971), which posted
suspicious babysitter and mobile-secretary adverts to show how readily people answer them. The rules are data
(data/prevention/jobad/, described in the README.md there): ``flags.yaml`` holds each flag's weight, English text,
sources and logic; ``common.yaml`` and one file per language (en, sl, it, es, fi, nl, fr, uk, ro) hold the regular
expressions ("cues") and the translated texts.

How a flag is raised
    Text and patterns are compared without case and without diacritics (NFKD, combining marks dropped), so
    "IZKUŠENJ" matches ``izkusenj``; every evidence span is mapped back to the characters of the original text.
    A cue is a list of patterns; a cue match is dropped when a negation of the advert's language ("no", "brez",
    "senza", "ei" ...) stands among the few words before it in the same clause ("we never charge a registration
    fee") or inside it after its first word ("the ticket is not deducted"), unless the cue is marked
    ``negatable: false``. A negation before the match stops reaching it at one of the language's closers or
    conjunctions ("no experience needed and the ticket is deducted"; "alloggio gratuito e biglietto trattenuto"),
    except a closer the negation governs ("you are not required to pay a fee", "no es necesario pagar") and a
    conjunction joining two negated nouns ("no registration and placement fees"). A match is also dropped when one
    of the cue's ``unless`` patterns occurs in the same sentence ("a copy of your ID on your first day"). Negations
    after a match are not seen. A flag's ``when`` is a list of alternatives; one alternative holds when all its
    ``all_of`` cues matched, at least one ``any_of`` cue (if listed) matched, and no ``none_of`` cue matched.
    Absence rules (no company name or address) only apply to texts of ``min_words`` words.

How risk is combined
    Each flag has a weight from 1 (weak on its own: urgency, vague duties, no company identity, housing deductions)
    to 3 (strong: fees charged to the worker, travel costs to be repaid). The score is the sum of the weights of the
    flags raised. Score below ``risk.medium`` (3 in flags.yaml) is "low", from ``risk.medium`` "medium", from
    ``risk.high`` (6) "high". No flag means score 0, so "low". One weak or moderate flag alone therefore never
    makes an advert suspicious: real adverts mention urgency, housing and pay too.

Language
    ``check_advert(text, lang)`` with lang one of the loaded languages (a region such as "sl-SI" is reduced to "sl").
    With ``lang=None`` every language is tried; the one whose common function words ("markers") occur most often
    wins, each word counting 1/n when n languages list it, ties going to the language that raised the higher score,
    then to the order en, sl, it, es, fi, nl, fr, uk, ro.

Pure Python (PyYAML, pydantic, ``re``): no Django, so the web pages, the CLI and the benchmark share it.

Modules: ``text`` (folding and the offset map), ``schema`` (the rule files' pydantic models), ``rules`` (the
compiled rule set and RuleError), ``patterns`` (the cue shorthands and their compilation), ``loading`` (reading and
validating data/prevention/jobad), ``negation`` (how far a negation reaches), ``matching`` (cue hits, conditions,
evidence), ``result`` (flags, risk and their JSON), ``check`` (check_advert and the catalogue). This package
re-exports the names the rest of the code imports from the single module it replaced, so ``jobad.X`` keeps working.
"""

from __future__ import annotations

from .check import MAX_CHARS, check_advert, flag_catalogue, supported_languages
from .loading import bundled_rules, default_root, load_rules
from .result import RISKS, JobAdResult, risk_for
from .rules import RuleError, RuleSet

__all__ = [
    "MAX_CHARS",
    "RISKS",
    "JobAdResult",
    "RuleError",
    "RuleSet",
    "bundled_rules",
    "check_advert",
    "default_root",
    "flag_catalogue",
    "load_rules",
    "risk_for",
    "supported_languages",
]
