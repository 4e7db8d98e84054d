"""Django settings, read from the environment with safe defaults.

Every variable is optional. Production sets at least JES_SECRET_KEY (or
JES_SECRET_KEY_FILE), JES_ALLOWED_HOSTS and DATABASE_URL.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

PACKAGE_DIR = Path(__file__).resolve().parent
BASE_DIR = PACKAGE_DIR.parent.parent  # the checkout: src/jes/ -> ./


def envbool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def envint(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    try:
        return int(value) if value else default
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from exc


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def envsecret(name: str, default: str = "") -> str:
    """A secret from NAME, or from the file named by NAME_FILE (Docker and systemd credentials)."""
    path = os.environ.get(f"{name}_FILE")
    if path:
        return Path(path).read_text(encoding="utf-8").strip()
    return os.environ.get(name, default)


DEBUG = envbool("JES_DEBUG", False)
DATA_DIR = Path(os.environ.get("JES_DATA_DIR", BASE_DIR / "var"))
CONTENT_DIR = Path(os.environ.get("JES_CONTENT_DIR", BASE_DIR / "data"))

SECRET_KEY = envsecret("JES_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG and envbool("JES_REQUIRE_SECRET", False):
        raise ImproperlyConfigured("JES_SECRET_KEY (or JES_SECRET_KEY_FILE) must be set")
    # A per-machine key, kept beside the SQLite file, so that sessions survive restarts
    # without a secret ever living in the repository.
    key_file = DATA_DIR / "secret_key"
    if key_file.exists():
        SECRET_KEY = key_file.read_text(encoding="utf-8").strip()
    else:
        from django.core.management.utils import get_random_secret_key

        DATA_DIR.mkdir(parents=True, exist_ok=True)
        SECRET_KEY = get_random_secret_key() + get_random_secret_key()
        key_file.write_text(SECRET_KEY, encoding="utf-8")
        key_file.chmod(0o600)

ALLOWED_HOSTS = envlist("JES_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = envlist("JES_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "simple_history",
    "ninja",  # serves the API docs (Swagger UI) from its own static files, not a CDN
    "jes.web",
    "jes.catalogue",
    "jes.review",
    "jes.referral",
    "jes.observatory",
    "jes.prevention",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "jes.urls"
WSGI_APPLICATION = "jes.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

# Background jobs (review imports, feature building) report progress through the cache, which every
# server process must share: a file cache needs no extra service.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": os.environ.get("JES_CACHE_DIR", str(DATA_DIR / "cache")),
    }
}
# Tests run background jobs inline, so that a request returns after the job has finished.
JES_REVIEW_SYNC_JOBS = envbool("JES_REVIEW_SYNC_JOBS", False)
# Uploaded review files are kept here until imported (never under the static or media roots).
JES_UPLOAD_DIR = Path(os.environ.get("JES_UPLOAD_DIR", DATA_DIR / "uploads"))
# Upload limit for bibliographic files (100,000 RIS records are about 100 MB).
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
JES_REVIEW_MAX_UPLOAD = envint("JES_REVIEW_MAX_UPLOAD", 300 * 1024 * 1024)

_default_sqlite = DATA_DIR / "jes.sqlite3"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{_default_sqlite}",
        conn_max_age=envint("JES_DB_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    # IMMEDIATE transactions and a busy timeout keep concurrent writers from failing at once.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"].setdefault("TEST", {})["NAME"] = os.environ.get("JES_TEST_SQLITE", "")  # in memory

if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL's default random_page_cost (4) models spinning disks and sends searches
    # matching a fifth of the catalogue to a sequential scan; 1.1 is the usual SSD setting.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c random_page_cost=" + os.environ.get(
        "JES_PG_RANDOM_PAGE_COST", "1.1"
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
# The languages of the people the referral pages serve (the partner countries and the nationalities of
# victims in the seed). Their catalogues are machine-assisted until a native speaker reviews them (each
# .po file's header says so); pages without a translation fall back to English.
LANGUAGES = [
    ("en", "English"),
    ("sl", "Slovenščina"),
    ("it", "Italiano"),
    ("es", "Español"),
    ("fi", "Suomi"),
    ("nl", "Nederlands"),
    ("fr", "Français"),
    ("uk", "Українська"),
    ("ro", "Română"),
    ("th", "ไทย"),
]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("JES_STATIC_ROOT", DATA_DIR / "static"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
REPORT_DIR = Path(os.environ.get("JES_REPORT_DIR", DATA_DIR / "report"))

LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"

# Secure defaults; the HTTPS-only ones switch on with JES_HTTPS=true once TLS is in front
# (the embedded default serves plain HTTP on 127.0.0.1, where a redirect would lock users out).
_https = envbool("JES_HTTPS", False)
SESSION_COOKIE_SECURE = _https
CSRF_COOKIE_SECURE = _https
SECURE_SSL_REDIRECT = _https and envbool("JES_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = envint("JES_HSTS_SECONDS", 31536000 if _https else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = _https
SECURE_HSTS_PRELOAD = _https
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if envbool("JES_BEHIND_PROXY") else None
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("JES_LOG_LEVEL", "INFO")},
    # Request logs carry query strings, which can hold search terms typed by users: keep them out.
    "loggers": {
        "django.server": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        # Typesetting libraries log every page and glyph table at INFO.
        "weasyprint": {"level": "ERROR"},
        "fontTools": {"level": "WARNING"},
        "matplotlib": {"level": "WARNING"},
    },
}

if os.environ.get("JES_FAST_PASSWORD_HASHER"):
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
