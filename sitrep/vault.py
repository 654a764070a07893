"""The vault: the passphrase that opens the store, and the key it gives.

The database is encrypted by SQLCipher (the ``sqlcipher3`` package bundles it). The key is
not SQLCipher's own PBKDF2 of the passphrase: it is Argon2id's, which costs an attacker who
guesses memory as well as time, and it is made once per unlock. The app then hands the raw
key to every connection it opens (backups, the report's child process) without deriving it
again.

Argon2id needs a salt that can be read before the file is opened. SQLCipher keeps a random
16-byte salt as the first bytes of every database it writes, in the clear; the vault gives
SQLCipher that salt explicitly (a raw key with its salt, ``x'<key><salt>'``), so the same 16
bytes serve both, and no side file can be lost. SQLCipher keeps the salt when it re-keys, so
a new passphrase is derived with the old salt: the salt only has to be unique, not secret.

Everything else sitrep writes about incidents outside the database (report cache, autosave,
photos) is sealed with random keys kept inside it (sitrep/sealing.py, Store.file_key): the
passphrase protects them through the database.
"""

from __future__ import annotations

import os
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from argon2.low_level import Type, hash_secret_raw

from sitrep.contract.problems import Problem

SALT_BYTES = 16
KEY_BYTES = 32
# Argon2id, chosen to unlock in about 0.2 s on the team's 2-core machines (docs/benchmarks.md)
# while every guess costs an attacker 128 MiB of memory: above RFC 9106's second
# recommended option (64 MiB) and OWASP's minimums. Changing them makes every existing
# store unopenable, so they belong to the format: a new set needs a version beside it.
TIME_COST = 3
MEMORY_KIB = 128 * 1024
PARALLELISM = 2
MIN_PASSPHRASE_CHARS = 8

SQLITE_HEADER = b"SQLite format 3\x00"  # the first bytes of a plaintext SQLite file
PASSPHRASE_VARIABLE = "SITREP_PASSPHRASE"  # scripts' way to give it (less safe: docs/security.md)


@dataclass(frozen=True)
class StoreKey:
    """The raw key of one store and the salt it was derived with. Its repr never shows the key."""

    raw: bytes = field(repr=False)
    salt: bytes

    def pragma(self) -> str:
        """SQLCipher's raw key with explicit salt, as ``PRAGMA key`` and ``ATTACH … KEY`` take it."""
        return f"\"x'{self.raw.hex()}{self.salt.hex()}'\""


def normalized(passphrase: str) -> bytes:
    # NFC: the same Arabic or accented passphrase typed on two keyboards (composed or not)
    # gives the same bytes, so the same key.
    return unicodedata.normalize("NFC", passphrase).encode("utf-8")


def derive(passphrase: str, salt: bytes) -> StoreKey:
    raw = hash_secret_raw(normalized(passphrase), salt, time_cost=TIME_COST, memory_cost=MEMORY_KIB,
                          parallelism=PARALLELISM, hash_len=KEY_BYTES, type=Type.ID)
    return StoreKey(raw, salt)


def new_key(passphrase: str) -> StoreKey:
    """The key for a new store (or a plaintext one being encrypted), with a new random salt."""
    return derive(passphrase, os.urandom(SALT_BYTES))


def store_state(path: str | Path) -> str:
    """What ``path`` holds: "new" (nothing yet, or an empty file), "plaintext" (an unencrypted
    SQLite file: a store of an older sitrep, or another program's) or "encrypted" (anything
    else: only the passphrase tells an encrypted store from a damaged or foreign file)."""
    try:
        with open(path, "rb") as file:
            head = file.read(len(SQLITE_HEADER))
    except (FileNotFoundError, NotADirectoryError):  # nothing there yet (opening says if it cannot be made)
        return "new"
    if not head:
        return "new"
    return "plaintext" if head == SQLITE_HEADER else "encrypted"


def key_for(path: str | Path, passphrase: str) -> StoreKey:
    """The key that ``passphrase`` gives for the existing encrypted store at ``path`` (not
    checked here: the Store refuses a wrong one with "wrong_passphrase")."""
    return derive(passphrase, file_salt(path).ljust(SALT_BYTES, b"\0"))  # a truncated file is refused on open


def file_salt(path: str | Path) -> bytes:
    """The salt an encrypted store (or its backup) keeps as its first bytes."""
    with open(path, "rb") as file:
        return file.read(SALT_BYTES)


def check_new_passphrase(passphrase: str, repeated: str) -> list[Problem]:
    """Problems with a passphrase being chosen (first start, a change, the migration)."""
    if len(passphrase) < MIN_PASSPHRASE_CHARS:
        return [Problem("passphrase_too_short", params={"count": MIN_PASSPHRASE_CHARS})]
    if normalized(passphrase) != normalized(repeated):
        return [Problem("passphrases_differ")]
    return []
