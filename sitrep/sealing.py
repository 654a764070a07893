"""Files sitrep writes outside its database, sealed: AES-256-GCM with a key kept in the store.

The rule is that nothing about an incident is written in the clear outside the store. Files
that must live elsewhere (the situation report's cache of laid-out parts, in the user's cache
folder) are sealed with a random key that only the store holds (Store.file_key). So:
- the cache folder copied on its own, or synced, or left behind, is unreadable;
- destroying the store (sitrep wipe) destroys the key, and with it every sealed copy anywhere;
- once the store itself is encrypted with the user's passphrase, the key is protected with it.

A sealed file is MAGIC, a 12-byte nonce (random, one per file) and the ciphertext with its
16-byte tag. The label (the file's name) is authenticated too, so a sealed file copied under
another name does not open.
"""

from __future__ import annotations

import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

MAGIC = b"sitrep-sealed-1\n"
KEY_BYTES = 32
_NONCE_BYTES = 12


def new_key() -> bytes:
    return os.urandom(KEY_BYTES)


def seal(key: bytes, data: bytes, label: str) -> bytes:
    nonce = os.urandom(_NONCE_BYTES)
    return MAGIC + nonce + AESGCM(key).encrypt(nonce, data, label.encode("utf-8"))


def unseal(key: bytes, sealed: bytes, label: str) -> bytes | None:
    """The data, or None when it was not sealed with this key under this label, or is damaged."""
    if not sealed.startswith(MAGIC) or len(sealed) < len(MAGIC) + _NONCE_BYTES + 16:
        return None
    nonce = sealed[len(MAGIC):len(MAGIC) + _NONCE_BYTES]
    try:
        return AESGCM(key).decrypt(nonce, sealed[len(MAGIC) + _NONCE_BYTES:], label.encode("utf-8"))
    except InvalidTag:
        return None
