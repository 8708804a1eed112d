"""Why a sync stopped, in words a grid worker can act on."""

from __future__ import annotations

from app.errors import TongxinError


class SyncError(TongxinError):
    """Why a sync stopped, in words a grid worker can act on."""


def unreachable(exc: Exception) -> SyncError:
    return SyncError("unreachable", "连接不上服务器，请检查网络后再试。", f"Cannot reach the server: {exc}")


def bad_certificate(exc: Exception) -> SyncError:
    return SyncError(
        "certificate",
        "服务器证书无法验证，请联系管理员检查证书设置。",
        f"The server's certificate failed: {exc}",
    )


def revoked() -> SyncError:
    return SyncError(
        "revoked", "本设备已被停用或未登记，请联系管理员。", "This device is revoked or not enrolled."
    )


def unusable(status: int) -> SyncError:
    return SyncError(
        "server_error", f"服务器的回答无法使用（{status}）。", f"Unusable server answer ({status})."
    )


def too_large() -> SyncError:
    """A 413 without the server's own words: a proxy in front of it (nginx's client_max_body_size)
    refused the body unread, as the server itself does past its limit."""
    return SyncError(
        "too_large",
        "发送的内容超过了服务器（或其前面的代理）允许的大小（413）。",
        "The server, or a proxy in front of it, refused a body this large (413).",
    )


def not_enrolled() -> SyncError:
    return SyncError("not_enrolled", "本设备尚未登记到服务器。", "This device is not enrolled with a server.")
