"""Qt translations: English source strings in the code, zh_CN (the default) and en in .ts files.

The .ts files are the source; the .qm files Qt loads are built from them by ``python -m ui.i18n``,
which ``dev.py`` runs on set-up and packaging runs before building. Qt's own catalogue (the texts of
standard buttons, context menus, file dialogs) and the locale (calendar months, first day of the
week) follow the same choice, so no "OK / Cancel" or "January" is left in a Chinese window.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QLibraryInfo, QLocale, QTranslator

if TYPE_CHECKING:  # the login dialog draws before the models are imported
    from app.models.labels import LabeledEnum

log = logging.getLogger(__name__)
I18N = Path(__file__).resolve().parent.parent / "resources" / "i18n"
LANGUAGES = ("zh_CN", "en")
DEFAULT_LANGUAGE = "zh_CN"
LOCALES = {
    "zh_CN": QLocale(QLocale.Language.Chinese, QLocale.Country.China),
    "en": QLocale(QLocale.Language.English, QLocale.Country.UnitedStates),
}
# Qt's catalogue for each language; English is Qt's source language and needs none.
QT_CATALOGUES = {"zh_CN": "qtbase_zh_CN"}
# Qt's own texts its zh_CN catalogue no longer matches (Qt 6 moved their mnemonics): ours, asked
# first, carries them, so the file dialog's labels are not left in English.
QT_CATALOGUE_GAPS = (
    QT_TRANSLATE_NOOP("QFileDialog", "&Look in:"),
    QT_TRANSLATE_NOOP("QFileDialog", "Files of &type:"),
)
_current = DEFAULT_LANGUAGE
_installed: list[QTranslator] = []


def current_language() -> str:
    return _current


def in_language(zh: str, en: str) -> str:
    """Pick the domain's own bilingual text (enum labels, validation messages) for the UI language."""
    return zh if _current == "zh_CN" else en


def enum_label(member: LabeledEnum) -> str:
    return in_language(member.zh, member.en)


def join_list(items: Iterable[str]) -> str:
    """Items of a list in running text: 姓名、标题 in Chinese, "Name, Title" in English."""
    return in_language("、", ", ").join(items)


def with_note(text: str, note: str) -> str:
    """A name with what tells it apart, in the language's brackets: 王国（worker101）, or in an
    English window 王国 (worker101)."""
    return in_language(f"{text}（{note}）", f"{text} ({note})")


def tool(name: str) -> str:
    """A PySide6 tool (lupdate, lrelease) from the environment this Python runs in."""
    return str(Path(sys.executable).with_name(f"pyside6-{name}"))


def compile_translations() -> list[Path]:
    """Each .qm written beside its final name, then renamed over it: a running app (or another
    test process) has the old file memory-mapped, and rewriting it in place kills that process
    with SIGBUS mid-lookup."""
    built = []
    for source in sorted(I18N.glob("tongxin_*.ts")):
        target = source.with_suffix(".qm")
        fresh = target.with_name(f".{target.name}.{os.getpid()}")
        subprocess.run([tool("lrelease"), "-silent", str(source), "-qm", str(fresh)], check=True)
        fresh.replace(target)
        built.append(target)
    return built


def _qt_catalogue(app: QCoreApplication, language: str) -> QTranslator | None:
    name = QT_CATALOGUES.get(language)
    if name is None:
        return None
    translator = QTranslator(app)
    if not translator.load(name, QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        log.warning("Qt's own %s catalogue is missing: standard buttons stay in English", name)
        return None
    return translator


def install_translator(app: QCoreApplication, language: str = DEFAULT_LANGUAGE) -> QTranslator:
    """Switch the app to ``language``: ours and Qt's catalogues replace whatever was installed, and
    the default locale follows. Returns our own translator."""
    global _current
    _current = language
    for old in _installed:
        app.removeTranslator(old)
    _installed.clear()
    QLocale.setDefault(LOCALES.get(language, LOCALES[DEFAULT_LANGUAGE]))
    ours = QTranslator(app)
    compiled = I18N / f"tongxin_{language}.qm"
    if not ours.load(str(compiled)):
        log.warning("no compiled translation %s: run `python -m ui.i18n`; showing source strings", compiled)
    qt = _qt_catalogue(app, language)
    # The last installed is asked first: ours may override a Qt text, never the reverse.
    for translator in (qt, ours):
        if translator is not None:
            app.installTranslator(translator)
            _installed.append(translator)
    return ours


if __name__ == "__main__":
    for path in compile_translations():
        print(f"built {path}")
