"""The laptop's signing key: what makes its sync bundles its own (sync.seal).

The key that seals a bundle is derived from what the server keeps of the device token, so a copy
of the server's database could seal a bundle as any device. The private half of this Ed25519 key
pair exists only in the laptop's encrypted database (meta, beside the token); the server keeps
the public half and refuses any bundle of the device it does not verify.

A laptop makes its pair when it enrolls and sends the public key with the request. One enrolled
before signing keys makes its pair at its next network sync and registers the public key over
the token-authenticated link (``register``); until the server holds a key, its bundles are taken
as they were, unsigned. A token is needed to register, and the server keeps the first key it
is given, so neither a copy of its database nor a later request can put another key in its place.
"""

from __future__ import annotations

import base64
import logging
from collections.abc import Callable
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from app.store import Store
from sync.errors import SyncError
from sync.protocol import SigningKeyRequest, SigningKeyResponse
from sync.seal import public_text

log = logging.getLogger(__name__)
PRIVATE_KEY = "signing_key"
# Set once the server has confirmed it holds this laptop's public key (at enrollment or by ``register``).
REGISTERED = "signing_key_registered"


def new_private_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


def private_text(key: Ed25519PrivateKey) -> str:
    raw = key.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    return base64.b64encode(raw).decode()


def private_key(store: Store) -> Ed25519PrivateKey | None:
    """This laptop's signing key, or None for a laptop enrolled before signing keys that has not
    synced over the network since."""
    kept = store.meta(PRIVATE_KEY)
    return Ed25519PrivateKey.from_private_bytes(base64.b64decode(kept)) if kept else None


def keep(store: Store, key: Ed25519PrivateKey, *, registered: bool) -> None:
    """Store the key in the laptop's encrypted database; call inside a transaction."""
    store.set_meta(PRIVATE_KEY, private_text(key))
    store.set_meta(REGISTERED, "1" if registered else "")


Post = Callable[[str, dict[str, Any], type[SigningKeyResponse]], SigningKeyResponse]


def register(store: Store, post: Post) -> None:
    """At a network sync: a laptop whose public key the server has not confirmed yet makes its
    pair if it has none and registers it. A server holding another key for this device refuses;
    the sync goes on (bundles of this laptop will be refused until IT re-enrolls it)."""
    if store.meta(REGISTERED):
        return
    key = private_key(store)
    if key is None:
        key = new_private_key()
        with store.transaction():
            keep(store, key, registered=False)
    try:
        body = SigningKeyRequest(public_key=public_text(key)).model_dump()
        post("/v1/device/signing-key", body, SigningKeyResponse)
    except SyncError as refused:
        if refused.code != "signing_key_taken":
            raise
        log.error("the server holds another signing key for this laptop: %s", refused.en)
        return
    with store.transaction():
        store.set_meta(REGISTERED, "1")
    log.info("signing key registered with the server")
