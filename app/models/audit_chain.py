"""The audit trail's hash chain: pure, so the laptop and the server check it the same way.

Each laptop numbers its own audit events 1, 2, 3 … (``chain_seq``) and links each to the one
before (``chain_prev`` = that one's ``chain_hash``). ``chain_hash`` is the SHA-256 of the event's
fields and that link. Then

* an altered entry (one byte of its detail, its time, its actor …) no longer matches its hash;
* a removed entry leaves a gap in the numbers, or breaks the next entry's link;
* reordered entries break the links;
* entries removed from the end show against the last place the laptop (or the server) recorded.

A laptop holds only the events of its grids, so another laptop's chain may have gaps there that
are not tampering: ``complete=False`` checks each entry's hash and each link it can see. The
server holds every event, and checks every chain completely.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass

from app.models.reviews import AuditEvent

# The fields an entry's hash covers: everything a person reads, and its place in the chain.
_COVERED = ("id", "grid", "author", "created_at", "action", "actor", "detail", "chain_device", "chain_seq")


def chain_hash(event: AuditEvent, previous: str) -> str:
    values = event.model_dump(mode="json", include=set(_COVERED))
    payload = json.dumps([values[name] for name in _COVERED] + [previous], ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def sealed(event: AuditEvent, *, device: str, seq: int, previous: str) -> AuditEvent:
    """The event as the ``seq``-th of ``device``'s chain, after the entry hashed ``previous``."""
    placed = event.model_copy(update={"chain_device": device, "chain_seq": seq, "chain_prev": previous})
    return placed.model_copy(update={"chain_hash": chain_hash(placed, previous)})


@dataclass(frozen=True)
class ChainProblem:
    device: str
    seq: int
    record_id: str
    code: str
    zh: str
    en: str


def _problem(event: AuditEvent, code: str, zh: str, en: str) -> ChainProblem:
    return ChainProblem(event.chain_device, event.chain_seq, str(event.id), code, zh, en)


def verify_chain(
    events: Iterable[AuditEvent], *, complete: bool, heads: dict[str, int] | None = None
) -> list[ChainProblem]:
    """Every problem in the chains of ``events`` (any order), each naming the entry where it is.

    ``complete`` says every event of every chain is present (the server; a laptop for its own
    chain); ``heads`` gives, per device, the last place recorded elsewhere, to find entries
    removed from the end."""
    chains: dict[str, list[AuditEvent]] = {}
    for event in events:
        if event.chain_seq:
            chains.setdefault(event.chain_device, []).append(event)
    problems: list[ChainProblem] = []
    for device, chain in sorted(chains.items()):
        chain.sort(key=lambda e: (e.chain_seq, str(e.id)))
        before: AuditEvent | None = None
        for event in chain:
            if chain_hash(event, event.chain_prev) != event.chain_hash:
                problems.append(
                    _problem(
                        event,
                        "altered",
                        f"第{event.chain_seq}条审计记录的内容被改动过。",
                        f"Audit entry {event.chain_seq} was altered.",
                    )
                )
            expected = before.chain_seq + 1 if before else 1
            if before and event.chain_seq == before.chain_seq:
                problems.append(
                    _problem(
                        event,
                        "duplicated",
                        f"第{event.chain_seq}条审计记录出现了两次。",
                        f"Audit entry {event.chain_seq} appears twice.",
                    )
                )
            elif complete and event.chain_seq != expected:
                problems.append(
                    _problem(
                        event,
                        "removed",
                        f"第{expected}至{event.chain_seq - 1}条审计记录被删除。",
                        f"Audit entries {expected} to {event.chain_seq - 1} were removed.",
                    )
                )
            elif before and event.chain_seq == expected and event.chain_prev != before.chain_hash:
                problems.append(
                    _problem(
                        event,
                        "reordered",
                        f"第{event.chain_seq}条审计记录与前一条接不上（被调换或替换）。",
                        f"Audit entry {event.chain_seq} does not follow the one before "
                        "(reordered or replaced).",
                    )
                )
            elif not before and complete and event.chain_prev:
                problems.append(
                    _problem(
                        event,
                        "reordered",
                        "第1条审计记录与链首接不上。",
                        "Audit entry 1 does not start the chain.",
                    )
                )
            before = event
        head = (heads or {}).get(device, 0)
        if before is not None and head > before.chain_seq:
            problems.append(
                _problem(
                    before,
                    "truncated",
                    f"第{before.chain_seq + 1}至{head}条审计记录（最后几条）被删除。",
                    f"Audit entries {before.chain_seq + 1} to {head} (the last ones) were removed.",
                )
            )
    for device, head in sorted((heads or {}).items()):
        if head and device not in chains:
            problems.append(
                ChainProblem(
                    device,
                    1,
                    "",
                    "truncated",
                    f"第1至{head}条审计记录全部被删除。",
                    f"Audit entries 1 to {head} were all removed.",
                )
            )
    return problems
