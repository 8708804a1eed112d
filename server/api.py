"""The HTTP API under /v1, described by the OpenAPI document FastAPI serves at /openapi.json."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager, contextmanager
from dataclasses import dataclass
from typing import Annotated, Any

import anyio.to_thread
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from fastapi import APIRouter, Depends, FastAPI, Header, Query, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import FileResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel
from pydantic_core import to_json
from sqlalchemy.engine import Connection, Engine
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.clock import ClockOverflow
from server import __version__, archive, attachments, bundles, devices, dialects, http, reply_key
from server.clock import ServerClock
from server.config import Settings
from server.db import create_db_engine
from server.errors import ApiError
from server.migrate import current_revision
from server.pull import high_seq, pull
from server.push import apply_push, received_batches
from server.snapshot import snapshot_page
from sync import seal
from sync.protocol import (
    ArchiveSearchResponse,
    AttachmentStatus,
    BatchRecords,
    DeviceState,
    EnrollRequest,
    EnrollResponse,
    ErrorBody,
    FetchRequest,
    FetchResponse,
    Health,
    PullResponse,
    PushRequest,
    PushResponse,
    SigningKeyRequest,
    SigningKeyResponse,
    SnapshotResponse,
    UsersResponse,
)

_bearer = HTTPBearer(auto_error=False)
_ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorBody} for code in (400, 401, 409, 413, 422, 429)
}


@dataclass
class ServerState:
    settings: Settings
    engine: Engine
    clock: ServerClock
    limiter: http.RateLimiter
    # What signs bundle replies (server.reply_key); laptops learn its public half at registration.
    reply_key: Ed25519PrivateKey


async def _state(request: Request) -> ServerState:
    """Async because it does no I/O: FastAPI runs a plain ``def`` dependency on a worker thread."""
    state: ServerState = request.app.state.tongxin
    return state


State = Annotated[ServerState, Depends(_state)]


Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]


@contextmanager
def _authorized(
    state: ServerState, credentials: HTTPAuthorizationCredentials | None, *, snapshot: bool = False
) -> Iterator[tuple[Connection, devices.Device]]:
    """A request's one connection, whose first query checks the device's token.

    Checking it on a connection of its own cost a worker thread, a pool checkout and three
    round trips more per request. ``snapshot``: every query sees the same moment (PostgreSQL's
    REPEATABLE READ; SQLite's transactions always do)."""
    connection = state.engine.connect()
    if snapshot:
        connection = dialects.of(state.engine).snapshot(connection)
    with connection as conn:
        device = devices.authenticate(conn, credentials.credentials if credentials else None)
        state.limiter.check(device.id)
        yield conn, device


def _append_chunk(
    state: ServerState,
    credentials: HTTPAuthorizationCredentials | None,
    sha256: str,
    offset: int,
    length: int,
    chunk: bytes,
) -> AttachmentStatus:
    with _authorized(state, credentials) as (conn, device):
        status = attachments.append(
            conn,
            state.settings.attachments_dir,
            device,
            sha256,
            offset,
            length,
            chunk,
            state.settings.max_attachment_bytes,
        )
        conn.commit()
    return status


def _json(content: BaseModel | dict[str, Any]) -> Response:
    """Serialise a response we built from our own rows straight to JSON.

    FastAPI would validate it against ``response_model`` again before dumping it; for a pull
    page of a thousand changes that second pass costs more than the database.
    """
    return Response(to_json(content), media_type="application/json")


def _routes(settings: Settings) -> APIRouter:
    router = APIRouter(
        prefix="/v1",
        route_class=http.limited_route(
            settings.max_body_bytes, settings.max_inflated_bytes, settings.body_seconds
        ),
        responses=_ERRORS,
    )

    @router.get("/health", response_model=Health)
    def health(state: State) -> Health:
        return Health(
            status="ok",
            database=state.engine.dialect.name,
            migration=current_revision(state.engine),
            version=__version__,
        )

    @router.post("/enroll", response_model=EnrollResponse)
    def enroll(body: EnrollRequest, state: State, request: Request) -> EnrollResponse:
        state.limiter.check(f"enroll:{request.client.host if request.client else '-'}")
        with state.engine.begin() as conn:
            device, token = devices.enroll(conn, body.code, body.device_name, body.signing_key)
        return EnrollResponse(
            device_id=device.id, token=token, grids=sorted(device.grids), server_hlc=str(state.clock.tick())
        )

    @router.post("/push", response_model=PushResponse)
    def push(body: PushRequest, credentials: Credentials, state: State) -> Response:
        with _authorized(state, credentials) as (conn, device):
            return _json(apply_push(conn, device, body, state.clock))

    @router.get("/pull", response_model=PullResponse)
    def pull_changes(
        credentials: Credentials,
        state: State,
        cursor: Annotated[int, Query(ge=0, le=2**62)] = 0,
        limit: Annotated[int, Query(ge=1, le=1000)] = 500,
        own_until: Annotated[int, Query(ge=0, le=2**62)] = 0,
    ) -> Response:
        with _authorized(state, credentials, snapshot=True) as (conn, device):
            return _json(pull(conn, device, cursor, limit, state.clock, own_until=own_until))

    @router.get("/snapshot", response_model=SnapshotResponse)
    def snapshot(
        credentials: Credentials,
        state: State,
        high: Annotated[int, Query(ge=0, le=2**62)] = 0,
        after: Annotated[str, Query(max_length=200)] = "",
        limit: Annotated[int, Query(ge=1, le=1000)] = 500,
    ) -> Response:
        with _authorized(state, credentials, snapshot=True) as (conn, device):
            return _json(snapshot_page(conn, device, high, after, limit, state.clock))

    @router.get("/device", response_model=DeviceState)
    def device_state(credentials: Credentials, state: State) -> DeviceState:
        with _authorized(state, credentials) as (conn, device):
            devices.token_used(conn, device)
            conn.commit()
            return DeviceState(
                device_id=device.id,
                grids=sorted(device.grids),
                pushed_seq=devices.pushed_seq(conn, device),
                high_seq=high_seq(conn),
                server_hlc=str(state.clock.tick()),
            )

    @router.post("/device/signing-key", response_model=SigningKeyResponse)
    def register_signing_key(
        body: SigningKeyRequest, credentials: Credentials, state: State
    ) -> SigningKeyResponse:
        """A laptop registers the public half of its signing key (one enrolled before signing
        keys, its new pair; any other, the key it enrolled with, again) and learns the server's
        key for replies. The first key stays (409 for another), so the device's bundles are its
        own from then on."""
        with _authorized(state, credentials) as (conn, device):
            held = devices.register_signing_key(conn, device, body.public_key)
            conn.commit()
        return SigningKeyResponse(public_key=held, server_key=seal.public_text(state.reply_key))

    @router.get("/batches", response_model=BatchRecords)
    def batches(
        credentials: Credentials,
        state: State,
        after_seq: Annotated[int, Query(ge=0, le=2**62)] = 0,
        limit: Annotated[int, Query(ge=1, le=200)] = 50,
    ) -> Response:
        with _authorized(state, credentials) as (conn, device):
            return _json(received_batches(conn, device, after_seq, limit))

    @router.get("/users", response_model=UsersResponse)
    def offline_users(credentials: Credentials, state: State) -> UsersResponse:
        with _authorized(state, credentials) as (conn, device):
            return UsersResponse(users=devices.users_for(conn, device))

    @router.post("/records", response_model=FetchResponse)
    def fetch_records(body: FetchRequest, credentials: Credentials, state: State) -> FetchResponse:
        """Records brought back to a laptop from the archive, within the device's grids."""
        with _authorized(state, credentials, snapshot=True) as (conn, device):
            return archive.fetch(conn, device, body.records, state.clock)

    @router.get("/records/search", response_model=ArchiveSearchResponse)
    def search_records(
        credentials: Credentials,
        state: State,
        q: Annotated[str, Query(min_length=1, max_length=100, pattern=r"^[^\x00-\x1f\x7f]+$")],
        limit: Annotated[int, Query(ge=1, le=archive.MAX_HITS)] = 20,
    ) -> ArchiveSearchResponse:
        """The archive searched by text, within the device's grids."""
        with _authorized(state, credentials) as (conn, device):
            return ArchiveSearchResponse(hits=archive.search(conn, device, q, limit))

    @router.get("/attachments/{sha256}/status", response_model=AttachmentStatus)
    def attachment_status(sha256: str, credentials: Credentials, state: State) -> AttachmentStatus:
        with _authorized(state, credentials) as (conn, device):
            return attachments.status(conn, state.settings.attachments_dir, device, sha256)

    @router.patch("/attachments/{sha256}", response_model=AttachmentStatus)
    async def upload_attachment(
        sha256: str,
        request: Request,
        credentials: Credentials,
        state: State,
        upload_offset: Annotated[int, Header(ge=0, le=2**40)],
        upload_length: Annotated[int, Header(ge=1, le=2**40)],
    ) -> AttachmentStatus:
        """Async to read the chunk off the wire; the file and database work runs on a worker thread."""
        chunk = await request.body()
        return await run_in_threadpool(
            _append_chunk, state, credentials, sha256, upload_offset, upload_length, chunk
        )

    @router.get(
        "/attachments/{sha256}",
        response_class=FileResponse,
        responses={200: {"content": {"application/octet-stream": {}}}},
    )
    def download_attachment(sha256: str, credentials: Credentials, state: State) -> FileResponse:
        with _authorized(state, credentials) as (conn, device):
            path = attachments.path_of(conn, state.settings.attachments_dir, device, sha256)
        return FileResponse(path, media_type="application/octet-stream")

    return router


def _import_bundle(
    state: ServerState, credentials: HTTPAuthorizationCredentials | None, data: bytes
) -> bytes:
    with _authorized(state, credentials):
        pass  # forwarded by an enrolled laptop; the bundle itself says, sealed, whose it is
    settings = state.settings
    try:
        imported = bundles.import_bundle(
            state.engine,
            state.clock,
            settings.attachments_dir,
            settings.max_attachment_bytes,
            data,
            state.reply_key,
        )
    except seal.BundleRefused as refused:
        raise ApiError(422, refused.code, refused.zh, refused.en) from refused
    return imported.reply


def _bundle_routes(settings: Settings) -> APIRouter:
    """Sync bundles forwarded by a township laptop that is online: bodies as large as a village's
    week with its photos, given the time a township link needs for them."""
    router = APIRouter(
        prefix="/v1",
        route_class=http.limited_route(
            settings.max_bundle_bytes, settings.max_bundle_bytes, settings.body_seconds * 10
        ),
        responses=_ERRORS,
    )

    @router.post(
        "/bundles",
        response_class=Response,
        responses={200: {"content": {"application/octet-stream": {}}}},
    )
    async def forward_bundle(request: Request, credentials: Credentials, state: State) -> Response:
        """A village laptop's sync bundle in, its reply bundle out (as `tongxin-server bundle import`)."""
        data = await request.body()
        reply = await run_in_threadpool(_import_bundle, state, credentials, data)
        return Response(reply, media_type="application/octet-stream")

    return router


def _threads(count: int) -> Callable[[FastAPI], AbstractAsyncContextManager[None]]:
    """Run the database work of requests on ``count`` threads (Starlette's default is 40)."""

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        anyio.to_thread.current_default_thread_limiter().total_tokens = count
        _calm_collector()
        yield

    return lifespan


def _calm_collector() -> None:
    """What the process built while starting (modules, models' validators) set aside from the
    cyclic collector, which runs less often: a push allocates a hundred thousand short-lived
    objects and no cycles, and at Python's defaults the collector took a seventh of the
    server's time for a push of 10,000 visits (0.2 s; 0.04 s so)."""
    gc.freeze()
    gc.set_threshold(10_000, 10, 10)


def create_app(settings: Settings | None = None, *, engine: Engine | None = None) -> FastAPI:
    settings = settings or Settings()
    engine = engine or create_db_engine(settings.database_url, connections=settings.threads)
    # No redirect to the slash-less path: it was built from the request's Host header.
    app = FastAPI(
        title="Tongxin Grid regional server",
        version=__version__,
        lifespan=_threads(settings.threads),
        redirect_slashes=False,
    )
    app.state.tongxin = ServerState(
        settings,
        engine,
        ServerClock(engine),
        http.RateLimiter(settings.rate_per_second, settings.rate_burst),
        reply_key.load(settings.reply_key_path),
    )
    app.include_router(_routes(settings))
    app.include_router(_bundle_routes(settings))
    # zlib's default level: a pull page of 250 changes compresses 2.2 times faster than at
    # Starlette's 9 (1.1 ms against 2.5, more than building the page) for 1.7% more bytes.
    app.add_middleware(GZipMiddleware, minimum_size=1024, compresslevel=6)
    app.middleware("http")(http.request_context)
    app.add_exception_handler(ApiError, http.on_api_error)
    app.add_exception_handler(RequestValidationError, http.on_validation_error)
    app.add_exception_handler(StarletteHTTPException, http.on_http_error)
    app.add_exception_handler(ClockOverflow, http.on_clock_overflow)
    app.add_exception_handler(Exception, http.on_unexpected)
    return app


def worker_app() -> FastAPI:
    """The app as each ``tongxin-server serve`` process builds it: uvicorn imports it by name so
    that it can start several processes, each with its logging, engine and clock."""
    http.configure_logging()
    return create_app()
