"""Qt translations: English source strings in the code, zh_CN (the default) and en in .ts files.

The .ts files are the source; the .qm files Qt loads are built from them by ``python -m ui.i18n``,
which ``dev.py`` runs on set-up and packaging runs before building.
"""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTranslator

log = logging.getLogger(__name__)
I18N = Path(__file__).resolve().parent.parent / "resources" / "i18n"
LANGUAGES = ("zh_CN", "en")
DEFAULT_LANGUAGE = "zh_CN"
_current = DEFAULT_LANGUAGE


def current_language() -> str:
    return _current


def in_language(zh: str, en: str) -> str:
    """Pick the domain's own bilingual text (enum labels, validation messages) for the UI language."""
    return zh if _current == "zh_CN" else en


def tool(name: str) -> str:
    """A PySide6 tool (lupdate, lrelease) from the environment this Python runs in."""
    return str(Path(sys.executable).with_name(f"pyside6-{name}"))


def compile_translations() -> list[Path]:
    built = []
    for source in sorted(I18N.glob("tongxin_*.ts")):
        target = source.with_suffix(".qm")
        subprocess.run([tool("lrelease"), "-silent", str(source), "-qm", str(target)], check=True)
        built.append(target)
    return built


def install_translator(app: QCoreApplication, language: str = DEFAULT_LANGUAGE) -> QTranslator:
    global _current
    _current = language
    translator = QTranslator(app)
    compiled = I18N / f"tongxin_{language}.qm"
    if not translator.load(str(compiled)):
        log.warning("no compiled translation %s: run `python -m ui.i18n`; showing source strings", compiled)
    app.installTranslator(translator)
    return translator


if __name__ == "__main__":
    for path in compile_translations():
        print(f"built {path}")
