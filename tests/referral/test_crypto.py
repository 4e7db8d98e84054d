"""Key locking and sealed boxes (PyNaCl): a secret opens its key, nothing else does."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from nacl.public import PrivateKey

from jes.referral import crypto

FAST = crypto.KdfCost(1, 8192)


def test_it_unlocks_a_key_with_its_secret_only():
    locked = crypto.lock_new_keypair("a long staff passphrase", FAST)
    private = crypto.unlock(locked, "a long staff passphrase")
    assert bytes(private.public_key) == locked.public_key
    with pytest.raises(crypto.WrongKey):
        crypto.unlock(locked, "a long staff passphrasE")


def test_it_never_stores_the_private_key_in_the_clear():
    locked = crypto.lock_new_keypair("secret words here", FAST)
    private = crypto.unlock(locked, "secret words here")
    assert bytes(private) not in locked.locked_private_key
    assert locked.opslimit == 1 and locked.memlimit == 8192 and len(locked.salt) == 16


def test_it_refuses_a_key_whose_public_half_was_swapped():
    locked = crypto.lock_new_keypair("secret words here", FAST)
    other = bytes(PrivateKey.generate().public_key)
    forged = crypto.LockedKey(other, locked.locked_private_key, locked.salt, locked.opslimit, locked.memlimit)
    with pytest.raises(crypto.WrongKey):
        crypto.unlock(forged, "secret words here")


@settings(max_examples=25, deadline=None)
@given(st.binary(max_size=2048))
def test_a_sealed_box_opens_with_the_recipient_key_only(plaintext):
    recipient, stranger = PrivateKey.generate(), PrivateKey.generate()
    box = crypto.seal(bytes(recipient.public_key), plaintext)
    assert crypto.unseal(recipient, box) == plaintext
    with pytest.raises(crypto.WrongKey):
        crypto.unseal(stranger, box)


def test_a_tampered_box_is_refused():
    recipient = PrivateKey.generate()
    box = bytearray(crypto.seal(bytes(recipient.public_key), b"what I saw"))
    box[-1] ^= 1
    with pytest.raises(crypto.WrongKey):
        crypto.unseal(recipient, bytes(box))


def test_real_keys_use_a_strong_cost_and_tests_can_lower_it(settings):
    settings.JES_REPORT_TEST_KDF = False
    assert crypto.cost("passphrase").memlimit >= 256 * 1024 * 1024
    assert crypto.cost("receipt").memlimit >= 64 * 1024 * 1024
    settings.JES_REPORT_TEST_KDF = True
    assert crypto.cost("passphrase") == FAST
