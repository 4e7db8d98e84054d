"""Encryption of anonymous reports, with libsodium through PyNaCl (no cryptography of our own).

Two kinds of key pair, both Curve25519 and both kept only *locked*:

- the organisation's key pair: its private key is sealed in a secretbox under a key derived from the
  staff passphrase with Argon2id (``nacl.pwhash``), so a database dump (and the server's SECRET_KEY)
  alone opens no report;
- one key pair per report for the reporter, locked the same way under the receipt code, so staff
  replies sealed to it can be read only by whoever holds the code (GlobaLeaks' whistleblower key).

Reports are sealed boxes to the organisation's public key: the server can write them but never read
them back without the passphrase.
"""

from __future__ import annotations

from dataclasses import dataclass

import nacl.exceptions
import nacl.utils
from django.conf import settings
from django.views.decorators.debug import sensitive_variables
from nacl.public import PrivateKey, PublicKey, SealedBox
from nacl.pwhash import argon2id
from nacl.secret import SecretBox

__all__ = ["KdfCost", "LockedKey", "WrongKey", "cost", "lock_new_keypair", "seal", "unlock", "unseal"]


class WrongKey(Exception):
    """The passphrase or receipt code does not open the key, or a ciphertext was tampered with."""


@dataclass(frozen=True)
class KdfCost:
    opslimit: int
    memlimit: int


# MODERATE (256 MiB, about a second) for the passphrase that guards every report of an organisation:
# staff unlock rarely, an attacker with a dump guesses often. INTERACTIVE (64 MiB) for receipt codes,
# which the public form checks on each visit and which carry 53 random bits already.
_COSTS = {
    "passphrase": KdfCost(argon2id.OPSLIMIT_MODERATE, argon2id.MEMLIMIT_MODERATE),
    "receipt": KdfCost(argon2id.OPSLIMIT_INTERACTIVE, argon2id.MEMLIMIT_INTERACTIVE),
}
# The library's minimum: tests only (JES_REPORT_TEST_KDF); the cost is stored with each locked key,
# so keys made this way still open, and real keys never depend on this switch.
_TEST_COST = KdfCost(argon2id.OPSLIMIT_MIN, argon2id.MEMLIMIT_MIN)


def cost(kind: str) -> KdfCost:
    """The Argon2id cost for locking a new key of KIND ("passphrase" or "receipt")."""
    if getattr(settings, "JES_REPORT_TEST_KDF", False):
        return _TEST_COST
    return _COSTS[kind]


@dataclass(frozen=True)
class LockedKey:
    """A key pair whose private half is sealed under a secret; every field is safe to store."""

    public_key: bytes
    locked_private_key: bytes
    salt: bytes
    opslimit: int
    memlimit: int


@sensitive_variables("secret", "box_key")
def _box(secret: str, salt: bytes, opslimit: int, memlimit: int) -> SecretBox:
    box_key = argon2id.kdf(SecretBox.KEY_SIZE, secret.encode("utf-8"), salt, opslimit=opslimit, memlimit=memlimit)
    return SecretBox(box_key)


@sensitive_variables("secret", "private")
def lock_new_keypair(secret: str, kdf: KdfCost) -> LockedKey:
    """A fresh key pair, its private key locked under SECRET (a passphrase or a receipt code)."""
    private = PrivateKey.generate()
    salt = nacl.utils.random(argon2id.SALTBYTES)
    locked = _box(secret, salt, kdf.opslimit, kdf.memlimit).encrypt(bytes(private))
    return LockedKey(bytes(private.public_key), bytes(locked), salt, kdf.opslimit, kdf.memlimit)


@sensitive_variables("secret")
def unlock(locked: LockedKey, secret: str) -> PrivateKey:
    """The private key, or WrongKey; kept in memory by the caller for one request at most."""
    try:
        raw = _box(secret, bytes(locked.salt), locked.opslimit, locked.memlimit).decrypt(
            bytes(locked.locked_private_key)
        )
    except nacl.exceptions.CryptoError:
        raise WrongKey("the passphrase or code does not open this key") from None
    private = PrivateKey(raw)
    if bytes(private.public_key) != bytes(locked.public_key):
        raise WrongKey("the stored public key does not match the private key")
    return private


def seal(public_key: bytes, plaintext: bytes) -> bytes:
    """An anonymous sealed box: only the holder of the matching private key can open it."""
    return bytes(SealedBox(PublicKey(bytes(public_key))).encrypt(plaintext))


def unseal(private_key: PrivateKey, ciphertext: bytes) -> bytes:
    try:
        return bytes(SealedBox(private_key).decrypt(bytes(ciphertext)))
    except nacl.exceptions.CryptoError:
        raise WrongKey("this box was not sealed to this key, or was altered") from None
