"""Least privilege for the case workspace, and the audit of every read and write of personal data.

Frontline workers and coordinators work on their own organisation's cases; administrators manage their
organisation; analysts see aggregates only (never a case). Staff of another organisation get 404, so that
case references leak nothing.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from .models import AccessEvent, Case, Staff, StaffRole

CASE_ROLES = {StaffRole.FRONTLINE, StaffRole.COORDINATOR, StaffRole.ADMIN}


def staff_of(user: Any) -> Staff:
    """The user's staff record, or 403 for accounts that are not referral staff."""
    staff = Staff.objects.select_related("organisation").filter(user_id=getattr(user, "pk", None)).first()
    if staff is None:
        raise PermissionDenied("Only referral staff may use the case workspace")
    return staff


def require_role(user: Any, roles: set[str]) -> Staff:
    staff = staff_of(user)
    if staff.role not in roles:
        raise PermissionDenied("Your role does not allow this")
    return staff


def case_for(user: Any, reference: str) -> tuple[Case, Staff]:
    """A case of the user's own organisation; 404 for any other (or an erased) case."""
    staff = require_role(user, CASE_ROLES)
    case = Case.objects.filter(reference=reference, organisation=staff.organisation).exclude(status="erased").first()
    if case is None:
        raise Http404("No such case")
    return case, staff


def audit(staff: Staff | None, action: str, obj: Any, **detail: Any) -> AccessEvent:
    """Record one access; DETAIL holds field names and statuses only, never the personal data itself."""
    user = staff.user if staff else None
    return AccessEvent.objects.create(
        actor=user,
        actor_name=user.get_username() if user else "system",
        organisation=staff.organisation if staff else getattr(obj, "organisation", None),
        action=action,
        object_type=type(obj).__name__.lower(),
        object_id=str(getattr(obj, "reference", None) or obj.pk),
        detail=detail,
    )
