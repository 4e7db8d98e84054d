"""`jes prevention ...`: the job-advert check, the pay-and-debt check and the learning modules, for scripts."""

from __future__ import annotations

import argparse
import json
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any


def _read(path: str) -> str:
    if path == "-":
        return sys.stdin.read()
    return Path(path).read_text(encoding="utf-8")


def cmd_jobad(args: argparse.Namespace) -> int:
    from .checks import jobad

    try:
        text = _read(args.file)
    except OSError as error:
        print(f"{args.file}: {error.strerror}", file=sys.stderr)
        return 2
    result = jobad.check_advert(text, args.lang)
    if args.json:
        print(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
        return 0
    data = result.to_json()
    print(f"risk: {data['risk']} (language {data.get('lang', args.lang or '?')})")
    for flag in data["flags"]:
        print(f"- {flag['id']}: {flag['explanation']}")
    return 0


def cmd_pay(args: argparse.Namespace) -> int:
    from .checks import pay

    try:
        # Decimal for fractions so that no amount passes through a binary float (the engine refuses floats).
        season = json.loads(_read(args.file), parse_float=Decimal)
        result = pay.compute(pay.parse_season(season))
    except OSError as error:
        print(f"{args.file}: {error.strerror}", file=sys.stderr)
        return 2
    except json.JSONDecodeError as error:
        print(f"{args.file}: not JSON (line {error.lineno}, column {error.colno}): {error.msg}", file=sys.stderr)
        return 2
    except pay.SeasonError as error:
        print(f"{args.file}: {error}", file=sys.stderr)
        return 2
    data = result.to_json(args.lang)
    data["help"] = _help(season.get("country")) if isinstance(season, dict) else []
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    for key in ("gross", "deductions", "net", "loans_total", "net_after_loans", "hours_total", "hourly"):
        if data.get(key) is not None:
            print(f"{key}: {data[key]}")
    for flag in data["flags"]:
        print(f"- {flag['id']}: {flag['explanation']}")
    return 0


def _help(country: object) -> list[dict[str, Any]]:
    if not isinstance(country, str) or not country:
        return []
    from jes.referral.routing_service import help_contacts  # Django is set up by jes.cli.main

    return help_contacts(country)


def cmd_learn(args: argparse.Namespace) -> int:
    from .checks import learning

    modules = learning.load_modules()
    if args.learn_action == "list":
        rows = [{"id": m.id, "title": m.text(args.lang).title, "minutes": m.minutes} for m in modules]
        print(json.dumps(rows, ensure_ascii=False, indent=2) if args.json else "\n".join(r["id"] for r in rows))
        return 0
    try:
        module = learning.get_module(modules, args.id)
    except (KeyError, learning.LearningError) as error:
        print(str(error), file=sys.stderr)
        return 2
    if args.learn_action == "grade":
        answers = json.loads(_read(args.answers))
        try:
            result = learning.grade(module, answers, args.lang)
        except learning.AnswerError as error:
            print(str(error), file=sys.stderr)
            return 2
        print(json.dumps(_result_json(result), ensure_ascii=False, indent=2))
        return 0
    return _pdf(module.id, args.lang, Path(args.out or f"jes-{module.id}-{args.lang}.pdf"))


def _result_json(result: Any) -> dict[str, Any]:
    return {
        "module": result.module_id,
        "score": result.score,
        "total": result.total,
        "unanswered": list(result.unanswered),
        "questions": [
            {
                "id": r.question_id,
                "correct": r.correct,
                "chosen": list(r.chosen),
                "correct_options": list(r.correct_options),
                "explanation": r.explanation,
            }  # fmt: skip
            for r in result.results
        ],
    }


def _pdf(module_id: str, lang: str, out: Path) -> int:
    from . import content
    from .views.learning import module_pdf_bytes

    module = content.module(module_id)
    if module is None:
        print(f"no module {module_id!r}", file=sys.stderr)
        return 2
    out.write_bytes(module_pdf_bytes(module, lang))
    print(f"wrote {out}")
    return 0


def register(sub: Any) -> None:
    prevention = sub.add_parser("prevention", help="job-advert check, pay-and-debt check, learning modules")
    actions = prevention.add_subparsers(dest="action", required=True)
    p = actions.add_parser("jobad", help="warning signs in a job advert")
    p.add_argument("--file", required=True, help="the advert as text (- for standard input)")
    p.add_argument("--lang", default=None, help="en, sl, it, es, fi, nl, fr, uk, ro (default: recognise it)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_jobad)
    p = actions.add_parser("pay", help="net pay, real hourly pay and debt warning signs for a season")
    p.add_argument("--file", required=True, help="the season as JSON (see data/prevention/pay/README.md)")
    p.add_argument("--lang", default="en", help="language of the explanations: en, fi, sv, th, uk")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_pay)
    learn = actions.add_parser("learn", help="learning modules").add_subparsers(dest="learn_action", required=True)
    p = learn.add_parser("list", help="the modules")
    p.add_argument("--lang", default="en")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_learn)
    p = learn.add_parser("grade", help="grade answers given as JSON {question id: [option ids]}")
    p.add_argument("id")
    p.add_argument("--answers", required=True)
    p.add_argument("--lang", default="en")
    p.set_defaults(func=cmd_learn)
    p = learn.add_parser("pdf", help="the module with its answer key as PDF, for teachers")
    p.add_argument("id")
    p.add_argument("--lang", default="en")
    p.add_argument("--out")
    p.set_defaults(func=cmd_learn)
