"""Production settings are secure by default and fail loudly on a typo."""

from __future__ import annotations

import os
import subprocess
import sys


def _run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    full = {**os.environ, "DJANGO_SETTINGS_MODULE": "jes.settings", **env}
    full.pop("JES_DEBUG", None)
    return subprocess.run([sys.executable, "-m", "django", *args], env=full, capture_output=True, text=True)


def test_check_deploy_is_clean_for_production_settings(tmp_path):
    result = _run(
        {
            "JES_HTTPS": "true",
            "JES_SECRET_KEY": "x7" * 40 + "Qz!-unique-for-this-test",
            "JES_ALLOWED_HOSTS": "jes.example.org",
            "JES_DATA_DIR": str(tmp_path),
        },
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_typo_in_a_boolean_fails_loudly(tmp_path):
    result = _run({"JES_DEBUG": "", "JES_HTTPS": "ture", "JES_DATA_DIR": str(tmp_path)}, "check")
    assert result.returncode != 0
    assert "JES_HTTPS must be true or false" in result.stderr


def test_debug_is_off_unless_asked_for(tmp_path):
    # pytest-django forces DEBUG off inside tests, so read it from a fresh process.
    code = "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "jes.settings", "JES_DATA_DIR": str(tmp_path)}
    env.pop("JES_DEBUG", None)
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True).stdout
    assert out.strip() == "False"
    env["JES_DEBUG"] = "true"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True).stdout
    assert out.strip() == "True"


def test_the_server_logs_no_client_address():
    # Regression: gunicorn's access log carried %(h)s, every reporter's IP next to /referral/report/.
    import inspect

    from jes import cli

    source = inspect.getsource(cli.cmd_serve)
    assert "%(h)s" not in source and "%(q)s" not in source and "%(r)s" not in source
