"""What other pillars and the staff form call to add a case record: the standard's variables and nothing else.

`record_case` is the one door into `CaseRecord` outside bulk imports. It takes only the variables listed in
`VARIABLES`; any other key (a name, a reference, a date of birth) is refused, not dropped silently, so a caller
that tries to pass identity data finds out at once.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

import pycountry
from django.db import transaction

from .importer import AGE_BANDS, GENDERS, RELATIONS, YEAR_MAX, YEAR_MIN
from .models import CaseRecord, Form, MeansOfControl

VARIABLES = frozenset(
    {"year", "gender", "age_band", "citizenship", "country_of_exploitation", "forms", "means_of_control",
     "recruiter_relation"}
)  # fmt: skip
# Means of control by their HTCDS value names (the labels are the model's).
MEANS_OF_CONTROL = dict(MeansOfControl.choices)
_ALPHA3 = re.compile(r"[A-Z]{3}")


class CaseRecordError(ValueError):
    """A variable with a value the standard does not allow; ``field`` names it."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field


def _check(variables: dict[str, Any]) -> None:
    extra = sorted(set(variables) - VARIABLES)
    if extra:
        raise CaseRecordError(extra[0], "not a variable of the standard; identity data never enters the observatory")
    year = variables.get("year")
    this_year = datetime.date.today().year
    if year is not None and not (YEAR_MIN <= int(year) <= min(YEAR_MAX, this_year)):
        raise CaseRecordError("year", f"{year} is not a year between {YEAR_MIN} and {this_year}")
    checks = {"gender": GENDERS, "age_band": AGE_BANDS, "recruiter_relation": RELATIONS}
    for field, allowed in checks.items():
        if variables.get(field) and variables[field] not in allowed:
            raise CaseRecordError(field, f"{variables[field]!r} is not one of {', '.join(sorted(allowed))}")
    for field in ("citizenship", "country_of_exploitation"):
        code = variables.get(field)
        if code and (not _ALPHA3.fullmatch(code) or pycountry.countries.get(alpha_3=code) is None):
            raise CaseRecordError(field, f"{code!r} is not an ISO 3166-1 alpha-3 country code")
    unknown = [f for f in variables.get("forms") or [] if f not in Form.values]
    if unknown:
        raise CaseRecordError("forms", f"unknown form(s) {', '.join(unknown)}")
    unknown = [m for m in variables.get("means_of_control") or [] if m not in MEANS_OF_CONTROL]
    if unknown:
        raise CaseRecordError("means_of_control", f"unknown means {', '.join(unknown)}")


def country_alpha3(alpha2: str) -> str:
    """ISO 3166-1 alpha-3 for an alpha-2 code ("" if unknown), for pillars that store alpha-2."""
    country = pycountry.countries.get(alpha_2=alpha2.upper()) if alpha2 else None
    return country.alpha_3 if country is not None else ""


@transaction.atomic
def record_case(variables: dict[str, Any], *, source: str) -> CaseRecord:
    """Store one case record from the standard's VARIABLES (unknowns left out or None) for data source SOURCE."""
    _check(variables)
    year = variables.get("year")
    case = CaseRecord(
        data_source=source[:30],
        year_label=str(year) if year else None,
        year_start=int(year) if year else None,
        year_end=int(year) if year else None,
        gender=variables.get("gender") or None,
        age_band=variables.get("age_band") or None,
        citizenship=variables.get("citizenship") or None,
        country_of_exploitation=variables.get("country_of_exploitation") or None,
        recruiter_relation=variables.get("recruiter_relation") or None,
    )
    case.set_forms(sorted(variables.get("forms") or []))
    case.set_means(sorted(variables.get("means_of_control") or []))
    case.save()
    return case


DATA_EDITORS = "Observatory data editors"


def make_data_editor(username: str) -> tuple[Any, bool]:
    """A user who may add case records and import files, and nothing else (no admin, no staff flag)."""
    from django.contrib.auth.models import Group, Permission, User

    if not username.strip():
        raise ValueError("give a user name")
    group, _ = Group.objects.get_or_create(name=DATA_EDITORS)
    codenames = ("add_caserecord", "add_importbatch")
    group.permissions.set(Permission.objects.filter(content_type__app_label="observatory", codename__in=codenames))
    user, created = User.objects.get_or_create(username=username.strip())
    if created:
        user.set_unusable_password()  # they set one through the password-reset flow or `jes manage changepassword`
        user.save()
    user.groups.add(group)
    return user, created
