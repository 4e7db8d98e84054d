"""Turning a refused form into the one-line message the pages show: every error names its field."""

from __future__ import annotations

from django import forms


def form_errors_text(form: forms.Form) -> str:
    return "; ".join(f"{field}: {' '.join(errors)}" for field, errors in form.errors.items())
