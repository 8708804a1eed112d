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

Every network sync (and enrollment) sends the public key again — the server answers the key it
holds — and so gives the laptop the public half of the server's own key, which signs the replies
to its bundles (server.reply_key): once it has it, a reply it did not sign is refused.
"""

from __future__ import annotations

import base64
import logging
from collections.abc import Callable
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from app.store import Store
from sync.errors import SyncError
from sync.protocol import SigningKeyRequest, SigningKeyResponse
from sync.seal import public_key, public_text

log = logging.getLogger(__name__)
PRIVATE_KEY = "signing_key"
# The public half of the server's key for replies, as it said over the network (server.reply_key).
SERVER_KEY = "server_signing_key"
Post = Callable[[str, dict[str, Any], type[SigningKeyResponse]], SigningKeyResponse]


def new_private_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


def private_text(key: Ed25519PrivateKey) -> str:
    return base64.b64encode(key.private_bytes_raw()).decode()


def private_key(store: Store) -> Ed25519PrivateKey | None:
    """This laptop's signing key, or None for a laptop enrolled before signing keys that has not
    synced over the network since."""
    kept = store.meta(PRIVATE_KEY)
    return Ed25519PrivateKey.from_private_bytes(base64.b64decode(kept)) if kept else None


def server_key(store: Store) -> Ed25519PublicKey | None:
    """The key replies must be signed with, once a network sync brought it; None before."""
    kept = store.meta(SERVER_KEY)
    return public_key(kept) if kept else None


def keep(store: Store, key: Ed25519PrivateKey) -> None:
    """Store the key in the laptop's encrypted database; call inside a transaction."""
    store.set_meta(PRIVATE_KEY, private_text(key))


def register(store: Store, post: Post) -> None:
    """At each network sync: send the public half of this laptop's key (made now by a laptop
    enrolled before signing keys) and take the server's reply key from the answer. The server
    keeps the first key it was given and answers it again; one holding another key for this
    device refuses, and the sync goes on (this laptop's bundles will be refused until IT runs
    ``tongxin-server device forget-signing-key``), as it does when the call fails in any other
    way. Learning the server's key afresh at every sync, over the link its certificate and the
    token vouch for, lets a server whose key file was lost be trusted again by its laptops."""
    key = private_key(store)
    if key is None:
        key = new_private_key()
        with store.transaction():
            keep(store, key)
    try:
        body = SigningKeyRequest(public_key=public_text(key)).model_dump()
        answer = post("/v1/device/signing-key", body, SigningKeyResponse)
    except SyncError as refused:
        # Nothing here is a reason to stop a sync: the key learned before stays; a cut link or a
        # revoked token stops the sync's next step anyway.
        if refused.code == "signing_key_taken":
            log.error("the server holds another signing key for this laptop: %s", refused.en)
        else:
            log.warning("signing key not registered this time: %s", refused.en)
        return
    if store.meta(SERVER_KEY) != answer.server_key:
        with store.transaction():
            store.set_meta(SERVER_KEY, answer.server_key)
        log.info("the server's reply signing key learned: %s", answer.server_key)
