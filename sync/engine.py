"""The client sync engine: push the change log, pull the server's changes, over requests.

Plain Python (the UI wraps it in a worker thread). Every step either completes a transaction in
the local store or leaves it as it was, so any failure — a cut link, a killed process, a server
restart — ends in a state the next attempt continues from. Pushes are retried as they are:
the batch id is saved before sending, and the server answers a repeated batch with its first
answer.
"""

from __future__ import annotations

import gc
import gzip
import json
import logging
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any, TypeVar

import requests
from pydantic import BaseModel, ValidationError
from pydantic_core import to_json
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from app.errors import InvalidValue
from app.models.record import CREATION
from app.store import Store
from sync import apply, attachments, pages, refusals, replica, seal, signing, waiting
from sync.errors import SyncError, bad_certificate, not_enrolled, revoked, too_large, unreachable, unusable
from sync.pace import Pace
from sync.protocol import (
    MAX_PULL_PAGE,
    BatchRecord,
    BatchRecords,
    DeviceState,
    EnrollResponse,
    FetchResponse,
    FieldValue,
    Health,
    OfflineUser,
    PullResponse,
    PushResponse,
    SnapshotResponse,
    UsersResponse,
)

log = logging.getLogger(__name__)
Answer = TypeVar("Answer", bound=BaseModel)
Where = TypeVar("Where")
Page = TypeVar("Page")
PUSH_BATCH = 200
# Level 9 took 50 ms for a 500-change batch against 7 at level 6, for 6% fewer bytes: on a fast
# link that was a third of a push; on a slow one 6% is less than the round trips it saves.
GZIP_LEVEL = 6
PULL_PAGE = 500
PROBE_TIMEOUTS = (5, 10)
TIMEOUTS = (10, 60)  # connect, read: a satellite link answers slowly, but it answers
# POST is retried too: a push repeated with its batch id changes nothing on the server.
RETRY = Retry(
    total=5,
    connect=5,
    read=3,
    backoff_factor=0.5,
    backoff_jitter=0.5,
    status_forcelist=(429, 502, 503, 504),
    allowed_methods=None,
    respect_retry_after_header=True,
)


class Transport:
    """HTTP to one server: retries with backoff and jitter, timeouts, gzip bodies, TLS verified."""

    def __init__(
        self, base_url: str, *, token: str | None = None, ca_bundle: str | None = None, retry: Retry = RETRY
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.session = requests.Session()
        self.session.mount("http://", HTTPAdapter(max_retries=retry))
        self.session.mount("https://", HTTPAdapter(max_retries=retry))
        self.session.verify = ca_bundle or True
        if token:
            self.session.headers["Authorization"] = f"Bearer {token}"
        self.bytes_sent = 0
        self.bytes_received = 0
        # The server's clock minus this laptop's, in seconds, from the first answer's Date header.
        self.clock_offset_s: float | None = None

    def request(
        self, method: str, path: str, *, timeout: tuple[float, float] = TIMEOUTS, **kwargs: Any
    ) -> requests.Response:
        """One exchange; any failure becomes a SyncError a worker can read."""
        try:
            response = self.session.request(method, f"{self.base_url}{path}", timeout=timeout, **kwargs)
        except requests.exceptions.SSLError as exc:
            raise bad_certificate(exc) from exc
        except requests.exceptions.RequestException as exc:
            raise unreachable(exc) from exc
        if self.clock_offset_s is None:
            self.clock_offset_s = _clock_offset(response)
        self.bytes_sent += len(kwargs.get("data") or b"")
        self.bytes_received += int(response.headers.get("Content-Length") or len(response.content))
        if response.status_code >= 400:
            refusal = _refusal(response)
            # A 401 is the device's token, unless the server says what else it refused (an
            # enrollment code mistyped, expired or used: each worded by the server).
            if response.status_code == 401 and (refusal is None or refusal.code == "unauthorized"):
                raise revoked()
            if response.status_code == 413 and refusal is None:
                raise too_large()
            raise refusal or unusable(response.status_code)
        return response

    def _call(self, method: str, path: str, **kwargs: Any) -> Any:
        response = self.request(method, path, **kwargs)
        try:
            return response.json()
        except ValueError:
            raise unusable(response.status_code) from None

    def post(self, path: str, body: dict[str, Any] | bytes, model: type[Answer]) -> Answer:
        """A body (or one ``packed`` before), gzipped; its answer read straight into its model."""
        data = body if isinstance(body, bytes) else packed(body)
        headers = {"Content-Type": "application/json", "Content-Encoding": "gzip"}
        return self._parsed(self.request("POST", path, data=data, headers=headers), model)

    def get(self, path: str, params: dict[str, Any] | None = None, **kwargs: Any) -> Any:
        return self._call("GET", path, params=params, **kwargs)

    def fetch(self, path: str, model: type[Answer], params: dict[str, Any] | None = None) -> Answer:
        """A GET read straight into its model: parsing into dicts and validating those after
        cost a quarter of a pull's time on the laptop."""
        return self._parsed(self.request("GET", path, params=params), model)

    @staticmethod
    def _parsed(response: requests.Response, model: type[Answer]) -> Answer:
        try:
            return model.model_validate_json(response.content)
        except ValidationError:
            raise unusable(response.status_code) from None


def _refusal(response: requests.Response) -> SyncError | None:
    """The server's refusal in its own words (``ErrorBody``), or None for an answer without them."""
    try:
        body = response.json()
    except ValueError:
        return None
    if isinstance(body, dict) and "message_zh" in body:
        return SyncError(body["error"], body["message_zh"], body["message_en"])
    return None


def _clock_offset(response: requests.Response) -> float | None:
    """How far the server's clock is ahead of this laptop's (negative: behind), to a second. Order
    never rests on it (the hybrid clock does), but a clock days slow loses every concurrent edit of
    an unguarded field it makes, so the worker is told to set it right."""
    stated = response.headers.get("Date")
    try:
        return parsedate_to_datetime(stated).timestamp() - time.time() if stated else None
    except (TypeError, ValueError):
        return None


@dataclass
class SyncReport:
    """What a sync did so far; handed to the progress callback after every batch and page."""

    phase: str = "push"
    pushed: int = 0
    pulled: int = 0
    refused: int = 0
    superseded: int = 0
    conflicts: int = 0
    to_push: int = 0
    # Changes of this laptop the server turned out to have already (a lost answer, a restore).
    recovered: int = 0
    # After the sync: refusals still waiting for a person, and pulled changes that cannot apply.
    refusals_open: int = 0
    parked: int = 0
    bytes_sent: int = 0
    bytes_received: int = 0
    attachments: int = 0
    # How far a sync bundle's file is written or read, in bytes, for a progress bar.
    file_done: int = 0
    file_size: int = 0
    # The accounts of this device's grids, for logging in offline (see app.keyring).
    users: list[OfflineUser] = field(default_factory=list)


Progress = Callable[[SyncReport], None]


def _quiet(_report: SyncReport) -> None:
    """The progress callback of a sync nobody watches."""


def probe(server_url: str, *, ca_bundle: str | None = None) -> Health:
    """Is the server reachable right now? One quick try, no retries: the caller backs off."""
    transport = Transport(server_url, ca_bundle=ca_bundle, retry=Retry(total=0))
    return Health.model_validate(transport.get("/v1/health", timeout=PROBE_TIMEOUTS))


class SyncEngine:
    def __init__(self, store: Store, *, ca_bundle: str | None = None, retry: Retry = RETRY) -> None:
        self.store = store
        self.ca_bundle = ca_bundle
        self.retry = retry

    def enroll(self, server_url: str, code: str, device_name: str) -> list[str]:
        """Trade a one-time code for this device's token, and register the public half of a new
        bundle signing key (sync.signing); token and private key kept in the (encrypted) database.
        Then learn the server's key for replies."""
        key = signing.new_private_key()
        body = {"code": code, "device_name": device_name, "signing_key": seal.public_text(key)}
        answer = Transport(server_url, ca_bundle=self.ca_bundle, retry=self.retry).post(
            "/v1/enroll", body, EnrollResponse
        )
        with self.store.transaction():
            self.store.set_meta("server_url", server_url)
            self.store.set_meta("server_token", answer.token)
            self.store.set_meta("server_device_id", answer.device_id)
            signing.keep(self.store, key)
            replica.rescope(self.store, answer.grids)
        # The server's reply key at once, so that no unsigned reply is ever taken (else: next sync).
        signing.register(self.store, self.transport().post)
        return answer.grids

    def transport(self) -> Transport:
        url, token = self.store.meta("server_url"), self.store.meta("server_token")
        if not url or not token:
            raise not_enrolled()
        return Transport(url, token=token, ca_bundle=self.ca_bundle, retry=self.retry)

    def push(self, transport: Transport, report: SyncReport, progress: Progress = _quiet) -> None:
        report.phase = "push"
        report.to_push = self.store.pending_changes()
        pace = Pace.load(self.store, "push_batch_size", start=PUSH_BATCH, minimum=10, maximum=500)
        try:
            self._push_batches(transport, report, progress, pace)
        except SyncError:
            pace.failed()
            raise
        finally:
            pace.save(self.store)

    def _push_batches(self, transport: Transport, report: SyncReport, progress: Progress, pace: Pace) -> None:
        """One batch at a time, each sent only after the last is answered and taken in; while the
        server works on one, the next is read from the log and packed (a sixth of a push's time on
        a fast link). It is sent only if the log past the answered batch is still what was read."""
        fits = pace.maximum  # at most this many changes, once the server found a batch too large
        batch = replica.next_batch(self.store, pace.size)
        body = _push_body(batch)
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="push") as sender:
            while batch:
                started = time.monotonic()
                sent = sender.submit(transport.post, "/v1/push", body, PushResponse)
                ahead = replica.read_ahead(self.store, batch, min(pace.size, fits))
                ahead_body = _push_body(ahead)
                try:
                    answer = sent.result()
                except SyncError as error:
                    if error.code != replica.TOO_LARGE:
                        raise
                    fits = self._too_large(transport, report, batch, error) or pace.maximum
                    pace.size = max(pace.minimum, min(pace.size, fits))
                    batch = replica.next_batch(self.store, min(pace.size, fits))
                    body = _push_body(batch)
                    continue
                self._take_answer(transport, report, batch, answer)
                pace.succeeded(time.monotonic() - started)
                progress(report)
                batch = replica.next_batch(self.store, min(pace.size, fits), ahead)
                body = ahead_body if batch is not None and batch is ahead else _push_body(batch)

    def _too_large(
        self, transport: Transport, report: SyncReport, batch: replica.PendingBatch, error: SyncError
    ) -> int | None:
        """The server refused a batch as too large (HTTP 413) before reading it: nothing of it was
        applied, so it is cut again, half the size, until it fits; a change too large alone is
        parked as a refusal for a person, and the rest go on at the pace's size. Returns how many
        changes to send at most from now on (None: as many as the pace says)."""
        # The server may hold the batch after all (sent before its limit was lowered, the answer
        # lost): take its answers rather than send any change twice under a new id.
        self.catch_up(transport, report)
        if len(batch.changes) > 1:
            replica.cut_again(self.store)
            return len(batch.changes) // 2
        if replica.acked_seq(self.store) < batch.changes[0].seq:
            change = batch.changes[0]
            log.warning("change too large for the server even alone: %s %s", change.entity, change.record_id)
            replica.park_too_large(self.store, change, error.zh, error.en, _server_value(transport, change))
            report.refused += 1
        return None

    def _take_answer(
        self, transport: Transport, report: SyncReport, batch: replica.PendingBatch, answer: PushResponse
    ) -> None:
        outcomes = _outcomes(answer)
        replica.acknowledge(self.store, batch, outcomes, answer.server_hlc)
        report.pushed += len(batch.changes)
        _count_outcomes(report, outcomes)
        self._count_bytes(transport, report)

    def catch_up(self, transport: Transport, report: SyncReport) -> None:
        """Before pushing: does the server hold changes of this laptop past its watermark (an
        answer lost on the way, a laptop restored from a backup)? Then take those answers
        instead of sending the changes again."""
        state = transport.fetch("/v1/device", DeviceState)
        if behind(self.store, state):
            take_batches(self.store, state, _batch_records(transport, replica.acked_seq(self.store)), report)

    @staticmethod
    def _count_bytes(transport: Transport, report: SyncReport) -> None:
        report.bytes_sent, report.bytes_received = transport.bytes_sent, transport.bytes_received

    def pull(self, transport: Transport, report: SyncReport, progress: Progress = _quiet) -> None:
        report.phase = "pull"
        pace = Pace.load(self.store, "pull_page_size", start=PULL_PAGE, minimum=50, maximum=MAX_PULL_PAGE)
        try:
            if replica.pull_cursor(self.store) == 0 and not replica.has_written(self.store):
                self._first_pull(transport, report, progress, pace)
            self._pull_pages(transport, report, progress, pace)
        except SyncError:
            pace.failed()
            raise
        finally:
            pace.save(self.store)

    def _first_pull(self, transport: Transport, report: SyncReport, progress: Progress, pace: Pace) -> None:
        """A laptop that has never pulled nor written takes its grids' records as they stand
        (server.snapshot), not their years of history (one that has written pulls the history,
        which leaves out its own changes: the snapshot would send them back). Where it got to is
        kept with each page applied, so a cut link costs one page, and the last page sets the
        cursor the pull goes on from."""
        kept = self.store.meta(replica.SNAPSHOT_POSITION)
        start = SnapshotPosition.model_validate_json(kept) if kept else SnapshotPosition()

        def fetch(position: SnapshotPosition) -> SnapshotResponse:
            params = {"high": position.high, "after": position.after, "limit": pace.size}
            return transport.fetch("/v1/snapshot", SnapshotResponse, params)

        def following(page: SnapshotResponse) -> SnapshotPosition | None:
            return None if page.after is None else SnapshotPosition(high=page.high, after=page.after)

        started = time.monotonic()
        try:
            for page in _fetched_ahead(fetch, start, following):
                position = following(page)
                report.pulled += pages.apply_page(
                    self.store,
                    _remote(page.changes),
                    page.high if position is None else 0,
                    page.server_hlc,
                    remember={replica.SNAPSHOT_POSITION: position.model_dump_json() if position else ""},
                )
                started = self._paced(pace, started, transport, report, progress)
        except SyncError as error:
            if error.code == "bad_snapshot_position":  # the next attempt starts from the first page
                with self.store.transaction():
                    self.store.set_meta(replica.SNAPSHOT_POSITION, "")
            raise

    def _pull_pages(self, transport: Transport, report: SyncReport, progress: Progress, pace: Pace) -> None:
        own_until = replica.own_changes_until(self.store)

        def fetch(cursor: int) -> PullResponse:
            params = {"cursor": cursor, "limit": pace.size}
            if own_until > cursor:
                params["own_until"] = own_until
            return transport.fetch("/v1/pull", PullResponse, params)

        started = time.monotonic()
        for page in _fetched_ahead(fetch, replica.pull_cursor(self.store), _next_cursor):
            take_page(self.store, page, report)
            started = self._paced(pace, started, transport, report, progress)

    def _paced(
        self, pace: Pace, started: float, transport: Transport, report: SyncReport, progress: Progress
    ) -> float:
        """After a page: the pace learns how long it took, the screens how far the sync got."""
        now = time.monotonic()
        pace.succeeded(now - started)
        self._count_bytes(transport, report)
        progress(report)
        return now

    def move_attachments(self, transport: Transport, report: SyncReport, progress: Progress = _quiet) -> None:
        """After the records: a photo must never hold back the changes that point at it."""
        report.phase = "attachments"

        def moved(_count: int) -> None:
            self._count_bytes(transport, report)
            progress(report)

        try:
            report.attachments += attachments.transfer(self.store, transport, moved)
        except InvalidValue as exc:
            raise SyncError(exc.code, exc.zh, exc.en) from exc

    def sync(self, progress: Progress = _quiet) -> SyncReport:
        """Push what is unsent, then pull what is new. Safe to call again after any failure,
        including an exception raised by ``progress`` (how a cancel stops it between batches).

        The outcome is kept in the store (``last_sync_at``, ``last_sync_error``) for the screens."""
        report = SyncReport()
        try:
            transport = self.transport()
            signing.register(self.store, transport.post)
            with _fewer_collections():
                self.catch_up(transport, report)
                self.push(transport, report, progress)
                self.pull(transport, report, progress)
            self.move_attachments(transport, report, progress)
            report.users = transport.fetch("/v1/users", UsersResponse).users
        except SyncError as exc:
            self._remember("last_sync_error", {"code": exc.code, "zh": exc.zh, "en": exc.en, "at": _now()})
            raise
        report.refusals_open = refusals.count(self.store)
        report.parked = waiting.count(self.store)
        self._remember("last_sync_at", _now())
        self._remember("last_sync_error", None)
        self._remember("clock_offset_s", transport.clock_offset_s)
        log.info("sync done: %s", report)
        return report

    def _remember(self, key: str, value: Any) -> None:
        with self.store.transaction():
            self.store.set_meta(key, json.dumps(value, ensure_ascii=False))


class SnapshotPosition(BaseModel):
    """Where a first pull got to (server.snapshot), kept in the store between attempts."""

    high: int = 0
    after: str = ""


def _server_value(transport: Transport, change: replica.LoggedChange) -> dict[str, Any] | None:
    """The value and stamp the server holds for the field an edit changes (its newest applied
    change: the server logs only winners), as a refusal's ``winner`` carries it, so that
    discarding the edit takes the server's value; None for a record the server does not hold
    for this laptop, or a new record (discarding it drops it, as for a refused creation)."""
    if change.field == CREATION:
        return None
    body = {"records": [{"entity": change.entity, "record_id": change.record_id}]}
    held = [
        c
        for c in transport.post("/v1/records", body, FetchResponse).changes
        if c.field in (change.field, CREATION)
    ]
    if not held:
        return None
    newest = max(held, key=lambda c: c.hlc)
    whole = newest.value if isinstance(newest.value, dict) else {}
    value = newest.value if newest.field == change.field else whole.get(change.field)
    return {"value": value, "hlc": newest.hlc}


def _remote(changes: Iterable[FieldValue]) -> list[apply.RemoteChange]:
    return [apply.RemoteChange(c.entity, str(c.record_id), c.grid, c.field, c.value, c.hlc) for c in changes]


def _next_cursor(page: PullResponse) -> int | None:
    return page.next_cursor if page.more else None


def packed(body: dict[str, Any]) -> bytes:
    """A request body as sent: JSON written by pydantic-core (a fifth of the standard library's
    time for a batch of 500 changes), gzipped."""
    return gzip.compress(to_json(body), compresslevel=GZIP_LEVEL)


def _push_body(batch: replica.PendingBatch | None) -> bytes:
    if batch is None:
        return b""
    return packed({"batch_id": batch.batch_id, "changes": [change.wire() for change in batch.changes]})


@contextmanager
def _fewer_collections() -> Iterator[None]:
    """The cyclic collector run less often while records move: a page or a batch is thousands
    of short-lived objects and no cycles, and at Python's defaults the collector took a fifth
    of the laptop's time in a pull of 10,000 visits."""
    saved = gc.get_threshold()
    gc.set_threshold(10_000, 10, 10)
    try:
        yield
    finally:
        gc.set_threshold(*saved)


def _fetched_ahead(
    fetch: Callable[[Where], Page], first: Where, following: Callable[[Page], Where | None]
) -> Iterator[Page]:
    """Pages fetched one ahead: the next comes over the link while this one is applied, which was
    half of a pull's time on a fast link. Only applying a page moves a laptop on, so a page
    fetched ahead and never applied is simply fetched again next time."""
    fetcher = ThreadPoolExecutor(max_workers=1, thread_name_prefix="pull")
    try:
        ahead = fetcher.submit(fetch, first)
        while True:
            page = ahead.result()
            where = following(page)
            if where is not None:
                ahead = fetcher.submit(fetch, where)
            yield page
            if where is None:
                return
    finally:
        fetcher.shutdown(wait=False, cancel_futures=True)


def behind(store: Store, state: DeviceState) -> bool:
    """Take the grids the server says this laptop covers; does the server hold changes of this
    laptop past its watermark? (What a network sync and a reply bundle both begin with.)"""
    replica.rescope(store, state.grids)
    return state.pushed_seq > replica.acked_seq(store)


def _batch_records(transport: Transport, after: int) -> Iterator[BatchRecord]:
    while True:
        page = transport.fetch("/v1/batches", BatchRecords, {"after_seq": after})
        for record in page.batches:
            yield record
            after = max([after, *(seq for seq, _ in record.received if seq is not None)])
        if not page.more:
            return


def take_batches(
    store: Store, state: DeviceState, records: Iterable[BatchRecord], report: SyncReport
) -> None:
    """Acknowledge this laptop's changes the server holds from its record of their batches,
    instead of sending them again. Records of batches already acknowledged here (a reply bundle
    read after a network sync) are passed over."""
    after = replica.acked_seq(store)
    received = [
        replica.ReceivedBatch(
            record.received,
            _outcomes(record.response),
            [
                replica.LoggedChange(
                    seq=c.seq or 0,
                    entity=c.entity,
                    record_id=str(c.record_id),
                    grid=c.grid,
                    field=c.field,
                    value=c.value,
                    hlc=c.hlc,
                    base_hlc=c.base_hlc,
                )
                for c in record.refused
            ],
        )
        for record in records
        if any(seq is not None and seq > after for seq, _ in record.received)
    ]
    taken = replica.catch_up(store, received, state.pushed_seq, state.high_seq, state.server_hlc)
    report.recovered += len(taken)
    _count_outcomes(report, taken)


def take_page(store: Store, page: PullResponse, report: SyncReport) -> None:
    """Apply a pulled page with its cursor. Changes at or before the laptop's cursor are passed
    over and the cursor never moves back: a reply bundle's pages may start before it."""
    cursor = replica.pull_cursor(store)
    changes = _remote(c for c in page.changes if c.seq > cursor)
    report.pulled += pages.apply_page(store, changes, max(cursor, page.next_cursor), page.server_hlc)


def _outcomes(answer: PushResponse) -> list[replica.Outcome]:
    return [replica.Outcome(**result.model_dump(mode="json")) for result in answer.results]


def _count_outcomes(report: SyncReport, outcomes: list[replica.Outcome]) -> None:
    report.refused += sum(o.status == "refused" for o in outcomes)
    report.superseded += sum(o.status == "superseded" for o in outcomes)
    report.conflicts += sum(o.status == "conflict" for o in outcomes)


def _now() -> str:
    return datetime.now(UTC).isoformat()
