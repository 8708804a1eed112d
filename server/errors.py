"""Refusals the API reports as JSON with a stable code and Chinese and English messages.

An HTTPException, so FastAPI lets it through even from inside request-body parsing, where any
other exception becomes a bare 400.
"""

from __future__ import annotations

from starlette.exceptions import HTTPException


class ApiError(HTTPException):
    def __init__(self, status: int, code: str, zh: str, en: str) -> None:
        super().__init__(status_code=status, detail=en)
        self.code, self.zh, self.en = code, zh, en


def unauthorized() -> ApiError:
    return ApiError(
        401, "unauthorized", "设备未登记或已被停用，请联系管理员。", "Unknown or revoked device token."
    )


def bad_enroll_code() -> ApiError:
    return ApiError(
        401,
        "enroll_code",
        "登记码无效、已过期或已被使用。",
        "The enrollment code is wrong, expired or already used.",
    )
