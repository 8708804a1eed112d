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


# Why a code is refused, as IT and the worker can act on it: retype it, or ask IT for a new one.
# Codes are long and random and enrolling is rate-limited, so telling these apart gives a guesser
# nothing to go on.
_ENROLL_REFUSALS = {
    "unknown": (
        "登记码不对，请核对后重新输入（不区分大小写，可带或不带短横线）。",
        "This enrollment code does not exist; check it and type it again (any case, dashes optional).",
    ),
    "expired": (
        "登记码已过期，请联系管理员重新生成。",
        "This enrollment code has expired; ask IT for a new one.",
    ),
    "used": (
        "登记码已被使用过，每个登记码只能登记一台电脑。请联系管理员重新生成。",
        "This enrollment code was already used: each code enrolls one computer. Ask IT for a new one.",
    ),
}


def bad_enroll_code(why: str) -> ApiError:
    """One error code for laptops to act on (``enroll_code``), a message that says which."""
    zh, en = _ENROLL_REFUSALS[why]
    return ApiError(401, "enroll_code", zh, en)


def bad_signing_key() -> ApiError:
    return ApiError(
        422,
        "signing_key_invalid",
        "电脑发来的签名密钥无效，请升级程序后重试。",
        "The laptop's signing key is not a valid Ed25519 public key.",
    )


def signing_key_taken() -> ApiError:
    return ApiError(
        409,
        "signing_key_taken",
        "服务器已为这台电脑登记了另一个签名密钥，这台电脑导出的同步包将被拒收。"
        "请联系管理员（tongxin-server device forget-signing-key）。",
        "The server holds another signing key for this laptop; its bundles will be refused."
        " Ask IT to run tongxin-server device forget-signing-key.",
    )
