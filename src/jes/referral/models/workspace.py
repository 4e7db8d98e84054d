"""The case workspace: organisations, staff roles, cases, referrals and the audit of personal data.

Least privilege (GDPR art. 9 special-category data): staff see only their organisation's cases; an
analyst sees aggregates only; every read and write of a case's personal data leaves an AccessEvent.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

__all__ = ["Organisation", "StaffRole", "Staff", "Case", "Referral", "ReferralStatus", "AccessEvent"]

COUNTRIES = [("SI", "Slovenia"), ("BE", "Belgium"), ("FI", "Finland"), ("IT", "Italy"), ("ES", "Spain")]


class Organisation(models.Model):
    name = models.CharField(max_length=200, unique=True)
    country = models.CharField(max_length=2, choices=COUNTRIES)
    retention_days = models.PositiveIntegerField(
        default=365 * 2, help_text="Closed cases are erased this many days after closing unless a law says otherwise"
    )

    def __str__(self) -> str:
        return self.name


class StaffRole(models.TextChoices):
    FRONTLINE = "frontline", "Frontline worker"
    COORDINATOR = "coordinator", "Coordinator"
    ANALYST = "analyst", "Analyst (aggregates only)"
    ADMIN = "admin", "Administrator"


class Staff(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="referral_staff")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="staff")
    role = models.CharField(max_length=12, choices=StaffRole.choices)

    class Meta:
        verbose_name_plural = "staff"

    def __str__(self) -> str:
        return f"{self.user} ({self.role}, {self.organisation})"


class CaseStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"
    ERASED = "erased", "Erased"


class Case(models.Model):
    """One person's identification and referral; the profile and answers are personal data."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="cases")
    reference = models.CharField(max_length=20, unique=True, help_text="Random; never a name")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=8, choices=CaseStatus.choices, default=CaseStatus.OPEN)
    closed = models.DateTimeField(null=True, blank=True)
    profile = models.JSONField(default=dict, blank=True)
    indicators = models.JSONField(default=list, blank=True, help_text="Indicator ids observed")
    assessment = models.JSONField(default=dict, blank=True)
    language = models.CharField(max_length=8, blank=True, help_text="Language of the interview")
    interview_state = models.JSONField(default=dict, blank=True, help_text="Where a paused interview resumes")
    notes = models.TextField(blank=True)
    observatory_contributed = models.DateTimeField(
        null=True, blank=True, help_text="When the closed case was added to the observatory, with consent"
    )

    class Meta:
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"Case {self.reference}"


class ReferralStatus(models.TextChoices):
    SENT = "sent", "Sent"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    CLOSED = "closed", "Closed"


class Referral(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="referrals")
    service_id = models.CharField(max_length=80, help_text="Id of the service in data/referral/services")
    service_name = models.CharField(max_length=300)
    status = models.CharField(max_length=10, choices=ReferralStatus.choices, default=ReferralStatus.SENT)
    consent = models.BooleanField(help_text="The person gave informed consent to this referral")
    consent_note = models.TextField(blank=True, help_text="How consent was given (language, interpreter, form)")
    reason = models.TextField(blank=True, help_text="Why the service fits, as the routing explained it")
    history = models.JSONField(default=list, blank=True, help_text="[{status, at, by}]")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created"]
        constraints = [models.CheckConstraint(condition=models.Q(consent=True), name="referral_needs_consent")]

    def __str__(self) -> str:
        return f"{self.service_name} ({self.status})"


class AccessEvent(models.Model):
    """Append-only: every read and write of personal data, by whom, when; never the data itself."""

    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    actor_name = models.CharField(max_length=150)
    organisation = models.ForeignKey(Organisation, null=True, on_delete=models.SET_NULL, related_name="+")
    action = models.CharField(max_length=40, db_index=True)
    object_type = models.CharField(max_length=40)
    object_id = models.CharField(max_length=40)
    detail = models.JSONField(default=dict, blank=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.object_type} {self.object_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError("access events are append-only")
        super().save(*args, **kwargs)
