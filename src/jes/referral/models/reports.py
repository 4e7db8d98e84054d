"""Anonymous reports, stored so that a database dump reveals neither a report nor its reporter.

Every column here is either ciphertext (sealed boxes, see referral/crypto.py), a public key, a salt,
a slow hash, or metadata that names nobody: no IP address, user agent, cookie or account is kept.
Times are kept to the hour only, so that they cannot be matched to a network log to the second.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from .workspace import Organisation

__all__ = ["ReportKey", "ReportStatus", "Report", "ReportMessage", "ReportPhoto"]


class ReportKey(models.Model):
    """An organisation's Curve25519 key pair; the private key only locked under the staff passphrase."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="report_keys")
    created = models.DateTimeField(auto_now_add=True)
    active = models.BooleanField(default=True, help_text="New reports are sealed to the active key")
    public_key = models.BinaryField(max_length=32)
    locked_private_key = models.BinaryField(help_text="Secretbox under an Argon2id key from the passphrase")
    kdf_salt = models.BinaryField(max_length=16)
    kdf_opslimit = models.PositiveIntegerField()
    kdf_memlimit = models.PositiveBigIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation"], condition=models.Q(active=True), name="one_active_report_key"
            )
        ]

    def __str__(self) -> str:
        return f"Report key {self.pk} of {self.organisation}{'' if self.active else ' (retired)'}"


class ReportStatus(models.TextChoices):
    NEW = "new", _("New")
    IN_REVIEW = "in_review", _("Being reviewed")
    REFERRED = "referred", _("Passed on to the right service")
    CLOSED = "closed", _("Closed")


class Report(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="reports")
    key = models.ForeignKey(ReportKey, on_delete=models.PROTECT, related_name="reports")
    received = models.DateTimeField(help_text="Rounded down to the hour")
    status = models.CharField(max_length=10, choices=ReportStatus.choices, default=ReportStatus.NEW)
    # A keyed bucket of the receipt code, not an identifier: see reporting.receipt_bucket.
    receipt_bucket = models.CharField(max_length=8, db_index=True)
    receipt_hash = models.CharField(max_length=200, help_text="Argon2id hash of the receipt code")
    reporter_public_key = models.BinaryField(max_length=32)
    reporter_locked_key = models.BinaryField(help_text="The reporter's private key, locked under the receipt code")
    reporter_kdf_salt = models.BinaryField(max_length=16)
    reporter_kdf_opslimit = models.PositiveIntegerField()
    reporter_kdf_memlimit = models.PositiveBigIntegerField()
    ciphertext = models.BinaryField(help_text="Sealed box to the organisation's key: the report as JSON")

    class Meta:
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"Report {self.pk} ({self.status})"


class ReportMessage(models.Model):
    """Information the reporter added later, or a staff reply; the text only ever sealed."""

    class Author(models.TextChoices):
        REPORTER = "reporter", _("You")
        STAFF = "staff", _("Staff")

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="messages")
    author = models.CharField(max_length=8, choices=Author.choices)
    at = models.DateTimeField(help_text="Rounded down to the hour")
    for_staff = models.BinaryField(help_text="Sealed to the organisation's key")
    for_reporter = models.BinaryField(null=True, help_text="Staff replies only: sealed to the reporter's key")

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.author} message on report {self.report_id}"


class ReportPhoto(models.Model):
    """A photo re-encoded without any metadata, then sealed to the organisation's key."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="photos")
    message = models.ForeignKey(ReportMessage, null=True, on_delete=models.CASCADE, related_name="photos")
    ciphertext = models.BinaryField()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"Photo {self.pk} of report {self.report_id}"
