"""The prevention engines' bundled rules and modules, loaded once per process from the content directory."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from django.conf import settings

from .checks import jobad, learning, pay


def _dir(*parts: str) -> Path:
    return Path(settings.CONTENT_DIR, "prevention", *parts)


@lru_cache(maxsize=1)
def jobad_rules() -> jobad.RuleSet:
    return jobad.load_rules(_dir("jobad"))


@lru_cache(maxsize=1)
def pay_rules() -> pay.PayRules:
    return pay.load_rules(_dir("pay"))


@lru_cache(maxsize=1)
def modules() -> tuple[learning.Module, ...]:
    return tuple(learning.load_modules(_dir("learning")))


def module(module_id: str) -> learning.Module | None:
    return next((m for m in modules() if m.id == module_id), None)


@lru_cache(maxsize=1)
def modules_version() -> str:
    """A digest of the module files, so that a cached PDF is rebuilt when an editor changes a module."""
    digest = hashlib.sha256()
    for path in sorted(_dir("learning").glob("*.yaml")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
