"""Anonymous reporting: organisation keys, submission, the receipt code, follow-up and staff triage.

Views call these functions with plain values; nothing here keeps a decrypted report, a private key or
a receipt code beyond the call that needs it, and nothing here ever logs them.
"""

from __future__ import annotations

import contextlib
import json
import secrets
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.views.decorators.debug import sensitive_variables
from nacl.public import PrivateKey

from . import crypto
from .models import AccessEvent, Organisation, Report, ReportKey, ReportMessage, ReportPhoto, ReportStatus

RECEIPT_DIGITS = 16
MIN_PASSPHRASE = 12


class NoKey(Exception):
    """The organisation cannot receive reports: it has no active key."""


def _hasher() -> PasswordHasher:
    if getattr(settings, "JES_REPORT_TEST_KDF", False):
        return PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    return PasswordHasher()  # argon2-cffi's RFC 9106 low-memory profile (Argon2id, 64 MiB)


def _hour() -> datetime:
    return timezone.now().replace(minute=0, second=0, microsecond=0)


# --- organisation keys ---------------------------------------------------------------------------


@sensitive_variables("passphrase")
@transaction.atomic
def generate_key(name: str, passphrase: str, *, country: str | None = None, rotate: bool = False) -> ReportKey:
    """A new key pair for organisation NAME (created when COUNTRY is given), locked under PASSPHRASE."""
    if len(passphrase) < MIN_PASSPHRASE:
        raise ValueError(f"the passphrase must be at least {MIN_PASSPHRASE} characters (a few words is best)")
    org = Organisation.objects.filter(name=name).first()
    if org is None:
        if not country:
            raise ValueError(f"no organisation named {name!r}: give --country to create it")
        org = Organisation(name=name, country=country)
        org.full_clean()
        org.save()
    current = org.report_keys.filter(active=True)
    if current.exists():
        if not rotate:
            raise ValueError(f"{name!r} already has a report key: use --rotate to replace it for new reports")
        current.update(active=False)
    locked = crypto.lock_new_keypair(passphrase, crypto.cost("passphrase"))
    return ReportKey.objects.create(
        organisation=org,
        public_key=locked.public_key,
        locked_private_key=locked.locked_private_key,
        kdf_salt=locked.salt,
        kdf_opslimit=locked.opslimit,
        kdf_memlimit=locked.memlimit,
    )


def receiving_organisations() -> Any:
    return Organisation.objects.filter(report_keys__active=True).distinct().order_by("country", "name")


@sensitive_variables("passphrase")
def unlock_key(key: ReportKey, passphrase: str) -> PrivateKey:
    """The organisation's private key for this request only; crypto.WrongKey on a wrong passphrase."""
    locked = crypto.LockedKey(
        bytes(key.public_key), bytes(key.locked_private_key), bytes(key.kdf_salt), key.kdf_opslimit, key.kdf_memlimit
    )
    return crypto.unlock(locked, passphrase)


# --- the receipt code ----------------------------------------------------------------------------


def new_receipt_code() -> str:
    return f"{secrets.randbelow(10**RECEIPT_DIGITS):0{RECEIPT_DIGITS}d}"


def normalise_code(text: str) -> str:
    """The digits of what the reporter typed (spaces and dashes are fine); '' unless it has 16."""
    digits = "".join(ch for ch in text if ch.isdigit() and ch.isascii())
    return digits if len(digits) == RECEIPT_DIGITS else ""


def format_code(code: str) -> str:
    return " ".join(code[i : i + 4] for i in range(0, len(code), 4))


def receipt_bucket(code: str) -> str:
    """A short keyed bucket of CODE, so that a lookup checks one or two Argon2 hashes, not all of them.

    Why not the alternatives: a plain prefix of the code would give away part of every code; a full
    HMAC of the code would be a fast hash of only 53 bits, which anyone who has the database *and* the
    SECRET_KEY could search exhaustively, making the Argon2 hash pointless. Twenty bits of HMAC leave
    over 2**33 candidate codes per bucket, each costing an attacker a full Argon2 computation, while
    about a million reports still share a bucket only a few at a time.
    """
    return salted_hmac("jes.referral.receipt-bucket", code, algorithm="sha256").hexdigest()[:5]


@sensitive_variables("code")
def find_report(code: str) -> Report | None:
    """The report whose receipt code is CODE; takes about as long when there is none (no timing oracle)."""
    hasher = _hasher()
    candidates = list(Report.objects.filter(receipt_bucket=receipt_bucket(code))) if code else []
    for report in candidates:
        try:
            hasher.verify(report.receipt_hash, code)
        except (VerificationError, InvalidHashError):
            continue
        return report
    _waste(hasher, code)
    return None


_DUMMY: dict[str, Any] = {}


def _waste(hasher: PasswordHasher, code: str) -> None:
    """Spend what a real match costs (one Argon2 check and one key unlock), then fail."""
    if "hash" not in _DUMMY:
        _DUMMY["hash"] = hasher.hash(new_receipt_code())
        _DUMMY["key"] = crypto.lock_new_keypair(new_receipt_code(), crypto.cost("receipt"))
    with contextlib.suppress(VerificationError, InvalidHashError):
        hasher.verify(_DUMMY["hash"], code or "0")
    with contextlib.suppress(crypto.WrongKey):
        crypto.unlock(_DUMMY["key"], code or "0")


def _reporter_key(report: Report, code: str) -> PrivateKey:
    locked = crypto.LockedKey(
        bytes(report.reporter_public_key),
        bytes(report.reporter_locked_key),
        bytes(report.reporter_kdf_salt),
        report.reporter_kdf_opslimit,
        report.reporter_kdf_memlimit,
    )
    return crypto.unlock(locked, code)


# --- what the reporter does ----------------------------------------------------------------------


def _seal_json(public_key: bytes, data: dict[str, Any]) -> bytes:
    return crypto.seal(public_key, json.dumps(data, ensure_ascii=False).encode("utf-8"))


@sensitive_variables("content", "photos", "code")
@transaction.atomic
def submit_report(organisation: Organisation, content: dict[str, Any], photos: list[bytes]) -> tuple[Report, str]:
    """Seal CONTENT and the (already cleaned) PHOTOS to the organisation; the receipt code is returned once."""
    key = organisation.report_keys.filter(active=True).first()
    if key is None:
        raise NoKey(f"{organisation} cannot receive reports yet")
    code = new_receipt_code()
    reporter = crypto.lock_new_keypair(code, crypto.cost("receipt"))
    public = bytes(key.public_key)
    report = Report.objects.create(
        organisation=organisation,
        key=key,
        received=_hour(),
        receipt_bucket=receipt_bucket(code),
        receipt_hash=_hasher().hash(code),
        reporter_public_key=reporter.public_key,
        reporter_locked_key=reporter.locked_private_key,
        reporter_kdf_salt=reporter.salt,
        reporter_kdf_opslimit=reporter.opslimit,
        reporter_kdf_memlimit=reporter.memlimit,
        ciphertext=_seal_json(public, {**content, "photos": len(photos)}),
    )
    ReportPhoto.objects.bulk_create([ReportPhoto(report=report, ciphertext=crypto.seal(public, p)) for p in photos])
    return report, code


@sensitive_variables("text", "photos")
@transaction.atomic
def add_information(report: Report, text: str, photos: list[bytes]) -> ReportMessage:
    """More from the reporter, sealed like the report itself (and not readable back with the code)."""
    public = bytes(report.key.public_key)
    message = ReportMessage.objects.create(
        report=report,
        author=ReportMessage.Author.REPORTER,
        at=_hour(),
        for_staff=_seal_json(public, {"text": text, "photos": len(photos)}),
    )
    ReportPhoto.objects.bulk_create(
        [ReportPhoto(report=report, message=message, ciphertext=crypto.seal(public, p)) for p in photos]
    )
    return message


@dataclass
class ReporterView:
    """What the holder of the receipt code sees: the status, staff replies, and when they added more."""

    status: str
    status_label: str
    received: datetime
    thread: list[dict[str, Any]] = field(default_factory=list)


@sensitive_variables("code", "private")
def reporter_view(report: Report, code: str) -> ReporterView:
    private = _reporter_key(report, code)
    thread = []
    for message in report.messages.all():
        item: dict[str, Any] = {"author": message.author, "at": message.at}
        if message.for_reporter is not None:
            item["text"] = json.loads(crypto.unseal(private, bytes(message.for_reporter)))["text"]
        thread.append(item)
    return ReporterView(report.status, ReportStatus(report.status).label, report.received, thread)


# --- what staff do -------------------------------------------------------------------------------


def record(actor: Any, organisation: Organisation | None, action: str, report: Report | None) -> None:
    """An AccessEvent for every read and write of a report: who, what, which; never the content."""
    AccessEvent.objects.create(
        actor=actor,
        actor_name=getattr(actor, "username", "") or "",
        organisation=organisation,
        action=action,
        object_type="report",
        object_id=str(report.pk) if report else "",
    )


@dataclass
class OpenReport:
    """A report decrypted for one response; never stored, cached or logged."""

    content: dict[str, Any]
    photos: list[bytes]
    thread: list[dict[str, Any]]


@sensitive_variables("passphrase", "private")
def open_report(report: Report, passphrase: str, actor: Any) -> OpenReport:
    """Decrypt REPORT with the organisation's PASSPHRASE; crypto.WrongKey (recorded too) when wrong."""
    try:
        private = unlock_key(report.key, passphrase)
    except crypto.WrongKey:
        record(actor, report.organisation, "report.unlock_failed", report)
        raise
    content = json.loads(crypto.unseal(private, bytes(report.ciphertext)))
    photos = [crypto.unseal(private, bytes(p.ciphertext)) for p in report.photos.filter(message=None)]
    thread = []
    for message in report.messages.prefetch_related("photos"):
        data = json.loads(crypto.unseal(private, bytes(message.for_staff)))
        thread.append(
            {
                "author": message.author,
                "at": message.at,
                "text": data["text"],
                "photos": [crypto.unseal(private, bytes(p.ciphertext)) for p in message.photos.all()],
            }
        )
    record(actor, report.organisation, "report.read", report)
    return OpenReport(content, photos, thread)


@transaction.atomic
def set_status(report: Report, status: str, actor: Any) -> None:
    report.status = ReportStatus(status)
    report.save(update_fields=["status"])
    record(actor, report.organisation, f"report.status.{status}", report)


@sensitive_variables("text")
@transaction.atomic
def reply(report: Report, text: str, actor: Any) -> ReportMessage:
    """A reply the reporter reads with the receipt code; staff read it again with the passphrase."""
    data = {"text": text, "photos": 0}
    message = ReportMessage.objects.create(
        report=report,
        author=ReportMessage.Author.STAFF,
        at=_hour(),
        for_staff=_seal_json(bytes(report.key.public_key), data),
        for_reporter=_seal_json(bytes(report.reporter_public_key), data),
    )
    record(actor, report.organisation, "report.reply", report)
    return message
