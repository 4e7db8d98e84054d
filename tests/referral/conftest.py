"""Referral fixtures: two organisations and one staff account per role."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User


@pytest.fixture
def kljuc(db):
    from jes.referral.models import Organisation

    return Organisation.objects.create(name="Društvo Ključ", country="SI")


@pytest.fixture
def other_org(db):
    from jes.referral.models import Organisation

    return Organisation.objects.create(name="Pro-tukipiste", country="FI")


@pytest.fixture
def make_staff(db):
    from jes.referral.models import Staff

    def make(username: str, organisation, role: str) -> User:
        user = User.objects.create_user(username, password=f"pw-{username}-123")
        Staff.objects.create(user=user, organisation=organisation, role=role)
        return user

    return make


@pytest.fixture
def frontline(make_staff, kljuc):
    return make_staff("frontline", kljuc, "frontline")


@pytest.fixture
def coordinator(make_staff, kljuc):
    return make_staff("coordinator", kljuc, "coordinator")


@pytest.fixture
def analyst(make_staff, kljuc):
    return make_staff("analyst", kljuc, "analyst")


@pytest.fixture
def foreign_worker(make_staff, other_org):
    return make_staff("foreign", other_org, "frontline")
