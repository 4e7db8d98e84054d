"""Abuse protection for the public report pages without cookies and without keeping IP addresses.

Form tokens instead of Django's CSRF check. CSRF protects a signed-in user's authority from being
used by another site; the public report pages carry no authority (no account, no session), so a forged
cross-site post could do nothing that the attacker could not do by posting directly. Django's CSRF
check, though, needs a cookie, and a cookie is a tracker we promised not to set. These views are
therefore exempt from CSRF and each form carries a signed token instead: it proves the form was
fetched from us recently (a timestamp, at most TOKEN_MAX_AGE old and, for a new report, at least a
few seconds old, which blind scripts do not wait for), and its one-time nonce is remembered in the
cache until it expires, so a captured post cannot be replayed.

Rate limits, counted in the cache in fixed windows: across the whole site, per organisation, and per
client. The client is known only as HMAC(daily secret, address), the address cut to its /64 for IPv6
so one device cannot hop through its own prefix. The daily secret is random, lives only in the cache
and expires after a day, after which no stored counter can be tied to an address even by someone who
then learns the address; counters themselves expire after their window (minutes). The address is
never written anywhere. (The cache is the shared file cache, so the secret and the counters do touch
the disk for that time; a memory cache would avoid even that.)
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import secrets
import time
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.http import HttpRequest

TOKEN_MAX_AGE = 2 * 60 * 60
_TOKEN_SALT = "jes.referral.report-form"  # noqa: S105 - a namespace for signing, not a secret


@dataclass(frozen=True)
class Limit:
    count: int
    seconds: int


DEFAULT_LIMITS = {
    "submit_site": Limit(30, 60),
    "submit_organisation": Limit(10, 60),
    "submit_client": Limit(5, 600),
    "lookup_site": Limit(120, 60),
    "lookup_client": Limit(20, 600),
    # Each staff unlock costs 256 MiB of Argon2id: a bound on guessing and on load, per account.
    "unlock_user": Limit(10, 600),
    # PDFs built on request by other pillars' public pages (WeasyPrint: about a second of CPU each).
    "pdf_client": Limit(20, 600),
    "pdf_site": Limit(60, 60),
}


def _limits() -> dict[str, Limit]:
    return {**DEFAULT_LIMITS, **getattr(settings, "JES_REPORT_LIMITS", {})}


def _min_age() -> int:
    return int(getattr(settings, "JES_REPORT_MIN_SECONDS", 3))


def issue_token(form: str) -> str:
    return signing.dumps({"f": form, "n": secrets.token_urlsafe(16), "t": int(time.time())}, salt=_TOKEN_SALT)


def check_token(form: str, token: str, *, min_age: bool = False) -> str | None:
    """None when TOKEN is a fresh, unused token of FORM; else why not, in words for the reporter."""
    try:
        data = signing.loads(token, salt=_TOKEN_SALT, max_age=TOKEN_MAX_AGE)
    except signing.SignatureExpired:
        return "This page was open for too long. Please send the form again."
    except signing.BadSignature:
        return "This form could not be checked. Please reload the page and try again."
    if not isinstance(data, dict) or data.get("f") != form:
        return "This form could not be checked. Please reload the page and try again."
    if min_age and time.time() - int(data.get("t", 0)) < _min_age():
        return "The form was sent too quickly. Please check it and send it again."
    if not cache.add(f"referral:report:nonce:{data.get('n')}", 1, timeout=TOKEN_MAX_AGE):
        return "This form was already sent. Please reload the page if you want to send something new."
    return None


def _day_secret() -> bytes:
    day = time.strftime("%Y-%m-%d", time.gmtime())
    value = cache.get_or_set(f"referral:report:day-secret:{day}", secrets.token_hex(32), timeout=26 * 60 * 60)
    return str(value).encode()


def _client(request: HttpRequest) -> str:
    # REMOTE_ADDR only: X-Forwarded-For is set by the client unless a proxy we trust rewrites it.
    raw = request.META.get("REMOTE_ADDR", "")
    try:
        address = ipaddress.ip_address(raw)
    except ValueError:
        return "unknown"
    if address.version == 6:
        raw = str(ipaddress.ip_network(f"{address}/64", strict=False).network_address)
    return hmac.new(_day_secret(), raw.encode(), hashlib.sha256).hexdigest()[:32]


def _take(name: str, scope: str) -> bool:
    """Count one more use of NAME for SCOPE in the current window; False once the limit is passed."""
    limit = _limits()[name]
    window = int(time.time() // limit.seconds)
    key = f"referral:report:rate:{name}:{scope}:{window}"
    cache.add(key, 0, timeout=limit.seconds + 5)
    try:
        used = cache.incr(key)
    except ValueError:  # expired between add and incr: this is the window's first use
        cache.set(key, 1, timeout=limit.seconds + 5)
        used = 1
    return used <= limit.count


def allow_submission(request: HttpRequest, organisation_id: int) -> bool:
    checks = [("submit_client", _client(request)), ("submit_organisation", str(organisation_id)), ("submit_site", "")]
    # In this order and stopping at the first refusal: a client over its own limit uses up no one else's.
    return all(_take(name, scope) for name, scope in checks)


def allow_lookup(request: HttpRequest) -> bool:
    return _take("lookup_client", _client(request)) and _take("lookup_site", "")


def allow_pdf(request: HttpRequest) -> bool:
    """For other pillars' public PDF downloads: the same anonymous per-client and site-wide counting."""
    return _take("pdf_client", _client(request)) and _take("pdf_site", "")


def allow_unlock(user_id: int) -> bool:
    return _take("unlock_user", str(user_id))


def retry_after(name: str = "submit_client") -> int:
    return _limits()[name].seconds
