"""How the ``tongxin`` command ends when it cannot go on: an exit code IT's scripts can tell apart
and a sentence in Chinese and English that says what to do, never a traceback.

The codes are documented in docs/it-guide.md and docs/it-guide.en.md, the same on Linux and
Windows. The sentence goes to stderr and the log; when a person started the app (from the menu,
where nobody sees stderr) it is also shown in a dialog. That dialog shows both languages: the
machine configuration that chooses the language may be what is broken.
"""

from __future__ import annotations

import logging
import sys
from enum import IntEnum

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from app.errors import InvalidValue, StoreError, TongxinError
from app.keyring import LoginRefused

log = logging.getLogger(__name__)
TITLE = "同心网格 Tongxin Grid"


class ExitCode(IntEnum):
    OK = 0
    CHECK_FAILED = 1  # --self-test or --check-db ran and found a problem
    USAGE = 2  # the command line is incomplete or wrong
    CONFIG = 3  # the machine configuration file is broken
    LOGIN = 4  # unknown account, wrong password, or too many wrong passwords
    DATABASE = 5  # the database is missing, damaged, newer than the app, or its key is wrong
    UNEXPECTED = 6  # anything else: the details are in the log
    NO_DISPLAY = 7  # a window was asked for where there is no display (over SSH)


def exit_code_for(error: TongxinError) -> ExitCode:
    if isinstance(error, LoginRefused):
        return ExitCode.LOGIN
    if isinstance(error, StoreError):
        return ExitCode.DATABASE
    if isinstance(error, InvalidValue) and error.code == "machine_config":
        return ExitCode.CONFIG
    if error.code == "no_display":
        return ExitCode.NO_DISPLAY
    return ExitCode.USAGE


def failure_box(error: TongxinError) -> QMessageBox:
    box = QMessageBox(QMessageBox.Icon.Critical, TITLE, f"{error.zh}\n\n{error.en}")
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)  # IT copies it
    return box


def refuse(error: TongxinError, *, dialog: bool) -> ExitCode:
    """Report why the app stops, where the person who started it will see it; the exit code."""
    code = exit_code_for(error)
    log.error("stopped (exit %d): %s", code, error.en)
    print(f"{error.zh}\n{error.en}", file=sys.stderr)
    if dialog:
        failure_box(error).exec()
    return code


def unexpected(error: Exception, log_file: str, *, dialog: bool) -> ExitCode:
    """The last line of defence: a failure nobody foresaw still ends in a sentence and a code."""
    log.error("stopped by an unexpected error", exc_info=error)
    refusal = TongxinError(
        "unexpected",
        f"同心网格遇到意外错误（{error}）。详情已写入日志 {log_file}；"
        "请运行 tongxin --diagnostics 诊断.zip 并把文件发给技术支持。",
        f"Tongxin Grid stopped on an unexpected error ({error}). The details are in {log_file}: "
        "run tongxin --diagnostics diag.zip and send the file to support.",
    )
    refuse(refusal, dialog=dialog)
    return ExitCode.UNEXPECTED
