"""Shared fixtures: the bundled catalogue in the test database and named users."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth.models import Permission, User

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT.parent / "shared" / "seeds" / "joint-research-report-thb.txt"


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    """Test users are created by the hundred: a fast hasher, whether or not scripts/test set the variable."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The bundled catalogue is loaded once; each test runs in a transaction rolled back after it."""
    from jes.catalogue.services import load_bundled

    with django_db_blocker.unblock():
        load_bundled()


@pytest.fixture
def catalogue(db):
    """The bundled content: loaded once per session, and again if a transactional test flushed it."""
    from jes.catalogue.models import Entry
    from jes.catalogue.services import load_bundled

    if not Entry.objects.exists():
        load_bundled()


def _user(username: str, *, staff: bool = False, superuser: bool = False, country: str | None = None) -> User:
    user = User.objects.create_user(username, f"{username}@example.org", "correct horse battery staple")
    user.is_staff = staff
    user.is_superuser = superuser
    user.save()
    if country:
        from jes.catalogue.models import EditorProfile

        EditorProfile.objects.create(user=user, country=country)
        perms = Permission.objects.filter(content_type__app_label="catalogue")
        user.user_permissions.set(perms)
    return user


@pytest.fixture
def coordinator(db) -> User:
    """The joint report's coordinator: may edit every country."""
    return _user("coordinator", staff=True, superuser=True)


@pytest.fixture
def editor_si(db) -> User:
    """A Slovenian partner's editor."""
    return _user("editor_si", staff=True, country="SI")


@pytest.fixture
def outsider(db) -> User:
    """Signed in, but no editing rights."""
    return _user("outsider")
