"""Grids, users, devices and their enrollment.

Device tokens and enrollment codes are random and high-entropy, so a SHA-256 of each is what the
database keeps: a stolen database yields no usable token. What it does yield is the key a device's
sync bundles are sealed with (sync.seal); so a device also signs its bundles, and the database
keeps only the public half of that key (``signing_key``), given at enrollment or registered once
by a device enrolled before (``register_signing_key``). An account's password wraps its key
pair (app.account_keys): devices receive the public key and the wrapped private key for offline
login, which is all the server keeps of the password. Accounts made before key pairs keep their
argon2id hash here, never sent, until IT renews the password (``change_password``, ``reset_password``).
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy.engine import Connection

from app.account_keys import WrappedAccountKey, WrongPassword, check_password_rules, new_account_key
from app.models import GridLevel, Role
from app.validation.normalize import normalize_enrollment_code
from server import db, records, scope
from server.errors import bad_enroll_code, bad_signing_key, signing_key_taken, unauthorized
from sync import seal
from sync.protocol import OfflineKey, OfflineUser

_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: codes are read out over the phone
ENROLL_RETRY = timedelta(minutes=10)


@dataclass(frozen=True)
class Device:
    id: str
    name: str
    # The grids it was enrolled for; it covers them and every grid under them (server.scope).
    grids: frozenset[str]
    covered: frozenset[str]
    # Its grids and those above them: the grid records it receives to name where it stands.
    named: frozenset[str]


def _device(conn: Connection, device_id: str, name: str, grids: Iterable[str]) -> Device:
    enrolled = frozenset(grids)
    return Device(device_id, name, enrolled, scope.covered(conn, enrolled), scope.above(conn, enrolled))


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def add_grid(conn: Connection, code: str, name: str, level: GridLevel, parent: str | None = None) -> None:
    """A grid in the tree, and its record for the devices at and under it (and under its parent)."""
    conn.execute(sa.insert(db.grids).values(code=code, name=name, level=level.value, parent_code=parent))
    records.write_grid(conn, code, name, level, parent)
    scope.forget_tree()


def add_user(
    conn: Connection, username: str, display_name: str, role: Role, grids: list[str], password: str
) -> None:
    conn.execute(
        sa.insert(db.users).values(
            username=username,
            display_name=display_name,
            role=role.value,
            grids=sorted(grids),
            account_key=new_account_key(password).as_dict(),
            created_at=datetime.now(UTC),
        )
    )


def _user(conn: Connection, username: str) -> sa.Row[*tuple[Any, ...]]:
    row = conn.execute(sa.select(db.users).where(db.users.c.username == username).with_for_update()).first()
    if row is None:
        raise ValueError(f"没有用户 {username} (no such user: {username})")
    return row


def change_password(conn: Connection, username: str, old: str, new: str) -> None:
    """The same key pair under the new password, so laptops' seals to it stay valid; an account
    made before key pairs proves the old password against its kept hash and gets its first pair."""
    row = _user(conn, username)
    check_password_rules(new)
    if row.account_key is not None:
        key = WrappedAccountKey.from_dict(row.account_key).rewrapped(old, new)
    else:
        try:
            PasswordHasher().verify(row.legacy_password_hash or "", old)
        except (VerificationError, InvalidHashError):
            raise WrongPassword() from None
        key = new_account_key(new)
    _set_key(conn, username, key)


def reset_password(conn: Connection, username: str, new: str) -> None:
    """A new key pair under a new password, for a forgotten one: laptops seal to it at their next
    sync, and the old password opens nothing any more."""
    _user(conn, username)
    _set_key(conn, username, new_account_key(new))


def _set_key(conn: Connection, username: str, key: WrappedAccountKey) -> None:
    conn.execute(
        sa.update(db.users)
        .where(db.users.c.username == username)
        .values(account_key=key.as_dict(), legacy_password_hash=None)
    )


def _known_grids(conn: Connection, grids: list[str]) -> None:
    known = {row[0] for row in conn.execute(sa.select(db.grids.c.code).where(db.grids.c.code.in_(grids)))}
    if missing := sorted(set(grids) - known):
        raise ValueError(f"unknown grids: {', '.join(missing)}")


def create_enroll_code(
    conn: Connection, grids: list[str], *, valid_for: timedelta = timedelta(days=3)
) -> str:
    _known_grids(conn, grids)
    code = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(12))
    conn.execute(
        sa.insert(db.enroll_codes).values(
            code_hash=_hash(code), grids=sorted(grids), expires_at=datetime.now(UTC) + valid_for
        )
    )
    return code


def _checked(key: str | None) -> str | None:
    """A public signing key the server can verify with, or a refusal now rather than at a bundle."""
    if key is not None:
        try:
            seal.public_key(key)
        except ValueError:
            raise bad_signing_key() from None
    return key


def enroll(
    conn: Connection, code: str, device_name: str, signing_key: str | None = None
) -> tuple[Device, str]:
    """Trade a one-time code for a device and its token (returned once, never stored), keeping
    the public half of its bundle signing key (None from a laptop of before signing keys).

    A laptop whose answer was lost on the way asks again with the same code and name: within
    ``ENROLL_RETRY`` it gets the same device with a new token and the signing key it sends now
    (the first answer never arrived, and the laptop kept neither), instead of a used-up code and
    an orphan device."""
    signing_key = _checked(signing_key)
    row = conn.execute(
        sa.select(db.enroll_codes)
        .where(db.enroll_codes.c.code_hash == _hash(normalize_enrollment_code(code)))
        .with_for_update()
    ).first()
    if row is None:
        raise bad_enroll_code("unknown")
    if row.used_at is not None:
        return _enroll_again(conn, row, device_name, signing_key)
    if _aware(row.expires_at) < datetime.now(UTC):
        raise bad_enroll_code("expired")
    device_id, token = secrets.token_hex(16), secrets.token_urlsafe(32)
    conn.execute(
        sa.insert(db.devices).values(
            id=device_id,
            name=device_name,
            token_hash=_hash(token),
            grids=row.grids,
            created_at=datetime.now(UTC),
            signing_key=signing_key,
        )
    )
    conn.execute(
        sa.update(db.enroll_codes)
        .where(db.enroll_codes.c.code_hash == row.code_hash)
        .values(used_at=datetime.now(UTC), device_id=device_id)
    )
    return _device(conn, device_id, device_name, row.grids), token


def _enroll_again(
    conn: Connection, code: sa.Row[*tuple[Any, ...]], device_name: str, signing_key: str | None
) -> tuple[Device, str]:
    device = conn.execute(sa.select(db.devices).where(db.devices.c.id == code.device_id)).first()
    if (
        device is None
        or device.revoked_at is not None
        or device.token_used_at is not None  # the first answer did arrive: the code is spent
        or device.name != device_name
        or _aware(code.used_at) + ENROLL_RETRY < datetime.now(UTC)
    ):
        raise bad_enroll_code("used")
    token = secrets.token_urlsafe(32)
    conn.execute(
        sa.update(db.devices)
        .where(db.devices.c.id == device.id)
        .values(token_hash=_hash(token), signing_key=signing_key)
    )
    return _device(conn, device.id, device.name, device.grids), token


def register_signing_key(conn: Connection, device: Device, public_key: str) -> str:
    """The public signing key a device sends at each sync over its token-authenticated link: a
    device enrolled before signing keys registers its first this way. The first key stays: the
    same key again is answered as before, another one is refused, so whoever later holds the
    token cannot swap it."""
    _checked(public_key)
    conn.execute(
        sa.update(db.devices)
        .where(db.devices.c.id == device.id, db.devices.c.signing_key.is_(None))
        .values(signing_key=public_key)
    )
    held = conn.execute(sa.select(db.devices.c.signing_key).where(db.devices.c.id == device.id)).scalar()
    if held != public_key:
        raise signing_key_taken()
    return public_key


def forget_signing_key(conn: Connection, device_id: str) -> bool:
    """IT's remedy for a laptop that lost the key it registered (restored from a backup of before
    it had one): the next key it sends over its token-authenticated sync is kept instead. Until
    then its bundles are taken unsigned, as a laptop's of before signing keys."""
    result = conn.execute(
        sa.update(db.devices)
        .where(db.devices.c.id == device_id, db.devices.c.signing_key.is_not(None))
        .values(signing_key=None)
    )
    return result.rowcount == 1


def token_used(conn: Connection, device: Device) -> None:
    """The device's token has arrived and works: its enrollment code cannot be asked again."""
    conn.execute(
        sa.update(db.devices)
        .where(db.devices.c.id == device.id, db.devices.c.token_used_at.is_(None))
        .values(token_used_at=datetime.now(UTC))
    )


def pushed_seq(conn: Connection, device: Device) -> int:
    """The highest place in the device's own log of any change it has pushed."""
    highest = conn.execute(
        sa.select(sa.func.max(db.batches.c.last_seq)).where(db.batches.c.device_id == device.id)
    ).scalar()
    return int(highest or 0)


def authenticate(conn: Connection, token: str | None) -> Device:
    if not token:
        raise unauthorized()
    row = conn.execute(
        sa.select(db.devices).where(
            db.devices.c.token_hash == _hash(token), db.devices.c.revoked_at.is_(None)
        )
    ).first()
    if row is None:
        raise unauthorized()
    return _device(conn, row.id, row.name, row.grids)


def set_grids(conn: Connection, device_id: str, grids: list[str]) -> bool:
    """IT widens or narrows what a laptop covers; it learns so at its next sync, pulls its new
    grids from the start and lets go of records outside them."""
    _known_grids(conn, grids)
    result = conn.execute(
        sa.update(db.devices)
        .where(db.devices.c.id == device_id, db.devices.c.revoked_at.is_(None))
        .values(grids=sorted(set(grids)))
    )
    return result.rowcount == 1


def list_devices(conn: Connection) -> list[sa.Row[*tuple[Any, ...]]]:
    return list(conn.execute(sa.select(db.devices).order_by(db.devices.c.created_at)))


def revoke(conn: Connection, device_id: str) -> bool:
    result = conn.execute(
        sa.update(db.devices)
        .where(db.devices.c.id == device_id, db.devices.c.revoked_at.is_(None))
        .values(revoked_at=datetime.now(UTC))
    )
    return result.rowcount == 1


def users_for(conn: Connection, device: Device) -> list[OfflineUser]:
    """Users whose grids meet the device's: a village worker on the township's laptop, a township
    supervisor on a village's. What the device needs for offline login, nothing more."""
    return [
        OfflineUser(
            username=row.username,
            display_name=row.display_name,
            role=row.role,
            grids=row.grids,
            key=OfflineKey.model_validate(row.account_key) if row.account_key is not None else None,
        )
        for row in conn.execute(sa.select(db.users).order_by(db.users.c.username))
        if device.covered & scope.covered(conn, row.grids)
    ]
