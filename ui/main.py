"""``tongxin``: the desktop entry point.

The login dialog is the first thing a worker meets, so it comes first: this module imports only
what the dialog needs, and the store, the models and every screen (``ui.application``) load on a
thread while the password is typed.
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
import time
from collections.abc import Sequence
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from app import paths
from app.config import MachineConfig, load_config
from app.errors import StoreError, TongxinError
from app.keyring import Account, KeyRing, LoginRefused
from app.logs import configure_logging
from ui import preferences, qt_environment
from ui.exit_codes import ExitCode, refuse, unexpected
from ui.fonts import install_fonts
from ui.i18n import LANGUAGES, install_translator
from ui.login import LoginDialog

if TYPE_CHECKING:
    from app.store import Store
    from ui.account_dialogs import FirstAccountDialog

ICON = Path(__file__).resolve().parent.parent / "resources" / "icons" / "tongxin.png"


def _database(args: argparse.Namespace) -> Path:
    if args.db:
        return Path(args.db)
    return paths.demo_database() if args.demo else paths.default_database()


def apply_machine_config(store: Store, machine: MachineConfig) -> None:
    """IT's server address and CA bundle reach a laptop that is not enrolled yet; the one-time code
    is kept for the sync controller to enroll with once the server answers. How often care
    groups are visited is kept with the database for the 工作台 and the dashboard."""
    from app.services import care  # after login: the dialog comes up before the services load

    care.keep_configured(store, machine.care_visits)
    if store.meta("server_token"):
        return
    with store.transaction():
        for key in ("server_url", "ca_bundle", "enrollment_code"):
            value = getattr(machine, key)
            if value:
                store.set_meta(key, value)


Login = tuple[bytes, Account | None]


def _scripted_login(database: Path, user: str | None) -> Login | None:
    """For IT's scripts and the benchmarks, no dialog: ``--user`` with its password in
    TONGXIN_PASSWORD, or a file from before accounts, still kept by its key file."""
    ring = KeyRing.for_database(database)
    if user:
        names = [account.username for account in ring.accounts()]
        if user not in names:
            raise _unknown_account(user, names, database)
        try:
            return ring.unlock(user, os.environ.get("TONGXIN_PASSWORD", "")), ring.account(user)
        except LoginRefused as refused:
            if refused.code != "wrong_password":
                raise
            raise LoginRefused(
                "wrong_password",
                f"账户“{user}”的密码不正确：请检查环境变量 TONGXIN_PASSWORD。"
                "连续输错几次后，要等一段时间才能再试。",
                f"The password in TONGXIN_PASSWORD is not {user}'s: check it. After a few wrong "
                "passwords the next try has to wait.",
            ) from None
    if ring:
        return None
    from app.keyfile import key_path_for, load_key

    legacy = key_path_for(database)
    return (load_key(legacy), None) if legacy.exists() else None


def _unknown_account(user: str, names: list[str], database: Path) -> LoginRefused:
    if not names:
        return LoginRefused(
            "no_account",
            f"数据库 {database} 还没有任何账户：请去掉 --user，或先在程序里创建管理员账户。",
            f"The database {database} has no accounts yet: leave out --user, or create the "
            "administrator's account in the app first.",
        )
    return LoginRefused(
        "no_account",
        f"本机没有账户“{user}”。本机的账户有：{'、'.join(names)}；请用 --user 指定其中之一。",
        f"No account {user} on this laptop. Its accounts: {', '.join(names)}; give one of them with --user.",
    )


def _load_the_rest() -> None:
    """While the password is typed: the store, the models and every screen, on a thread of their
    own; the main thread's own import after the login waits for it if it is not done."""
    threading.Thread(target=import_module, args=("ui.application",), name="preload", daemon=True).start()


def _dialog_login(database: Path, hint: str, *, quit_when_shown: float | None = None) -> Login | None:
    """The login dialog, or on a laptop without accounts the first (administrator) account's.
    With ``quit_when_shown`` (the start time) it only reports when it showed."""
    ring = KeyRing.for_database(database)
    dialog: LoginDialog | FirstAccountDialog
    if ring:
        dialog = LoginDialog(ring, hint=hint)
    else:
        from ui.account_dialogs import FirstAccountDialog

        dialog = FirstAccountDialog(database)
    if quit_when_shown is not None:
        started = quit_when_shown

        def shown() -> None:
            _print_shown(started)
            dialog.reject()

        QTimer.singleShot(0, shown)
    QTimer.singleShot(0, _load_the_rest)
    if dialog.exec() != QDialog.DialogCode.Accepted or dialog.key is None:
        return None
    return dialog.key, dialog.account


def _check_database(database: Path, user: str | None) -> ExitCode:
    """For IT after an upgrade or before a laptop is retired: the file opens with an account's
    password, migrates, is intact, and shows what it still has to send."""
    if not database.is_file():
        raise StoreError(
            "no_database",
            f"找不到数据库文件 {database}：请用 --db 指定要检查的数据库。",
            f"No database file at {database}: give the one to check with --db.",
        )
    login = _scripted_login(database, user)
    if login is None:
        raise TongxinError(
            "user_required",
            "检查数据库需要账户：请加 --user 账户名，并把密码放在环境变量 TONGXIN_PASSWORD 中。",
            "--check-db needs an account: give --user NAME, with its password in TONGXIN_PASSWORD.",
        )
    paths.make_private(database)
    from app.services.overview import overview
    from app.store import Store

    with Store.open(database, login[0]) as store:
        figures = overview(store, check_integrity=True)
    counts = ", ".join(f"{entity} {count}" for entity, count in figures.counts.items())
    print(
        f"{database}: schema v{figures.schema_version}; {counts}; "
        f"pending changes {figures.pending_changes}; integrity {figures.integrity}"
    )
    return ExitCode.OK if figures.integrity == "ok" else ExitCode.CHECK_FAILED


def command_line() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tongxin",
        description="同心网格 Tongxin Grid",
        epilog="exit codes: " + ", ".join(f"{code.value} {code.name.lower()}" for code in ExitCode),
    )
    parser.add_argument("--demo", action="store_true", help="open the demo database (created on first use)")
    parser.add_argument("--db", help="database file")
    parser.add_argument("--lang", choices=LANGUAGES, help="interface language (default: the saved choice)")
    parser.add_argument(
        "--quit-when-shown",
        action="store_true",
        help="print the start-up time once the window shows, then quit",
    )
    parser.add_argument("--self-test", action="store_true", help="check this installation and exit 0 or 1")
    parser.add_argument(
        "--check-db", action="store_true", help="open (and upgrade) the database, print what it holds, exit"
    )
    parser.add_argument("--diagnostics", metavar="ZIP", help="write logs, versions and settings (no secrets)")
    parser.add_argument(
        "--user", help="log in as this account without the dialog; password in TONGXIN_PASSWORD"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    started = time.perf_counter()
    args = command_line().parse_args(argv)
    paths.keep_private()
    if args.self_test or args.diagnostics or args.check_db:
        # They show no window and run where no desktop may be logged in (over SSH, in a script).
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    qt_environment.prepare()
    log_file = configure_logging()
    if qt_environment.display_missing():
        return refuse(no_display(), dialog=False)  # nowhere to show a dialog either
    qt = QApplication(sys.argv[:1])
    qt.setWindowIcon(QIcon(str(ICON)))
    install_fonts()
    QCoreApplication.setOrganizationName(preferences.ORGANIZATION)
    QCoreApplication.setApplicationName(preferences.APPLICATION)
    person = started_by_a_person(args)
    try:
        return run(args, qt, started)
    except TongxinError as refused:
        return refuse(refused, dialog=person)
    except Exception as error:  # never a traceback: a sentence, the log, an exit code
        return unexpected(error, str(log_file), dialog=person)


def no_display() -> TongxinError:
    """The window was asked for where there is no screen (over SSH): what works there instead."""
    return TongxinError(
        "no_display",
        "这里没有图形显示（DISPLAY 和 WAYLAND_DISPLAY 都未设置），无法打开同心网格的窗口。"
        "请在笔记本的桌面上启动；通过 SSH 或在脚本中可用不需要显示的选项："
        "tongxin --check-db、tongxin --self-test、tongxin --diagnostics 诊断.zip。",
        "There is no display here (neither DISPLAY nor WAYLAND_DISPLAY is set), so the Tongxin Grid "
        "window cannot open. Start it from the laptop's desktop; over SSH or in a script, these "
        "options need no display: tongxin --check-db, tongxin --self-test, tongxin --diagnostics diag.zip.",
    )


def started_by_a_person(args: argparse.Namespace) -> bool:
    """Whether a person started the app (from the menu, where nobody reads stderr), so a refusal
    shows in a dialog too; IT's scripted runs and the benchmarks get stderr and the exit code."""
    return not (args.self_test or args.diagnostics or args.check_db or args.user or args.quit_when_shown)


def _restore_if_asked(database: Path, key: bytes, account: Account) -> None:
    """The restore an administrator asked for in 设置 runs here, before the database is opened."""
    from app.services import backups

    try:
        restored = backups.run_pending_restore(database, key, by=account)
    except TongxinError as error:
        QMessageBox.warning(None, QCoreApplication.translate("main", "Restore"), error.zh)
        return
    if restored is not None:
        made = restored.manifest.created_at.astimezone().strftime("%Y-%m-%d %H:%M")
        QMessageBox.information(
            None,
            QCoreApplication.translate("main", "Restore"),
            QCoreApplication.translate("main", "Restored the backup of %1 and checked it.").replace(
                "%1", made
            ),
        )


def record_login(store: Store, account: Account) -> None:
    """A login is accounted for in the audit trail (on a laptop that knows a grid to file it under)."""
    from app.services import audit

    grid = audit.filed_under(store, account)
    if grid is not None:
        audit.record(store, actor=account, action="login", detail="登录本机", grid=grid)


def run(args: argparse.Namespace, qt: QApplication, started: float) -> int:
    """Everything after the command line is read; a refusal raises a TongxinError."""
    if args.self_test or args.diagnostics:
        from ui.self_test import run_self_test, write_diagnostics

        if args.diagnostics:
            print(f"wrote {write_diagnostics(Path(args.diagnostics))}")
            return ExitCode.OK
        return run_self_test()
    machine = load_config()
    preferences.apply_text_scale(preferences.text_scale())
    database = _database(args)
    if args.check_db:
        return _check_database(database, args.user)
    language = args.lang or preferences.language(machine)
    install_translator(qt, language)
    hint = ""
    if args.demo:
        from app.demo.database import DEMO_PASSWORD, open_demo  # the demo's vocabulary only when asked for

        open_demo(database).close()
        hint = QCoreApplication.translate("main", "Demo: every account's password is %1")
        hint = hint.replace("%1", DEMO_PASSWORD)
    paths.make_private(database)
    login = _scripted_login(database, args.user) if args.user or args.quit_when_shown else None
    report = started if args.quit_when_shown else None
    login = login or _dialog_login(database, hint, quit_when_shown=report)
    if login is None:
        return ExitCode.OK
    key, account = login
    if account is not None:
        _restore_if_asked(database, key, account)
    from app.store import Store
    from ui.application import App, session_of  # loaded meanwhile by _load_the_rest

    with Store.open(database, key) as store:
        apply_machine_config(store, machine)
        if account is not None:
            record_login(store, account)
        app = App(
            qt,
            database,
            store,
            key,
            session_of(store, account),
            language=language,
            idle_minutes=machine.idle_lock_minutes,
        )
        app.window.show()
        if args.quit_when_shown:
            QTimer.singleShot(0, lambda: _report_shown(qt, started))
        else:
            QTimer.singleShot(0, app.window.offer_drafts)
        return qt.exec()


def _print_shown(started: float) -> None:
    print(f"shown {time.perf_counter() - started:.3f}", flush=True)


def _report_shown(qt: QApplication, started: float) -> None:
    _print_shown(started)
    qt.quit()


if __name__ == "__main__":
    sys.exit(main())
