"""The one `jes` entry point. Each pillar adds its own sub-commands (see catalogue/cli.py)."""

from __future__ import annotations

import argparse
import os
import sys


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jes.settings")
    import django

    django.setup()


def cmd_migrate(args: argparse.Namespace) -> int:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=args.verbosity)
    return 0


def cmd_manage(args: argparse.Namespace) -> int:
    from django.core.management import execute_from_command_line

    execute_from_command_line(["jes manage", *args.rest])
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)
    from gunicorn.app.wsgiapp import run  # noqa: PLC0415 - only the server needs it

    sys.argv = [
        "gunicorn",
        "jes.wsgi:application",
        "--bind",
        f"{args.host}:{args.port}",
        "--workers",
        str(args.workers),
        "--access-logfile",
        "-",
        "--access-logformat",
        # No client address: a reporter's or a victim's IP must never reach a log (and no query strings).
        '"%(m)s %(U)s" %(s)s',
    ]
    run()
    return 0


def cmd_up(args: argparse.Namespace) -> int:
    """The main job: migrate, load the bundled catalogue, build the joint report, serve."""
    from django.conf import settings

    from jes.catalogue.cli import build_report_with_progress, load_with_output
    from jes.observatory.demo import ensure_demo_data
    from jes.review.examples import ensure_example_project

    cmd_migrate(argparse.Namespace(verbosity=0))
    load_with_output(replace=False)
    example, created = ensure_example_project("seed")
    print(
        f"Review example (synthetic records reproducing the seed's PRISMA table): /review/{example.pk}/"
        f"{'' if created else ' (kept as it was)'}; reviews need an account: `jes manage createsuperuser`."
    )
    for line in ensure_demo_data():
        print(line)
    build_report_with_progress(settings.REPORT_DIR)
    return cmd_serve(args)


def _add_serve_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--host", default=os.environ.get("JES_HOST", "127.0.0.1"))
    p.add_argument("--port", default=int(os.environ.get("JES_PORT", "8000")), type=int)
    p.add_argument("--workers", default=int(os.environ.get("JES_WORKERS", "2")), type=int)


def parser() -> argparse.ArgumentParser:
    from jes.catalogue import cli as catalogue_cli
    from jes.observatory import cli as observatory_cli
    from jes.prevention import cli as prevention_cli
    from jes.referral import cli as referral_cli
    from jes.review import cli as review_cli

    top = argparse.ArgumentParser(prog="jes", description="JeS platform command line")
    sub = top.add_subparsers(dest="command", required=True)
    p = sub.add_parser("migrate", help="create or upgrade the database named by DATABASE_URL")
    p.add_argument("-v", "--verbosity", type=int, default=1)
    p.set_defaults(func=cmd_migrate)
    p = sub.add_parser("serve", help="serve the platform (gunicorn)")
    _add_serve_args(p)
    p.set_defaults(func=cmd_serve)
    p = sub.add_parser("up", help="migrate, load the bundled content, build the report and serve")
    _add_serve_args(p)
    p.set_defaults(func=cmd_up)
    p = sub.add_parser("manage", help="any Django management command, e.g. `jes manage createsuperuser`")
    p.add_argument("rest", nargs=argparse.REMAINDER)
    p.set_defaults(func=cmd_manage)
    catalogue_cli.register(sub)
    review_cli.register(sub)
    referral_cli.register(sub)
    observatory_cli.register(sub)
    prevention_cli.register(sub)
    return top


def main(argv: list[str] | None = None) -> int:
    _django()
    args = parser().parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    raise SystemExit(main())
