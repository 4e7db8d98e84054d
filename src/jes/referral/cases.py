"""Cases and referrals: opening, updating, referring with consent, status tracking, retention and erasure."""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from .access import audit
from .models import Case, Organisation, Referral, ReferralStatus, Staff

# Unambiguous characters: references are read out on the phone between services.
_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
NEXT_STATUSES = {
    ReferralStatus.SENT: {ReferralStatus.ACCEPTED, ReferralStatus.DECLINED, ReferralStatus.CLOSED},
    ReferralStatus.ACCEPTED: {ReferralStatus.CLOSED},
    ReferralStatus.DECLINED: {ReferralStatus.CLOSED},
    ReferralStatus.CLOSED: set(),
}


class CaseError(ValueError):
    """A change that cannot be made; the message names the field."""


def new_reference() -> str:
    return "C-" + "".join(secrets.choice(_ALPHABET) for _ in range(8))


@transaction.atomic
def open_case(staff: Staff, profile: dict[str, Any], language: str = "") -> Case:
    case = Case.objects.create(
        organisation=staff.organisation,
        reference=new_reference(),
        created_by=staff.user,
        profile=profile,
        language=language,
    )
    audit(staff, "case_created", case, fields=sorted(profile))
    return case


@transaction.atomic
def save_assessment(staff: Staff, case: Case, indicators: list[str], assessment: dict[str, Any]) -> None:
    case.indicators = indicators
    case.assessment = assessment
    case.interview_state = {}
    case.save(update_fields=["indicators", "assessment", "interview_state"])
    audit(staff, "assessment_saved", case, indicators=len(indicators), outcome=assessment.get("outcome"))


@transaction.atomic
def refer(
    staff: Staff, case: Case, service_id: str, service_name: str, *, consent: bool, consent_note: str, reason: str
) -> Referral:
    """Record a referral. Informed consent is required: without it nothing is recorded."""
    if not consent:
        raise CaseError("consent: a referral needs the person's informed consent")
    if not consent_note.strip():
        raise CaseError("consent_note: say how consent was given (language, interpreter, written or spoken)")
    now = timezone.now().isoformat()
    referral = Referral.objects.create(
        case=case,
        service_id=service_id,
        service_name=service_name,
        consent=True,
        consent_note=consent_note,
        reason=reason,
        created_by=staff.user,
        history=[{"status": ReferralStatus.SENT, "at": now, "by": staff.user.get_username()}],
    )
    audit(staff, "referral_sent", case, referral=referral.pk, service=service_id)
    return referral


@transaction.atomic
def set_referral_status(staff: Staff, referral: Referral, status: str) -> Referral:
    current = ReferralStatus(referral.status)
    if status not in {s.value for s in NEXT_STATUSES[current]}:
        raise CaseError(f"status: a {current.label.lower()} referral cannot become {status!r}")
    referral.status = status
    referral.history = [
        *referral.history,
        {"status": status, "at": timezone.now().isoformat(), "by": staff.user.get_username()},
    ]
    referral.save(update_fields=["status", "history"])
    audit(staff, "referral_status", referral.case, referral=referral.pk, status=status)
    return referral


@transaction.atomic
def close_case(staff: Staff, case: Case) -> None:
    case.status = "closed"
    case.closed = timezone.now()
    case.save(update_fields=["status", "closed"])
    audit(staff, "case_closed", case)


@transaction.atomic
def erase_case(staff: Staff | None, case: Case, why: str) -> None:
    """Erasure (GDPR art. 17): personal data is blanked; the reference, dates and audit trail stay."""
    case.profile = {}
    case.indicators = []
    case.assessment = {}
    case.interview_state = {}
    case.notes = ""
    case.status = "erased"
    case.save()
    case.referrals.update(consent_note="", reason="")
    audit(staff, "case_erased", case, why=why)


def due_for_erasure(now: Any = None) -> list[Case]:
    """Closed cases whose organisation's retention period has passed."""
    now = now or timezone.now()
    due = []
    for org in Organisation.objects.all():
        limit = now - timedelta(days=org.retention_days)
        due += list(Case.objects.filter(organisation=org, status="closed", closed__lt=limit))
    return due


def aggregates(organisation: Organisation) -> dict[str, Any]:
    """What an analyst may see: counts only, never a case."""
    cases = Case.objects.filter(organisation=organisation)
    by_status = dict(cases.values_list("status").annotate(n=Count("id")).values_list("status", "n"))
    outcomes: dict[str, int] = {}
    for assessment in cases.exclude(status="erased").values_list("assessment", flat=True):
        outcome = (assessment or {}).get("outcome", "not assessed")
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    referrals = dict(
        Referral.objects.filter(case__organisation=organisation)
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    return {"cases": by_status, "outcomes": outcomes, "referrals": referrals}


# The referral profile's forms of exploitation -> the observatory standard's (HTCDS/CTDC) forms.
OBSERVATORY_FORMS = {
    "sexual": "sexual_exploitation",
    "labour": "forced_labour",
    "criminality": "forced_criminality",
    "begging": "forced_begging",
    "domestic_servitude": "domestic_servitude",
    "forced_marriage": "forced_marriage",
    "illegal_adoption": "illegal_adoption",
    "organ_removal": "organ_removal",
}


class ContributionRefused(ValueError):
    pass


def observatory_draft(case: Case) -> dict[str, Any]:
    """What the case can give the observatory, before the worker checks it: standard variables only."""
    from jes.observatory.services import country_alpha3

    profile = case.profile or {}
    draft: dict[str, Any] = {
        "year": (case.closed or case.created).year,
        "country_of_exploitation": country_alpha3(case.organisation.country),
        "forms": [OBSERVATORY_FORMS[f] for f in profile.get("exploitation", []) if f in OBSERVATORY_FORMS],
    }
    age = profile.get("age")
    if isinstance(age, int):
        draft["age_band"] = "Minor" if age < 18 else "Adult"
    return draft


@transaction.atomic
def contribute_to_observatory(staff: Staff, case: Case, variables: dict[str, Any]) -> None:
    """Add a closed case to the observatory, reduced to the standard's variables, once, with the person's consent.

    The observatory record carries no reference back to the case: the link is one-way by design.
    """
    from jes.observatory.services import record_case

    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.status != "closed":
        raise ContributionRefused("only a closed case can be added to the observatory")
    if case.observatory_contributed is not None:
        raise ContributionRefused("this case was already added to the observatory")
    record_case(variables, source="referral")
    case.observatory_contributed = timezone.now()
    case.save(update_fields=["observatory_contributed"])
    audit(staff, "case_contributed", case)
