"""`jes review project ...`: create a review, add sources and members, list reviews (the batch side)."""

from __future__ import annotations

import argparse
import sys
from typing import Any


def _user(username: str) -> Any:
    from django.contrib.auth import get_user_model

    try:
        return get_user_model().objects.get(username=username)
    except get_user_model().DoesNotExist:
        raise SystemExit(f"no account named {username!r}; create one with `jes manage createsuperuser`") from None


def _project(pk: int) -> Any:
    from .models import ReviewProject

    try:
        return ReviewProject.objects.get(pk=pk)
    except ReviewProject.DoesNotExist:
        raise SystemExit(f"no review with id {pk}") from None


def cmd_create(args: argparse.Namespace) -> int:
    from .projects import create_project

    project = create_project(
        args.title,
        _user(args.lead),
        question=args.question,
        languages=args.language or [],
        year_min=args.year_min,
        year_max=args.year_max,
        exclusion_criteria=args.reason or [],
        reviewers_per_record=args.reviewers,
    )
    print(project.pk)
    return 0


def cmd_source(args: argparse.Namespace) -> int:
    from .projects import add_source

    project = _project(args.project)
    try:
        add_source(project, _user(args.user), args.name, args.kind, searched=args.searched)
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return 2
    return 0


def cmd_member(args: argparse.Namespace) -> int:
    from .projects import add_member

    project = _project(args.project)
    try:
        add_member(project, _user(args.user), args.username, args.role)
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return 2
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from django.db.models import Count

    from .models import ReviewProject

    for p in ReviewProject.objects.annotate(n=Count("records")).order_by("id"):
        flag = " (synthetic example)" if p.synthetic else ""
        print(f"{p.pk}\t{p.n} records\t{p.title}{flag}")
    return 0


def register(review: Any) -> None:
    """Add `jes review project create|source|member|list` to the `jes review` command group."""
    from .engine.prisma import SourceKind

    project = review.add_parser("project", help="create and set up reviews").add_subparsers(dest="step", required=True)
    p = project.add_parser("create", help="create a review; prints its id")
    p.add_argument("title")
    p.add_argument("--lead", required=True, help="username of the review's lead")
    p.add_argument("--question", default="")
    p.add_argument("--language", action="append", help="accepted language (ISO 639-1); repeat")
    p.add_argument("--year-min", type=int)
    p.add_argument("--year-max", type=int)
    p.add_argument("--reason", action="append", help="an exclusion criterion; repeat")
    p.add_argument("--reviewers", type=int, default=2, help="independent reviewers per record")
    p.set_defaults(func=cmd_create)
    p = project.add_parser("source", help="add a database, register or other method")
    p.add_argument("project", type=int)
    p.add_argument("name")
    p.add_argument("--kind", required=True, choices=[k.value for k in SourceKind])
    p.add_argument("--searched", default="", help="when it was searched")
    p.add_argument("--user", required=True, help="who adds it (audited)")
    p.set_defaults(func=cmd_source)
    p = project.add_parser("member", help="add a member or change a role")
    p.add_argument("project", type=int)
    p.add_argument("username")
    p.add_argument("--role", default="reviewer", choices=["lead", "reviewer"])
    p.add_argument("--user", required=True, help="who adds them (audited)")
    p.set_defaults(func=cmd_member)
    p = project.add_parser("list", help="list reviews")
    p.set_defaults(func=cmd_list)
