"""HTTP plumbing: size-limited, optionally gzip-compressed request bodies; per-device rate limits;
JSON errors in Chinese and English; structured logs that carry a request id."""

from __future__ import annotations

import contextvars
import json
import logging
import threading
import time
import traceback
import uuid
import zlib
from collections.abc import Callable, Coroutine
from typing import Any

import anyio
from fastapi import Request, Response
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from starlette.exceptions import HTTPException as StarletteHTTPException

from server.errors import ApiError
from sync.protocol import ErrorBody

log = logging.getLogger("server.http")
# Every answer carries tokens, accounts or people's records: no sniffing, no caching, no framing.
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}
request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")


def too_large(limit: int) -> ApiError:
    return ApiError(
        413, "too_large", f"请求内容超过{limit}字节上限。", f"The request body exceeds {limit} bytes."
    )


class LimitedRequest(Request):
    """Reads at most ``max_body`` bytes from the wire within ``seconds``, and inflates gzip to at
    most ``max_inflated``."""

    max_body: int
    max_inflated: int
    seconds: float

    async def body(self) -> bytes:
        if not hasattr(self, "_body"):
            received = bytearray()
            try:
                with anyio.fail_after(self.seconds):
                    async for chunk in self.stream():
                        received += chunk
                        if len(received) > self.max_body:
                            raise too_large(self.max_body)
            except TimeoutError:
                raise ApiError(
                    408,
                    "body_timeout",
                    "请求内容传输超时，请重试。",
                    "The request body took too long to arrive.",
                ) from None
            data = bytes(received)
            if self.headers.get("content-encoding", "").lower() == "gzip":
                data = self._inflate(data)
            self._body = data
        return self._body

    def _inflate(self, data: bytes) -> bytes:
        inflater = zlib.decompressobj(wbits=31)
        try:
            inflated = inflater.decompress(data, self.max_inflated + 1)
        except zlib.error:
            raise ApiError(
                400, "bad_gzip", "请求内容的gzip压缩数据已损坏。", "The gzip request body is corrupt."
            ) from None
        if len(inflated) > self.max_inflated or inflater.unconsumed_tail:
            raise too_large(self.max_inflated)
        return inflated


def limited_route(max_body: int, max_inflated: int, seconds: float) -> type[APIRoute]:
    class LimitedRoute(APIRoute):
        def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
            handler = super().get_route_handler()

            async def limited(request: Request) -> Response:
                limited_request = LimitedRequest(request.scope, request.receive)
                limited_request.max_body, limited_request.max_inflated = max_body, max_inflated
                limited_request.seconds = seconds
                return await handler(limited_request)

            return limited

    return LimitedRoute


class RateLimiter:
    """A token bucket per device: bursts are fine, a runaway client is not."""

    def __init__(self, per_second: float, burst: int) -> None:
        self.per_second, self.burst = per_second, burst
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def check(self, key: str) -> None:
        now = time.monotonic()
        with self._lock:
            tokens, last = self._buckets.get(key, (float(self.burst), now))
            tokens = min(self.burst, tokens + (now - last) * self.per_second)
            if tokens < 1:
                self._buckets[key] = (tokens, now)
                raise ApiError(
                    429, "rate_limited", "请求过于频繁，请稍后再试。", "Too many requests; slow down."
                )
            self._buckets[key] = (tokens - 1, now)


def error_response(status: int, code: str, zh: str, en: str, detail: Any = None) -> JSONResponse:
    body = ErrorBody(error=code, message_zh=zh, message_en=en, detail=jsonable_encoder(detail))
    headers = {"Retry-After": "1"} if status == 429 else None
    return JSONResponse(body.model_dump(mode="json"), status_code=status, headers=headers)


async def on_api_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiError)
    log.warning("refused: %s %s", exc.status_code, exc.code)
    return error_response(exc.status_code, exc.code, exc.zh, exc.en)


async def on_validation_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = [{k: v for k, v in error.items() if k in ("loc", "msg", "type")} for error in exc.errors()]
    return error_response(422, "invalid_request", "请求格式不正确。", "The request is malformed.", errors)


async def on_http_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    return error_response(exc.status_code, "http_error", str(exc.detail), str(exc.detail))


async def on_clock_overflow(_request: Request, _exc: Exception) -> JSONResponse:
    return error_response(
        400,
        "bad_stamp",
        "修改带有无法表示的时钟时间，请检查设备的日期设置。",
        "A change carries a clock stamp that cannot be represented; check the device's date.",
    )


async def on_unexpected(_request: Request, exc: Exception) -> JSONResponse:
    log.exception("unexpected error", exc_info=exc)
    return error_response(
        500, "internal", "服务器内部错误，已记录。", "Internal server error; it has been logged."
    )


async def request_context(request: Request, call_next: Callable[[Request], Any]) -> Response:
    rid = request.headers.get("x-request-id", "")[:64] or uuid.uuid4().hex
    token = request_id.set(rid)
    started = time.perf_counter()
    try:
        response: Response = await call_next(request)
    finally:
        request_id.reset(token)
    response.headers["X-Request-ID"] = rid
    response.headers.update(SECURITY_HEADERS)
    log.info(
        "request",
        extra={
            "fields": {
                "request_id": rid,
                "method": request.method,
                "path": request.url.path,
                "status": response.status_code,
                "ms": round((time.perf_counter() - started) * 1e3, 1),
            }
        },
    )
    return response


def _where(error: BaseException) -> str:
    """An exception as the log keeps it: its kind, its SQLSTATE, and where it was raised — never
    its message, which for a database error quotes the values (names, ID numbers) it failed on."""
    kind = type(error).__name__
    original = getattr(error, "orig", None)
    state = getattr(original, "sqlstate", None)
    if original is not None:
        kind += f" ({type(original).__name__}{f', SQLSTATE {state}' if state else ''})"
    frames = traceback.extract_tb(error.__traceback__)
    return kind + "".join(f"\n  at {frame.filename}:{frame.lineno} in {frame.name}" for frame in frames)


class JsonLogFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": request_id.get(),
            **getattr(record, "fields", {}),
        }
        if record.exc_info and record.exc_info[1] is not None:
            entry["exception"] = _where(record.exc_info[1])
        return json.dumps(entry, ensure_ascii=False)


def configure_logging(level: int = logging.INFO) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(JsonLogFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
