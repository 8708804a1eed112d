"""``tongxin --self-test`` and ``tongxin --diagnostics``: what IT runs after installing.

The self-test exercises the parts a broken install breaks: the machine configuration IT wrote,
SQLCipher (an encrypted file that a wrong key cannot open), the migrations, argon2 and the key
wrap behind logging in, the compiled translations, fonts that draw Chinese and Mongolian-script
names, and Qt drawing the main window offscreen. It prints one line per check and exits 0 only if
all pass (1 otherwise: the exit codes are listed in ``ui.exit_codes``).
"""

from __future__ import annotations

import json
import platform
import sys
import tempfile
import traceback
import zipfile
from collections.abc import Callable
from pathlib import Path

import PySide6
from PySide6.QtCore import QSettings, QTranslator, qVersion
from PySide6.QtGui import QFont, QTextLayout
from PySide6.QtWidgets import QApplication

from app import __version__
from app.config import config_path, load_config
from app.errors import TongxinError, WrongKey
from app.keyring import Account, KeyRing, LoginRefused, first_account
from app.logs import log_dir
from app.models import Role
from app.services.session import default_session
from app.store import Store, new_key
from app.store.migrations import LATEST, schema_version
from ui.exit_codes import ExitCode
from ui.i18n import I18N, LANGUAGES

# Names as grid workers type them, and what draws each script: the Debian package the .deb
# depends on, and the font Windows ships.
NAMES = (("王芳", "fonts-noto-cjk", "Microsoft YaHei"), ("ᠪᠠᠲᠤ", "fonts-noto-core", "Mongolian Baiti"))


def _machine_config(_folder: Path) -> str:
    """A typo in IT's file stops the app at every start: better found here, right after installing."""
    config = load_config()
    if config.source is None:
        return f"no file at {config_path()}, defaults"
    return f"{config.source} read"


def _glyphs(text: str) -> tuple[str, bool]:
    """The font Qt draws ``text`` with after its fallbacks, and whether every glyph is a real one:
    glyph 0 is a font's missing-glyph box, and with no font at all Qt draws boxes of its own (an
    engine that names no font family)."""
    layout = QTextLayout(text, QFont())
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    runs = layout.glyphRuns()
    drawn = bool(runs) and all(
        run.rawFont().familyName() and run.glyphIndexes() and 0 not in run.glyphIndexes() for run in runs
    )
    families = sorted({run.rawFont().familyName() or "no font" for run in runs})
    return ", ".join(families), drawn


def _fonts(_folder: Path) -> str:
    found = []
    for text, package, windows_font in NAMES:
        family, drawn = _glyphs(text)
        if not drawn:
            remedy = f"字体 {windows_font}" if sys.platform == "win32" else f"字体包 {package}"
            fix = f"the font {windows_font}" if sys.platform == "win32" else f"the font package {package}"
            raise TongxinError(
                "missing_font",
                f"名字“{text}”会显示为方框（{family}）：请安装{remedy}。",
                f"The name {text} draws as boxes ({family}): install {fix}.",
            )
        found.append(f"{text} in {family}")
    return "; ".join(found)


def _sqlcipher(folder: Path) -> str:
    key = new_key()
    path = folder / "self-test.db"
    with Store.open(path, key) as store:
        version = store.db.execute("PRAGMA cipher_version").fetchone()[0]
        if schema_version(store.db) != LATEST:
            raise RuntimeError(f"schema v{schema_version(store.db)}, expected v{LATEST}")
    if b"SQLite format 3" in path.read_bytes()[:16]:
        raise RuntimeError("the database file is not encrypted")
    try:
        Store.open(path, new_key()).close()
    except WrongKey:
        return f"SQLCipher {version}, schema v{LATEST}, wrong key refused"
    raise RuntimeError("a wrong key opened the database")


def _accounts(folder: Path) -> str:
    """argon2id and the key wrap: what logging in needs from the installed libraries."""
    path = folder / "accounts.db"
    key = first_account(path, Account("selftest", "self-test", Role.ADMIN, ()), "self-test-password")
    ring = KeyRing.for_database(path)
    if ring.unlock("selftest", "self-test-password") != key:
        raise RuntimeError("the password did not give back the data key")
    try:
        ring.unlock("selftest", "another-password")
    except LoginRefused:
        return "argon2id accounts, data key wrapped, wrong password refused"
    raise RuntimeError("a wrong password opened the account")


def _translations(_folder: Path) -> str:
    found = []
    for language in LANGUAGES:
        translator = QTranslator()
        if not translator.load(str(I18N / f"tongxin_{language}.qm")):
            raise RuntimeError(f"cannot load {I18N / f'tongxin_{language}.qm'}")
        found.append(language)
    zh = QTranslator()
    zh.load(str(I18N / "tongxin_zh_CN.qm"))
    if zh.translate("MainWindow", "Households") != "住户":
        raise RuntimeError("zh_CN does not translate the main window")
    return "translations " + ", ".join(found)


def _window(folder: Path) -> str:
    from ui.main_window import MainWindow
    from ui.sync_controller import SyncController

    path = folder / "window.db"
    key = new_key()
    with Store.open(path, key) as store:
        window = MainWindow(
            store,
            default_session(store),
            path,
            SyncController(store, lambda: Store.open(path, key), automatic=False),
        )
        window.show()
        QApplication.processEvents()
        image = window.grab()
        window.close()
        if image.isNull() or image.width() < 100:
            raise RuntimeError("the main window did not render")
        return f"main window rendered {image.width()}×{image.height()} ({QApplication.platformName()})"


CHECKS: tuple[tuple[str, Callable[[Path], str]], ...] = (
    ("machine config", _machine_config),
    ("database", _sqlcipher),
    ("accounts", _accounts),
    ("translations", _translations),
    ("fonts", _fonts),
    ("window", _window),
)


def run_self_test() -> ExitCode:
    print(f"Tongxin Grid {__version__} self-test — Python {platform.python_version()}, Qt {qVersion()}")
    failed = 0
    with tempfile.TemporaryDirectory() as folder:
        for name, check in CHECKS:
            try:
                print(f"ok    {name}: {check(Path(folder))}")
            except TongxinError as refused:  # says what to mend; a traceback would only hide it
                failed += 1
                print(f"FAIL  {name}: {refused.zh}\n      {refused.en}")
            except Exception as exc:  # a check that fails for any reason fails the self-test
                failed += 1
                print(f"FAIL  {name}: {exc}")
                traceback.print_exc(file=sys.stdout)
    print("self-test passed" if not failed else f"self-test FAILED ({failed} of {len(CHECKS)} checks)")
    return ExitCode.CHECK_FAILED if failed else ExitCode.OK


def write_diagnostics(target: Path) -> Path:
    """A zip IT can send upstream: versions, configuration and logs, with secrets removed."""
    settings = QSettings()
    versions = {
        "tongxin": __version__,
        "python": sys.version,
        "platform": platform.platform(),
        "qt": qVersion(),
        "pyside6": PySide6.__version__,
        "schema": LATEST,
        "frozen": bool(getattr(sys, "frozen", False)),
    }
    try:
        config: dict[str, object] = load_config().redacted()
    except Exception as exc:  # a broken config file is exactly what diagnostics must show
        config = {"error": str(exc)}
    user = {key: str(settings.value(key)) for key in settings.allKeys() if not key.endswith("geometry")}
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as bundle:
        bundle.writestr("versions.json", json.dumps(versions, ensure_ascii=False, indent=2))
        bundle.writestr("machine-config.json", json.dumps(config, ensure_ascii=False, indent=2))
        bundle.writestr("user-settings.json", json.dumps(user, ensure_ascii=False, indent=2))
        for log in sorted(log_dir().glob("tongxin.log*")):
            bundle.write(log, f"logs/{log.name}")
    return target
